from django.urls import path

from . import shop_views, views

mfg = [
    path("orders", views.OrderListCreateView.as_view(), name="mfg-orders"),
    path("orders/invoices/missing", views.MissingInvoicesView.as_view(), name="mfg-orders-missing-invoices"),
    path("orders/<id:order_id>", views.OrderDetailView.as_view(), name="mfg-order-detail"),
    path("orders/<id:order_id>/invoice", views.OrderInvoiceView.as_view(), name="mfg-order-invoice"),
    path("admin/orders", views.AdminOrderListView.as_view(), name="mfg-admin-orders"),
    path("admin/orders/<id:order_id>", views.AdminOrderDetailView.as_view(), name="mfg-admin-order-detail"),
]

shop = [
    path("orders", shop_views.OrderListCreateView.as_view(), name="shop-orders"),
    path("orders/with-items", shop_views.OrderWithItemsView.as_view(), name="shop-orders-with-items"),
    path("orders/<id:order_id>", shop_views.OrderDetailView.as_view(), name="shop-order-detail"),
    path("orders/<id:order_id>/status", shop_views.OrderStatusView.as_view(), name="shop-order-status"),
    path("orders/<id:order_id>/issue", shop_views.OrderIssueView.as_view(), name="shop-order-issue"),
    path("orders/<id:order_id>/photos", shop_views.OrderPhotoCreateView.as_view(), name="shop-order-photos"),
    path(
        "orders/<id:order_id>/photos/<id:photo_id>",
        shop_views.OrderPhotoDetailView.as_view(),
        name="shop-order-photo-detail",
    ),
    path("orders/<id:order_id>/payment-webhook", shop_views.PaymentWebhookView.as_view(), name="shop-payment-webhook"),
    path("production/tasks", shop_views.TaskListCreateView.as_view(), name="shop-production-tasks"),
    path("tracking/<str:token>", shop_views.TrackingView.as_view(), name="shop-tracking"),
]
