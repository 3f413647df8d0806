"""Websockets of the inventory API (spec "WebSocket Endpoints"): live task progress and admin monitoring.

Both take the platform JWT as `?token=` (config/websocket_auth.py). A refused connection closes with
the spec's codes: 4001 without a valid token, 4003 for a signed-in user who may not use the socket.
`/ws/tasks` shows a connection its own tasks (an admin: every task) until it subscribes to some;
from then on it shows only those. `/ws/admin` also reads system statistics and broadcasts notices.
"""

import uuid

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.db.models import Count
from django.utils import timezone

from . import live, roles
from .models import Category, Location, Part, Task

UNAUTHENTICATED = 4001
FORBIDDEN = 4003
MAX_SUBSCRIPTIONS = 100
MAX_NOTICE_LENGTH = 1000

_connections = {"tasks": 0, "admin": 0}  # this process's open sockets, for connection_info


class TasksConsumer(AsyncJsonWebsocketConsumer):
    kind = "tasks"
    required_permission = "parts:read"

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=UNAUTHENTICATED)
            return
        if not await self._allowed(user):
            await self.close(code=FORBIDDEN)
            return
        self.user = user
        self.is_admin = await database_sync_to_async(roles.has_permission)(user, "admin")
        self.subscriptions: set[str] = set()
        self.connected_at = timezone.now()
        await self.channel_layer.group_add(live.TASKS_GROUP, self.channel_name)
        _connections[self.kind] += 1
        await self.accept()

    @database_sync_to_async
    def _allowed(self, user) -> bool:
        return roles.has_permission(user, self.required_permission)

    async def disconnect(self, code):
        if hasattr(self, "user"):
            _connections[self.kind] -= 1
            await self.channel_layer.group_discard(live.TASKS_GROUP, self.channel_name)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        handler = getattr(self, f"on_{kind}", None) if isinstance(kind, str) and kind.isidentifier() else None
        if handler is None:
            await self.send_json({"type": "error", "message": f"Unknown message type: {kind!r}"})
            return
        await handler(content)

    async def on_ping(self, content):
        await self.send_json({"type": "pong", "timestamp": timezone.now().isoformat()})

    async def on_subscribe_task(self, content):
        task_id = str(content.get("task_id", ""))
        if not await self._may_see(task_id):
            await self.send_json({"type": "error", "message": "Task not found", "task_id": task_id})
            return
        if len(self.subscriptions) >= MAX_SUBSCRIPTIONS:
            await self.send_json({"type": "error", "message": f"At most {MAX_SUBSCRIPTIONS} subscriptions"})
            return
        self.subscriptions.add(task_id)
        await self.send_json({"type": "subscribed", "task_id": task_id})

    async def on_unsubscribe_task(self, content):
        task_id = str(content.get("task_id", ""))
        self.subscriptions.discard(task_id)
        await self.send_json({"type": "unsubscribed", "task_id": task_id})

    async def on_get_connection_info(self, content):
        await self.send_json(
            {
                "type": "connection_info",
                "data": {
                    "user_id": self.user.pk,
                    "username": self.user.username,
                    "connected_at": self.connected_at.isoformat(),
                    "subscriptions": sorted(self.subscriptions),
                    "connections": dict(_connections),
                },
            }
        )

    @database_sync_to_async
    def _may_see(self, task_id: str) -> bool:
        try:
            uuid.UUID(task_id)
        except ValueError:
            return False
        task = Task.objects.filter(pk=task_id).only("created_by_id").first()
        return task is not None and (self.is_admin or task.created_by_id == self.user.pk)

    def _shows(self, task_id: str, owner) -> bool:
        if self.subscriptions:
            return task_id in self.subscriptions
        return self.is_admin or owner == self.user.pk

    async def task_update(self, event):
        if self._shows(event["task"]["id"], event["owner"]):
            await self.send_json({"type": "task_update", "data": event["task"]})

    async def notification(self, event):
        await self.send_json({"type": "notification", "message": event["message"], "level": event["level"]})


class AdminConsumer(TasksConsumer):
    """Everything `/ws/tasks` does for every task, with statistics and broadcasts (admins only)."""

    kind = "admin"
    required_permission = "admin"

    async def on_get_system_stats(self, content):
        await self.send_json({"type": "system_stats", "data": await database_sync_to_async(system_stats)()})

    async def on_broadcast_notification(self, content):
        message = content.get("message")
        level = content.get("level", "info")
        if not isinstance(message, str) or not message.strip() or len(message) > MAX_NOTICE_LENGTH:
            await self.send_json({"type": "error", "message": f"Send a message of 1 to {MAX_NOTICE_LENGTH} characters"})
            return
        if level not in ("info", "success", "warning", "error"):
            level = "info"
        await database_sync_to_async(live.broadcast)(message.strip(), level)
        await self.send_json({"type": "broadcast_sent"})


def system_stats() -> dict:
    tasks = dict(Task.objects.order_by().values_list("status").annotate(count=Count("id")))
    return {
        "parts": Part.objects.count(),
        "locations": Location.objects.count(),
        "categories": Category.objects.count(),
        "tasks": tasks,
        "connections": dict(_connections),
        "time": timezone.now().isoformat(),
    }
