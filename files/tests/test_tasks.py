import pytest

from config.celery import app
from files import tasks
from files.choices import PreviewStatus
from files.models import ModelFile

from .factories import ModelFileFactory

pytestmark = pytest.mark.django_db


def test_generate_preview_renders_the_row():
    model_file = ModelFileFactory()
    tasks.generate_preview_task.delay(model_file.pk)
    assert ModelFile.objects.get(pk=model_file.pk).preview_status == PreviewStatus.READY


def test_is_safe_to_run_twice():
    model_file = ModelFileFactory()
    tasks.generate_preview_task(model_file.pk)
    tasks.generate_preview_task(model_file.pk)
    model_file.refresh_from_db()
    assert model_file.preview_generated


def test_a_deleted_row_is_nothing_to_do():
    assert tasks.generate_preview_task(999_999) is None


def test_is_routed_to_the_previews_queue():
    route = app.amqp.router.route({}, tasks.generate_preview_task.name)
    assert route["queue"].name == "previews"
