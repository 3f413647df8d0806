"""Bitrix24 work in Celery (queue `crm`): thin, idempotent, safe to run twice."""

from dataclasses import asdict

from celery import shared_task

from . import services, sync


@shared_task(name="crm.tasks.process_sync_queue")
def process_sync_queue(limit: int = 50) -> dict:
    return asdict(sync.drain(limit))


@shared_task(name="crm.tasks.process_bitrix_event")
def process_bitrix_event(event_id: int) -> str | None:
    return services.process_event(event_id)


@shared_task(name="crm.tasks.reconcile_deals")
def reconcile_deals() -> int:
    return services.reconcile_deals()
