"""Print scheduling and notification settings of the print shop API (spec "Print Scheduling",
"Notifications"). Print operations count against their own 100/minute limit."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api.printshop import PrintshopGenericAPIView, dialect
from config.errors import NotFound, Refused

from ..choices import PrintStatus
from ..models import NotificationSettings, Printer, ScheduledPrint
from ..services import notifications
from ..services import queue as services
from .serializers import (
    PrintshopNotificationSettingsSerializer,
    PrintshopPrintStatusSerializer,
    PrintshopScheduledPrintSerializer,
)

PRINTER_FILTER = OpenApiParameter("printer_id", int, description="Only this printer's")
STATUS_FILTER = OpenApiParameter("status", str, enum=PrintStatus.values, description="Only prints in this status")


def own_printer(user, printer_id) -> Printer:
    printer = Printer.objects.filter(pk=printer_id, owner=user).first() if str(printer_id).isdigit() else None
    if printer is None:
        raise NotFound("Printer not found")
    return printer


class PrintRoute(PrintshopGenericAPIView):
    permission_classes = [IsAuthenticated]
    rate_scopes = ("printshop.print",)
    queryset = ScheduledPrint.objects.all()
    serializer_class = PrintshopScheduledPrintSerializer
    owner_field = "printer__owner"
    not_found_message = "Scheduled print not found"
    lookup_url_kwarg = "print_id"
    collection = "scheduled_prints"

    def get_visible_queryset(self):
        return self.queryset.select_related("printer")


class ScheduledPrintsView(PrintRoute):
    @extend_schema(parameters=[PRINTER_FILTER, STATUS_FILTER], responses=PrintshopScheduledPrintSerializer(many=True))
    def get(self, request):
        prints = self.get_queryset().order_by("priority", "created_at", "id")
        printer_id, status = request.query_params.get("printer_id"), request.query_params.get("status")
        if printer_id is not None:
            prints = prints.filter(printer=own_printer(request.user, printer_id))
        if status is not None:
            if status.lower() not in PrintStatus.values:
                raise Refused("status", f"Unknown status; use one of {', '.join(PrintStatus.values)}.")
            prints = prints.filter(status=status.lower())
        page = self.paginate_queryset(prints)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=PrintshopScheduledPrintSerializer, responses={201: PrintshopScheduledPrintSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = dict(serializer.validated_data)
        printer = own_printer(request.user, fields.pop("printer_id"))
        return self.answer_created(services.schedule_print(printer, **fields))


class ScheduledPrintView(PrintRoute):
    @extend_schema(request=PrintshopPrintStatusSerializer, responses=PrintshopScheduledPrintSerializer)
    def put(self, request, print_id):
        scheduled = self.get_object()
        serializer = PrintshopPrintStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_updated(services.move(scheduled, serializer.validated_data["status"]))

    @extend_schema(responses=dialect.message_schema)
    def delete(self, request, print_id):
        services.cancel(self.get_object())
        return self.answer_deleted({"message": "Scheduled print cancelled"})


class PrinterQueueView(PrintRoute):
    pagination_class = None

    @extend_schema(responses=PrintshopScheduledPrintSerializer(many=True))
    def get(self, request, print_id):
        """`:id` names the printer whose queue is read (the spec's "queue for printer")."""
        printer = own_printer(request.user, print_id)
        jobs = services.printer_queue(printer, self.with_query_plan(ScheduledPrint.objects.all()))
        return Response(self.get_serializer(jobs, many=True).data)


class NotificationRoute(PrintshopGenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = NotificationSettings.objects.all()
    serializer_class = PrintshopNotificationSettingsSerializer
    owner_field = "printer__owner"
    not_found_message = "Notification settings not found"
    lookup_url_kwarg = "settings_id"
    pagination_class = None

    def get_visible_queryset(self):
        return self.queryset.select_related("printer")


class NotificationsView(NotificationRoute):
    @extend_schema(
        parameters=[OpenApiParameter("printer_id", int, required=True, description="The printer")],
        responses=PrintshopNotificationSettingsSerializer,
    )
    def get(self, request):
        printer_id = request.query_params.get("printer_id")
        if printer_id is None:
            raise Refused("printer_id", "Name the printer (printer_id).", "required")
        settings = notifications.settings_for(own_printer(request.user, printer_id))
        return Response(self.get_serializer(settings).data)


class NotificationView(NotificationRoute):
    @extend_schema(request=PrintshopNotificationSettingsSerializer, responses=PrintshopNotificationSettingsSerializer)
    def put(self, request, settings_id):
        settings = self.get_object()
        serializer = self.get_serializer(settings, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self.answer_updated(notifications.update_settings(settings, **serializer.validated_data))
