from celery import shared_task

from . import services


@shared_task
def expire_overdue_quotes_task() -> int:
    """Beat, hourly: draft and sent quotes past valid_until become expired (reference §6.5)."""
    return services.expire_overdue_quotes()
