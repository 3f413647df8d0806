from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from mptt.models import MPTTModel, TreeForeignKey

from .choices import (
    ConfigurationStatus,
    DataType,
    NodeType,
    OrderStatus,
    PriceImpactType,
    ProductionStatus,
    QuoteStatus,
    TemplateType,
)
from .pricing import node_problems

ZERO = Decimal("0.00")
NODE_RULE_FIELDS = (
    "price_impact_type",
    "price_formula",
    "weight_formula",
    "technical_property_type",
    "technical_impact_formula",
    "display_condition",
    "validation_rules",
)
NON_NEGATIVE = [MinValueValidator(ZERO)]


# 15 significant digits: SQLite keeps decimals as doubles and reads them back to 15 digits, and JSON
# clients hold numbers as doubles, so a longer value would not come back as it was sent.
NUMERIC_DIGITS, NUMERIC_PLACES = 15, 6


def money(**kwargs):
    """Prices and weights: 2 decimals; totals may exceed a single impact, hence 14 digits."""
    return models.DecimalField(max_digits=14, decimal_places=2, **kwargs)


class ManufacturingType(models.Model):
    """A product family that can be configured (a casement window, a sliding door)."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(null=True, blank=True)
    base_category = models.CharField(max_length=50, null=True, blank=True)
    image_url = models.CharField(max_length=500, null=True, blank=True)
    base_price = money(default=ZERO, validators=NON_NEGATIVE)
    base_weight = money(default=ZERO, validators=NON_NEGATIVE)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class AttributeNode(MPTTModel):
    """One node of a product's option tree: a category, an attribute, an option, a component."""

    manufacturing_type = models.ForeignKey(
        ManufacturingType, null=True, blank=True, on_delete=models.CASCADE, related_name="attribute_nodes"
    )
    parent = TreeForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=200)
    node_type = models.CharField(max_length=20, choices=NodeType.choices)
    data_type = models.CharField(max_length=20, choices=DataType.choices, null=True, blank=True)
    display_condition = models.JSONField(null=True, blank=True)
    validation_rules = models.JSONField(null=True, blank=True)
    required = models.BooleanField(default=False)
    price_impact_type = models.CharField(max_length=20, choices=PriceImpactType.choices, default=PriceImpactType.FIXED)
    price_impact_value = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=NON_NEGATIVE
    )
    price_formula = models.TextField(null=True, blank=True)
    weight_impact = models.DecimalField(max_digits=10, decimal_places=2, default=ZERO, validators=NON_NEGATIVE)
    weight_formula = models.TextField(null=True, blank=True)
    technical_property_type = models.CharField(max_length=100, null=True, blank=True)
    technical_impact_formula = models.TextField(null=True, blank=True)
    # Derived from the names of the node and its ancestors; kept right by services/tree.py on rename/move.
    ltree_path = models.TextField(editable=False, db_index=True)
    sort_order = models.IntegerField(default=0)
    ui_component = models.CharField(max_length=50, null=True, blank=True)
    description = models.TextField(null=True, blank=True)
    help_text = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class MPTTMeta:
        order_insertion_by = ["sort_order"]

    def __str__(self):
        return self.name

    def clean(self):
        problems = node_problems({name: getattr(self, name) for name in NODE_RULE_FIELDS})
        if problems:
            raise ValidationError(problems)

    @property
    def depth(self) -> int:
        """Number of ancestors: MPTT's level is exactly the spec's depth."""
        return self.level


