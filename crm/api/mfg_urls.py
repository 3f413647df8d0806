from django.urls import path

from . import mfg_views as views

mfg = [
    path("call-request", views.CallRequestCreateView.as_view(), name="mfg-call-request"),
    path("call-requests", views.CallRequestCreateView.as_view(), name="mfg-call-requests"),
    path("admin/call-requests", views.AdminCallRequestListView.as_view(), name="mfg-admin-call-requests"),
    path(
        "admin/call-requests/<id:call_request_id>",
        views.AdminCallRequestDetailView.as_view(),
        name="mfg-admin-call-request-detail",
    ),
    path("orders/<id:order_id>/invoice/refresh", views.OrderInvoiceRefreshView.as_view(), name="mfg-invoice-refresh"),
    path("sync/status", views.SyncStatusView.as_view(), name="mfg-sync-status"),
    path("sync/queue", views.SyncQueueView.as_view(), name="mfg-sync-queue"),
    path("sync/process", views.SyncProcessView.as_view(), name="mfg-sync-process"),
    path("sync/all", views.SyncAllView.as_view(), name="mfg-sync-all"),
    path("sync/pending", views.SyncPendingView.as_view(), name="mfg-sync-pending"),
    path("bitrix/webhook", views.BitrixWebhookView.as_view(), name="mfg-bitrix-webhook"),
]
