"""The parts inventory: parts, their categories, storage locations (a tree) and supplier orders."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Upper
from mptt.models import MPTTModel, TreeForeignKey

from .choices import (
    DEFAULT_LOCATION_TYPE,
    DEFAULT_SYSTEM_PROMPT,
    AiProvider,
    Currency,
    OrderStatus,
    TaskPriority,
    TaskStatus,
    TaskType,
)


class Category(models.Model):
    """A label parts are grouped by ("Resistors", "SMD"); a part has any number of them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Location(MPTTModel):
    """A place parts are kept: a room, a cabinet, a drawer, a bin; nested without limit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    parent = TreeForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    location_type = models.CharField(max_length=50, default=DEFAULT_LOCATION_TYPE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"],
                name="inventory_location_sibling_name_unique",
                violation_error_message="A location with this name already exists here",
            ),
            # NULL parents never collide in SQL, so root names need their own rule.
            models.UniqueConstraint(
                fields=["name"],
                condition=models.Q(parent=None),
                name="inventory_location_root_name_unique",
                violation_error_message="A location with this name already exists here",
            ),
        ]

    def __str__(self):
        return self.name


# Between the fields of `Part.search_key`: a control character no search term is expected to hold,
# so a match never runs from one field into the next.
SEPARATOR = "\x1f"


class Part(models.Model):
    """One kind of part kept in stock, with how many are on hand and where."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    part_name = models.CharField(max_length=255, unique=True)
    part_number = models.CharField(max_length=255, blank=True, db_index=True)
    description = models.TextField(blank=True)
    quantity = models.IntegerField(default=0)
    supplier = models.CharField(max_length=100, blank=True, db_index=True)
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="parts")
    categories = models.ManyToManyField(Category, blank=True, related_name="parts")
    additional_properties = models.JSONField(default=dict, blank=True)
    image_url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # What the text search looks in, upper-cased once when the row is written rather than four
    # UPPER()s per candidate row per search (issue 11 Speed); indexed by a trigram GIN on PostgreSQL.
    search_key = models.GeneratedField(
        expression=Upper(
            Concat(
                "part_name",
                Value(SEPARATOR),
                "part_number",
                Value(SEPARATOR),
                "description",
                Value(SEPARATOR),
                "supplier",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    class Meta:
        ordering = ["part_name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="inventory_part_quantity_gte_0"),
        ]
        permissions = [
            ("import_parts", "Can import parts from supplier order files"),
            ("administer_inventory", "Can clear the whole inventory"),
        ]

    def __str__(self):
        return self.part_name


class SupplierOrder(models.Model):
    """An order placed with a supplier (LCSC, DigiKey, Mouser), as its export file describes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order_number = models.CharField(max_length=100, blank=True)
    supplier = models.CharField(max_length=100)
    order_date = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)
    tracking_number = models.CharField(max_length=100, blank=True)
    subtotal = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    tax = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    shipping = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    total = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-order_date", "-created_at"]

    def __str__(self):
        return f"{self.supplier} {self.order_number}".strip()


class SupplierOrderItem(models.Model):
    """One line of a supplier order, linked to the part it stocked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(SupplierOrder, on_delete=models.CASCADE, related_name="items")
    part = models.ForeignKey(Part, null=True, blank=True, on_delete=models.SET_NULL, related_name="order_items")
    supplier_part_number = models.CharField(max_length=255, blank=True)
    manufacturer_part_number = models.CharField(max_length=255, blank=True)
    manufacturer = models.CharField(max_length=255, blank=True)
    description = models.TextField(blank=True)
    quantity_ordered = models.PositiveIntegerField(default=0)
    quantity_received = models.PositiveIntegerField(default=0)
    unit_price = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    extended_price = models.DecimalField(max_digits=12, decimal_places=4, null=True, blank=True)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.supplier_part_number or self.manufacturer_part_number or str(self.pk)


class Task(models.Model):
    """Background work (an import, an enrichment, an audit) as a row APIs, admin and websockets read.

    The result is kept when it finishes (the original threw it away). `payload` holds what the work
    needs that is not JSON (an uploaded file) and is emptied once the task has finished.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task_type = models.CharField(max_length=32, choices=TaskType.choices)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=TaskStatus.choices, default=TaskStatus.PENDING, db_index=True)
    priority = models.CharField(max_length=8, choices=TaskPriority.choices, default=TaskPriority.NORMAL)
    progress_percentage = models.PositiveSmallIntegerField(default=0)
    current_step = models.CharField(max_length=255, blank=True)
    input_data = models.JSONField(default=dict, blank=True)
    result_data = models.JSONField(null=True, blank=True)
    error_message = models.TextField(blank=True)
    payload = models.BinaryField(blank=True, editable=False)
    max_retries = models.PositiveSmallIntegerField(default=3)
    retry_count = models.PositiveSmallIntegerField(default=0)
    timeout_seconds = models.PositiveIntegerField(default=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="inventory_tasks"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.status})"


class ImportSettings(models.Model):
    """How supplier imports behave (spec `PUT /csv/config`): one row for the whole inventory."""

    download_datasheets = models.BooleanField(default=True)
    download_images = models.BooleanField(default=True)
    overwrite_existing_files = models.BooleanField(default=False)
    download_timeout_seconds = models.PositiveSmallIntegerField(default=30)
    show_progress = models.BooleanField(default=True)

    class Meta:
        verbose_name_plural = "import settings"

    def __str__(self):
        return "Import settings"


class LabelPrinter(models.Model):
    """The inventory's Brother QL label printer (spec `POST /printer/config`): one row, checked by
    `inventory.labels.PrinterConfig` before it is saved."""

    model = models.CharField(max_length=32)
    printer_identifier = models.CharField(max_length=255, help_text="tcp://host:9100 or file:///path")
    label_size = models.CharField(max_length=16, default="62")
    timeout_seconds = models.FloatField(default=10.0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.model} at {self.printer_identifier}"


# -- the retail shop's warehouse (shop API "Warehouse") ------------------------------------------


class WarehouseItem(models.Model):
    """Stems of one variety, height and supplier in a shop's stock; `quantity` is what is left to sell.

    A supply delivery adds to it and an order reserves from it; neither ever takes it below zero
    (the database refuses, and `inventory.services.warehouse` never asks it to).
    """

    shop = models.ForeignKey("accounts.Shop", on_delete=models.CASCADE, related_name="warehouse_items")
    variety = models.CharField(max_length=200)
    supplier = models.CharField(max_length=200)
    height_cm = models.PositiveSmallIntegerField(default=0, help_text="0 when the supplier does not say")
    quantity = models.PositiveIntegerField(default=0)
    cost_per_stem = models.PositiveIntegerField(default=0, help_text="KZT, from the latest delivery")
    low_stock_threshold = models.PositiveIntegerField(default=20, help_text="Below this the admin says low stock")
    on_showcase = models.BooleanField(default=False)
    to_write_off = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["variety", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "variety", "supplier", "height_cm"],
                name="inventory_warehouseitem_one_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="inventory_warehouseitem_quantity_not_negative"
            ),
        ]

    def __str__(self):
        height = f" {self.height_cm} cm" if self.height_cm else ""
        return f"{self.variety}{height} ({self.supplier})"


class SupplyDelivery(models.Model):
    """Stems a supplier delivered to a shop; its lines were added to the shop's stock when it was recorded."""

    shop = models.ForeignKey("accounts.Shop", on_delete=models.CASCADE, related_name="supply_deliveries")
    supplier = models.CharField(max_length=200)
    farm = models.CharField(max_length=200, blank=True)
    delivery_date = models.DateTimeField()
    currency = models.CharField(max_length=3, choices=Currency.choices)
    rate = models.DecimalField(max_digits=12, decimal_places=4, help_text="KZT for one unit of the currency")
    total_cost = models.PositiveBigIntegerField(default=0, help_text="KZT")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-delivery_date", "-id"]
        verbose_name_plural = "supply deliveries"

    def __str__(self):
        return f"Delivery #{self.pk} from {self.supplier}"


class SupplyDeliveryLine(models.Model):
    delivery = models.ForeignKey(SupplyDelivery, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(WarehouseItem, on_delete=models.PROTECT, related_name="delivery_lines")
    variety = models.CharField(max_length=200)
    height_cm = models.PositiveSmallIntegerField(default=0)
    qty = models.PositiveIntegerField()
    cost_per_stem = models.DecimalField(max_digits=12, decimal_places=4, help_text="In the delivery's currency")
    cost_per_stem_kzt = models.PositiveIntegerField()
    total_kzt = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.qty} × {self.variety}"


class AiConfig(models.Model):
    """The inventory assistant's one configuration (spec "AIConfig"); off until an admin turns it on.

    The API key is never answered whole (`masked_key`) and never logged.
    """

    enabled = models.BooleanField(default=False)
    provider = models.CharField(max_length=16, choices=AiProvider.choices, default=AiProvider.OLLAMA)
    api_url = models.CharField(max_length=500, default="http://localhost:11434")
    api_key = models.CharField(max_length=500, blank=True)
    model_name = models.CharField(max_length=100, default="llama3.2")
    temperature = models.FloatField(default=0.7)
    max_tokens = models.PositiveIntegerField(default=2000)
    system_prompt = models.TextField(blank=True, default=DEFAULT_SYSTEM_PROMPT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "AI configuration"

    def __str__(self):
        return f"AI assistant ({self.provider}, {'on' if self.enabled else 'off'})"

    @property
    def masked_key(self) -> str:
        if not self.api_key:
            return ""
        return f"{self.api_key[:3]}…{self.api_key[-4:]}" if len(self.api_key) > 10 else "…"


class ProductComponent(models.Model):
    """What one unit of a shop's product takes from its warehouse (its composition): reserved per order."""

    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="components")
    item = models.ForeignKey(WarehouseItem, on_delete=models.CASCADE, related_name="used_in")
    quantity = models.PositiveIntegerField(help_text="Stems per unit of the product")

    class Meta:
        ordering = ["product", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "item"], name="inventory_productcomponent_once"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="inventory_productcomponent_quantity"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.item} in {self.product}"

    def clean(self):
        if self.product_id and self.item_id and self.product.shop_id != self.item.shop_id:
            raise ValidationError("The product and the warehouse item belong to different shops")
