from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("photos/<uuid:image_id>.<slug:extension>", views.product_photo, name="product-photo"),
]
