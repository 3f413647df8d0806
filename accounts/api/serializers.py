from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from config.api.base import QueryPlanMixin

from ..choices import UserType
from ..models import User


class MfgRegisterSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]+\Z", max_length=150)
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(write_only=True, max_length=128, trim_whitespace=False)
    full_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    user_type = serializers.ChoiceField(choices=UserType.choices, required=False, default=UserType.INDIVIDUAL)

    def validate(self, attrs):
        candidate = User(username=attrs["username"], email=attrs["email"], full_name=attrs.get("full_name", ""))
        try:
            password_validation.validate_password(attrs["password"], candidate)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"password": exc.messages}) from exc
        return attrs


class MfgLoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class MfgUserSerializer(QueryPlanMixin, serializers.ModelSerializer):
    is_admin = serializers.BooleanField(source="is_staff", read_only=True)
    created_at = serializers.DateTimeField(source="date_joined", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "email", "full_name", "phone", "user_type", "is_admin", "created_at"]
        read_only_fields = fields


class MfgProfileUpdateSerializer(serializers.Serializer):
    """What a user may change on themselves; anything else sent (e.g. `is_admin`) is ignored."""

    full_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)


class MfgAdminUserUpdateSerializer(MfgProfileUpdateSerializer):
    is_admin = serializers.BooleanField(required=False)