class ConfigurationTemplate(models.Model):
    """A ready-made set of selections users start a configuration from."""

    name = models.CharField(max_length=200)
    description = models.TextField(null=True, blank=True)
    manufacturing_type = models.ForeignKey(ManufacturingType, on_delete=models.CASCADE, related_name="templates")
    template_type = models.CharField(max_length=20, choices=TemplateType.choices, default=TemplateType.STANDARD)
    is_public = models.BooleanField(default=True)
    usage_count = models.PositiveIntegerField(default=0)
    estimated_price = money(default=ZERO, validators=NON_NEGATIVE)
    estimated_weight = money(default=ZERO, validators=NON_NEGATIVE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class SelectionValue(models.Model):
    """The value fields a selection carries, on configurations and on templates alike."""

    attribute_node = models.ForeignKey(AttributeNode, on_delete=models.CASCADE, related_name="+")
    string_value = models.TextField(null=True, blank=True)
    numeric_value = models.DecimalField(max_digits=NUMERIC_DIGITS, decimal_places=NUMERIC_PLACES, null=True, blank=True)
    boolean_value = models.BooleanField(null=True, blank=True)
    json_value = models.JSONField(null=True, blank=True)
    selection_path = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.selection_path


class TemplateSelection(SelectionValue):
    """A selection stored on a template, copied into configurations when it is applied."""

    template = models.ForeignKey(ConfigurationTemplate, on_delete=models.CASCADE, related_name="selections")

    class Meta:
        ordering = ["id"]


class Configuration(models.Model):
    """A user's configured product: chosen options and the price, weight and data they give."""

    manufacturing_type = models.ForeignKey(ManufacturingType, on_delete=models.PROTECT, related_name="configurations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="configurations")
    customer = models.ForeignKey(
        "crm.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="configurations"
    )
    # The template it was created from, for the template's success rate (reference §6.8).
    template = models.ForeignKey(
        ConfigurationTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="configurations"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ConfigurationStatus.choices, default=ConfigurationStatus.DRAFT)
    reference_code = models.CharField(max_length=50, unique=True, null=True, blank=True)
    base_price = money(default=ZERO)
    total_price = money(default=ZERO)
    calculated_weight = money(default=ZERO)
    calculated_technical_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.name


class ConfigurationSelection(SelectionValue):
    """One chosen attribute of a configuration, with the impacts it was priced at."""

    configuration = models.ForeignKey(Configuration, on_delete=models.CASCADE, related_name="selections")
    calculated_price_impact = money(null=True, blank=True)
    calculated_weight_impact = money(null=True, blank=True)
    calculated_technical_impact = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["id"]


class Quote(models.Model):
    """A priced offer for a configuration, frozen at creation by its snapshot."""

    configuration = models.ForeignKey(
        Configuration, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    # The configuration's owner when quoted; kept so the quote stays theirs if it is deleted.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="configurator_quotes")
    customer = models.ForeignKey(
        "crm.Customer", null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes"
    )
    quote_number = models.CharField(max_length=50, unique=True)
    subtotal = money()
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2, default=ZERO)
    tax_amount = money(default=ZERO)
    discount_amount = money(default=ZERO)
    total_amount = money()
    technical_requirements = models.JSONField(null=True, blank=True)
    valid_until = models.DateField()
    status = models.CharField(max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT)
    configuration_snapshot = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "valid_until"])]

    def __str__(self):
        return self.quote_number


class Order(models.Model):
    """A production order placed from an accepted quote (one order per quote)."""

    quote = models.OneToOneField(Quote, on_delete=models.PROTECT, related_name="order")
    order_number = models.CharField(max_length=50, unique=True)
    order_date = models.DateField()
    required_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.CONFIRMED)
    special_instructions = models.TextField(null=True, blank=True)
    installation_address = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.order_number


class OrderItem(models.Model):
    """One configured product on an order, with its quantity and production progress."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    configuration = models.ForeignKey(
        Configuration, null=True, blank=True, on_delete=models.SET_NULL, related_name="order_items"
    )
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    unit_price = money()
    total_price = money()
    production_status = models.CharField(
        max_length=20, choices=ProductionStatus.choices, default=ProductionStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=models.Q(quantity__gt=0), name="configurator_item_qty_gt_0")]

    def __str__(self):
        return f"{self.quantity} × {self.configuration_id}"
