"""Document endpoints of the manufacturing service API, per spec "Documents"."""

import pytest
from django.core.files.storage import default_storage

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import MFG
from config.testing.endpoints import BadPayloadCase, CreateCase, DetailCase, ListCase, OwnedDeleteCase, StaffOnlyCase
from files.api import views
from files.models import Document

from .factories import PDF_BYTES, DocumentFactory, b64

pytestmark = pytest.mark.django_db

DOCUMENT_FIELDS = {"id", "filename", "original_filename", "file_size", "file_type", "category", "uploaded_at"}
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(client, **overrides):
    payload = {
        "file_name": "drawing.pdf",
        "file_data": b64(PDF_BYTES),
        "category": "technical_spec",
        "description": "Drawing rev. B",
        **overrides,
    }
    return client.post("/api/mfg/documents", payload, format="json")


class TestDocuments(ListCase, DetailCase, CreateCase, OwnedDeleteCase, BadPayloadCase):
    expect = MFG
    list_url = "/api/mfg/documents"
    detail_url = "/api/mfg/documents/{pk}"
    views = (views.DocumentListView, views.DocumentDetailView)
    bad_fields = ("file_name",)

    def make(self, owner):
        return DocumentFactory(owner=owner)

    def create_payload(self, caller):
        return {"file_name": "drawing.pdf", "file_data": b64(PDF_BYTES), "category": "technical_spec"}

    def bad_payload(self, caller):
        return {"file_name": "drawing.exe", "file_data": b64(PDF_BYTES), "category": "technical_spec"}

    def test_list_has_every_documented_field(self, user):
        document = DocumentFactory(owner=user)
        assert MFG.items(client_for(user).get(self.list_url)) == [
            {
                "id": document.pk,
                "filename": document.filename,
                "original_filename": "spec.pdf",
                "file_size": len(PDF_BYTES),
                "file_type": "pdf",
                "category": "technical_spec",
                "uploaded_at": client_for(user).get(self.url(document)).json()["uploaded_at"],
            }
        ]

    def test_details(self, user):
        document = DocumentFactory(owner=user)
        body = client_for(user).get(self.url(document)).json()
        assert set(body) == DOCUMENT_FIELDS and body["id"] == document.pk

    def test_upload_with_every_field(self, user):
        response = upload(client_for(user))
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == DOCUMENT_FIELDS
        document = Document.objects.get(pk=body["id"])
        assert (body["original_filename"], body["file_type"], body["category"], body["file_size"]) == (
            "drawing.pdf",
            "pdf",
            "technical_spec",
            len(PDF_BYTES),
        )
        assert body["filename"] == document.filename != "drawing.pdf"
        assert document.owner == user and document.description == "Drawing rev. B"
        assert document.file.read() == PDF_BYTES

    def test_category_defaults_to_other(self, user):
        response = client_for(user).post(
            "/api/mfg/documents", {"file_name": "a.png", "file_data": b64(PNG_BYTES)}, format="json"
        )
        assert response.status_code == 200 and response.json()["category"] == "other"

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"file_data": "%%%"}, "file_data"),
            ({"file_data": ""}, "file_data"),
            ({"file_data": b64(b"not a pdf")}, "file_data"),
            ({"file_name": "run.sh"}, "file_name"),
            ({"file_name": "a.png"}, "file_data"),
            ({"category": "../etc"}, "category"),
            ({"category": "x" * 51}, "category"),
            ({"description": None}, "description"),
        ],
    )
    def test_bad_upload_is_422_and_stores_nothing(self, user, change, field):
        MFG.assert_error(upload(client_for(user), **change), 422, field)
        assert not Document.objects.exists()
        assert not default_storage.exists("documents") or default_storage.listdir("documents")[1] == []

    def test_missing_fields_are_named(self, user):
        response = client_for(user).post("/api/mfg/documents", {}, format="json")
        MFG.assert_error(response, 422, "file_name", "file_data")

    def test_delete_of_a_missing_document_is_404(self, user):
        MFG.assert_error(client_for(user).delete("/api/mfg/documents/999999"), 404)

    def test_too_large_is_422(self, user, settings):
        settings.MFG_MAX_UPLOAD_BYTES = len(PDF_BYTES) - 1
        body = MFG.assert_error(upload(client_for(user)), 422, "file_data")
        assert "upload limit" in body["details"]["file_data"][0]

    def test_upload_requires_a_token(self):
        MFG.assert_error(upload(client_for()), 401)

    def test_delete(self, user, django_capture_on_commit_callbacks):
        document = DocumentFactory(owner=user)
        name = document.file.name
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(user).delete(self.url(document))
        assert response.status_code == 200 and response.json() == {"message": "Document deleted successfully"}
        assert not Document.objects.exists() and not default_storage.exists(name)

    def test_cannot_delete_another_users_document(self, user):
        document = DocumentFactory()
        MFG.assert_error(client_for(user).delete(self.url(document)), 404)
        assert Document.objects.filter(pk=document.pk).exists()

    def test_delete_requires_a_token(self):
        document = DocumentFactory()
        MFG.assert_error(client_for().delete(self.url(document)), 401)
        assert Document.objects.filter(pk=document.pk).exists()


@hand_tested(views.DocumentDownloadView, why="answers the stored file, not a JSON row")
class TestDocumentDownload:
    def url(self, document):
        return f"/api/mfg/documents/{document.pk}/download"

    def test_returns_the_content_under_its_original_name(self, user):
        document = DocumentFactory(owner=user, original_filename="Спецификация.pdf")
        response = client_for(user).get(self.url(document), HTTP_ACCEPT="application/pdf")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF_BYTES
        assert "filename*=utf-8''%D0%A1" in response["Content-Disposition"]

    def test_another_users_document_is_404(self, user):
        MFG.assert_error(client_for(user).get(self.url(DocumentFactory())), 404)

    def test_missing_document_is_404(self, user):
        MFG.assert_error(client_for(user).get("/api/mfg/documents/999999/download"), 404)

    def test_requires_a_token(self):
        MFG.assert_error(client_for().get(self.url(DocumentFactory())), 401)


class TestAdminDocuments(ListCase, StaffOnlyCase):
    expect = MFG
    list_url = "/api/mfg/admin/documents"
    views = (views.AdminDocumentListView,)

    def make(self, owner):
        return DocumentFactory(owner=owner)

    def test_lists_everyones_documents_with_user_id(self, staff):
        first, second = DocumentFactory(), DocumentFactory()
        body = MFG.items(client_for(staff).get(self.list_url))
        assert [(d["id"], d["user_id"]) for d in body] == [(second.pk, second.owner_id), (first.pk, first.owner_id)]
        assert all(set(d) == DOCUMENT_FIELDS | {"user_id"} for d in body)

    @pytest.mark.parametrize(
        ("category", "expected"),
        [("contract", ["contract"]), ("nothing", []), ("", ["contract", "technical_spec"])],
    )
    def test_filter_by_category(self, staff, category, expected):
        owner = UserFactory()
        DocumentFactory(owner=owner, category="contract")
        DocumentFactory(owner=owner, category="technical_spec")
        body = MFG.items(client_for(staff).get(self.list_url, {"category": category}))
        assert sorted(d["category"] for d in body) == expected

    def test_customers_get_403(self, user):
        MFG.assert_error(client_for(user).get(self.list_url), 403)
