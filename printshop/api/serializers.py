"""Print shop API bodies (spec: printshop-3d-print-shop.md); components named `Printshop*`."""

from rest_framework import serializers

from config.api.base import QueryPlanMixin

from ..choices import ConnectionType, PrintStatus
from ..models import AmsSlot, Filament, FilamentUsage, NotificationSettings, Printer, ScheduledPrint
from ..services.printers import snapshot_of


class PrintshopPrinterSerializer(serializers.ModelSerializer):
    """A printer as `GET /bambu/printers` lists it: never its access code."""

    type = serializers.CharField(source="printer_type", read_only=True)
    status = serializers.SerializerMethodField()
    current_job = serializers.SerializerMethodField()
    online = serializers.SerializerMethodField()

    class Meta:
        model = Printer
        fields = [
            "id",
            "name",
            "type",
            "model",
            "connection_type",
            "serial_number",
            "status",
            "online",
            "current_job",
            "utilization_pct",
            "created_at",
        ]
        read_only_fields = fields

    def _snapshot(self, printer):
        if not hasattr(printer, "_snapshot"):
            printer._snapshot = snapshot_of(printer)
        return printer._snapshot

    def get_status(self, printer) -> str:
        snapshot = self._snapshot(printer)
        return snapshot.status if snapshot else "offline"

    def get_online(self, printer) -> bool:
        snapshot = self._snapshot(printer)
        return bool(snapshot and snapshot.online)

    def get_current_job(self, printer) -> str | None:
        snapshot = self._snapshot(printer)
        return (snapshot.job_name or None) if snapshot and snapshot.is_printing else None


class PrintshopPrinterInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    connection_type = serializers.ChoiceField(choices=ConnectionType.choices)
    serial_number = serializers.RegexField(
        r"^[A-Za-z0-9]{6,32}$",
        max_length=32,
        help_text="The printer's serial (its MQTT topic is device/<serial>/report)",
        error_messages={"invalid": "Give the printer's serial number (letters and digits, from its Device settings)."},
    )
    access_code = serializers.CharField(
        max_length=512, write_only=True, help_text="LAN access code, or the cloud token; stored encrypted"
    )
    api_url = serializers.CharField(max_length=255, required=False, allow_blank=True, help_text="LAN address")
    cloud_user_id = serializers.CharField(max_length=64, required=False, allow_blank=True)
    model = serializers.CharField(max_length=32, required=False, allow_blank=True)

    def validate(self, attrs):
        if attrs["connection_type"] == ConnectionType.BAMBU_LAN and not attrs.get("api_url"):
            raise serializers.ValidationError({"api_url": ["A LAN printer needs its address (api_url)."]})
        if attrs["connection_type"] == ConnectionType.BAMBU_CLOUD and not attrs.get("cloud_user_id"):
            raise serializers.ValidationError(
                {"cloud_user_id": ["A cloud printer needs the Bambu account id its token belongs to."]}
            )
        return attrs


class PrintshopPrinterStatusSerializer(serializers.Serializer):
    """`GET /bambu/printers/:id/status`: the last report's reading, never a call to the printer."""

    id = serializers.IntegerField()
    status = serializers.CharField()
    online = serializers.BooleanField()
    current_job = serializers.CharField(allow_null=True)
    progress = serializers.IntegerField(allow_null=True)
    nozzle_temp = serializers.FloatField(allow_null=True)
    bed_temp = serializers.FloatField(allow_null=True)
    chamber_temp = serializers.FloatField(allow_null=True)
    utilization = serializers.IntegerField()
    estimated_time_remaining = serializers.IntegerField(allow_null=True, help_text="Seconds")
    layer = serializers.IntegerField(allow_null=True)
    total_layers = serializers.IntegerField(allow_null=True)
    errors = serializers.ListField(child=serializers.CharField(), help_text="print_error and HMS codes")
    last_updated = serializers.DateTimeField(allow_null=True)


def printer_status(printer: Printer) -> dict:
    snapshot = snapshot_of(printer)
    reading = {
        "id": printer.pk,
        "utilization": printer.utilization_pct,
        "last_updated": printer.reported_at,
    }
    if snapshot is None:
        empty = dict.fromkeys(
            ("current_job", "progress", "nozzle_temp", "bed_temp", "chamber_temp", "estimated_time_remaining")
        )
        return {
            **reading,
            **empty,
            "status": "offline",
            "online": False,
            "layer": None,
            "total_layers": None,
            "errors": [],
        }
    errors = [snapshot.print_error] if snapshot.print_error else []
    return {
        **reading,
        "status": snapshot.status,
        "online": snapshot.online,
        "current_job": snapshot.job_name or None,
        "progress": snapshot.progress,
        "nozzle_temp": snapshot.nozzle_temp,
        "bed_temp": snapshot.bed_temp,
        "chamber_temp": snapshot.chamber_temp,
        "estimated_time_remaining": snapshot.remaining_seconds,
        "layer": snapshot.layer,
        "total_layers": snapshot.total_layers,
        "errors": errors + [hms.code for hms in snapshot.hms],
    }


