"""Inventory API bodies (spec: inventory-makermatrix.md, "Data Models"); components named `Inventory*`."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.base import QueryPlanMixin
from config.text import TEXT_MAX_LENGTH

from ..choices import DEFAULT_LOCATION_TYPE
from ..models import Category, Location, Part, SupplierOrderItem
from ..services import order_history

MAX_QUANTITY = 2**31 - 1  # what the database's integer holds


def blank_for_null(attrs: dict, *names: str) -> dict:
    """The original accepted `null` for optional strings; here they are stored as empty strings."""
    for name in names:
        if name in attrs and attrs[name] is None:
            attrs[name] = ""
    return attrs


class InventoryCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "description"]
        read_only_fields = fields  # an answer; categories are written through InventoryCategoryInputSerializer


class InventoryCategoryInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=TEXT_MAX_LENGTH)

    def validate(self, attrs):
        return blank_for_null(attrs, "description")


class InventoryCategoryUpdateSerializer(InventoryCategoryInputSerializer):
    name = serializers.CharField(max_length=100, required=False)
    # Sent by the original front end; categories are flat here, so it is read and ignored.
    parent_id = serializers.UUIDField(required=False, allow_null=True, write_only=True)

    def validate(self, attrs):
        attrs.pop("parent_id", None)
        return super().validate(attrs)


class InventoryLocationSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = ["id", "name", "description", "location_type", "parent_id"]
        read_only_fields = fields


def drf_datetime(value) -> str:
    """A datetime as DRF's DateTimeField writes it (ISO 8601, UTC as `Z`)."""
    return value.isoformat().replace("+00:00", "Z")


class InventoryLocationSerializer(QueryPlanMixin, serializers.ModelSerializer):
    """A location as the spec's LocationModel has it, with its depth (`level`, 0 for a root) for drawing the tree."""

    class Meta:
        model = Location
        fields = ["id", "name", "description", "location_type", "parent_id", "level"]
        read_only_fields = fields

    @classmethod
    def rows(cls, queryset) -> list[dict]:
        """The same fields as plain data straight from `values_list`: the whole tree (thousands of
        locations) is answered several times faster than through the serializer's fields."""
        fields = cls.Meta.fields
        rows = []
        for values in queryset.values_list(*fields):
            row = dict(zip(fields, values, strict=True))
            row["id"] = str(row["id"])
            row["parent_id"] = str(row["parent_id"]) if row["parent_id"] else None
            rows.append(row)
        return rows


class InventoryLocationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=TEXT_MAX_LENGTH)
    parent_id = serializers.UUIDField(required=False, allow_null=True)
    location_type = serializers.CharField(max_length=50, required=False, default=DEFAULT_LOCATION_TYPE)

    def validate(self, attrs):
        return blank_for_null(attrs, "description")


class InventoryLocationUpdateSerializer(InventoryLocationInputSerializer):
    name = serializers.CharField(max_length=200, required=False)
    location_type = serializers.CharField(max_length=50, required=False)


class InventoryLocationDetailSerializer(InventoryLocationSerializer):
    """A location with its direct children and how many parts it holds itself."""

    children = InventoryLocationSummarySerializer(many=True, read_only=True)
    parts_count = serializers.IntegerField(read_only=True)

    class Meta(InventoryLocationSerializer.Meta):
        fields = [*InventoryLocationSerializer.Meta.fields, "children", "parts_count"]
        read_only_fields = fields


class InventoryLocationPathSerializer(serializers.Serializer):
    """A location with its parent nested inside, up to the root (spec "get_location_path")."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    location_type = serializers.CharField(read_only=True)
    parent = serializers.JSONField(
        read_only=True, allow_null=True, help_text="The parent, in this same shape, or null at the root"
    )


class AnswerSerializer(serializers.Serializer):
    """A body only ever answered: every field read-only (so the docs do not offer it as input)."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


