from celery import shared_task

from . import services


@shared_task(name="accounts.tasks.flush_expired_tokens_task")
def flush_expired_tokens_task() -> int:
    return services.flush_expired_tokens()
