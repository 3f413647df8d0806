"""Etsy sign-in, orders and analytics routes of the print shop API (spec "Authentication Endpoints",
"Order Management", "Analytics"). Views are thin: services in printshop/etsy/ and printshop/analytics.py."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from accounts import services as accounts
from config.api.printshop import PrintshopAPIView, PrintshopGenericAPIView, dialect
from printshop import analytics
from printshop.etsy import linking
from printshop.etsy import orders as order_services
from printshop.models import Order
from printshop.services import queue

from . import etsy_serializers as s
from .queue_views import own_printer
from .serializers import (
    PrintshopOrderScheduledSerializer,
    PrintshopOrderScheduleSerializer,
    PrintshopScheduledPrintSerializer,
)

# -- sign-in --------------------------------------------------------------------------------------


class EtsyLoginView(PrintshopAPIView):
    """Anyone may start an Etsy sign-in; a signed-in user calling /auth/callback links the shop to themselves."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(responses=s.PrintshopLoginSerializer)
    def get(self, request):
        login = linking.start_login()
        return Response({"auth_url": login.auth_url, "code_verifier": login.code_verifier, "state": login.state})


class EtsyCallbackView(PrintshopAPIView):
    permission_classes = (AllowAny,)
    atomic_writes = False  # calls Etsy: no transaction held open over the network

    @extend_schema(request=s.PrintshopCallbackSerializer, responses=s.PrintshopCallbackAnswerSerializer)
    def post(self, request):
        payload = s.PrintshopCallbackSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = request.user if request.user.is_authenticated else None
        shop = linking.complete_login(code=data["code"], verifier=data["code_verifier"], state=data["state"], user=user)
        token = accounts.issue_access_token(shop.user)
        return Response({"token": str(token), "user": s.PrintshopUserSerializer(shop.user).data})


class EtsyLogoutView(PrintshopAPIView):
    @extend_schema(request=None, responses=dialect.message_schema)
    def post(self, request):
        if request.auth is not None:
            accounts.revoke_access_token(request.auth)
        return Response({"message": "Logged out successfully"})


class EtsyUserView(PrintshopAPIView):
    @extend_schema(responses=s.PrintshopUserSerializer)
    def get(self, request):
        return Response(s.PrintshopUserSerializer(request.user).data)


# -- orders ---------------------------------------------------------------------------------------


class OrderViewMixin:
    """A seller's own orders (staff read everyone's in admin)."""

    queryset = Order.objects.all()
    serializer_class = s.PrintshopOrderSerializer
    owner_field = "shop__user"
    not_found_message = "Order not found"
    lookup_url_kwarg = "order_id"

    def get_visible_queryset(self):
        return Order.objects.select_related("shop")


class OrderListView(OrderViewMixin, mixins.ListModelMixin, PrintshopGenericAPIView):
    collection = "orders"

    def get_queryset(self):
        query = s.PrintshopOrderFilterSerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        orders = super().get_queryset()
        for name in ("status", "production_status"):
            if name in wanted:
                orders = orders.filter(**{name: wanted[name]})
        if "start_date" in wanted:
            orders = orders.filter(ordered_at__date__gte=wanted["start_date"])
        if "end_date" in wanted:
            orders = orders.filter(ordered_at__date__lte=wanted["end_date"])
        return orders

    @extend_schema(operation_id="printshop_orders_list", parameters=[s.PrintshopOrderFilterSerializer])
    def get(self, request):
        return self.list(request)


class OrderDetailView(OrderViewMixin, PrintshopGenericAPIView):
    @extend_schema(responses=s.PrintshopOrderSerializer)
    def get(self, request, order_id):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=s.PrintshopOrderUpdateSerializer, responses=s.PrintshopOrderSerializer)
    def put(self, request, order_id):
        order = self.get_object()
        changes = s.PrintshopOrderUpdateSerializer(data=request.data)
        changes.is_valid(raise_exception=True)
        return self.answer_updated(order_services.update_order(order, **changes.validated_data))


class OrderScheduleView(OrderViewMixin, PrintshopGenericAPIView):
    """Beyond the spec: an order's lines become print jobs (one each) on one of the seller's printers."""

    rate_scopes = ("printshop.print",)

    @extend_schema(request=PrintshopOrderScheduleSerializer, responses={201: PrintshopOrderScheduledSerializer})
    def post(self, request, order_id):
        order = self.get_object()
        options = PrintshopOrderScheduleSerializer(data=request.data)
        options.is_valid(raise_exception=True)
        fields = dict(options.validated_data)
        printer = own_printer(request.user, fields.pop("printer_id"))
        jobs = queue.schedule_order(order, printer, **fields)
        order.refresh_from_db(fields=["production_status"])
        answer = {
            "order_id": order.pk,
            "production_status": order.production_status,
            "scheduled_prints": PrintshopScheduledPrintSerializer(jobs, many=True).data,
        }
        return Response(answer, status=201)


class OrderSyncView(PrintshopAPIView):
    rate_scopes = ("printshop.sync",)
    atomic_writes = False  # each page of receipts commits as it is written

    @extend_schema(request=None, responses=s.PrintshopSyncAnswerSerializer)
    def post(self, request):
        created, total = order_services.sync_now(request.user)
        noun = "order" if created == 1 else "orders"
        return Response({"message": f"Synced {created} new {noun}", "synced_count": created, "total_orders": total})


class OrderNotesView(OrderViewMixin, PrintshopGenericAPIView):
    serializer_class = s.PrintshopNoteSerializer
    pagination_class = None  # the spec answers an order's notes as a plain array

    @extend_schema(responses=s.PrintshopNoteSerializer(many=True))
    def get(self, request, order_id):
        order = self.get_object()
        return Response(self.get_serializer(order.order_notes.order_by("created_at", "id"), many=True).data)

    @extend_schema(request=s.PrintshopNoteSerializer, responses={201: s.PrintshopNoteSerializer})
    def post(self, request, order_id):
        order = self.get_object()
        note = self.get_serializer(data=request.data)
        note.is_valid(raise_exception=True)
        return self.answer_created(order_services.add_note(order, request.user, note.validated_data["content"]))


class OrderCommunicationsView(OrderViewMixin, PrintshopGenericAPIView):
    serializer_class = s.PrintshopCommunicationSerializer

    @extend_schema(request=s.PrintshopCommunicationSerializer, responses={201: s.PrintshopCommunicationSerializer})
    def post(self, request, order_id):
        order = self.get_object()
        message = self.get_serializer(data=request.data)
        message.is_valid(raise_exception=True)
        return self.answer_created(order_services.log_communication(order, request.user, **message.validated_data))


# -- analytics ------------------------------------------------------------------------------------


class DashboardView(PrintshopAPIView):
    @extend_schema(parameters=[s.PrintshopDashboardQuerySerializer], responses=s.PrintshopDashboardSerializer)
    def get(self, request):
        query = s.PrintshopDashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(analytics.dashboard(request.user, currency=query.validated_data.get("currency", "")))


class RevenueView(PrintshopAPIView):
    @extend_schema(parameters=[s.PrintshopRevenueQuerySerializer], responses=s.PrintshopRevenueSerializer)
    def get(self, request):
        query = s.PrintshopRevenueQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        wanted = query.validated_data
        report = analytics.revenue(
            request.user,
            start=wanted["start_date"],
            end=wanted["end_date"],
            period=wanted["period"],
            currency=wanted.get("currency", ""),
        )
        return Response(s.PrintshopRevenueSerializer(report).data)
