"""Websocket routes of every app, served by the ASGI app (config/asgi.py)."""

from django.urls import path

from accounts.consumers import NotificationsConsumer

websocket_urlpatterns = [
    path("ws/notifications", NotificationsConsumer.as_asgi()),
]
