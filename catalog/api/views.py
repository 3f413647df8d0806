"""Calculator endpoints of the manufacturing service API (spec: "Calculator Proxy").

The lists are objects keyed by id, as the spec shows; they are read from the cached table
snapshot (catalog/tables.py), so they cost the same few queries whatever the table sizes, and the
services and materials answers are kept once built, until a table changes.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts.authentication import JWTAuthentication
from config.api.base import PublicEndpointMixin
from config.api.mfg import MfgAPIView

from .. import services
from ..choices import CoefficientKind
from ..tables import cached_answer, load_tables
from .serializers import (
    MfgCertificateSerializer,
    MfgCoefficientSerializer,
    MfgCoverSerializer,
    MfgLocationSerializer,
    MfgMaterialFilterSerializer,
    MfgMaterialSerializer,
    MfgPriceRequestSerializer,
    MfgPriceSerializer,
    MfgServiceSerializer,
)


def keyed(serializer_class, rows: dict, **context) -> dict:
    return {key: serializer_class(row, context=context).data for key, row in rows.items()}


def ranges(brackets, unit: str) -> dict:
    """Brackets keyed by their first value, named by the range they cover ("21-100", "501+")."""
    body = {}
    for bracket, following in zip(brackets, [*brackets[1:], None], strict=True):
        name = f"{bracket.start}+" if following is None else f"{bracket.start}-{following.start - 1}"
        body[str(bracket.start)] = {"name": f"{name} {unit}", "multiplier": bracket.multiplier}
        if unit == "parts":
            body[str(bracket.start)]["cycle_days"] = bracket.cycle_days
    return body


class CalculatePriceView(MfgAPIView):
    """Anyone may price; a bearer token, when sent, is honoured (its user's files become usable)."""

    authentication_classes = [JWTAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(request=MfgPriceRequestSerializer, responses=MfgPriceSerializer)
    def post(self, request):
        serializer = MfgPriceRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        quote = services.calculate_price(request.user, **serializer.validated_data)
        return Response(MfgPriceSerializer(quote).data)


class ServiceListView(PublicEndpointMixin, MfgAPIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(cached_answer("services", lambda: keyed(MfgServiceSerializer, load_tables().services)))


class MaterialListView(PublicEndpointMixin, MfgAPIView):
    @extend_schema(
        parameters=[OpenApiParameter("process", str, description="Only materials usable for this service id")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        query = MfgMaterialFilterSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        process = query.validated_data.get("process")

        def build():
            materials = load_tables().materials
            if process:
                materials = {key: row for key, row in materials.items() if row.forms_for(process)}
            return keyed(MfgMaterialSerializer, materials, process=process)

        return Response(cached_answer(f"materials:{process or ''}", build))


class CoefficientListView(PublicEndpointMixin, MfgAPIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        tables = load_tables()
        return Response(
            {
                "tolerance": keyed(MfgCoefficientSerializer, tables.table(CoefficientKind.TOLERANCE)),
                "finish": keyed(MfgCoefficientSerializer, tables.table(CoefficientKind.FINISH)),
                "cover": keyed(MfgCoverSerializer, tables.table(CoefficientKind.COVER)),
                "certificate": keyed(MfgCertificateSerializer, tables.table(CoefficientKind.CERTIFICATE)),
                "complexity": ranges(tables.complexity_levels, "dimensions"),
                "quantity": ranges(tables.quantity_discounts, "parts"),
                "paint_type": {
                    code: {
                        "name": row.name,
                        "base_price": row.base_price,
                        "k_type": row.k_type,
                        "k_prepare": row.k_prepare,
                    }
                    for code, row in tables.paint_types.items()
                },
                **{
                    kind: keyed(MfgCoefficientSerializer, tables.table(kind))
                    for kind in (
                        CoefficientKind.PAINT_PREPARE,
                        CoefficientKind.PAINT_PRIMER,
                        CoefficientKind.PAINT_LAKERY,
                    )
                },
            }
        )


class LocationListView(PublicEndpointMixin, MfgAPIView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(keyed(MfgLocationSerializer, load_tables().locations))
