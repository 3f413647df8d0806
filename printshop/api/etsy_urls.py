"""Etsy sign-in, orders and analytics under /api/printshop/ (spec paths exactly; config/urls.py mounts them)."""

from django.urls import path

from . import etsy_views as views

printshop = [
    path("auth/login", views.EtsyLoginView.as_view(), name="printshop-auth-login"),
    path("auth/callback", views.EtsyCallbackView.as_view(), name="printshop-auth-callback"),
    path("auth/logout", views.EtsyLogoutView.as_view(), name="printshop-auth-logout"),
    path("auth/user", views.EtsyUserView.as_view(), name="printshop-auth-user"),
    path("orders", views.OrderListView.as_view(), name="printshop-orders"),
    path("orders/sync", views.OrderSyncView.as_view(), name="printshop-orders-sync"),
    path("orders/<id:order_id>", views.OrderDetailView.as_view(), name="printshop-order"),
    path("orders/<id:order_id>/schedule", views.OrderScheduleView.as_view(), name="printshop-order-schedule"),
    path("orders/<id:order_id>/notes", views.OrderNotesView.as_view(), name="printshop-order-notes"),
    path(
        "orders/<id:order_id>/communications",
        views.OrderCommunicationsView.as_view(),
        name="printshop-order-communications",
    ),
    path("analytics/dashboard", views.DashboardView.as_view(), name="printshop-analytics-dashboard"),
    path("analytics/revenue", views.RevenueView.as_view(), name="printshop-analytics-revenue"),
]
