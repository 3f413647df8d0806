"""3D model endpoints of the manufacturing service API, per spec "Files (3D Models)"."""

import pytest
import trimesh
from django.core.files.storage import default_storage

from accounts.tests.factories import AdminFactory, UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import MFG
from config.testing.endpoints import BadPayloadCase, CreateCase, DetailCase, ListCase, OwnedDeleteCase
from config.testing.queries import assert_list_queries_constant
from files import services
from files.api import views
from files.choices import PreviewStatus
from files.models import ModelFile

from .factories import BOX_STL, DemoModelFileFactory, ModelFileFactory, b64, box_step, box_stl, mesh_bytes

pytestmark = pytest.mark.django_db

FILE_FIELDS = {"id", "filename", "original_filename", "file_size", "file_type", "uploaded_at", "preview_generated"}
DEMO_FIELDS = {"id", "filename", "original_filename", "file_size", "file_type", "is_demo"}


def upload(client, **overrides):
    payload = {"file_name": "bracket.stl", "file_data": b64(box_stl()), "description": "A bracket", **overrides}
    return client.post("/api/mfg/files", payload, format="json")


def stored_files():
    """Every file under MEDIA_ROOT (each test has its own, see conftest.py)."""
    try:
        folders, files = default_storage.listdir("")
    except FileNotFoundError:
        return []
    found = list(files)
    for folder in folders:
        found += [f"{folder}/{name}" for name in default_storage.listdir(folder)[1]]
    return found


class TestModelFiles(ListCase, DetailCase, CreateCase, OwnedDeleteCase, BadPayloadCase):
    expect = MFG
    list_url = "/api/mfg/files"
    detail_url = "/api/mfg/files/{pk}"
    views = (views.ModelFileListView, views.ModelFileDetailView)
    bad_fields = ("file_name",)

    def make(self, owner):
        return ModelFileFactory(owner=owner)

    def create_payload(self, caller):
        return {"file_name": "bracket.stl", "file_data": b64(box_stl())}

    def bad_payload(self, caller):
        return {"file_name": "bracket.exe", "file_data": b64(box_stl())}

    def test_list_has_every_documented_field_newest_first(self, user):
        older, newer = ModelFileFactory(owner=user), ModelFileFactory(owner=user)
        body = MFG.items(client_for(user).get(self.list_url))
        assert [f["id"] for f in body] == [newer.pk, older.pk]
        assert all(set(f) == FILE_FIELDS for f in body)
        assert body[0]["filename"] == newer.filename and body[0]["preview_generated"] is False

    def test_list_leaves_out_demo_files_and_is_bounded(self, user):
        DemoModelFileFactory()
        ModelFileFactory.create_batch(3, owner=user)
        response = client_for(user).get(self.list_url, {"skip": 1, "limit": 1})
        assert len(response.json()) == 1 and response["X-Total-Count"] == "3"

    def test_staff_list_only_their_own_uploads(self, staff):
        ModelFileFactory()
        assert MFG.items(client_for(staff).get(self.list_url)) == []

    def test_details(self, user):
        model_file = ModelFileFactory(owner=user, original_filename="part.stl")
        body = client_for(user).get(self.url(model_file)).json()
        assert body == {
            "id": model_file.pk,
            "filename": model_file.filename,
            "original_filename": "part.stl",
            "file_size": len(BOX_STL),
            "file_type": "stl",
            "uploaded_at": body["uploaded_at"],
            "preview_generated": False,
        }
        assert body["uploaded_at"].endswith("Z")

    def test_a_demo_file_can_be_read_by_any_user(self, user):
        demo = DemoModelFileFactory()
        assert client_for(user).get(self.url(demo)).json()["id"] == demo.pk

    def test_staff_read_any_file(self, staff):
        model_file = ModelFileFactory()
        assert client_for(staff).get(self.url(model_file)).status_code == 200


