"""Orders, production tasks and tracking of the retail shop API (spec shop-cvety.md)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.response import Response

from config.api.base import PublicEndpointMixin
from config.api.shop import ShopGenericAPIView, ShopPhotoDeleteView, ShopPhotoUploadView, ShopTenantMixin
from config.errors import Unavailable
from config.http import signature_matches
from files.api.serializers import PhotoUploadSerializer

from .. import shop
from ..models import ProductionTask, ShopOrder, ShopOrderPhoto
from .shop_filters import ShopOrderFilter, ShopTaskFilter
from .shop_serializers import (
    ShopOrderIssueSerializer,
    ShopOrderPhotoSerializer,
    ShopOrderPlainCreateSerializer,
    ShopOrderSerializer,
    ShopOrderStatusSerializer,
    ShopOrderWithItemsSerializer,
    ShopPaymentAnswerSerializer,
    ShopPaymentWebhookSerializer,
    ShopTaskSerializer,
    ShopTrackingSerializer,
)


class ShopOrderMixin(ShopTenantMixin):
    queryset = ShopOrder.objects.order_by("-id")
    serializer_class = ShopOrderSerializer
    lookup_url_kwarg = "order_id"
    not_found_message = "Order not found"


class OrderListCreateView(ShopOrderMixin, mixins.ListModelMixin, ShopGenericAPIView):
    filterset_class = ShopOrderFilter

    def get(self, request):
        return self.list(request)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Who each phone is, for the page at once (one lookup, however long the page).
        self.customers = shop.customers_by_phone(self.shop.pk, sorted({order.customer_phone for order in page}))
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "customers": getattr(self, "customers", None)}

    @extend_schema(request=ShopOrderPlainCreateSerializer, responses={201: ShopOrderSerializer})
    def post(self, request):
        serializer = ShopOrderPlainCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop.create_order(self.shop, **serializer.validated_data))


class OrderWithItemsView(ShopOrderMixin, ShopGenericAPIView):
    @extend_schema(request=ShopOrderWithItemsSerializer, responses={201: ShopOrderSerializer})
    def post(self, request):
        serializer = ShopOrderWithItemsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop.create_order_with_items(self.shop, **serializer.validated_data))


class OrderDetailView(ShopOrderMixin, mixins.RetrieveModelMixin, ShopGenericAPIView):
    def get(self, request, order_id):
        return self.retrieve(request)


class OrderStatusView(ShopOrderMixin, ShopGenericAPIView):
    @extend_schema(request=ShopOrderStatusSerializer, responses=ShopOrderSerializer)
    def patch(self, request, order_id):
        order = self.find_row()
        serializer = ShopOrderStatusSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_updated(shop.change_status(order, serializer.validated_data["status"]))


class OrderIssueView(ShopOrderMixin, ShopGenericAPIView):
    @extend_schema(request=ShopOrderIssueSerializer, responses=ShopOrderSerializer)
    def patch(self, request, order_id):
        order = self.find_row()
        serializer = ShopOrderIssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        shop.report_issue(order, **serializer.validated_data)
        return self.answer_updated(order)


class OrderPhotoMixin:
    queryset = ShopOrderPhoto.objects.order_by("position", "id")
    serializer_class = ShopOrderPhotoSerializer
    parent_model, parent_field, parent_not_found = ShopOrder, "order", "Order not found"
    add_photo = staticmethod(shop.add_photo)
    delete_photo = staticmethod(shop.delete_photo)


@extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={201: ShopOrderPhotoSerializer})
class OrderPhotoCreateView(OrderPhotoMixin, ShopPhotoUploadView):
    pass


@extend_schema(responses={204: None})
class OrderPhotoDetailView(OrderPhotoMixin, ShopPhotoDeleteView):
    pass


class PaymentWebhookView(PublicEndpointMixin, ShopGenericAPIView):
    """The payment provider's notice, signed `X-Webhook-Signature: sha256=<hex>` over the raw body with
    SHOP_PAYMENT_WEBHOOK_SECRET; the signature is checked before the body is read."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        secret = settings.SHOP_PAYMENT_WEBHOOK_SECRET
        if not secret:
            raise Unavailable("Payment webhooks are not configured", setting="SHOP_PAYMENT_WEBHOOK_SECRET")
        if not signature_matches(request.headers.get("X-Webhook-Signature", ""), secret, request.body):
            raise AuthenticationFailed("Missing or wrong X-Webhook-Signature")

    @extend_schema(request=ShopPaymentWebhookSerializer, responses=ShopPaymentAnswerSerializer)
    def post(self, request, order_id):
        serializer = ShopPaymentWebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(shop.receive_payment(order_id, **serializer.validated_data))


class TaskListCreateView(ShopTenantMixin, mixins.ListModelMixin, ShopGenericAPIView):
    queryset = ProductionTask.objects.order_by("-id")
    serializer_class = ShopTaskSerializer
    filterset_class = ShopTaskFilter

    def get(self, request):
        return self.list(request)

    @extend_schema(request=ShopTaskSerializer, responses={201: ShopTaskSerializer})
    def post(self, request):
        serializer = ShopTaskSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop.create_task(self.shop, **serializer.validated_data))


class TrackingView(PublicEndpointMixin, ShopGenericAPIView):
    queryset = ShopOrder.objects.all()
    serializer_class = ShopTrackingSerializer

    def get(self, request, token):
        return Response(ShopTrackingSerializer(shop.tracked_order(token)).data)
