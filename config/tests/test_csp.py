"""Content-Security-Policy (issue 9): every page carries a strict policy, and our templates hold
nothing it would refuse: no inline script, style block, style attribute or event handler."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from accounts.tests.factories import AdminFactory, UserFactory
from configurator.tests.factories import make_node

POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
)
# What a strict policy refuses in a page: script elements without a src or nonce, style blocks,
# style attributes, inline event handlers and javascript: URLs.
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
REFUSED_MARKUP = {
    "style block": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "event handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE),
}


def inline_code(html: str) -> list[str]:
    """What in `html` a policy without 'unsafe-inline' refuses."""
    problems = [
        f"inline script <script{attrs}>"
        for attrs in SCRIPT_TAG.findall(html)
        if not re.search(r"\s(src|nonce)\s*=", attrs) and "application/json" not in attrs
    ]
    problems += [
        f"{kind}: {match.group(0)[:80]}" for kind, found in REFUSED_MARKUP.items() for match in found.finditer(html)
    ]
    return problems


def our_templates() -> list[Path]:
    """Every template of ours: the project's templates/ and each of our apps' templates/."""
    folders = [Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]]
    folders += [
        Path(app.path) / "templates"
        for app in apps.get_app_configs()
        if Path(app.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(app.path).parts  # a virtualenv inside the project is not ours
        and (Path(app.path) / "templates").is_dir()
    ]
    return sorted(path for folder in folders for path in folder.rglob("*.html"))


def test_no_template_of_ours_holds_inline_code():
    templates = our_templates()
    assert len(templates) >= 20  # the templates were really found
    problems = {str(path): inline_code(path.read_text()) for path in templates}
    assert {path: found for path, found in problems.items() if found} == {}


def test_the_scan_finds_what_the_policy_refuses():
    assert inline_code('<script>alert(1)</script><script src="/static/x.js"></script>') == ["inline script <script>"]
    assert len(inline_code('<p style="color:red" onclick="go()"><a href="javascript:go()">')) == 3
    assert inline_code('<script nonce="abc">go()</script><script type="application/json">{}</script>') == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/admin/login/"])
def test_pages_carry_the_policy(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert set(response["Content-Security-Policy"].split("; ")) == set(POLICY)
    assert inline_code(response.content.decode()) == []


@pytest.mark.django_db
def test_pages_and_admin_render_without_inline_code(client):
    """Rendered pages, widgets and admin cells included (the tree's indent, the thumbnails)."""
    user = UserFactory()
    client.force_login(user)
    for name in ("home", "accounts:profile", "files:mine", "orders:mine", "crm:call-request", "configurator:types"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and "Content-Security-Policy" in response
        assert inline_code(response.content.decode()) == [], name
    root = make_node("Frame Options")
    make_node("Material", parent=root)
    client.force_login(AdminFactory(is_superuser=True))
    tree = "/admin/configurator/attributenode/"
    for path in ("/admin/", tree, f"{tree}{root.pk}/change/"):
        response = client.get(path)
        assert response.status_code == 200 and "Content-Security-Policy" in response
        assert inline_code(response.content.decode()) == [], path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_api_docs_start_from_inline_scripts_without_a_policy(client, path):
    """Swagger UI and ReDoc are self-hosted but start from drf-spectacular's inline scripts."""
    response = client.get(path)
    assert response.status_code == 200 and "/static/drf_spectacular_sidecar/" in response.content.decode()
    assert "Content-Security-Policy" not in response
