"""Configurator API shapes (spec: configurator-windx.md). Serializers validate; services act."""

from decimal import Decimal

from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone
from rest_framework import serializers

from config.api.base import QueryPlanMixin, count_related
from config.ids import MAX_ID
from config.text import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

from ..choices import ConfigurationStatus, QuoteStatus
from ..models import (
    NODE_RULE_FIELDS,
    NUMERIC_DIGITS,
    NUMERIC_PLACES,
    AttributeNode,
    Configuration,
    ConfigurationSelection,
    ConfigurationTemplate,
    ManufacturingType,
    Order,
    OrderItem,
    Quote,
    TemplateSelection,
)
from ..pricing import HUNDRED, node_problems, to_cents

ZERO = Decimal("0.00")
MAX_SELECTIONS = 1000
TIMESTAMPS = ("created_at", "updated_at")


def money_field(**kwargs):
    kwargs.setdefault("min_value", ZERO)
    return serializers.DecimalField(max_digits=10, decimal_places=2, **kwargs)


# --- manufacturing types --------------------------------------------------------------------------


class ConfiguratorManufacturingTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=200)
    base_price = money_field(required=False)
    base_weight = money_field(required=False)

    class Meta:
        model = ManufacturingType
        fields = (
            "id",
            "name",
            "description",
            "base_category",
            "image_url",
            "base_price",
            "base_weight",
            "is_active",
            *TIMESTAMPS,
        )
        read_only_fields = ("id", *TIMESTAMPS)
        extra_kwargs = {"description": {"max_length": TEXT_MAX_LENGTH}}


# --- attribute nodes ------------------------------------------------------------------------------

NODE_FIELDS = (
    "id",
    "manufacturing_type_id",
    "parent_node_id",
    "name",
    "node_type",
    "data_type",
    "display_condition",
    "validation_rules",
    "required",
    "price_impact_type",
    "price_impact_value",
    "price_formula",
    "weight_impact",
    "weight_formula",
    "technical_property_type",
    "technical_impact_formula",
    "ltree_path",
    "depth",
    "sort_order",
    "ui_component",
    "description",
    "help_text",
    *TIMESTAMPS,
)


class ConfiguratorAttributeNodeSerializer(serializers.ModelSerializer):
    """A node as read; `manufacturing_type_id` and `parent_node_id` are written as ids."""

    manufacturing_type_id = serializers.IntegerField(allow_null=True, required=False, min_value=1, max_value=MAX_ID)
    parent_node_id = serializers.IntegerField(
        source="parent_id", allow_null=True, required=False, min_value=1, max_value=MAX_ID
    )
    name = serializers.CharField(max_length=200)
    price_impact_value = money_field(allow_null=True, required=False)
    weight_impact = money_field(required=False)
    price_formula = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=1000)
    weight_formula = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=1000)
    technical_impact_formula = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=1000)
    depth = serializers.IntegerField(source="level", read_only=True)

    class Meta:
        model = AttributeNode
        fields = NODE_FIELDS
        read_only_fields = ("id", "ltree_path", "depth", *TIMESTAMPS)
        extra_kwargs = {"description": {"max_length": TEXT_MAX_LENGTH}, "help_text": {"max_length": TEXT_MAX_LENGTH}}

    def validate(self, attrs):
        current = {name: getattr(self.instance, name) for name in NODE_RULE_FIELDS} if self.instance else {}
        problems = node_problems({**current, **attrs})
        if problems:
            raise serializers.ValidationError(
                {name: serializers.ErrorDetail(message, "formula") for name, message in problems.items()}
            )
        return attrs


class ConfiguratorAttributeTreeNodeSerializer(serializers.Serializer):
    """A node of the `/tree` answer with its `children`, nested from rows in tree order.

    Built from plain rows rather than model instances: for 10,000 nodes, instantiating models and
    caching their children (mptt's get_cached_trees) costs ten times the query (docs/configurator.md).
    """

    # Declared for the API docs; answers are built by `nest` below, not by these fields.
    id = serializers.IntegerField()
    name = serializers.CharField()
    node_type = serializers.CharField()
    ltree_path = serializers.CharField()
    depth = serializers.IntegerField()
    price_impact_value = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    weight_impact = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    children = serializers.ListField(child=serializers.DictField(), help_text="Nodes of this same shape")

    # The fields of the spec's example, plus the parent link that nests them (not sent).
    COLUMNS = {
        "id": "id",
        "name": "name",
        "node_type": "node_type",
        "ltree_path": "ltree_path",
        "depth": "level",
        "price_impact_value": Cast("price_impact_value", FloatField()),
        "weight_impact": Cast("weight_impact", FloatField()),
        "parent": "parent_id",
    }
    KEYS = tuple(COLUMNS)[:-1]

    @classmethod
    def nest(cls, queryset) -> list[dict]:
        """The top node(s) with nested children; a loop, not recursion, so depth is unbounded."""
        answer, by_id = [], {}
        for *values, parent_id in queryset.values_list(*cls.COLUMNS.values()):
            item = dict(zip(cls.KEYS, values, strict=True))
            # Exact: a decimal(10,2) fits the 15 significant digits of a double.
            price, weight = values[5], values[6]
            item["price_impact_value"] = None if price is None else f"{price:.2f}"
            item["weight_impact"] = None if weight is None else f"{weight:.2f}"
            # Leaves share the empty tuple (rendered `[]`): dicts holding no containers are not
            # tracked by the garbage collector, which otherwise rescans them on large trees.
            item["children"] = ()
            by_id[item["id"]] = item
            parent = by_id.get(parent_id)
            if parent is None:
                answer.append(item)
            elif parent["children"]:
                parent["children"].append(item)
            else:
                parent["children"] = [item]
        return answer