class PrintshopMaterialSerializer(serializers.ModelSerializer):
    """An AMS slot (`GET /bambu/materials`): what the printer reports, and what the owner adds."""

    printer_id = serializers.IntegerField(read_only=True)
    cost_per_kg = serializers.DecimalField(
        max_digits=10, decimal_places=2, min_value=0, required=False, allow_null=True, coerce_to_string=False
    )
    remaining_pct = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    weight_grams = serializers.IntegerField(min_value=0, max_value=100_000, required=False, allow_null=True)

    class Meta:
        model = AmsSlot
        fields = [
            "id",
            "printer_id",
            "slot",
            "loaded",
            "material_type",
            "color",
            "weight_grams",
            "remaining_pct",
            "vendor",
            "cost_per_kg",
            "loaded_at",
            "last_synced",
        ]
        read_only_fields = ["id", "printer_id", "slot", "loaded", "material_type", "color", "loaded_at", "last_synced"]


class PrintshopFilamentSerializer(serializers.ModelSerializer):
    """A filament stock (spec "Filament Inventory"); amounts in grams, cost per gram a number."""

    initial_amount = serializers.IntegerField(min_value=0, max_value=10_000_000)
    current_amount = serializers.IntegerField(min_value=0, max_value=10_000_000)
    low_stock_threshold = serializers.IntegerField(min_value=0, max_value=10_000_000, required=False)
    cost_per_gram = serializers.DecimalField(max_digits=10, decimal_places=4, min_value=0, coerce_to_string=False)

    class Meta:
        model = Filament
        fields = [
            "id",
            "material",
            "color",
            "initial_amount",
            "current_amount",
            "cost_per_gram",
            "low_stock_threshold",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def validate(self, attrs):
        initial = attrs.get("initial_amount", getattr(self.instance, "initial_amount", None))
        current = attrs.get("current_amount", getattr(self.instance, "current_amount", None))
        if initial is not None and current is not None and current > initial:
            raise serializers.ValidationError({"current_amount": ["Cannot be more than initial_amount."]})
        return attrs


class PrintshopFilamentUsageSerializer(serializers.ModelSerializer):
    """What one completed print took from a spool: a line of the spool's usage history."""

    scheduled_print_id = serializers.IntegerField(read_only=True)
    job_name = serializers.CharField(source="scheduled_print.job_name", read_only=True)
    printer_id = serializers.IntegerField(source="scheduled_print.printer_id", read_only=True)

    class Meta:
        model = FilamentUsage
        fields = ["id", "grams", "used_at", "scheduled_print_id", "job_name", "printer_id"]
        read_only_fields = fields


class PrintshopScheduledPrintSerializer(QueryPlanMixin, serializers.ModelSerializer):
    """A scheduled print (spec "Print Scheduling"); `priority` 1 prints first."""

    select_related = ("order_item",)  # `order_id` of a job printing an Etsy order line

    printer_id = serializers.IntegerField(help_text="One of your printers")
    priority = serializers.IntegerField(min_value=1, max_value=10, required=False)
    material_slot = serializers.IntegerField(min_value=0, max_value=32, required=False, allow_null=True)
    estimated_duration_minutes = serializers.IntegerField(min_value=0, max_value=60 * 24 * 30, required=False)
    estimated_duration = serializers.IntegerField(source="estimated_duration_minutes", read_only=True)
    estimated_filament_grams = serializers.IntegerField(
        min_value=1,
        max_value=100_000,
        required=False,
        allow_null=True,
        help_text="Grams of filament the slicer says the job takes; taken from a matching spool when it completes",
    )
    order_id = serializers.IntegerField(
        source="order_item.order_id", read_only=True, allow_null=True, help_text="The order this job prints, if any"
    )
    order_item_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = ScheduledPrint
        fields = [
            "id",
            "printer_id",
            "job_name",
            "file_name",
            "material_type",
            "material_slot",
            "estimated_duration_minutes",
            "estimated_duration",
            "estimated_filament_grams",
            "order_id",
            "order_item_id",
            "priority",
            "status",
            "scheduled_start",
            "started_at",
            "finished_at",
            "created_at",
        ]
        read_only_fields = ["id", "status", "scheduled_start", "started_at", "finished_at", "created_at"]


class PrintshopPrintStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=PrintStatus.choices)


class PrintshopNotificationSettingsSerializer(serializers.ModelSerializer):
    """Which printer events notify, and how (spec "Notifications")."""

    printer_id = serializers.IntegerField(read_only=True)
    webhook_url = serializers.URLField(max_length=500, required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = NotificationSettings
        fields = [
            "id",
            "printer_id",
            "notify_print_start",
            "notify_print_complete",
            "notify_print_failed",
            "notify_material_change",
            "notify_maintenance",
            "email_enabled",
            "webhook_url",
        ]
        read_only_fields = ["id", "printer_id"]

    def validate_webhook_url(self, value):
        return value or ""


class PrintshopOrderScheduleSerializer(serializers.Serializer):
    """Print an order: one job per line on one printer, each with these options."""

    printer_id = serializers.IntegerField(help_text="One of your printers")
    material_type = serializers.CharField(max_length=32, required=False, allow_blank=True)
    estimated_duration_minutes = serializers.IntegerField(min_value=0, max_value=60 * 24 * 30, required=False)
    estimated_filament_grams = serializers.IntegerField(min_value=1, max_value=100_000, required=False, allow_null=True)
    priority = serializers.IntegerField(min_value=1, max_value=10, required=False)


class PrintshopOrderScheduledSerializer(serializers.Serializer):
    order_id = serializers.IntegerField()
    production_status = serializers.CharField()
    scheduled_prints = PrintshopScheduledPrintSerializer(many=True)
