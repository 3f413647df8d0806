"""Customer routes of the retail shop API (spec shop-cvety.md "Customers"): each shop sees its own."""

import django_filters
from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import generics

from accounts.shops import shop_of
from config.api.base import OwnRowsOnlyMixin
from config.api.shop import ShopGenericAPIView

from .. import shop_customers
from ..models import ShopCustomer
from .shop_serializers import ImportantDateSerializer, ShopCustomerSerializer


class ShopCustomerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="search_customers", max_length=200, help_text="Phone, name or e-mail")

    class Meta:
        model = ShopCustomer
        fields = ()

    def search_customers(self, queryset, name, value):
        return queryset.filter(Q(phone__icontains=value) | Q(name__icontains=value) | Q(email__icontains=value))


class CustomersView(OwnRowsOnlyMixin, generics.ListAPIView, ShopGenericAPIView):
    owner_field = "shop__owner"
    queryset = ShopCustomer.objects.order_by("-id")
    serializer_class = ShopCustomerSerializer
    filterset_class = ShopCustomerFilter
    not_found_message = "Customer not found"

    def post(self, request):
        shop = shop_of(request.user)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop_customers.create_customer(shop, **serializer.validated_data))


class CustomerView(OwnRowsOnlyMixin, generics.RetrieveAPIView, ShopGenericAPIView):
    owner_field = "shop__owner"
    queryset = ShopCustomer.objects.select_related("shop")
    serializer_class = ShopCustomerSerializer
    not_found_message = "Customer not found"


class ImportantDatesView(OwnRowsOnlyMixin, ShopGenericAPIView):
    owner_field = "shop__owner"
    queryset = ShopCustomer.objects.select_related("shop")
    serializer_class = ImportantDateSerializer
    not_found_message = "Customer not found"

    def with_query_plan(self, queryset, serializer_class=None):
        return queryset

    @extend_schema(request=ImportantDateSerializer, responses={201: ImportantDateSerializer})
    def post(self, request, pk):
        customer = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(shop_customers.add_important_date(customer, **serializer.validated_data))
