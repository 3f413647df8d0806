"""Background tasks of the inventory (spec "Task Management"): created under a per-type policy,
run on a Celery worker by a handler that does the real work, cancelled, retried, counted.

Every creation path (`POST /tasks/`, the quick routes, admin) goes through `create_task`, so the
policy (required permission, concurrent, hourly and daily limits) holds everywhere (the original
skipped it on the quick routes). The Celery task id is the row's id, so a cancel can revoke it.
"""

import functools
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.services import flush_expired_tokens
from config.errors import Conflict, DomainError, Forbidden, NotFound, Refused, TooManyRequests, Unavailable
from files.models import Image
from files.services import delete_image

from .. import live, roles, suppliers, tasks
from ..choices import FINISHED_TASK_STATUSES, TaskPriority, TaskStatus, TaskType
from ..models import Location, Part, SupplierOrderItem, Task
from . import backups, enrichment, imports

MAX_BULK_PARTS = 1000


@dataclass(frozen=True)
class Policy:
    permission: str  # the spec's permission string the creator must hold
    description: str
    concurrent: int
    per_hour: int
    per_day: int


ENRICH = ("parts:write", 5, 100, 500)
POLICIES = {
    TaskType.PART_ENRICHMENT: Policy(ENRICH[0], "Ask the part's supplier about it and keep the answer", *ENRICH[1:]),
    TaskType.DATASHEET_FETCH: Policy(ENRICH[0], "Find the part's datasheet at its supplier", *ENRICH[1:]),
    TaskType.IMAGE_FETCH: Policy(ENRICH[0], "Find the part's picture at its supplier", *ENRICH[1:]),
    TaskType.PRICE_UPDATE: Policy(ENRICH[0], "Read the part's current price breaks", *ENRICH[1:]),
    TaskType.BULK_ENRICHMENT: Policy("parts:write", "Enrich many parts, one after another", 2, 10, 50),
    TaskType.CSV_ENRICHMENT: Policy("parts:write", "Enrich every part of an imported supplier order", 2, 10, 50),
    TaskType.INVENTORY_AUDIT: Policy("parts:read", "Find parts without a place, out of stock or doubled", 1, 10, 50),
    TaskType.DATABASE_CLEANUP: Policy("admin", "Remove orphaned images, stale tasks, expired tokens", 1, 4, 24),
    TaskType.BACKUP_CREATION: Policy("admin", "Write a backup archive of the inventory to storage", 1, 4, 24),
}
# Imports carry a file: they are created by /csv/import/with-progress, never from an empty body here.
CREATED_ELSEWHERE = {TaskType.CSV_IMPORT: "Start an import with POST /csv/import/with-progress."}


def policy_for(task_type: str) -> Policy:
    if task_type in CREATED_ELSEWHERE:
        raise Refused("task_type", CREATED_ELSEWHERE[task_type])
    return POLICIES[TaskType(task_type)]


def allowed_types(user) -> list[str]:
    return [task_type.value for task_type, policy in POLICIES.items() if roles.has_permission(user, policy.permission)]


def usage(user, task_type: str | None = None) -> dict:
    now = timezone.now()
    mine = Task.objects.filter(created_by=user)
    if task_type:
        mine = mine.filter(task_type=task_type)
    return mine.aggregate(
        running=Count("id", filter=~Q(status__in=FINISHED_TASK_STATUSES)),
        last_hour=Count("id", filter=Q(created_at__gte=now - timedelta(hours=1))),
        last_day=Count("id", filter=Q(created_at__gte=now - timedelta(days=1))),
    )


def check_allowed(user, task_type: str) -> Policy:
    """The policy for `task_type` if `user` may create one now; else the reason, as a domain error."""
    policy = policy_for(task_type)
    if not roles.has_permission(user, policy.permission):
        raise Forbidden(f"Creating {task_type} tasks needs the `{policy.permission}` permission.")
    used = usage(user, task_type)
    if used["running"] >= policy.concurrent:
        raise TooManyRequests(f"At most {policy.concurrent} {task_type} tasks may run at once.", 60)
    if used["last_hour"] >= policy.per_hour:
        raise TooManyRequests(f"At most {policy.per_hour} {task_type} tasks an hour.", 3600)
    if used["last_day"] >= policy.per_day:
        raise TooManyRequests(f"At most {policy.per_day} {task_type} tasks a day.", 86400)
    return policy


