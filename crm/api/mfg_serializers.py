from rest_framework import serializers

from config.api.base import QueryPlanMixin
from config.text import TEXT_MAX_LENGTH

from ..choices import CallRequestStatus
from ..models import CallRequest, SyncItem


class MfgCallRequestSerializer(QueryPlanMixin, serializers.ModelSerializer):
    class Meta:
        model = CallRequest
        fields = ["id", "name", "phone", "product", "time", "additional", "agreement", "status", "created_at"]
        read_only_fields = ["id", "status", "created_at"]
        extra_kwargs = {"agreement": {"required": True}, "additional": {"max_length": TEXT_MAX_LENGTH}}

    def validate_agreement(self, value):
        if not value:
            raise serializers.ValidationError("Consent to be contacted is required.")
        return value

    def validate_phone(self, value):
        digits = [c for c in value if c.isdigit()]
        if not 5 <= len(digits) <= 15:
            raise serializers.ValidationError("Enter a phone number with 5 to 15 digits.")
        return value.strip()


class MfgCallRequestStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CallRequestStatus.choices)


class MfgSyncItemSerializer(QueryPlanMixin, serializers.ModelSerializer):
    class Meta:
        model = SyncItem
        fields = ["id", "entity_type", "entity_id", "operation", "status", "attempts", "created_at"]
        read_only_fields = fields


class MfgSyncStatusSerializer(serializers.Serializer):
    bitrix_enabled = serializers.BooleanField()
    queue_size = serializers.IntegerField()
    last_sync = serializers.DateTimeField(allow_null=True)
    pending_deals = serializers.IntegerField()
    pending_contacts = serializers.IntegerField()
    pending_leads = serializers.IntegerField()


class MfgSyncProcessSerializer(serializers.Serializer):
    limit = serializers.IntegerField(min_value=1, max_value=500, default=10)
