"""Inventory work in Celery: thin, re-reading the task row, quiet when it is gone or already taken."""

from celery import shared_task

from .services import task_work


@shared_task(name="inventory.tasks.run_task")
def run_task(task_id: str) -> str | None:
    """Any task created through the task routes; its Celery id is the row's, so a cancel revokes it."""
    return task_work.run(task_id)