def create_task(
    user,
    task_type: str,
    *,
    name: str = "",
    description: str = "",
    priority: str = TaskPriority.NORMAL,
    input_data: dict | None = None,
    max_retries: int = 3,
    timeout_seconds: int = 300,
) -> Task:
    policy = check_allowed(user, task_type)
    input_data = dict(input_data or {})
    CHECKS[TaskType(task_type)](input_data)
    task = Task.objects.create(
        task_type=task_type,
        name=name or policy.description,
        description=description,
        priority=priority,
        input_data=input_data,
        max_retries=max_retries,
        timeout_seconds=timeout_seconds,
        created_by=user,
    )
    enqueue(task)
    return task


def enqueue(task: Task, countdown: int = 0) -> None:
    transaction.on_commit(functools.partial(live.publish_task, task.pk))
    transaction.on_commit(
        functools.partial(tasks.run_task.apply_async, args=[str(task.pk)], task_id=str(task.pk), countdown=countdown)
    )


def cancel_task(task: Task) -> Task:
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status in FINISHED_TASK_STATUSES:
            raise Conflict(f"The task has already finished ({task.status}).")
        task.status, task.completed_at, task.current_step = TaskStatus.CANCELLED, timezone.now(), "Cancelled"
        task.payload = b""
        task.save(update_fields=["status", "completed_at", "current_step", "payload"])
    tasks.run_task.app.control.revoke(str(task.pk))
    live.publish_task(task.pk)
    return task


def retry_task(task: Task) -> Task:
    with transaction.atomic():
        task = Task.objects.select_for_update().get(pk=task.pk)
        if task.status not in (TaskStatus.FAILED, TaskStatus.CANCELLED):
            raise Conflict(f"Only a failed or cancelled task can be retried; this one is {task.status}.")
        if task.task_type == TaskType.CSV_IMPORT:
            raise Conflict("An import's file is not kept once it finishes: start the import again.")
        task.status, task.retry_count = TaskStatus.PENDING, task.retry_count + 1
        task.progress_percentage, task.current_step, task.error_message = 0, "", ""
        task.started_at = task.completed_at = None
        task.save()
        enqueue(task)
    return task


def update_task(task: Task, **changes) -> Task:
    """An admin's correction of a task's state (the spec's PUT)."""
    for name, value in changes.items():
        setattr(task, name, value)
    if changes.get("status") in FINISHED_TASK_STATUSES and not task.completed_at:
        task.completed_at = timezone.now()
    task.save()
    live.publish_task(task.pk)
    return task


def stats() -> dict:
    by_status = dict(Task.objects.order_by().values_list("status").annotate(n=Count("id")))
    by_type = dict(Task.objects.order_by().values_list("task_type").annotate(n=Count("id")))
    return {
        "total_tasks": sum(by_status.values()),
        "by_status": by_status,
        "by_type": by_type,
        "running_tasks": by_status.get(TaskStatus.RUNNING, 0),
        "pending_tasks": by_status.get(TaskStatus.PENDING, 0) + by_status.get(TaskStatus.RETRY, 0),
        "failed_tasks": by_status.get(TaskStatus.FAILED, 0),
        "completed_tasks": by_status.get(TaskStatus.COMPLETED, 0),
    }


# -- running -------------------------------------------------------------------------------------


class TaskCancelled(Exception):
    pass


def report(task: Task, percent: int, step: str) -> None:
    """Progress, and the place a cancel is noticed between steps (a cancelled row takes no update)."""
    moved = (
        Task.objects.filter(pk=task.pk)
        .exclude(status=TaskStatus.CANCELLED)
        .update(progress_percentage=max(0, min(percent, 100)), current_step=step[:255])
    )
    if not moved:
        raise TaskCancelled
    live.publish_task(task.pk)


