"""Websocket routes of every app, served by the ASGI app (config/asgi.py)."""

from django.urls import path

from accounts.consumers import NotificationsConsumer
from inventory.consumers import AdminConsumer, TasksConsumer

websocket_urlpatterns = [
    path("ws/notifications", NotificationsConsumer.as_asgi()),
    # The inventory spec's sockets, at its paths and under the API's mount.
    path("ws/tasks", TasksConsumer.as_asgi()),
    path("ws/admin", AdminConsumer.as_asgi()),
    path("api/inventory/ws/tasks", TasksConsumer.as_asgi()),
    path("api/inventory/ws/admin", AdminConsumer.as_asgi()),
]
