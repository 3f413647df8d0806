"""Routes of the print shop API below /api/printshop/ (spec paths, no trailing slash)."""

from django.urls import path

from . import filament_views, views

printshop = [
    path("filaments", filament_views.FilamentsView.as_view(), name="printshop-filaments"),
    path("filaments/<id:filament_id>", filament_views.FilamentView.as_view(), name="printshop-filament"),
    path("bambu/printers", views.PrintersView.as_view(), name="printshop-printers"),
    path("bambu/printers/<id:printer_id>", views.PrinterView.as_view(), name="printshop-printer"),
    path("bambu/printers/<id:printer_id>/status", views.PrinterStatusView.as_view(), name="printshop-printer-status"),
    path("bambu/materials", views.MaterialsView.as_view(), name="printshop-materials"),
    path("bambu/materials/<id:slot_id>", views.MaterialView.as_view(), name="printshop-material"),
]
