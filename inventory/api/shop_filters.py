import django_filters

from config.api.filters import BooleanParamFilter

from ..models import WarehouseItem


class WarehouseFilter(django_filters.FilterSet):
    variety = django_filters.CharFilter(lookup_expr="icontains", max_length=200)
    supplier = django_filters.CharFilter(lookup_expr="icontains", max_length=200)
    onShowcase = BooleanParamFilter(field_name="on_showcase")  # noqa: N815 (the spec's parameter name)
    toWriteOff = BooleanParamFilter(field_name="to_write_off")  # noqa: N815

    class Meta:
        model = WarehouseItem
        fields = ()