class TestUpload:
    def test_stores_the_model_and_answers_every_documented_field(self, user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client_for(user))
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == FILE_FIELDS | {"preview_url"}
        model_file = ModelFile.objects.get(pk=body["id"])
        assert body["preview_url"] == f"/files/{model_file.pk}/preview"
        assert body["original_filename"] == "bracket.stl" and body["file_type"] == "stl"
        assert body["file_size"] == len(box_stl()) and body["filename"].endswith(".stl")
        assert body["filename"] != "bracket.stl"
        # The answer is given before the preview is rendered, so it cannot claim one yet.
        assert body["preview_generated"] is False
        assert model_file.owner == user and model_file.description == "A bracket"
        assert model_file.file.read() == box_stl()
        model_file.refresh_from_db()
        assert model_file.preview_status == PreviewStatus.READY and model_file.preview_generated

    def test_the_preview_url_works_under_the_api_base_url(self, user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            body = upload(client_for(user)).json()
        response = client_for(user).get("/api/mfg" + body["preview_url"])
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    def test_dimensions_are_measured_at_upload(self, user):
        body = upload(client_for(user), file_data=b64(box_stl((12.0, 40.0, 25.0)))).json()
        model_file = ModelFile.objects.get(pk=body["id"])
        assert (model_file.length_mm, model_file.width_mm, model_file.height_mm) == pytest.approx((40, 25, 12))
        assert model_file.volume_mm3 == pytest.approx(12000) and model_file.is_watertight

    @pytest.mark.parametrize("file_type", ["stl", "obj", "ply", "3mf"])
    def test_accepts_each_mesh_format(self, user, file_type):
        response = upload(client_for(user), file_name=f"part.{file_type.upper()}", file_data=b64(mesh_bytes(file_type)))
        assert response.status_code == 200, response.content
        assert response.json()["file_type"] == file_type

    @pytest.mark.parametrize("extension", ["step", "stp", "STEP"])
    def test_step_models_are_measured_in_millimetres(self, user, extension, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client_for(user), file_name=f"housing.{extension}", file_data=b64(box_step((15, 45, 30))))
        assert response.status_code == 200, response.content
        model_file = ModelFile.objects.get(pk=response.json()["id"])
        assert model_file.file_type == extension.lower()
        assert (model_file.length_mm, model_file.width_mm, model_file.height_mm) == pytest.approx(
            (45, 30, 15), abs=1e-3
        )
        assert model_file.volume_mm3 == pytest.approx(45 * 30 * 15, rel=1e-4)
        model_file.refresh_from_db()
        assert model_file.preview_generated

    def test_a_step_file_that_does_not_parse_is_422(self, user):
        broken = b"ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\n#1=NONSENSE();\nENDSEC;\nEND-ISO-10303-21;\n"
        MFG.assert_error(upload(client_for(user), file_name="x.step", file_data=b64(broken)), 422, "file_data")
        assert not ModelFile.objects.exists()

    def test_ascii_stl_is_accepted(self, user):
        ascii_stl = trimesh.creation.box(extents=(1, 2, 3)).export(file_type="stl_ascii").encode()
        assert upload(client_for(user), file_data=b64(ascii_stl)).status_code == 200

    def test_description_is_optional(self, user):
        response = client_for(user).post(
            "/api/mfg/files", {"file_name": "a.stl", "file_data": b64(BOX_STL)}, format="json"
        )
        assert response.status_code == 200

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"file_data": "not base64!!"}, "file_data"),
            ({"file_data": b64(BOX_STL) + "\n"}, "file_data"),
            ({"file_data": "QUJD="}, "file_data"),
            ({"file_data": ""}, "file_data"),
            ({"file_data": 12}, "file_data"),
            ({"file_data": b64(b"solid nothing here")}, "file_data"),
            ({"file_data": b64(b"\x00" * 84)}, "file_data"),
            ({"file_name": "part.exe"}, "file_name"),
            ({"file_name": "noextension"}, "file_name"),
            ({"file_name": ""}, "file_name"),
            ({"file_name": "../"}, "file_name"),
            ({"file_name": "model.step"}, "file_data"),
            ({"file_name": "model.3mf"}, "file_data"),
            ({"description": "x" * 5001}, "description"),
        ],
    )
    def test_bad_input_is_422_with_field_details_and_stores_nothing(self, user, change, field):
        MFG.assert_error(upload(client_for(user), **change), 422, field)
        assert not ModelFile.objects.exists() and stored_files() == []

    def test_missing_fields_are_named(self, user):
        MFG.assert_error(client_for(user).post("/api/mfg/files", {}, format="json"), 422, "file_name", "file_data")

    def test_a_path_in_the_name_is_never_used_to_store(self, user):
        body = upload(client_for(user), file_name="../../etc/passwd.stl").json()
        model_file = ModelFile.objects.get(pk=body["id"])
        assert body["original_filename"] == "passwd.stl"
        assert model_file.file.name.startswith("models/") and ".." not in model_file.file.name

    def test_too_large_is_422_with_a_clear_message_and_stores_nothing(self, user, settings):
        settings.MFG_MAX_UPLOAD_BYTES = len(BOX_STL) - 1
        body = MFG.assert_error(upload(client_for(user), file_data=b64(BOX_STL)), 422, "file_data")
        assert "upload limit" in body["details"]["file_data"][0]
        assert not ModelFile.objects.exists() and stored_files() == []

    def test_a_file_at_the_limit_is_accepted(self, user, settings):
        settings.MFG_MAX_UPLOAD_BYTES = len(BOX_STL)
        assert upload(client_for(user), file_data=b64(BOX_STL)).status_code == 200

    def test_an_oversized_body_is_refused_before_it_is_read(self, user, settings):
        settings.MFG_MAX_UPLOAD_BYTES = 1000
        response = upload(client_for(user), file_data="A" * 200_000)
        body = MFG.assert_error(response, 422, "file_data")
        assert "upload limit" in body["details"]["file_data"][0]

    def test_requires_a_token(self):
        MFG.assert_error(upload(client_for()), 401)
        assert not ModelFile.objects.exists()


