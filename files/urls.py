from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("models/", views.my_models, name="mine"),
    path("models/<int:file_id>/", views.detail, name="detail"),
    path("models/<int:file_id>/preview.png", views.preview, name="preview"),
    path("models/<int:file_id>/delete/", views.delete, name="delete"),
]
