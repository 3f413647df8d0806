"""Label printer routes (spec "Printer Management"): configure the Brother QL printer, print a part's
label or its QR code, and preview a label as PNG before printing it."""

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from config.api.inventory import InventoryAPIView

from .. import labels
from ..models import Location, Part
from ..permissions import InventoryPermission
from ..services import printing
from .views import LOCATION_NOT_FOUND, PART_NOT_FOUND, find_by_id

SIZES = [size.identifier for size in labels.label_sizes()]


class InventoryPrinterConfigSerializer(serializers.Serializer):
    backend = serializers.CharField(required=False, allow_blank=True, max_length=16)
    driver = serializers.CharField(required=False, allow_blank=True, max_length=32)
    printer_identifier = serializers.CharField(max_length=255)
    model = serializers.CharField(max_length=32)
    label_size = serializers.ChoiceField(choices=SIZES, required=False)
    dpi = serializers.IntegerField(required=False, min_value=1, max_value=1200)
    scaling_factor = serializers.FloatField(required=False, min_value=0.1, max_value=10)
    timeout_seconds = serializers.FloatField(required=False, min_value=0.1, max_value=60)
    additional_settings = serializers.DictField(required=False)


class InventoryPrintLabelSerializer(serializers.Serializer):
    part_id = serializers.CharField(required=False, max_length=64, help_text="The part to label")
    part = serializers.DictField(required=False, help_text="Or the part object, as the spec sends it")
    location_id = serializers.CharField(required=False, max_length=64, help_text="Or a storage location")
    label_size = serializers.ChoiceField(choices=SIZES, required=False, help_text="Default: the printer's")
    part_name = serializers.CharField(required=False, max_length=255)

    def validate(self, attrs):
        part_id = attrs.get("part_id") or (attrs.get("part") or {}).get("id")
        if not part_id and not attrs.get("location_id"):
            raise serializers.ValidationError({"part_id": ["Name the part (part_id, or part.id) or a location_id."]})
        return {**attrs, "part_id": part_id}


def rendered(data: dict, *, qr_only: bool = False) -> labels.RenderedLabel:
    size = data.get("label_size")
    if data.get("part_id"):
        part = find_by_id(Part.objects.select_related("location"), data["part_id"], PART_NOT_FOUND)
        return printing.part_label(part, size, qr_only=qr_only)
    return printing.location_label(find_by_id(Location.objects, data["location_id"], LOCATION_NOT_FOUND), size)


def validated(data) -> dict:
    serializer = InventoryPrintLabelSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class PrinterView(InventoryAPIView):
    permission_classes = [InventoryPermission]


class PrintLabelView(PrinterView):
    required_permissions = {"POST": "parts:read"}
    qr_only = False

    @extend_schema(request=InventoryPrintLabelSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        result = printing.print_rendered(rendered(validated(request.data), qr_only=self.qr_only))
        return self.answer("Label sent to the printer", result.as_dict())


class PrintQrView(PrintLabelView):
    qr_only = True


class PreviewLabelView(PrinterView):
    required_permissions = {"POST": "parts:read"}

    @extend_schema(request=InventoryPrintLabelSerializer, responses={(200, "image/png"): OpenApiTypes.BINARY})
    def post(self, request):
        return HttpResponse(rendered(validated(request.data)).png(), content_type="image/png")


class PrinterConfigView(PrinterView):
    required_permissions = {"POST": "admin"}

    @extend_schema(request=InventoryPrinterConfigSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        serializer = InventoryPrinterConfigSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer("Printer configured", printing.configure(serializer.validated_data).as_dict())


class CurrentPrinterView(PrinterView):
    required_permissions = {"GET": "parts:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return self.answer("Current printer", printing.current().as_dict())
