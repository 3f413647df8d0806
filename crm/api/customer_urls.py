"""Customer routes of the configurator API (mounted below /api/configurator/v1/)."""

from django.urls import path

from .customer_views import CustomerViewSet

configurator = [
    path("customers", CustomerViewSet.as_view({"get": "list", "post": "create"}), name="cfg-customers"),
    path(
        "customers/<id:pk>",
        CustomerViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="cfg-customer",
    ),
]
