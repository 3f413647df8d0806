"""Who may do what in the inventory: the spec's permission strings as Django model permissions.

The spec ("Authentication & Permissions") names permissions like `parts:write`; here each is a
set of Django permissions, and the roles `admin`, `manager` and `user` are Django groups holding
them (seeded by migration 0003). This table is the only place the two vocabularies meet: the
API's permission class, the role seeding and the registration rule all read it.
"""

from django.contrib.auth.models import Permission
from django.db.models import Q

ADMIN = "admin"
MANAGER = "manager"
USER = "user"
ROLES = (ADMIN, MANAGER, USER)

PERMISSIONS: dict[str, frozenset[str]] = {
    "parts:read": frozenset({"inventory.view_part"}),
    "parts:write": frozenset({"inventory.add_part", "inventory.change_part"}),
    "parts:delete": frozenset({"inventory.delete_part"}),
    "categories:read": frozenset({"inventory.view_category"}),
    "categories:write": frozenset({"inventory.add_category", "inventory.change_category"}),
    "categories:delete": frozenset({"inventory.delete_category"}),
    "locations:read": frozenset({"inventory.view_location"}),
    "locations:write": frozenset({"inventory.add_location", "inventory.change_location"}),
    "locations:delete": frozenset({"inventory.delete_location"}),
    "orders:read": frozenset({"inventory.view_supplierorder", "inventory.view_supplierorderitem"}),
    "csv:import": frozenset({"inventory.import_parts"}),
    "tasks:read": frozenset({"inventory.view_task"}),
    "tasks:create": frozenset({"inventory.add_task"}),
    "tasks:update": frozenset({"inventory.change_task"}),
    "tasks:admin": frozenset({"inventory.change_task", "inventory.delete_task"}),
    "users:read": frozenset({"accounts.view_user"}),
    "users:write": frozenset({"accounts.add_user", "accounts.change_user"}),
    "users:delete": frozenset({"accounts.delete_user"}),
    "admin": frozenset({"inventory.administer_inventory"}),
}

_READ = ("parts:read", "categories:read", "locations:read", "orders:read", "tasks:read")
_WRITE = ("parts:write", "parts:delete", "categories:write", "categories:delete")
_WRITE += ("locations:write", "locations:delete", "csv:import", "tasks:create", "tasks:update")
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    USER: _READ,
    MANAGER: _READ + _WRITE,
    ADMIN: tuple(PERMISSIONS),
}
ROLE_DESCRIPTIONS = {
    ADMIN: "Everything, including clearing the inventory and managing users",
    MANAGER: "Reads and changes parts, categories and locations, imports supplier files, runs tasks",
    USER: "Reads the inventory and its tasks",
}


def codenames_of(role: str) -> set[str]:
    """The `app_label.codename` permissions a role's group holds."""
    return {perm for name in ROLE_PERMISSIONS[role] for perm in PERMISSIONS[name]}


def granted(user) -> set[str]:
    """The user's Django permissions (their own and their groups'), read in one query, kept on the user."""
    if not hasattr(user, "_inventory_permissions"):
        rows = (
            Permission.objects.filter(Q(user=user) | Q(group__user=user))
            .values_list("content_type__app_label", "codename")
            .distinct()
        )
        user._inventory_permissions = {f"{app}.{codename}" for app, codename in rows}
    return user._inventory_permissions


def has_permission(user, name: str) -> bool:
    """Whether `user` holds the spec's permission `name`; a superuser holds every one."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return PERMISSIONS[name] <= granted(user)


def is_admin(user) -> bool:
    return has_permission(user, "admin")


def spec_permissions_of(user) -> list[str]:
    """The spec's permission strings the user holds, as the API shows them on a user."""
    return [name for name in PERMISSIONS if has_permission(user, name)]
