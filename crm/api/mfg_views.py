"""Call requests, Bitrix24 sync administration, invoice refresh and the Bitrix24 webhook (mfg spec)."""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response

from config.api.base import PublicEndpointMixin
from config.api.mfg import MfgAPIView, MfgGenericAPIView, MfgListAPIView, MfgStatusDetailView, dialect
from config.api.parsers import read_bounded
from config.errors import Rejected
from orders.api.serializers import MfgOrderSerializer
from orders.api.views import CustomerOrderMixin

from .. import services, sync, webhook
from ..models import CallRequest, SyncItem
from .mfg_serializers import (
    MfgCallRequestSerializer,
    MfgCallRequestStatusSerializer,
    MfgSyncItemSerializer,
    MfgSyncProcessSerializer,
    MfgSyncStatusSerializer,
)

QueuedSerializer = inline_serializer(
    "MfgSyncQueued", {"message": serializers.CharField(), "queued_items": serializers.IntegerField()}
)


class CallRequestCreateView(MfgAPIView):
    @extend_schema(request=MfgCallRequestSerializer, responses=MfgCallRequestSerializer)
    def post(self, request):
        serializer = MfgCallRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        call_request = services.create_call_request(request.user, **serializer.validated_data)
        return Response(MfgCallRequestSerializer(call_request).data)


class AdminCallRequestListView(MfgListAPIView):
    permission_classes = [IsAdminUser]
    queryset = CallRequest.objects.order_by("-id")
    serializer_class = MfgCallRequestSerializer


@extend_schema(methods=["PUT"], request=MfgCallRequestStatusSerializer, responses=dialect.message_schema)
class AdminCallRequestDetailView(MfgStatusDetailView):
    permission_classes = [IsAdminUser]
    queryset = CallRequest.objects.all()
    serializer_class = MfgCallRequestSerializer
    status_serializer_class = MfgCallRequestStatusSerializer
    lookup_url_kwarg = "call_request_id"
    updated_message = "Call request updated successfully"

    def change_status(self, call_request, status):
        services.set_call_request_status(call_request, status)


class SyncStatusView(MfgAPIView):
    permission_classes = [IsAdminUser]

    @extend_schema(responses=MfgSyncStatusSerializer)
    def get(self, request):
        return Response(MfgSyncStatusSerializer(services.sync_status()).data)


class SyncQueueView(MfgListAPIView):
    permission_classes = [IsAdminUser]
    queryset = SyncItem.objects.order_by("-id")
    serializer_class = MfgSyncItemSerializer


class SyncProcessView(MfgAPIView):
    permission_classes = [IsAdminUser]
    atomic_writes = False  # each claim and outcome commits as it happens, not at the end (crm/sync.py)

    @extend_schema(
        request=MfgSyncProcessSerializer,
        responses=inline_serializer(
            "MfgSyncProcessed",
            {
                "processed": serializers.IntegerField(),
                "successful": serializers.IntegerField(),
                "failed": serializers.IntegerField(),
            },
        ),
    )
    def post(self, request):
        # The original took `limit` as a query parameter; the spec puts it in the body. Accept both.
        body = request.data or {}
        # A body that is not an object goes to the serializer as it is, which refuses it (422).
        data = {**request.query_params.dict(), **body} if isinstance(body, dict) else body
        serializer = MfgSyncProcessSerializer(data=data)
        serializer.is_valid(raise_exception=True)
        return Response(asdict(sync.drain(serializer.validated_data["limit"])))


class SyncAllView(MfgAPIView):
    permission_classes = [IsAdminUser]

    @extend_schema(request=None, responses=QueuedSerializer)
    def post(self, request):
        return Response({"message": "Full sync initiated", "queued_items": services.queue_everything()})


class SyncPendingView(MfgAPIView):
    permission_classes = [IsAdminUser]

    @extend_schema(request=None, responses=QueuedSerializer)
    def post(self, request):
        return Response({"message": "Pending sync initiated", "queued_items": services.expedite_pending()})


class OrderInvoiceRefreshView(CustomerOrderMixin, MfgGenericAPIView):
    """`/orders/{id}/invoice/refresh` is served here: only Bitrix24 can produce the invoice."""

    serializer_class = MfgOrderSerializer

    @extend_schema(request=None, responses=dialect.message_schema)
    def post(self, request, order_id):
        services.request_invoice_refresh(self.get_object())
        return Response({"message": "Invoice refresh initiated"})


class BitrixWebhookView(PublicEndpointMixin, MfgAPIView):
    """Bitrix24 posts form-encoded events; other senders the spec's JSON. Both are read raw, and
    parsed only once the caller is authenticated (crm/webhook.py)."""

    parser_classes = ()

    @extend_schema(request=dict, responses=dialect.message_schema)
    def post(self, request):
        body = read_bounded(request.stream, self.body_limit())
        content_type = request.content_type or ""
        authorization = request.headers.get("Authorization", "")
        webhook.authenticate(
            content_type,
            body,
            header_token=request.headers.get("X-Bitrix-Token", ""),
            bearer=authorization.removeprefix("Bearer ").strip() if authorization.startswith("Bearer ") else "",
            query_token=request.query_params.get("token", ""),
        )
        incoming = webhook.parse(content_type, body)
        if not incoming.entity_id:
            raise Rejected("Missing entity_id")
        return Response({"message": services.receive_event(incoming).message})
