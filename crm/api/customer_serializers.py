"""Customers as the configurator API shows them (spec configurator-windx.md, "Customers API")."""

from rest_framework import serializers

from config.api.configurator import EmailField
from config.text import TEXT_MAX_LENGTH

from ..models import Customer, CustomerType

FIELDS = (
    "id",
    "company_name",
    "contact_person",
    "email",
    "phone",
    "address",
    "customer_type",
    "tax_id",
    "payment_terms",
    "is_active",
    "notes",
    "created_at",
    "updated_at",
)


class ConfiguratorCustomerSerializer(serializers.ModelSerializer):
    email = EmailField()
    contact_person = serializers.CharField(max_length=200)
    customer_type = serializers.ChoiceField(choices=CustomerType.choices)
    address = serializers.DictField(required=False, allow_null=True)

    class Meta:
        model = Customer
        fields = FIELDS
        read_only_fields = ("id", "created_at", "updated_at")
        extra_kwargs = {"notes": {"max_length": TEXT_MAX_LENGTH}}

    def validate(self, attrs):
        customer_type = attrs.get("customer_type", getattr(self.instance, "customer_type", None))
        company_name = attrs.get("company_name", getattr(self.instance, "company_name", None))
        if customer_type in Customer.COMPANY_TYPES and not (company_name or "").strip():
            raise serializers.ValidationError(
                {
                    "company_name": serializers.ErrorDetail(
                        f"Company name is required for {customer_type} customers", "value_error.missing"
                    )
                }
            )
        return attrs
