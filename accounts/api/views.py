"""Account endpoints of the manufacturing service API (spec: "Authentication", "User Management")."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response

from config.api.base import PublicEndpointMixin
from config.api.mfg import MfgAPIView, MfgListAPIView, dialect

from .. import services
from ..models import User
from .serializers import (
    MfgAdminUserUpdateSerializer,
    MfgLoginSerializer,
    MfgProfileUpdateSerializer,
    MfgRegisterSerializer,
    MfgUserSerializer,
)


class RegisterView(PublicEndpointMixin, MfgAPIView):
    @extend_schema(
        request=MfgRegisterSerializer,
        responses=inline_serializer(
            "MfgRegistered", {"message": serializers.CharField(), "user_id": serializers.IntegerField()}
        ),
    )
    def post(self, request):
        serializer = MfgRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.register_user(**serializer.validated_data)
        return Response({"message": "User registered successfully", "user_id": user.pk})


class LoginView(PublicEndpointMixin, MfgAPIView):
    @extend_schema(
        request=MfgLoginSerializer,
        responses=inline_serializer(
            "MfgToken",
            {
                "access_token": serializers.CharField(),
                "token_type": serializers.CharField(),
                "expires_in": serializers.IntegerField(),
            },
        ),
    )
    def post(self, request):
        serializer = MfgLoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            token = services.login(**serializer.validated_data, request=request)
        except services.InvalidCredentials:
            raise AuthenticationFailed("Incorrect username or password") from None
        return Response(
            {
                "access_token": str(token),
                "token_type": "bearer",
                "expires_in": int(settings.SIMPLE_JWT["ACCESS_TOKEN_LIFETIME"].total_seconds()),
            }
        )


class LogoutView(MfgAPIView):
    @extend_schema(request=None, responses=dialect.message_schema)
    def post(self, request):
        if request.auth is not None:
            services.revoke_access_token(request.auth)
        return Response({"message": "Successfully logged out"})


class ProfileView(MfgAPIView):
    @extend_schema(responses=MfgUserSerializer)
    def get(self, request):
        return Response(MfgUserSerializer(request.user).data)

    @extend_schema(request=MfgProfileUpdateSerializer, responses=dialect.message_schema)
    def put(self, request):
        serializer = MfgProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.update_profile(request.user, **serializer.validated_data)
        return Response({"message": "Profile updated successfully"})


class UserListView(MfgListAPIView):
    permission_classes = [IsAdminUser]
    queryset = User.objects.order_by("id")
    serializer_class = MfgUserSerializer


class UserDetailView(MfgAPIView):
    permission_classes = [IsAdminUser]

    @extend_schema(responses=MfgUserSerializer)
    def get(self, request, user_id):
        return Response(MfgUserSerializer(get_object_or_404(User, pk=user_id)).data)

    @extend_schema(request=MfgAdminUserUpdateSerializer, responses=dialect.message_schema)
    def put(self, request, user_id):
        user = get_object_or_404(User, pk=user_id)
        serializer = MfgAdminUserUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.update_user_as_admin(user, **serializer.validated_data)
        return Response({"message": "User updated successfully"})
