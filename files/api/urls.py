from django.urls import path

from . import views

mfg = [
    path("files", views.ModelFileListView.as_view(), name="mfg-files"),
    path("files/demo", views.DemoFileListView.as_view(), name="mfg-files-demo"),
    path("files/<id:file_id>", views.ModelFileDetailView.as_view(), name="mfg-file-detail"),
    path("files/<id:file_id>/download", views.ModelFileDownloadView.as_view(), name="mfg-file-download"),
    path("files/<id:file_id>/preview", views.ModelFilePreviewView.as_view(), name="mfg-file-preview"),
    path("documents", views.DocumentListView.as_view(), name="mfg-documents"),
    path("documents/<id:document_id>", views.DocumentDetailView.as_view(), name="mfg-document-detail"),
    path("documents/<id:document_id>/download", views.DocumentDownloadView.as_view(), name="mfg-document-download"),
    path("admin/documents", views.AdminDocumentListView.as_view(), name="mfg-admin-documents"),
]
