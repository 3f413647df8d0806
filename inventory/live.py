"""Task progress pushed to websockets (/ws/tasks, inventory/consumers.py) as it happens.

Every change of a task row is published to one channel group; each connection decides what it shows
(its subscriptions, or its own tasks, or every task for an admin). Messages carry the row as read
after the change, so a socket never has to ask the database.
"""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from .models import Task

TASKS_GROUP = "inventory.tasks"
TASK_FIELDS = (
    "task_type",
    "name",
    "status",
    "priority",
    "progress_percentage",
    "current_step",
    "error_message",
)


def _iso(value) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None


def task_message(task: Task) -> dict:
    return {
        "id": str(task.pk),
        **{field: getattr(task, field) for field in TASK_FIELDS},
        "created_by": task.created_by_id,
        "created_at": _iso(task.created_at),
        "started_at": _iso(task.started_at),
        "completed_at": _iso(task.completed_at),
        "result_data": task.result_data,
    }


def publish_task(task_id) -> None:
    """Announce a task's current state to every /ws/tasks connection (each filters for itself)."""
    task = Task.objects.filter(pk=task_id).defer("payload").first()
    if task is not None:
        async_to_sync(get_channel_layer().group_send)(
            TASKS_GROUP, {"type": "task.update", "task": task_message(task), "owner": task.created_by_id}
        )


def broadcast(message: str, level: str = "info") -> None:
    async_to_sync(get_channel_layer().group_send)(
        TASKS_GROUP, {"type": "notification", "message": message, "level": level}
    )
