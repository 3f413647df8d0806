"""Filament routes of the print shop API (spec "Filament Inventory")."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from config.api.printshop import PrintshopGenericAPIView, PrintshopPagination, dialect

from ..models import Filament
from ..services import filaments as services
from .serializers import PrintshopFilamentSerializer, PrintshopFilamentUsageSerializer

FILTERS = [
    OpenApiParameter("material", str, description="Material type, any case (PLA, PETG ...)"),
    OpenApiParameter("color", str, description="Colour, any case"),
    OpenApiParameter("low_stock", bool, description="Only stocks at or below their threshold"),
]


class FilamentRoute(PrintshopGenericAPIView):
    permission_classes = [IsAuthenticated]
    queryset = Filament.objects.all()
    serializer_class = PrintshopFilamentSerializer
    owner_field = "owner"
    not_found_message = "Filament not found"
    lookup_url_kwarg = "filament_id"
    pagination_class = None  # the spec answers every stock with its count


class FilamentsView(FilamentRoute):
    @extend_schema(
        parameters=FILTERS,
        responses=inline_serializer(
            "PrintshopFilamentList",
            {"filaments": PrintshopFilamentSerializer(many=True), "total": serializers.IntegerField()},
        ),
    )
    def get(self, request):
        stocks = self.get_queryset().order_by("material", "color", "id")
        params = request.query_params
        if params.get("material"):
            stocks = stocks.filter(material__iexact=params["material"])
        if params.get("color"):
            stocks = stocks.filter(color__iexact=params["color"])
        if params.get("low_stock", "").lower() in ("true", "1", "yes"):
            stocks = services.running_low(stocks)
        rows = self.get_serializer(stocks, many=True).data
        return Response({"filaments": rows, "total": len(rows)})

    @extend_schema(request=PrintshopFilamentSerializer, responses={201: PrintshopFilamentSerializer})
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(services.create_filament(request.user, **serializer.validated_data))


class FilamentView(FilamentRoute):
    @extend_schema(request=PrintshopFilamentSerializer, responses=PrintshopFilamentSerializer)
    def put(self, request, filament_id):
        filament = self.get_object()
        serializer = self.get_serializer(filament, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self.answer_updated(services.update_filament(filament, **serializer.validated_data))

    @extend_schema(responses=dialect.message_schema)
    def delete(self, request, filament_id):
        services.delete_filament(self.get_object())
        return self.answer_deleted({"message": "Filament deleted"})


class FilamentUsageView(FilamentRoute):
    """Beyond the spec (issue 12: spools "with usage history"): what each completed print took from
    the spool, newest first, paged as `usage`."""

    collection = "usage"
    pagination_class = PrintshopPagination

    @extend_schema(responses=PrintshopFilamentUsageSerializer(many=True))
    def get(self, request, filament_id):
        usage = self.get_object().usages.select_related("scheduled_print").order_by("-used_at", "-id")
        page = self.paginate_queryset(usage)
        return self.get_paginated_response(PrintshopFilamentUsageSerializer(page, many=True).data)
