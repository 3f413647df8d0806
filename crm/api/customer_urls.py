"""Customer routes of the configurator API (mounted below /api/configurator/v1/)."""

from django.urls import path

from . import shop_views
from .customer_views import CustomerViewSet

configurator = [
    path("customers", CustomerViewSet.as_view({"get": "list", "post": "create"}), name="cfg-customers"),
    path(
        "customers/<id:pk>",
        CustomerViewSet.as_view({"get": "retrieve", "patch": "partial_update"}),
        name="cfg-customer",
    ),
]

# Below /api/shop/ (shop-cvety.md "Customers").
shop = [
    path("customers", shop_views.CustomersView.as_view(), name="shop-customers"),
    path("customers/<id:pk>", shop_views.CustomerView.as_view(), name="shop-customer"),
    path("customers/<id:pk>/important-dates", shop_views.ImportantDatesView.as_view(), name="shop-customer-dates"),
]
