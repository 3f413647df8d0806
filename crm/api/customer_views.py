"""Customer endpoints of the configurator API: superusers only (spec "Customers API")."""

from django.db import IntegrityError, transaction
from rest_framework import mixins
from rest_framework.response import Response

from config.api.configurator import ConfiguratorGenericViewSet, IsSuperuser
from config.api.errors import Conflict

from ..models import Customer
from .customer_filters import CustomerFilter
from .customer_serializers import ConfiguratorCustomerSerializer

EMAIL_TAKEN = "Customer with this email already exists"


class CustomerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ConfiguratorGenericViewSet):
    permission_classes = [IsSuperuser]
    queryset = Customer.objects.order_by("id")
    serializer_class = ConfiguratorCustomerSerializer
    filterset_class = CustomerFilter
    not_found_message = "Customer not found"

    def _save(self, serializer):
        """One row; a taken email (any case) is 409, also when two requests race for it."""
        email = serializer.validated_data.get("email")
        instance = serializer.instance
        if email is not None:
            taken = Customer.objects.filter(email__iexact=email)
            if instance is not None:
                taken = taken.exclude(pk=instance.pk)
            if taken.exists():
                raise Conflict(EMAIL_TAKEN)
        try:
            with transaction.atomic():
                return serializer.save()
        except IntegrityError:
            raise Conflict(EMAIL_TAKEN) from None

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        customer = self._save(serializer)
        return Response(self.get_serializer(customer).data, status=self.dialect.create_status)

    def partial_update(self, request, pk):
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(self.get_serializer(self._save(serializer)).data)