@hand_tested(views.DemoFileListView, why="a public list: no authentication and no owner")
class TestDemoFiles:
    def test_lists_demo_files_without_authentication(self):
        demo = DemoModelFileFactory()
        ModelFileFactory()
        body = MFG.items(client_for().get("/api/mfg/files/demo"))
        assert body == [
            {
                "id": demo.pk,
                "filename": demo.filename,
                "original_filename": "demo_box.stl",
                "file_size": len(BOX_STL),
                "file_type": "stl",
                "is_demo": True,
            }
        ]

    def test_a_stale_token_does_not_matter(self):
        response = client_for().get("/api/mfg/files/demo", HTTP_AUTHORIZATION="Bearer junk")
        assert response.status_code == 200

    def test_query_count_does_not_grow(self, django_assert_max_num_queries):
        client = client_for()
        assert_list_queries_constant(
            django_assert_max_num_queries,
            lambda: client.get("/api/mfg/files/demo"),
            lambda n: DemoModelFileFactory.create_batch(n),
        )


@hand_tested(views.ModelFileDownloadView, why="answers the stored file, not a JSON row")
class TestDownload:
    def test_returns_the_content_under_its_original_name(self, user):
        model_file = ModelFileFactory(owner=user, original_filename="my part.stl")
        response = client_for(user).get(f"/api/mfg/files/{model_file.pk}/download", HTTP_ACCEPT="application/sla")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == BOX_STL
        assert response["Content-Disposition"] == 'attachment; filename="my part.stl"'

    def test_a_demo_file_can_be_downloaded(self, user):
        demo = DemoModelFileFactory()
        assert client_for(user).get(f"/api/mfg/files/{demo.pk}/download").status_code == 200

    @pytest.mark.parametrize("whose", ["another user", "missing"])
    def test_another_users_or_a_missing_file_is_404(self, user, whose):
        pk = ModelFileFactory().pk if whose == "another user" else 999_999
        MFG.assert_error(client_for(user).get(f"/api/mfg/files/{pk}/download"), 404)

    def test_a_file_lost_from_storage_is_404_not_500(self, user):
        model_file = ModelFileFactory(owner=user)
        default_storage.delete(model_file.file.name)
        MFG.assert_error(client_for(user).get(f"/api/mfg/files/{model_file.pk}/download"), 404)

    def test_requires_a_token(self):
        MFG.assert_error(client_for().get(f"/api/mfg/files/{ModelFileFactory().pk}/download"), 401)


