from django.urls import path

from . import views

mfg = [
    path("orders", views.OrderListCreateView.as_view(), name="mfg-orders"),
    path("orders/invoices/missing", views.MissingInvoicesView.as_view(), name="mfg-orders-missing-invoices"),
    path("orders/<id:order_id>", views.OrderDetailView.as_view(), name="mfg-order-detail"),
    path("orders/<id:order_id>/invoice", views.OrderInvoiceView.as_view(), name="mfg-order-invoice"),
    path("admin/orders", views.AdminOrderListView.as_view(), name="mfg-admin-orders"),
    path("admin/orders/<id:order_id>", views.AdminOrderDetailView.as_view(), name="mfg-admin-order-detail"),
]
