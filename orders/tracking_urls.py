from django.urls import path

from . import tracking_views

urlpatterns = [
    path("photos/<uuid:image_id>.<slug:extension>", tracking_views.order_photo, name="shop-order-photo"),
    path("<str:token>/", tracking_views.track, name="shop-tracking-page"),
]
