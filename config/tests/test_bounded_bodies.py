"""Issue 9: every request's body is bounded before it is parsed, in size and in depth."""

import io
import json

import pytest
import trimesh
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.exceptions import ParseError

from config.api.errors import PayloadTooLarge
from config.api.parsers import MAX_JSON_DEPTH, read_bounded, refusal_of
from config.testing.clients import client_for
from config.testing.dialects import CONFIGURATOR, MFG
from files.models import ModelFile
from files.tests.factories import b64

pytestmark = pytest.mark.django_db


def nested(depth: int) -> list:
    """Lists `depth` levels deep."""
    value = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_an_anonymous_two_megabyte_login_is_413_before_it_is_parsed(client):
    body = json.dumps({"username": "x" * (2 * 1024 * 1024), "password": "y"})
    MFG.assert_error(client.post("/api/mfg/login", body, content_type="application/json"), 413)


def test_the_configurator_answers_413_in_its_own_body(user):
    body = json.dumps({"name": "x" * (1024 * 1024 + 1)})
    response = client_for(user).generic("POST", "/api/configurator/v1/configurations", body, "application/json")
    CONFIGURATOR.assert_error(response, 413)


def test_the_limit_is_a_setting(settings, user):
    settings.MAX_BODY_BYTES = 100
    MFG.assert_error(client_for(user).put("/api/mfg/profile", {"full_name": "x" * 200}, format="json"), 413)
    assert client_for(user).put("/api/mfg/profile", {"full_name": "Ann"}, format="json").status_code == 200


def test_a_body_longer_than_announced_is_cut_at_the_limit_while_reading():
    assert read_bounded(io.BytesIO(b"x" * 10), 10) == b"x" * 10
    with pytest.raises(PayloadTooLarge):
        read_bounded(io.BytesIO(b"x" * 11), 10)


def test_uploads_take_a_model_larger_than_the_default_limit(user):
    """The upload routes keep their own cap (MFG_MAX_UPLOAD_BYTES), not the small default."""
    sphere = trimesh.creation.icosphere(subdivisions=6)  # 81,920 faces: a 4 MB binary STL
    content = sphere.export(file_type="stl")
    assert len(content) > 1024 * 1024
    payload = {"file_name": "sphere.stl", "file_data": b64(content)}
    response = client_for(user).post("/api/mfg/files", payload, format="json")
    assert response.status_code == 200, response.content[:300]
    assert ModelFile.objects.get(pk=response.json()["id"]).file_size == len(content)


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_json_nested_too_deep_is_400_not_a_server_error(user, depth):
    body = "[" * depth + "]" * depth
    response = client_for(user).generic("PUT", "/api/mfg/profile", body, "application/json")
    MFG.assert_error(response, 400)


def test_json_within_the_depth_bound_is_read(user):
    body = json.dumps({"full_name": "Ann", "extra": nested(MAX_JSON_DEPTH - 1)})
    response = client_for(user).generic("PUT", "/api/mfg/profile", body, "application/json")
    assert response.status_code == 200, response.content


def test_the_depth_and_nul_checks_walk_without_recursion():
    assert refusal_of(nested(MAX_JSON_DEPTH)) is None
    assert "nested" in refusal_of(nested(MAX_JSON_DEPTH + 1))
    assert "NUL" in refusal_of({"a": [{"b\x00": 1}]})
    assert "NUL" in refusal_of(["ok", {"k": "a\x00"}])
    assert refusal_of(nested(50_000)) is not None


def test_nan_is_not_json():
    from config.api.parsers import JSONParser

    with pytest.raises(ParseError):
        JSONParser().parse(io.BytesIO(b'{"a": NaN}'), parser_context={})


class TestPages:
    """Pages, sign-in forms and admin refuse a large body from its Content-Length, before reading it."""

    TWO_MB = "x" * (2 * 1024 * 1024)

    def test_a_two_megabyte_anonymous_sign_in_is_413(self, client):
        response = client.post(reverse("accounts:login"), {"username": self.TWO_MB, "password": "y"})
        assert response.status_code == 413
        assert "at most 1 MB" in response.content.decode()

    def test_the_admin_sign_in_is_bounded_for_anonymous_callers(self, client):
        assert client.post(reverse("admin:login"), {"username": self.TWO_MB, "password": "y"}).status_code == 413

    def test_staff_in_the_admin_may_send_an_upload(self, client, staff):
        client.force_login(staff)
        response = client.post(reverse("admin:accounts_user_changelist"), {"q": "x", "padding": self.TWO_MB})
        assert response.status_code != 413

    def test_the_model_upload_page_takes_a_model_larger_than_the_default(self, client, user):
        content = trimesh.creation.icosphere(subdivisions=6).export(file_type="stl")
        assert len(content) > 1024 * 1024
        client.force_login(user)
        upload = SimpleUploadedFile("sphere.stl", content, content_type="model/stl")
        response = client.post(reverse("files:mine"), {"model": upload})
        assert response.status_code == 302
        assert ModelFile.objects.get(owner=user).file_size == len(content)

    def test_other_pages_keep_the_small_limit(self, client, user):
        client.force_login(user)
        response = client.post(reverse("accounts:profile"), {"full_name": self.TWO_MB})
        assert response.status_code == 413