@hand_tested(views.ModelFilePreviewView, why="answers the PNG preview, not a JSON row")
class TestPreview:
    def url(self, model_file):
        return f"/api/mfg/files/{model_file.pk}/preview"

    def test_returns_the_png(self, user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            body = upload(client_for(user)).json()
        response = client_for(user).get(f"/api/mfg/files/{body['id']}/preview", HTTP_ACCEPT="image/png")
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert b"".join(response.streaming_content).startswith(b"\x89PNG\r\n\x1a\n")

    @pytest.mark.parametrize("status", [PreviewStatus.PENDING, PreviewStatus.FAILED])
    def test_no_preview_yet_is_a_clear_404(self, user, status):
        model_file = ModelFileFactory(owner=user, preview_status=status)
        body = MFG.assert_error(client_for(user).get(self.url(model_file)), 404)
        assert body["message"] == "Preview not generated yet"

    def test_a_missing_file_has_no_preview(self, user):
        body = MFG.assert_error(client_for(user).get("/api/mfg/files/999999/preview"), 404)
        assert body["message"] == "File not found"

    def test_a_demo_files_preview_is_readable_by_any_user(self, user):
        demo = DemoModelFileFactory()
        services.generate_preview(demo)
        assert client_for(user).get(self.url(demo)).status_code == 200

    def test_another_users_preview_is_404(self, user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            body = upload(client_for(UserFactory())).json()
        body = MFG.assert_error(client_for(user).get(f"/api/mfg/files/{body['id']}/preview"), 404)
        assert body["message"] == "File not found"

    def test_requires_a_token(self):
        MFG.assert_error(client_for().get(self.url(ModelFileFactory())), 401)


class TestDelete:
    def test_deletes_the_row_and_its_stored_files(self, user, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            body = upload(client_for(user)).json()
        model_file = ModelFile.objects.get(pk=body["id"])
        names = [model_file.file.name, model_file.preview.name]
        assert all(default_storage.exists(name) for name in names)
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(user).delete(f"/api/mfg/files/{model_file.pk}")
        assert response.status_code == 200 and response.json() == {"message": "File deleted successfully"}
        assert not ModelFile.objects.exists()
        assert not any(default_storage.exists(name) for name in names)

    @pytest.mark.parametrize("target", ["another user's file", "a demo file", "a missing file"])
    def test_cannot_delete_what_is_not_mine(self, user, target):
        model_file = {"another user's file": ModelFileFactory, "a demo file": DemoModelFileFactory}.get(target)
        pk = model_file().pk if model_file else 999_999
        MFG.assert_error(client_for(user).delete(f"/api/mfg/files/{pk}"), 404)
        assert ModelFile.objects.count() == (1 if model_file else 0)

    def test_staff_may_delete_any_file(self):
        model_file = ModelFileFactory()
        assert client_for(AdminFactory()).delete(f"/api/mfg/files/{model_file.pk}").status_code == 200
        assert not ModelFile.objects.exists()

    def test_requires_a_token(self):
        model_file = ModelFileFactory()
        MFG.assert_error(client_for().delete(f"/api/mfg/files/{model_file.pk}"), 401)
        assert ModelFile.objects.filter(pk=model_file.pk).exists()


@pytest.mark.parametrize(
    "url",
    [
        "/api/mfg/files",
        "/api/mfg/files/demo",
        "/api/mfg/files/1",
        "/api/mfg/files/1/download",
        "/api/mfg/files/1/preview",
        "/api/mfg/documents",
        "/api/mfg/documents/1",
        "/api/mfg/documents/1/download",
        "/api/mfg/admin/documents/",
    ],
)
def test_cors_preflight(url):
    response = client_for().options(
        url,
        HTTP_ORIGIN="http://client.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="DELETE",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "http://client.example"
