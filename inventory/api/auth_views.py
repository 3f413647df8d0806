"""Auth and user routes of the inventory API (spec "Authentication Routes", "User Management").

One user and one JWT across the platform: the access tokens are accounts' own, so a token from
`/api/mfg/login` works here and one from `/auth/login` works there. The browser keeps its refresh
token in an httponly cookie scoped to the auth routes; the mobile app gets it in the body.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from accounts import services as accounts
from accounts.models import User
from config.api import parsers as bounded
from config.api.base import PublicEndpointMixin
from config.api.inventory import InventoryAPIView, enveloped
from config.errors import Forbidden

from .. import roles
from ..services import users
from .auth_serializers import (
    InventoryLoginSerializer,
    InventoryMobileTokenSerializer,
    InventoryPasswordSerializer,
    InventoryRefreshSerializer,
    InventoryRegisterSerializer,
    InventoryTokenSerializer,
    InventoryUserSerializer,
    InventoryUserUpdateSerializer,
    checked_password,
)
from .views import find, validated

REFRESH_COOKIE = "refresh_token"
REFRESH_COOKIE_PATH = "/api/inventory/auth/"
BAD_CREDENTIALS = "Incorrect username or password"
USER_NOT_FOUND = "User not found"
USER_ANSWER = enveloped("InventoryUserAnswer", InventoryUserSerializer())


def expires_in() -> int:
    return int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds())


def with_refresh_cookie(response: Response, request, refresh) -> Response:
    response.set_cookie(
        REFRESH_COOKIE,
        str(refresh),
        max_age=int(settings.SIMPLE_JWT["REFRESH_TOKEN_LIFETIME"].total_seconds()),
        path=REFRESH_COOKIE_PATH,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )
    return response


def token_body(access, message: str) -> dict:
    return {
        "access_token": str(access),
        "token_type": "bearer",
        "expires_in": expires_in(),
        "status": "success",
        "message": message,
    }


def signed_in(request, data) -> tuple:
    credentials = validated(InventoryLoginSerializer, data)
    try:
        access = accounts.login(**credentials)
    except accounts.InvalidCredentials:
        raise AuthenticationFailed(BAD_CREDENTIALS) from None
    return access, accounts.issue_refresh_token(User.objects.get(username=credentials["username"]))


class LoginView(PublicEndpointMixin, InventoryAPIView):
    """JSON or form (the OAuth2 password form the original's docs page sends)."""

    parser_classes = [bounded.JSONParser, parsers.FormParser, parsers.MultiPartParser]

    @extend_schema(request=InventoryLoginSerializer, responses=InventoryTokenSerializer)
    def post(self, request):
        access, refresh = signed_in(request, request.data)
        return with_refresh_cookie(self.answer_raw(token_body(access, "Login successful")), request, refresh)


class MobileLoginView(PublicEndpointMixin, InventoryAPIView):
    @extend_schema(
        request=InventoryLoginSerializer, responses=enveloped("InventoryMobileToken", InventoryMobileTokenSerializer())
    )
    def post(self, request):
        access, refresh = signed_in(request, request.data)
        data = {"access_token": str(access), "refresh_token": str(refresh), "token_type": "bearer"}
        return self.answer("Login successful", data | {"expires_in": expires_in()})


class RefreshView(PublicEndpointMixin, InventoryAPIView):
    """The refresh token from the cookie (browsers) or the body (the mobile app); it is rotated, and the
    new one goes back the way the old one came, so a browser's never reaches its scripts."""

    @extend_schema(request=InventoryRefreshSerializer, responses=InventoryTokenSerializer)
    def post(self, request):
        from_cookie = request.COOKIES.get(REFRESH_COOKIE)
        raw = from_cookie or validated(InventoryRefreshSerializer, request.data).get("refresh_token")
        if not raw:
            raise AuthenticationFailed("Refresh token missing")
        try:
            access, refresh = accounts.refresh_session(raw)
        except accounts.InvalidCredentials:
            raise AuthenticationFailed("Invalid or expired refresh token") from None
        body = token_body(access, "Token refreshed")
        if from_cookie:
            return with_refresh_cookie(self.answer_raw(body), request, refresh)
        return self.answer_raw(body | {"refresh_token": str(refresh)})


class LogoutView(PublicEndpointMixin, InventoryAPIView):
    """Revokes the bearer token and the refresh token, even when the access token has already expired."""

    @extend_schema(request=None, responses=enveloped("InventoryLoggedOut", None))
    def post(self, request):
        scheme, _, raw_access = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and raw_access:
            accounts.revoke_access_token(raw_access)
        if request.COOKIES.get(REFRESH_COOKIE):
            accounts.revoke_refresh_token(request.COOKIES[REFRESH_COOKIE])
        response = self.answer("Logout successful")
        response.delete_cookie(REFRESH_COOKIE, path=REFRESH_COOKIE_PATH)
        return response


def users_with_roles():
    return User.objects.prefetch_related(
        Prefetch("groups", queryset=Group.objects.order_by("name").prefetch_related("permissions__content_type"))
    )


class RegisterView(InventoryAPIView):
    """Anyone may register as a `user`; signed in as an administrator, any role may be granted."""

    permission_classes = [AllowAny]

    @extend_schema(request=InventoryRegisterSerializer, responses=USER_ANSWER)
    def post(self, request):
        data = validated(InventoryRegisterSerializer, request.data)
        user = users.register(
            username=data["username"],
            email=data["email"],
            password=data["password"],
            role_names=data["roles"],
            granted_by=request.user,
        )
        body = InventoryUserSerializer(users_with_roles().get(pk=user.pk)).data
        return self.answer("User registered successfully", body)


class UsersView(InventoryAPIView):
    permission_classes = [IsAuthenticated]

    def user(self, **criteria) -> User:
        """A user the caller may see: themselves, or anyone with `users:read`."""
        user = find(users_with_roles(), USER_NOT_FOUND, **criteria)
        if user.pk != self.request.user.pk and not roles.has_permission(self.request.user, "users:read"):
            raise Forbidden()
        return user

    def answer_user(self, message: str, user: User) -> Response:
        return self.answer(message, InventoryUserSerializer(users_with_roles().get(pk=user.pk)).data)


class AllUsersView(UsersView):
    @extend_schema(responses=enveloped("InventoryUserList", InventoryUserSerializer(many=True)))
    def get(self, request):
        if not roles.has_permission(request.user, "users:read"):
            raise Forbidden()
        data = InventoryUserSerializer(users_with_roles().order_by("username", "id"), many=True).data
        return self.answer("Users retrieved successfully", data)


class UserView(UsersView):
    @extend_schema(responses=USER_ANSWER)
    def get(self, request, user_id):
        return self.answer_user("User retrieved successfully", self.user(pk=user_id))

    @extend_schema(request=InventoryUserUpdateSerializer, responses=USER_ANSWER)
    def put(self, request, user_id):
        user = self.user(pk=user_id)
        if user.pk != request.user.pk and not roles.has_permission(request.user, "users:write"):
            raise Forbidden()
        data = validated(InventoryUserUpdateSerializer, request.data)
        users.update_user(user, changed_by=request.user, role_names=data.pop("roles", None), **data)
        return self.answer_user("User updated successfully", user)

    @extend_schema(responses=enveloped("InventoryUserDeleted", None))
    def delete(self, request, user_id):
        user = self.user(pk=user_id)
        if not roles.has_permission(request.user, "users:delete"):
            raise Forbidden()
        users.delete_user(user, deleted_by=request.user)
        return self.answer_deleted(message=f"User '{user.username}' deleted")


class UserByUsernameView(UsersView):
    @extend_schema(responses=USER_ANSWER)
    def get(self, request, username):
        return self.answer_user("User retrieved successfully", self.user(username=username))


class UserPasswordView(UsersView):
    @extend_schema(request=InventoryPasswordSerializer, responses=enveloped("InventoryPasswordChanged", None))
    def put(self, request, user_id):
        user = self.user(pk=user_id)
        if user.pk != request.user.pk and not roles.has_permission(request.user, "users:write"):
            raise Forbidden()
        data = validated(InventoryPasswordSerializer, request.data)
        try:
            checked_password(data["new_password"], user)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"new_password": exc.detail}) from exc
        users.change_password(
            user,
            new_password=data["new_password"],
            current_password=data.get("current_password"),
            changed_by=request.user,
        )
        return self.answer("Password updated successfully")
