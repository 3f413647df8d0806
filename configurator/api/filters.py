"""Query filters of the configurator list endpoints; a bad value answers 422 naming the parameter."""

import django_filters
from django.db.models import Q
from rest_framework.exceptions import ErrorDetail, ValidationError

from config.api.filters import BooleanParamFilter, IdFilter
from config.ids import MAX_ID, is_plain_number

from ..choices import ConfigurationStatus, NodeType, OrderStatus, QuoteStatus, TemplateType
from ..models import AttributeNode, Configuration, ConfigurationTemplate, ManufacturingType, Order, Quote

SORT_ORDERS = [("asc", "asc"), ("desc", "desc")]


class ManufacturingTypeFilter(django_filters.FilterSet):
    is_active = BooleanParamFilter()
    base_category = django_filters.CharFilter()
    search = django_filters.CharFilter(method="search_text")
    sort_by = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ("created_at", "name", "base_price")], method="sorted_later"
    )
    sort_order = django_filters.ChoiceFilter(choices=SORT_ORDERS, method="sorted_later")

    class Meta:
        model = ManufacturingType
        fields = ()

    def search_text(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def sorted_later(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        column = self.form.cleaned_data.get("sort_by") or "created_at"
        descending = self.form.cleaned_data.get("sort_order") == "desc"
        return queryset.order_by(f"-{column}", "-id") if descending else queryset.order_by(column, "id")


class AttributeNodeFilter(django_filters.FilterSet):
    manufacturing_type_id = IdFilter(field_name="manufacturing_type_id")
    parent_node_id = django_filters.CharFilter(method="under_parent")
    node_type = django_filters.ChoiceFilter(choices=NodeType.choices)

    class Meta:
        model = AttributeNode
        fields = ()

    def under_parent(self, queryset, name, value):
        """`null` lists roots; an id lists that node's children (spec "List Attribute Nodes")."""
        if value.lower() == "null":
            return queryset.filter(parent__isnull=True)
        if not is_plain_number(value) or not 0 < int(value) <= MAX_ID:
            raise ValidationError({name: [ErrorDetail("Must be a node id or 'null'", "type_error.integer")]})
        return queryset.filter(parent_id=int(value))


class ConfigurationFilter(django_filters.FilterSet):
    manufacturing_type_id = IdFilter(field_name="manufacturing_type_id")
    status = django_filters.ChoiceFilter(choices=ConfigurationStatus.choices)

    class Meta:
        model = Configuration
        fields = ()


class TemplateFilter(django_filters.FilterSet):
    manufacturing_type_id = IdFilter(field_name="manufacturing_type_id")
    template_type = django_filters.ChoiceFilter(choices=TemplateType.choices)

    class Meta:
        model = ConfigurationTemplate
        fields = ()


class QuoteFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=QuoteStatus.choices)

    class Meta:
        model = Quote
        fields = ()


class OrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices)

    class Meta:
        model = Order
        fields = ()
