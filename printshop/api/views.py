"""Printer and AMS routes of the print shop API (spec "Printer Management", "AMS Materials")."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api.printshop import PrintshopGenericAPIView, dialect

from ..models import AmsSlot, Printer
from ..services import printers as services
from .serializers import (
    PrintshopMaterialSerializer,
    PrintshopPrinterInputSerializer,
    PrintshopPrinterSerializer,
    PrintshopPrinterStatusSerializer,
    printer_status,
)

PRINTER_ID = OpenApiParameter("printer_id", int, description="Only this printer's slots")


class PrinterRoute(PrintshopGenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = Printer.objects.all()
    serializer_class = PrintshopPrinterSerializer
    owner_field = "owner"
    not_found_message = "Printer not found"
    lookup_url_kwarg = "printer_id"
    pagination_class = None  # the spec lists printers and slots as bare arrays


class PrintersView(PrinterRoute):
    @extend_schema(responses=PrintshopPrinterSerializer(many=True))
    def get(self, request):
        return Response(self.get_serializer(self.get_queryset().order_by("name", "id"), many=True).data)

    @extend_schema(request=PrintshopPrinterInputSerializer, responses={201: PrintshopPrinterSerializer})
    def post(self, request):
        data = PrintshopPrinterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self.answer_created(services.create_printer(request.user, **data.validated_data))


class PrinterView(PrinterRoute):
    @extend_schema(responses=dialect.message_schema)
    def delete(self, request, printer_id):
        services.delete_printer(self.get_object())
        return self.answer_deleted({"message": "Printer deleted"})


class PrinterStatusView(PrinterRoute):
    @extend_schema(responses=PrintshopPrinterStatusSerializer)
    def get(self, request, printer_id):
        return Response(PrintshopPrinterStatusSerializer(printer_status(self.get_object())).data)


class MaterialRoute(PrintshopGenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = AmsSlot.objects.all()
    serializer_class = PrintshopMaterialSerializer
    owner_field = "printer__owner"
    not_found_message = "Material slot not found"
    lookup_url_kwarg = "slot_id"
    pagination_class = None

    def get_visible_queryset(self):
        return self.queryset.select_related("printer")


class MaterialsView(MaterialRoute):
    @extend_schema(parameters=[PRINTER_ID], responses=PrintshopMaterialSerializer(many=True))
    def get(self, request):
        slots = self.get_queryset().order_by("printer_id", "slot")
        printer_id = request.query_params.get("printer_id")
        if printer_id is not None:
            slots = slots.filter(printer_id=int(printer_id)) if printer_id.isdigit() else slots.none()
        return Response(self.get_serializer(slots, many=True).data)


class MaterialView(MaterialRoute):
    @extend_schema(request=PrintshopMaterialSerializer, responses=PrintshopMaterialSerializer)
    def put(self, request, slot_id):
        slot = self.get_object()
        serializer = self.get_serializer(slot, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self.answer_updated(services.update_slot(slot, **serializer.validated_data))