class InventoryOrderItemSerializer(AnswerSerializer):
    """A supplier order line (spec OrderItemModel), with its order's number, date and supplier."""

    id = serializers.UUIDField()
    order_id = serializers.UUIDField()
    part_id = serializers.UUIDField(allow_null=True)
    supplier_part_number = serializers.CharField()
    manufacturer_part_number = serializers.CharField()
    description = serializers.CharField()
    manufacturer = serializers.CharField()
    quantity_ordered = serializers.IntegerField()
    quantity_received = serializers.IntegerField()
    unit_price = serializers.FloatField(allow_null=True)
    extended_price = serializers.FloatField(allow_null=True)
    status = serializers.CharField()
    order_number = serializers.CharField()
    order_date = serializers.DateTimeField(allow_null=True)
    supplier = serializers.CharField()


class InventoryOrderSummarySerializer(AnswerSerializer):
    total_orders = serializers.IntegerField()
    total_quantity_ordered = serializers.IntegerField()
    last_order_number = serializers.CharField()
    last_ordered_date = serializers.DateTimeField(allow_null=True)
    last_ordered_price = serializers.FloatField(allow_null=True)
    lowest_price = serializers.FloatField(allow_null=True)
    highest_price = serializers.FloatField(allow_null=True)
    average_price = serializers.FloatField(allow_null=True)
    supplier = serializers.CharField()
    currency = serializers.CharField()


class InventoryPartSerializer(QueryPlanMixin, serializers.ModelSerializer):
    """A part as every part route answers it (spec "PartResponse")."""

    select_related = ("location",)
    prefetch_related = (
        "categories",
        Prefetch(
            "order_items",
            queryset=SupplierOrderItem.objects.select_related("order").order_by(*order_history.NEWEST_FIRST),
        ),
    )

    location = InventoryLocationSummarySerializer(read_only=True, allow_null=True)
    categories = InventoryCategorySerializer(many=True, read_only=True)
    order_items = serializers.SerializerMethodField(help_text="Supplier order lines that stocked it, newest first")
    order_summary = serializers.SerializerMethodField(help_text="How often and at what prices; null if never ordered")

    class Meta:
        model = Part
        fields = [
            "id",
            "part_number",
            "part_name",
            "description",
            "quantity",
            "supplier",
            "location_id",
            "location",
            "image_url",
            "additional_properties",
            "categories",
            "order_items",
            "order_summary",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _history(self, part) -> list[dict]:
        return [order_history.item_row(item) for item in part.order_items.all()]

    @extend_schema_field(InventoryOrderItemSerializer(many=True))
    def get_order_items(self, part) -> list[dict]:
        return order_history.order_items(self._history(part))

    @extend_schema_field(InventoryOrderSummarySerializer(allow_null=True))
    def get_order_summary(self, part) -> dict | None:
        return order_history.order_summary(self._history(part))


PART_COLUMNS = (
    "id",
    "part_number",
    "part_name",
    "description",
    "quantity",
    "supplier",
    "location_id",
    "image_url",
    "additional_properties",
    "created_at",
    "updated_at",
)
LOCATION_COLUMNS = ("location__name", "location__description", "location__location_type", "location__parent_id")


def part_values(queryset):
    """The columns `part_rows` writes a part from, keeping the queryset's filters and order."""
    return queryset.values_list(*PART_COLUMNS, *LOCATION_COLUMNS)


def part_rows(found) -> list[dict]:
    """Rows of `part_values(...)` written exactly as `InventoryPartSerializer` writes parts, with one
    query for their categories and one for their order lines: a page of 50 in a fraction of the
    serializer's time (issue 11 Speed)."""
    found = list(found)
    categories: dict = {values[0]: [] for values in found}
    tagged = (
        Part.categories.through.objects.filter(part_id__in=list(categories))
        .order_by("category__name")
        .values_list("part_id", "category_id", "category__name", "category__description")
    )
    for part_id, category_id, name, description in tagged:
        categories[part_id].append({"id": str(category_id), "name": name, "description": description})
    history = order_history.item_rows(categories)
    answer = []
    for values in found:
        row = dict(zip(PART_COLUMNS, values, strict=False))
        name, description, location_type, parent_id = values[len(PART_COLUMNS) :]
        location_id = str(row["location_id"]) if row["location_id"] else None
        row["id"], row["location_id"] = str(row["id"]), location_id
        row["location"] = location_id and {
            "id": location_id,
            "name": name,
            "description": description,
            "location_type": location_type,
            "parent_id": str(parent_id) if parent_id else None,
        }
        row["categories"] = categories[values[0]]
        row["order_items"] = order_history.order_items(history.get(values[0], []))
        row["order_summary"] = order_history.order_summary(history.get(values[0], []))
        row["created_at"], row["updated_at"] = drf_datetime(row["created_at"]), drf_datetime(row["updated_at"])
        answer.append({field: row[field] for field in InventoryPartSerializer.Meta.fields})
    return answer


class InventoryPartInputSerializer(serializers.Serializer):
    """The body of `add_part` (and, every field optional, of `update_part`)."""

    part_name = serializers.CharField(max_length=255)
    part_number = serializers.CharField(max_length=255, required=False, allow_blank=True, allow_null=True)
    description = serializers.CharField(max_length=TEXT_MAX_LENGTH, required=False, allow_blank=True, allow_null=True)
    quantity = serializers.IntegerField(min_value=0, max_value=MAX_QUANTITY, required=False)
    supplier = serializers.CharField(max_length=100, required=False, allow_blank=True, allow_null=True)
    location_id = serializers.UUIDField(required=False, allow_null=True)
    image_url = serializers.CharField(max_length=500, required=False, allow_blank=True, allow_null=True)
    additional_properties = serializers.DictField(required=False, allow_null=True)
    category_names = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, allow_null=True, max_length=100
    )

    def validate(self, attrs):
        if "additional_properties" in attrs and attrs["additional_properties"] is None:
            attrs["additional_properties"] = {}
        if "category_names" in attrs and attrs["category_names"] is None:
            attrs["category_names"] = []
        return blank_for_null(attrs, "part_number", "description", "supplier", "image_url")


