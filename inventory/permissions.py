"""DRF permission classes of the inventory API, reading the one table in inventory/roles.py."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from . import roles


class InventoryPermission(BasePermission):
    """The view names the spec's permission per HTTP method: `required_permissions = {"GET": "parts:read"}`.

    A signed-in user without it gets 403; an anonymous caller is 401 (DRF asks for credentials).
    Methods a view does not list (OPTIONS, HEAD) need what GET needs; a method it does not serve
    at all is let through to its 405.
    """

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method.lower() not in view.http_method_names or not hasattr(view, request.method.lower()):
            return True
        required = view.required_permissions
        name = required.get(request.method) or (required.get("GET") if request.method in SAFE_METHODS else None)
        return name is not None and roles.has_permission(request.user, name)

    def audience(self, view, method: str) -> str:
        """Who may call, for the API docs: the spec's permission and the roles that hold it."""
        required = view.required_permissions
        name = required.get(method) or (required.get("GET") if method in SAFE_METHODS else None)
        if name is None:
            return "nobody (the method is not served)"
        holders = [role for role, names in roles.ROLE_PERMISSIONS.items() if name in names]
        return f"signed-in users holding `{name}` (roles: {', '.join(holders)}; superusers always)"
