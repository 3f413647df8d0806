from django.urls import path

from . import tracking_views

urlpatterns = [
    path("<str:token>/", tracking_views.track, name="shop-tracking-page"),
]
