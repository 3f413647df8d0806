"""An upload's preview rendered by a real Celery worker through the broker (Redis in CI)."""

import time

import pytest

from config.testing.clients import client_for
from files.models import ModelFile

from .factories import BOX_STL, b64
from .hostile import overlapping_triangles_stl


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.services
@pytest.mark.parametrize("content", [BOX_STL, overlapping_triangles_stl()], ids=["box", "overlapping-triangles"])
def test_upload_preview_goes_through_the_worker(real_celery_worker, user, content):
    """The request measures the model; the preview is rendered by the worker, never in the request."""
    response = client_for(user).post(
        "/api/mfg/files", {"file_name": "part.stl", "file_data": b64(content)}, format="json"
    )
    assert response.status_code == 200 and response.json()["preview_generated"] is False
    file_id = response.json()["id"]
    assert wait_for(lambda: ModelFile.objects.get(pk=file_id).preview_generated), "the worker never rendered it"
    preview = client_for(user).get(f"/api/mfg/files/{file_id}/preview")
    assert preview.status_code == 200 and b"".join(preview.streaming_content).startswith(b"\x89PNG")
