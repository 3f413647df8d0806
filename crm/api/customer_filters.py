import django_filters

from config.api.filters import BooleanParamFilter

from ..models import Customer, CustomerType


class CustomerFilter(django_filters.FilterSet):
    is_active = BooleanParamFilter()
    customer_type = django_filters.ChoiceFilter(choices=CustomerType.choices)

    class Meta:
        model = Customer
        fields = ()
