"""Routes of the print shop API below /api/printshop/ (spec paths, no trailing slash)."""

from django.urls import path

from . import filament_views, queue_views, views

printshop = [
    path("filaments", filament_views.FilamentsView.as_view(), name="printshop-filaments"),
    path("filaments/<id:filament_id>", filament_views.FilamentView.as_view(), name="printshop-filament"),
    path(
        "filaments/<id:filament_id>/usage", filament_views.FilamentUsageView.as_view(), name="printshop-filament-usage"
    ),
    path("bambu/printers", views.PrintersView.as_view(), name="printshop-printers"),
    path("bambu/printers/<id:printer_id>", views.PrinterView.as_view(), name="printshop-printer"),
    path("bambu/printers/<id:printer_id>/status", views.PrinterStatusView.as_view(), name="printshop-printer-status"),
    path("bambu/materials", views.MaterialsView.as_view(), name="printshop-materials"),
    path("bambu/materials/<id:slot_id>", views.MaterialView.as_view(), name="printshop-material"),
    path("bambu/scheduled-prints", queue_views.ScheduledPrintsView.as_view(), name="printshop-scheduled-prints"),
    path(
        "bambu/scheduled-prints/<id:print_id>",
        queue_views.ScheduledPrintView.as_view(),
        name="printshop-scheduled-print",
    ),
    path(
        "bambu/scheduled-prints/<id:print_id>/queue",
        queue_views.PrinterQueueView.as_view(),
        name="printshop-printer-queue",
    ),
    path("bambu/notifications", queue_views.NotificationsView.as_view(), name="printshop-notifications"),
    path("bambu/notifications/<id:settings_id>", queue_views.NotificationView.as_view(), name="printshop-notification"),
]
