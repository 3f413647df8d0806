import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from files import services
from files.choices import PreviewStatus
from files.models import Document, ModelFile

from .factories import DemoModelFileFactory, DocumentFactory, ModelFileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("boss", "boss@example.com", "pass-for-admin-1")
    client.force_login(admin)
    return client


def test_model_file_list_with_search_filters_and_thumbnails(admin_client):
    ready = ModelFileFactory(original_filename="gearbox.stl")
    services.generate_preview(ready)
    ModelFileFactory(original_filename="other.stl")
    url = reverse("admin:files_modelfile_changelist")
    page = admin_client.get(url, {"q": "gearbox"}).content.decode()
    assert "gearbox.stl" in page and "other.stl" not in page
    assert reverse("admin:files_modelfile_preview", args=[ready.pk]) in page
    assert "30 x 20 x 10" in page
    assert admin_client.get(url, {"preview_status__exact": "ready", "is_demo__exact": "0"}).status_code == 200


def test_preview_image_is_served_to_staff(admin_client):
    model_file = ModelFileFactory()
    services.generate_preview(model_file)
    url = reverse("admin:files_modelfile_preview", args=[model_file.pk])
    response = admin_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert (
        admin_client.get(reverse("admin:files_modelfile_preview", args=[DemoModelFileFactory().pk])).status_code == 404
    )


def test_preview_image_needs_a_staff_login(client):
    model_file = ModelFileFactory(preview_status=PreviewStatus.READY)
    response = client.get(reverse("admin:files_modelfile_preview", args=[model_file.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_rerun_preview_action(admin_client, django_capture_on_commit_callbacks):
    failed = ModelFileFactory(preview_status=PreviewStatus.FAILED, preview_error="boom")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:files_modelfile_changelist"),
            {"action": "rerun_preview", "_selected_action": [failed.pk]},
            follow=True,
        )
    assert "Preview generation queued for 1 file(s)." in response.content.decode()
    failed.refresh_from_db()
    assert failed.preview_status == PreviewStatus.READY and failed.preview_error == ""


def test_change_page_shows_geometry_and_preview(admin_client):
    model_file = ModelFileFactory()
    page = admin_client.get(reverse("admin:files_modelfile_change", args=[model_file.pk])).content.decode()
    assert "Geometry (mm)" in page and "Pending" in page


def test_admin_delete_removes_stored_files(admin_client, django_capture_on_commit_callbacks):
    model_file = ModelFileFactory()
    name = model_file.file.name
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:files_modelfile_changelist"),
            {"action": "delete_selected", "_selected_action": [model_file.pk], "post": "yes"},
        )
    assert not ModelFile.objects.exists() and not default_storage.exists(name)


def test_document_list_search_filter_and_download(admin_client):
    document = DocumentFactory(original_filename="contract-17.pdf", category="contract")
    DocumentFactory(original_filename="drawing.pdf")
    url = reverse("admin:files_document_changelist")
    page = admin_client.get(url, {"q": "contract-17"}).content.decode()
    assert "contract-17.pdf" in page and "drawing.pdf" not in page
    assert admin_client.get(url, {"category": "contract"}).status_code == 200
    response = admin_client.get(reverse("admin:files_document_download", args=[document.pk]))
    assert response.status_code == 200 and "contract-17.pdf" in response["Content-Disposition"]
    assert Document.objects.count() == 2