class InventoryPartUpdateSerializer(InventoryPartInputSerializer):
    part_name = serializers.CharField(max_length=255, required=False)


SORT_CHOICES = ["part_name", "part_number", "quantity", "location"]


class InventoryPartSearchSerializer(serializers.Serializer):
    """The body of `POST /parts/search` (spec "Advanced part search")."""

    search_term = serializers.CharField(max_length=255, required=False, allow_blank=True, allow_null=True)
    min_quantity = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_QUANTITY)
    max_quantity = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=MAX_QUANTITY)
    category_names = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, allow_null=True, max_length=20
    )
    location_id = serializers.UUIDField(required=False, allow_null=True)
    supplier = serializers.CharField(max_length=100, required=False, allow_blank=True, allow_null=True)
    sort_by = serializers.ChoiceField(choices=SORT_CHOICES, required=False, allow_null=True)
    sort_order = serializers.ChoiceField(choices=["asc", "desc"], required=False, default="asc")
    page = serializers.IntegerField(required=False, default=1, min_value=1, max_value=1_000_000)
    page_size = serializers.IntegerField(required=False, default=10, min_value=1, max_value=100)

    def validate(self, attrs):
        attrs = blank_for_null(attrs, "search_term", "supplier")
        attrs["category_names"] = attrs.get("category_names") or []
        low, high = attrs.get("min_quantity"), attrs.get("max_quantity")
        if low is not None and high is not None and low > high:
            raise serializers.ValidationError({"max_quantity": ["Must not be less than min_quantity"]})
        return attrs


class InventoryTextSearchSerializer(serializers.Serializer):
    query = serializers.CharField(max_length=255)


class InventorySuggestionsSerializer(serializers.Serializer):
    query = serializers.CharField(min_length=3, max_length=255)
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)


class InventoryPartLookupSerializer(serializers.Serializer):
    """How `get_part` and `delete_part` name a part: by id, number or name (at least one)."""

    part_id = serializers.CharField(required=False, max_length=100)
    part_number = serializers.CharField(required=False, max_length=255)
    part_name = serializers.CharField(required=False, max_length=255)

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError("Provide part_id, part_number or part_name")
        return attrs