def run(task_id: str) -> str | None:
    """The worker's side: claim the row, run its handler, keep the result. Returns the final status."""
    waiting = (TaskStatus.PENDING, TaskStatus.RETRY)
    claimed = Task.objects.filter(pk=task_id, status__in=waiting).update(
        status=TaskStatus.RUNNING, started_at=timezone.now(), current_step="Starting"
    )
    if not claimed:
        return None  # cancelled, finished, or another worker has it
    task = Task.objects.get(pk=task_id)
    live.publish_task(task.pk)
    try:
        result = HANDLERS[TaskType(task.task_type)](task)
    except TaskCancelled:
        return TaskStatus.CANCELLED
    except Unavailable as down:
        if task.retry_count < task.max_retries:
            return _retry_later(task, down.message)
        return _finish(task, TaskStatus.FAILED, error=down.message)
    except DomainError as refused:
        return _finish(task, TaskStatus.FAILED, error=refused.message)
    return _finish(task, TaskStatus.COMPLETED, result=result)


def _retry_later(task: Task, reason: str) -> str:
    delay = 30 * 2**task.retry_count
    Task.objects.filter(pk=task.pk, status=TaskStatus.RUNNING).update(
        status=TaskStatus.RETRY,
        retry_count=task.retry_count + 1,
        error_message=reason,
        current_step=f"Retrying in {delay} s",
    )
    live.publish_task(task.pk)
    enqueue(task, countdown=delay)
    return TaskStatus.RETRY


def _finish(task: Task, status: str, *, result=None, error: str = "") -> str:
    Task.objects.filter(pk=task.pk, status=TaskStatus.RUNNING).update(
        status=status,
        progress_percentage=100 if status == TaskStatus.COMPLETED else task.progress_percentage,
        current_step="Finished" if status == TaskStatus.COMPLETED else "Failed",
        result_data=result,
        error_message=error,
        payload=b"",  # an uploaded file is not kept once its task has finished
        completed_at=timezone.now(),
    )
    live.publish_task(task.pk)
    return status


# -- what each type checks at creation and does on the worker -------------------------------------


def _part_of(input_data: dict) -> Part:
    part = Part.objects.filter(pk=_uuid(input_data.get("part_id"), "part_id")).first()
    if part is None:
        raise NotFound("Part not found")
    return part


def _uuid(value, field: str) -> str:
    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        raise Refused(f"input_data.{field}", "A part id (UUID) is required.") from None


def _check_part(input_data: dict) -> None:
    _part_of(input_data)
    if input_data.get("supplier"):
        suppliers.client_for(input_data["supplier"])


def _check_parts(input_data: dict) -> None:
    ids = input_data.get("part_ids")
    if ids is not None:
        if not isinstance(ids, list) or not ids or len(ids) > MAX_BULK_PARTS:
            raise Refused("input_data.part_ids", f"Give 1 to {MAX_BULK_PARTS} part ids, or none for every part.")
        input_data["part_ids"] = [_uuid(value, "part_ids") for value in ids]


def _check_order(input_data: dict) -> None:
    if not SupplierOrderItem.objects.filter(order_id=_uuid(input_data.get("order_id"), "order_id")).exists():
        raise NotFound("Supplier order not found")


def _nothing_to_check(input_data: dict) -> None:
    return None


def _enrich_one(task: Task, keep: Callable[[suppliers.SupplierPart], dict]) -> dict:
    part = _part_of(task.input_data)
    report(task, 20, f"Asking {task.input_data.get('supplier') or part.supplier} about {part.part_name}")
    found = enrichment.enrich_part(part, task.input_data.get("supplier") or None)
    return {"part_id": str(part.pk), **keep(found)}


def _enrich_many(task: Task, parts) -> dict:
    parts = list(parts[:MAX_BULK_PARTS])
    enriched, failed = [], []
    for n, part in enumerate(parts):
        report(task, round(100 * n / max(len(parts), 1)), f"Part {n + 1} of {len(parts)}: {part.part_name}")
        try:
            enrichment.enrich_part(part)
            enriched.append(str(part.pk))
        except DomainError as refused:
            failed.append({"part_id": str(part.pk), "part_name": part.part_name, "error": refused.message})
    return {"parts": len(parts), "enriched": len(enriched), "failed": failed}


def _bulk(task: Task) -> dict:
    ids = task.input_data.get("part_ids")
    parts = Part.objects.filter(pk__in=ids) if ids else Part.objects.exclude(supplier="")
    return _enrich_many(task, parts.order_by("part_name"))


def _csv_enrichment(task: Task) -> dict:
    order_id = task.input_data["order_id"]
    parts = Part.objects.filter(order_items__order_id=order_id).distinct().order_by("part_name")
    return _enrich_many(task, parts)


