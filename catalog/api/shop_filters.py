"""Query filters of the shop API's products (spec "Get Products")."""

import django_filters
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from config.api.filters import BooleanParamFilter

from ..choices import ProductCategory
from ..models import Product


class ShopProductFilter(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(choices=ProductCategory.choices)
    search = django_filters.CharFilter(method="filter_search", max_length=100, help_text="In name and description")
    is_popular = BooleanParamFilter()
    is_new = BooleanParamFilter()
    is_active = BooleanParamFilter()
    min_price = django_filters.NumberFilter(method="filter_min_price", min_value=0, help_text="Current price, KZT")
    max_price = django_filters.NumberFilter(method="filter_max_price", min_value=0, help_text="Current price, KZT")
    on_sale = BooleanParamFilter(method="filter_on_sale")

    class Meta:
        model = Product
        fields = ()

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value)) if value else queryset

    @staticmethod
    def _priced(queryset):
        return queryset.alias(price_now=Coalesce(F("sale_price"), F("retail_price")))

    def filter_min_price(self, queryset, name, value):
        return self._priced(queryset).filter(price_now__gte=value)

    def filter_max_price(self, queryset, name, value):
        return self._priced(queryset).filter(price_now__lte=value)

    @extend_schema_field(OpenApiTypes.BOOL)
    def filter_on_sale(self, queryset, name, value):
        return queryset.filter(sale_price__isnull=not value)