# --- configurations -------------------------------------------------------------------------------


def numeric_field(**kwargs) -> serializers.DecimalField:
    """A selection's `numeric_value`: a JSON number, at most 15 significant digits (models.py)."""
    return serializers.DecimalField(
        max_digits=NUMERIC_DIGITS, decimal_places=NUMERIC_PLACES, coerce_to_string=False, **kwargs
    )


class ConfiguratorSelectionInputSerializer(serializers.Serializer):
    """One item of `PATCH /configurations/{id}/selections` (no `configuration_id`, reference §2.3)."""

    attribute_node_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    string_value = serializers.CharField(
        allow_null=True, allow_blank=True, required=False, max_length=LONG_TEXT_MAX_LENGTH
    )
    numeric_value = numeric_field(allow_null=True, required=False)
    boolean_value = serializers.BooleanField(allow_null=True, required=False)
    json_value = serializers.JSONField(allow_null=True, required=False)


def selection_list(**kwargs):
    return ConfiguratorSelectionInputSerializer(many=True, max_length=MAX_SELECTIONS, **kwargs)


class ConfiguratorConfigurationSelectionSerializer(serializers.ModelSerializer):
    configuration_id = serializers.IntegerField(read_only=True)
    attribute_node_id = serializers.IntegerField(read_only=True)
    numeric_value = numeric_field(read_only=True, allow_null=True)

    class Meta:
        model = ConfigurationSelection
        fields = (
            "id",
            "configuration_id",
            "attribute_node_id",
            "string_value",
            "numeric_value",
            "boolean_value",
            "json_value",
            "calculated_price_impact",
            "calculated_weight_impact",
            "calculated_technical_impact",
            "selection_path",
            "created_at",
        )
        read_only_fields = fields


CONFIGURATION_FIELDS = (
    "id",
    "manufacturing_type_id",
    "customer_id",
    "name",
    "description",
    "status",
    "reference_code",
    "base_price",
    "total_price",
    "calculated_weight",
    "calculated_technical_data",
    *TIMESTAMPS,
)


class ConfiguratorConfigurationSerializer(QueryPlanMixin, serializers.ModelSerializer):
    """A configuration as listed, created and renamed; PATCH changes name, description, status."""

    manufacturing_type_id = serializers.IntegerField(read_only=True)
    customer_id = serializers.IntegerField(read_only=True, allow_null=True)
    name = serializers.CharField(max_length=200)
    status = serializers.ChoiceField(choices=ConfigurationStatus.choices, required=False)

    class Meta:
        model = Configuration
        fields = CONFIGURATION_FIELDS
        read_only_fields = tuple(name for name in CONFIGURATION_FIELDS if name not in ("name", "description", "status"))
        extra_kwargs = {"description": {"max_length": TEXT_MAX_LENGTH}}


class ConfiguratorConfigurationDetailSerializer(ConfiguratorConfigurationSerializer):
    prefetch_related = ("selections",)
    selections = ConfiguratorConfigurationSelectionSerializer(many=True, read_only=True)

    class Meta(ConfiguratorConfigurationSerializer.Meta):
        fields = (*CONFIGURATION_FIELDS, "selections")


class ConfiguratorConfigurationCreateSerializer(serializers.Serializer):
    manufacturing_type_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    customer_id = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False, allow_null=True)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(allow_null=True, allow_blank=True, required=False, max_length=TEXT_MAX_LENGTH)
    selections = selection_list(required=False)


# --- templates ------------------------------------------------------------------------------------


class ConfiguratorTemplateSelectionSerializer(serializers.ModelSerializer):
    template_id = serializers.IntegerField(read_only=True)
    attribute_node_id = serializers.IntegerField(read_only=True)
    numeric_value = numeric_field(read_only=True, allow_null=True)

    class Meta:
        model = TemplateSelection
        fields = (
            "id",
            "template_id",
            "attribute_node_id",
            "string_value",
            "numeric_value",
            "boolean_value",
            "json_value",
            "selection_path",
            "created_at",
        )
        read_only_fields = fields


