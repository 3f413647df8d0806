"""Orders of the manufacturing service API (spec "Orders")."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response

from config.api.base import OwnRowsOnlyMixin
from config.api.mfg import MfgGenericAPIView, MfgListAPIView, MfgStatusDetailView, dialect
from config.errors import NotFound

from .. import services
from ..models import Order
from ..responses import invoice_response
from .serializers import (
    MfgMissingInvoiceSerializer,
    MfgOrderCreateSerializer,
    MfgOrderDetailSerializer,
    MfgOrderSerializer,
    MfgOrderStatusSerializer,
)


class CustomerOrderMixin(OwnRowsOnlyMixin):
    """A customer's own orders; staff use the /admin/orders routes for everyone's."""

    queryset = Order.objects.order_by("-id")
    owner_field = "user"
    lookup_url_kwarg = "order_id"


class OrderListCreateView(CustomerOrderMixin, MfgListAPIView):
    serializer_class = MfgOrderSerializer

    @extend_schema(request=MfgOrderCreateSerializer, responses=MfgOrderSerializer)
    def post(self, request):
        serializer = MfgOrderCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = services.place_order(request.user, **serializer.validated_data)
        return Response(MfgOrderSerializer(order).data)


class OrderDetailView(CustomerOrderMixin, mixins.RetrieveModelMixin, MfgGenericAPIView):
    serializer_class = MfgOrderDetailSerializer

    def get(self, request, order_id):
        return self.retrieve(request)


class OrderInvoiceView(CustomerOrderMixin, MfgGenericAPIView):
    serializer_class = MfgOrderSerializer

    @extend_schema(responses={(200, "application/pdf"): bytes})
    def get(self, request, order_id):
        order = self.get_object()
        if not order.invoice_file:
            raise NotFound("Invoice not available yet")
        return invoice_response(order)


class MissingInvoicesView(MfgListAPIView):
    permission_classes = [IsAdminUser]
    serializer_class = MfgMissingInvoiceSerializer

    def get_queryset(self):
        return services.orders_without_invoices().order_by("-id")


class AdminOrderListView(MfgListAPIView):
    permission_classes = [IsAdminUser]
    queryset = Order.objects.order_by("-id")
    serializer_class = MfgOrderSerializer


@extend_schema(methods=["PUT"], request=MfgOrderStatusSerializer, responses=dialect.message_schema)
class AdminOrderDetailView(MfgStatusDetailView):
    permission_classes = [IsAdminUser]
    queryset = Order.objects.all()
    serializer_class = MfgOrderDetailSerializer
    status_serializer_class = MfgOrderStatusSerializer
    lookup_url_kwarg = "order_id"
    updated_message = "Order updated successfully"

    def change_status(self, order, status):
        services.set_status(order, status, by=self.request.user)
