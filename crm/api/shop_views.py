"""Customer routes of the retail shop API (spec shop-cvety.md "Customers"): each shop sees its own."""

import django_filters
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics

from config.api.filters import BooleanParamFilter
from config.api.shop import ShopGenericAPIView, ShopTenantMixin

from .. import shop_customers
from ..models import ShopCustomer
from .shop_serializers import ImportantDateSerializer, ShopCustomerSerializer


class ShopCustomerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="search_customers", max_length=200, help_text="Phone, name or e-mail")
    has_orders = BooleanParamFilter(method="with_orders", help_text="`true`: customers with orders; `false`: none yet")
    min_spent = django_filters.NumberFilter(
        field_name="total_spent", lookup_expr="gte", min_value=0, help_text="KZT paid at least"
    )

    class Meta:
        model = ShopCustomer
        fields = ()

    def search_customers(self, queryset, name, value):
        return queryset.filter(Q(phone__icontains=value) | Q(name__icontains=value) | Q(email__icontains=value))

    @extend_schema_field(OpenApiTypes.BOOL)
    def with_orders(self, queryset, name, value):
        return queryset.filter(orders_count__gt=0) if value else queryset.filter(orders_count=0)


class CustomersView(ShopTenantMixin, generics.ListAPIView, ShopGenericAPIView):
    queryset = ShopCustomer.objects.order_by("-id")
    serializer_class = ShopCustomerSerializer
    filterset_class = ShopCustomerFilter
    not_found_message = "Customer not found"

    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop_customers.create_customer(self.shop, **serializer.validated_data))


class CustomerView(ShopTenantMixin, generics.RetrieveAPIView, ShopGenericAPIView):
    queryset = ShopCustomer.objects.all()
    serializer_class = ShopCustomerSerializer
    not_found_message = "Customer not found"


class ImportantDatesView(ShopTenantMixin, ShopGenericAPIView):
    queryset = ShopCustomer.objects.all()
    serializer_class = ImportantDateSerializer
    not_found_message = "Customer not found"

    @extend_schema(request=ImportantDateSerializer, responses={201: ImportantDateSerializer})
    def post(self, request, pk):
        customer = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop_customers.add_important_date(customer, **serializer.validated_data))
