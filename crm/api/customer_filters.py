import django_filters

from ..models import Customer, CustomerType


class CustomerFilter(django_filters.FilterSet):
    is_active = django_filters.BooleanFilter()
    customer_type = django_filters.ChoiceFilter(choices=CustomerType.choices)

    class Meta:
        model = Customer
        fields = ()
