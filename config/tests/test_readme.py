"""Issue 14: the README points at what the platform serves, and what it points at works: the served API
docs (not spec files outside the repository), the customer pages it names, its screenshots, and
`make run PORT=...`."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

README = (Path(settings.BASE_DIR) / "README.md").read_text()
PAGES = ("/accounts/", "/mfg/", "/configure/", "/api/docs", "/api/redoc", "/api/schema", "/admin/", "/healthz")


def named_paths() -> list[str]:
    paths = set(re.findall(r"`(/[^`\s<{]*)`", README))
    paths |= {url.split("#")[0] for url in re.findall(r"\(http://127\.0\.0\.1:8000(/[^)\s]*)\)", README)}
    return sorted(path for path in paths if path.startswith(PAGES))


@pytest.mark.django_db
@pytest.mark.parametrize("path", named_paths())
def test_every_page_the_readme_names_is_served(client, path):
    response = client.get(path)
    assert response.status_code in (200, 302), path  # 302: sign in first
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/") or response["Location"].startswith("/admin/login/")


def test_the_readme_names_the_served_docs_and_the_pages():
    assert {"/api/docs/", "/api/redoc/", "/api/schema/", "/accounts/signup/", "/mfg/models/"} <= set(named_paths())
    assert "](../" not in README and "](spec/" not in README  # no links to spec files outside what is served


def test_the_readme_screenshots_exist():
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert len(images) >= 5
    for image in images:
        assert (Path(settings.BASE_DIR) / image).is_file(), image


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_run_takes_the_port():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=settings.BASE_DIR, capture_output=True, text=True, check=True
    )
    assert "runserver 127.0.0.1:8123" in dry_run.stdout
