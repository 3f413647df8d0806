"""What every API mount guarantees: slashes, JSON 404s, CORS preflight, docs, errors in dialect."""

import re

import pytest
from django.test import override_settings
from django.urls import path

from config.api.mfg import MfgAPIView
from config.api.mounts import dialect_for
from config.testing.clients import client_for
from config.testing.dialects import MFG

pytestmark = pytest.mark.django_db


class ExplodingView(MfgAPIView):
    permission_classes = ()

    def get(self, request):
        raise RuntimeError("boom")


@pytest.mark.parametrize("url", ["/api/mfg/profile", "/api/mfg/profile/"])
def test_paths_work_with_and_without_trailing_slash(user, url):
    response = client_for(user).get(url)
    assert response.status_code == 200 and response.json()["id"] == user.pk


@pytest.mark.parametrize(
    "url",
    [
        "/api/mfg/no-such-thing",
        "/api/mfg/users/1/nope/",
        "/api/mfg",
        "/api/mfg/",
        "/api/",
        "/api/mfg/files/%0A",
        "/api/%0A",
    ],
)
def test_unknown_paths_answer_in_the_dialect(url):
    response = client_for().get(url)
    assert response["Content-Type"] == "application/json"
    MFG.assert_error(response, 404)


def test_wrong_method_is_405_in_the_dialect(user):
    MFG.assert_error(client_for(user).delete("/api/mfg/profile"), 405)


@pytest.mark.parametrize(
    "url", ["/api/mfg/register", "/api/mfg/login", "/api/mfg/logout", "/api/mfg/profile", "/api/mfg/users/1"]
)
def test_cors_preflight(url):
    response = client_for().options(
        url,
        HTTP_ORIGIN="http://client.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="PUT",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "http://client.example"
    allowed_methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
    assert {"GET", "POST", "PUT", "DELETE", "OPTIONS"} <= allowed_methods
    assert {"authorization", "content-type", "accept"} <= set(response["Access-Control-Allow-Headers"].split(", "))


def test_cors_refuses_unknown_origins():
    response = client_for().options(
        "/api/mfg/login", HTTP_ORIGIN="http://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in response


def test_plain_options_answers_200(user):
    assert client_for(user).options("/api/mfg/profile").status_code == 200


urlpatterns = [path("api/mfg/explode", ExplodingView.as_view())]


@override_settings(ROOT_URLCONF=__name__)
def test_unexpected_errors_are_500_in_the_dialect_and_logged(caplog):
    body = MFG.assert_error(client_for().get("/api/mfg/explode"), 500)
    assert body == {"error": "INTERNAL_ERROR", "message": "Internal server error", "details": {}}
    assert "boom" in caplog.text


def test_openapi_schema_tags_every_operation_with_its_api():
    response = client_for().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert "/api/mfg/login" in schema["paths"] and "/api/mfg/users/{user_id}" in schema["paths"]
    for route, operations in schema["paths"].items():
        dialect = dialect_for(route)
        for method, operation in operations.items():
            assert operation["tags"] == [dialect.name], (route, method)
            assert operation["operationId"].startswith(f"{dialect.name}_"), (route, method)
    assert {t["name"] for t in schema["tags"]} == {"mfg", "printshop", "inventory", "shop", "configurator"}


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/", "/api/docs"])
def test_interactive_docs_are_served_from_our_own_static_files(client, url):
    """Issue 14: the docs work on a machine without internet: no CDN, every asset served here."""
    page = client.get(url).content.decode()
    assert "/api/schema" in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(asset.startswith("/static/drf_spectacular_sidecar/") for asset in assets), page[:500]
    for asset in assets:
        assert asset.startswith("/static/"), asset
        served = client.get(asset)
        assert served.status_code == 200 and b"".join(served.streaming_content), asset
    assert "cdn.jsdelivr.net" not in page and "unpkg.com" not in page and "@latest" not in page
    assert "fonts.googleapis.com" not in page


def test_healthz():
    assert client_for().get("/healthz").json() == {"status": "ok"}


def test_a_body_over_the_size_cap_is_413_in_the_dialect(settings, user):
    settings.MAX_BODY_BYTES = 1000
    response = client_for(user).put("/api/mfg/profile", {"full_name": "x" * 2000}, format="json")
    MFG.assert_error(response, 413)
    user.refresh_from_db()
    assert user.full_name != "x" * 2000


@pytest.mark.parametrize("body", [{"full_name": "a\x00b"}, {"full_name": "ok", "x\x00": [{"deep": ["\x00"]}]}])
def test_a_nul_character_anywhere_in_a_body_is_400_in_the_dialect(user, body):
    """PostgreSQL cannot store U+0000; it is refused as the body is read (config/api/parsers.py)."""
    MFG.assert_error(client_for(user).put("/api/mfg/profile", body, format="json"), 400)
    user.refresh_from_db()
    assert user.full_name != "ok"
