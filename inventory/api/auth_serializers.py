"""Bodies of the inventory's auth and user routes (spec "Authentication Routes", "User Management")."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from accounts.models import User

from .. import roles


def checked_password(password: str, user: User) -> str:
    try:
        password_validation.validate_password(password, user)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(exc.messages) from exc
    return password


class InventoryLoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class InventoryTokenSerializer(serializers.Serializer):
    """What `/auth/login` and `/auth/refresh` answer, unwrapped as the spec shows it."""

    access_token = serializers.CharField()
    refresh_token = serializers.CharField(required=False, help_text="Only when the refresh token came in the body")
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()
    status = serializers.CharField()
    message = serializers.CharField()


class InventoryMobileTokenSerializer(serializers.Serializer):
    """The mobile login's `data`: the refresh token travels in the body, as apps keep no cookies."""

    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()


class InventoryRefreshSerializer(serializers.Serializer):
    refresh_token = serializers.CharField(required=False, max_length=2000)


class InventoryRoleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.SerializerMethodField()
    permissions = serializers.SerializerMethodField()

    def get_description(self, group) -> str:
        return roles.ROLE_DESCRIPTIONS.get(group.name, "")

    def get_permissions(self, group) -> list[str]:
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        return [name for name, needed in roles.PERMISSIONS.items() if needed <= held]


class InventoryUserSerializer(serializers.ModelSerializer):
    """A user with their roles (spec "UserModel"); ids are the platform's user ids."""

    created_at = serializers.DateTimeField(source="date_joined", read_only=True)
    roles = InventoryRoleSerializer(source="groups", many=True, read_only=True)
    is_admin = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "is_active", "is_admin", "created_at", "last_login", "roles"]
        read_only_fields = fields

    def get_is_admin(self, user) -> bool:
        return user.is_superuser or any(group.name == roles.ADMIN for group in user.groups.all())


class InventoryRegisterSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)
    roles = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, allow_null=True, max_length=10
    )

    def validate(self, attrs):
        candidate = User(username=attrs["username"], email=attrs["email"])
        try:
            checked_password(attrs["password"], candidate)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"password": exc.detail}) from exc
        attrs["roles"] = attrs.get("roles") or []
        return attrs


class InventoryUserUpdateSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150, required=False)
    email = serializers.EmailField(max_length=254, required=False)
    is_active = serializers.BooleanField(required=False)
    roles = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=10)


class InventoryPasswordSerializer(serializers.Serializer):
    current_password = serializers.CharField(max_length=128, trim_whitespace=False, required=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)
