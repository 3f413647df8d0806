"""Background work of the files app; routed to the `previews` queue (CELERY_TASK_ROUTES)."""

from celery import shared_task

from . import services
from .models import ModelFile


@shared_task(ignore_result=True)
def generate_preview_task(model_file_id: int) -> None:
    """Render a model's preview; a row deleted meanwhile is nothing to do."""
    model_file = ModelFile.objects.filter(pk=model_file_id).first()
    if model_file is not None:
        services.generate_preview(model_file)
