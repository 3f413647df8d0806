"""Websocket authentication: the same JWT as the HTTP APIs (`?token=`), else the session."""

from urllib.parse import parse_qs

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken

from accounts.authentication import JWTAuthentication


@database_sync_to_async
def user_for_token(raw_token: str):
    auth = JWTAuthentication()
    try:
        return auth.get_user(auth.get_validated_token(raw_token))
    except (InvalidToken, AuthenticationFailed):
        return AnonymousUser()


class JWTAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        token = parse_qs(scope.get("query_string", b"").decode()).get("token")
        if token:
            scope["user"] = await user_for_token(token[0])
        return await super().__call__(scope, receive, send)


def JWTAuthMiddlewareStack(inner):  # noqa: N802 (named like Channels' own stacks)
    return AuthMiddlewareStack(JWTAuthMiddleware(inner))