def _audit(task: Task) -> dict:
    report(task, 10, "Reading the inventory")
    duplicated = (
        Part.objects.exclude(part_number="")
        .values("part_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("part_number")
    )
    empty = Location.objects.filter(parts__isnull=True, children__isnull=True).order_by("name")
    sample = 100
    return {
        "parts_without_location": list(Part.objects.filter(location=None).values_list("part_name", flat=True)[:sample]),
        "parts_out_of_stock": list(Part.objects.filter(quantity=0).values_list("part_name", flat=True)[:sample]),
        "duplicate_part_numbers": [row["part_number"] for row in duplicated[:sample]],
        "empty_locations": list(empty.values_list("name", flat=True)[:sample]),
        "counts": {
            "parts_without_location": Part.objects.filter(location=None).count(),
            "parts_out_of_stock": Part.objects.filter(quantity=0).count(),
            "duplicate_part_numbers": duplicated.count(),
            "empty_locations": empty.count(),
        },
    }


def _cleanup(task: Task) -> dict:
    report(task, 10, "Stale tasks")
    now = timezone.now()
    stale = 0
    for running in Task.objects.filter(status=TaskStatus.RUNNING).exclude(pk=task.pk):
        if running.started_at and running.started_at + timedelta(seconds=running.timeout_seconds * 2) < now:
            stale += Task.objects.filter(pk=running.pk, status=TaskStatus.RUNNING).update(
                status=TaskStatus.FAILED, error_message="Timed out (found by cleanup)", completed_at=now
            )
    old = Task.objects.filter(status__in=FINISHED_TASK_STATUSES, completed_at__lt=now - timedelta(days=30)).delete()[0]
    report(task, 50, "Orphaned images")
    shown = set(backups.shown_images().values_list("pk", flat=True))
    # A shop product's photo is an Image too, shown by its storefront rather than by a part.
    unattached = Image.objects.filter(uploaded_at__lt=now - timedelta(days=1), product_photo__isnull=True)
    orphans = [image for image in unattached if image.pk not in shown]
    for image in orphans:
        delete_image(image)
    report(task, 80, "Expired tokens")
    tokens = flush_expired_tokens()
    return {
        "stale_tasks_failed": stale,
        "old_tasks_deleted": old,
        "orphaned_images_deleted": len(orphans),
        "expired_tokens_deleted": tokens,
    }


def _backup(task: Task) -> dict:
    report(task, 10, "Writing the archive")
    with backups.backup_zip() as archive:
        name = default_storage.save(f"backups/inventory-{timezone.now():%Y%m%d-%H%M%S}.zip", File(archive))
        size = default_storage.size(name)
    return {"file": name, "size": size}


CHECKS = {
    TaskType.PART_ENRICHMENT: _check_part,
    TaskType.DATASHEET_FETCH: _check_part,
    TaskType.IMAGE_FETCH: _check_part,
    TaskType.PRICE_UPDATE: _check_part,
    TaskType.BULK_ENRICHMENT: _check_parts,
    TaskType.CSV_ENRICHMENT: _check_order,
    TaskType.INVENTORY_AUDIT: _nothing_to_check,
    TaskType.DATABASE_CLEANUP: _nothing_to_check,
    TaskType.BACKUP_CREATION: _nothing_to_check,
}
HANDLERS = {
    # Read at call time: imports and this module import each other (an import runs as a task).
    TaskType.CSV_IMPORT: lambda task: imports.run_import(task),
    TaskType.PART_ENRICHMENT: lambda task: _enrich_one(task, lambda found: {"supplier_part": found.as_dict()}),
    TaskType.DATASHEET_FETCH: lambda task: _enrich_one(task, lambda found: {"datasheet_url": found.datasheet_url}),
    TaskType.IMAGE_FETCH: lambda task: _enrich_one(task, lambda found: {"image_url": found.image_url}),
    TaskType.PRICE_UPDATE: lambda task: _enrich_one(
        task, lambda found: {"price_breaks": found.as_dict()["price_breaks"]}
    ),
    TaskType.BULK_ENRICHMENT: _bulk,
    TaskType.CSV_ENRICHMENT: _csv_enrichment,
    TaskType.INVENTORY_AUDIT: _audit,
    TaskType.DATABASE_CLEANUP: _cleanup,
    TaskType.BACKUP_CREATION: _backup,
}
