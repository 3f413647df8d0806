"""Account operations shared by every API, the admin and the customer pages."""

import contextlib

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, TokenError
from rest_framework_simplejwt.utils import get_md5_hash_password

from config.errors import Rejected

from .consumers import user_group
from .models import User
from .signals import user_registered
from .tokens import AccessToken


class InvalidCredentials(Exception):
    """Username and password do not match an active user."""


def register_user(*, username: str, email: str, password: str, **profile) -> User:
    """Create a customer account, announced as `user_registered`; a taken username or email is
    refused, not overwritten."""
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise Rejected("Username already registered")
        if email and User.objects.filter(email__iexact=email).exists():
            raise Rejected("Email already registered")
        user = User.objects.create_user(username=username, email=email, password=password, **profile)
        user_registered.send(sender=User, user=user)
    return user


def issue_access_token(user: User, lifetime=None) -> AccessToken:
    """A token for every API; `lifetime` when an API documents its own (the shop's 24 hours)."""
    token = AccessToken.for_user(user)
    if lifetime is not None:
        token.set_exp(lifetime=lifetime)
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return token


def login(username: str, password: str, request=None) -> AccessToken:
    """A token for the user, or `InvalidCredentials`; `TooManyRequests` while the lockout holds."""
    user = authenticate(request, username=username, password=password)
    if user is None:
        raise InvalidCredentials
    return issue_access_token(user)


def issue_refresh_token(user: User) -> RefreshToken:
    """A refresh token for a session kept in a cookie (recorded as outstanding, so it can be revoked)."""
    return RefreshToken.for_user(user)


def refresh_session(raw_refresh) -> tuple[AccessToken, RefreshToken]:
    """Trade a refresh token for a new access token and a new refresh token; the old one is
    blacklisted (rotation), so a stolen refresh token works once at most. A refresh token of an
    inactive user, or issued before a password change, is refused like a bad one."""
    try:
        refresh = RefreshToken(str(raw_refresh))  # signature, expiry, type and blacklist
    except TokenError:
        raise InvalidCredentials from None
    user = User.objects.filter(pk=refresh.get(api_settings.USER_ID_CLAIM), is_active=True).first()
    if user is None or refresh.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        raise InvalidCredentials
    refresh.blacklist()
    return issue_access_token(user), issue_refresh_token(user)


def revoke_refresh_token(raw_refresh) -> None:
    with contextlib.suppress(TokenError):  # already expired or invalid: nothing left to revoke
        RefreshToken(str(raw_refresh)).blacklist()


def revoke_access_token(raw_token) -> None:
    """Blacklist the token so it is refused from now on, on every API (logout)."""
    with contextlib.suppress(TokenError):  # already expired or invalid: nothing left to revoke
        AccessToken(str(raw_token)).blacklist()


SELF_EDITABLE_FIELDS = frozenset({"full_name", "phone", "email", "user_type"})


def _apply_changes(user: User, changes: dict) -> User:
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.save(update_fields=list(changes))
    return user


def update_profile(user: User, **changes) -> User:
    """Change what a user may edit on themselves; staff status is never among it."""
    refused = set(changes) - SELF_EDITABLE_FIELDS
    if refused:
        raise ValueError(f"Not editable by the user: {sorted(refused)}")
    return _apply_changes(user, changes)


def update_user_as_admin(user: User, *, is_admin: bool | None = None, **changes) -> User:
    """Staff edit another account, including whether it is staff (`is_admin` in the APIs)."""
    if is_admin is not None:
        changes["is_staff"] = is_admin
    return _apply_changes(user, changes)


def flush_expired_tokens() -> int:
    """Drop outstanding (and so blacklisted) tokens past their expiry; they can no longer be used."""
    deleted, _ = OutstandingToken.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted


def notify_user(user_id: int, payload: dict) -> None:
    """Push `payload` to every open notifications socket of the user (config/routing.py)."""
    async_to_sync(get_channel_layer().group_send)(user_group(user_id), {"type": "notify", "payload": payload})
