"""Customer endpoints of the configurator API: superusers only (spec "Customers API")."""

from rest_framework import mixins

from config.api.configurator import ConfiguratorGenericViewSet, IsSuperuser

from .. import services
from ..models import Customer
from .customer_filters import CustomerFilter
from .customer_serializers import ConfiguratorCustomerSerializer


class CustomerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [IsSuperuser]
    queryset = Customer.objects.order_by("id")
    serializer_class = ConfiguratorCustomerSerializer
    filterset_class = CustomerFilter
    not_found_message = "Customer not found"

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_created(services.save_customer(None, **serializer.validated_data))

    def partial_update(self, request, pk):
        customer = self.get_object()
        serializer = self.get_serializer(customer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self.answer_updated(services.save_customer(customer, **serializer.validated_data))