TEMPLATE_FIELDS = (
    "id",
    "name",
    "description",
    "manufacturing_type_id",
    "template_type",
    "is_public",
    "usage_count",
    "success_rate",
    "estimated_price",
    "estimated_weight",
    "created_by",
    "is_active",
    *TIMESTAMPS,
)


class ConfiguratorTemplateSerializer(QueryPlanMixin, serializers.ModelSerializer):
    """A template; `success_rate` is the share of its configurations that reached an order (§6.8)."""

    manufacturing_type_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    name = serializers.CharField(max_length=200)
    estimated_price = money_field(required=False)
    estimated_weight = money_field(required=False)
    success_rate = serializers.SerializerMethodField()
    created_by = serializers.IntegerField(source="created_by_id", read_only=True)
    selections = selection_list(required=False, write_only=True)

    class Meta:
        model = ConfigurationTemplate
        fields = (*TEMPLATE_FIELDS, "selections")
        read_only_fields = ("id", "usage_count", "success_rate", "created_by", *TIMESTAMPS)
        extra_kwargs = {"description": {"max_length": TEXT_MAX_LENGTH}}

    @classmethod
    def annotate_queryset(cls, queryset):
        ordered = Configuration.objects.filter(order_items__isnull=False).values("pk")
        return (
            super()
            .annotate_queryset(queryset)
            .annotate(
                configurations_created=count_related(Configuration, "template"),
                configurations_ordered=count_related(Configuration, "template", pk__in=ordered),
            )
        )

    def get_success_rate(self, template) -> str:
        created = getattr(template, "configurations_created", 0)
        if not created:
            return "0.00"
        return str(to_cents(Decimal(template.configurations_ordered) * HUNDRED / created))


class ConfiguratorTemplateDetailSerializer(ConfiguratorTemplateSerializer):
    prefetch_related = ("selections",)
    selections = ConfiguratorTemplateSelectionSerializer(many=True, read_only=True)


# --- quotes ---------------------------------------------------------------------------------------

QUOTE_FIELDS = (
    "id",
    "configuration_id",
    "customer_id",
    "quote_number",
    "subtotal",
    "tax_rate",
    "tax_amount",
    "discount_amount",
    "total_amount",
    "technical_requirements",
    "valid_until",
    "status",
    *TIMESTAMPS,
)


class ConfiguratorQuoteSerializer(serializers.ModelSerializer):
    configuration_id = serializers.IntegerField(read_only=True)
    customer_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Quote
        fields = QUOTE_FIELDS
        read_only_fields = QUOTE_FIELDS


TAX_RATE_MESSAGE = "Tax rate must be between 0 and 100"


class ConfiguratorQuoteCreateSerializer(serializers.Serializer):
    configuration_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    tax_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        required=False,
        default=ZERO,
        min_value=ZERO,
        max_value=HUNDRED,
        error_messages={"min_value": TAX_RATE_MESSAGE, "max_value": TAX_RATE_MESSAGE},
    )
    discount_amount = money_field(required=False, default=ZERO)
    technical_requirements = serializers.DictField(required=False, allow_null=True, default=None)
    valid_days = serializers.IntegerField(
        required=False, min_value=1, max_value=3650, help_text="Days the quote stays valid (default 30)"
    )
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)

    def validate_valid_until(self, value):
        if value is not None and value < timezone.localdate():
            raise serializers.ValidationError("valid_until cannot be in the past", code="not_past")
        return value


class ConfiguratorQuoteStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=QuoteStatus.choices)


# --- orders ---------------------------------------------------------------------------------------

ORDER_FIELDS = (
    "id",
    "quote_id",
    "order_number",
    "order_date",
    "required_date",
    "status",
    "special_instructions",
    "installation_address",
    *TIMESTAMPS,
)


class ConfiguratorOrderItemSerializer(serializers.ModelSerializer):
    order_id = serializers.IntegerField(read_only=True)
    configuration_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = OrderItem
        fields = (
            "id",
            "order_id",
            "configuration_id",
            "quantity",
            "unit_price",
            "total_price",
            "production_status",
            *TIMESTAMPS,
        )
        read_only_fields = fields


class ConfiguratorOrderSerializer(QueryPlanMixin, serializers.ModelSerializer):
    select_related = ("quote",)
    quote_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = Order
        fields = ORDER_FIELDS
        read_only_fields = ORDER_FIELDS


class ConfiguratorOrderDetailSerializer(ConfiguratorOrderSerializer):
    prefetch_related = ("items",)
    items = ConfiguratorOrderItemSerializer(many=True, read_only=True)

    class Meta(ConfiguratorOrderSerializer.Meta):
        fields = (*ORDER_FIELDS, "items")


class ConfiguratorOrderCreateSerializer(serializers.Serializer):
    quote_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    required_date = serializers.DateField(required=False, allow_null=True, default=None)
    special_instructions = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, default=None, max_length=TEXT_MAX_LENGTH
    )
    installation_address = serializers.DictField(required=False, allow_null=True, default=None)
