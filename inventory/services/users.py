"""Inventory accounts: the one platform user (accounts), with the inventory's roles as its groups."""

from django.contrib.auth.models import Group
from django.db import transaction

from accounts import services as accounts
from accounts.models import User
from config.errors import Conflict, Forbidden, Refused

from .. import roles

ABOVE_USER = "Only an administrator may grant a role above 'user'"


def _groups_named(names) -> list[Group]:
    names = list(dict.fromkeys(names))
    unknown = sorted(set(names) - set(roles.ROLES))
    if unknown:
        raise Refused("roles", f"Unknown roles: {', '.join(unknown)}", "invalid_choice")
    return list(Group.objects.filter(name__in=names))


def _may_grant(granted_by, names) -> None:
    """Anyone may take the `user` role; anything above it needs an administrator (issue 11)."""
    if set(names) - {roles.USER} and not roles.has_permission(granted_by, "users:write"):
        raise Forbidden(ABOVE_USER)


def register(*, username: str, email: str, password: str, role_names=(), granted_by=None) -> User:
    """A new account with the roles asked for (`user` when none), never above `user` unless an admin asks."""
    names = list(role_names) or [roles.USER]
    _may_grant(granted_by, names)
    with transaction.atomic():
        groups = _groups_named(names)
        user = accounts.register_user(username=username, email=email, password=password)
        user.groups.set(groups)
    return user


def update_user(user: User, *, changed_by, role_names=None, is_active=None, **profile) -> User:
    """A user changes their own username and email; roles and the active flag need `users:write`."""
    admin = roles.has_permission(changed_by, "users:write")
    if not admin and (role_names is not None or is_active is not None):
        raise Forbidden("Only an administrator may change roles or deactivate an account")
    with transaction.atomic():
        if "username" in profile and User.objects.filter(username=profile["username"]).exclude(pk=user.pk).exists():
            raise Conflict("Username already registered")
        if profile.get("email") and User.objects.filter(email__iexact=profile["email"]).exclude(pk=user.pk).exists():
            raise Conflict("Email already registered")
        if is_active is not None:
            profile["is_active"] = is_active
        accounts.update_user_as_admin(user, **profile)
        if role_names is not None:
            user.groups.set(_groups_named(role_names))
    return user


def change_password(user: User, *, new_password: str, current_password: str | None, changed_by) -> None:
    """Your own password needs the current one; an administrator sets anyone else's. Older tokens stop working."""
    needs_current = changed_by.pk == user.pk or not roles.has_permission(changed_by, "users:write")
    if needs_current and not (current_password and user.check_password(current_password)):
        raise Refused("current_password", "The current password is not correct", "invalid")
    user.set_password(new_password)
    user.save(update_fields=["password"])


def delete_user(user: User, *, deleted_by) -> None:
    if user.pk == deleted_by.pk:
        raise Conflict("You cannot delete your own account")
    user.delete()
