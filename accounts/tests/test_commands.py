"""Management commands the README and deployment rely on."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_noinput_uses_the_standard_variables(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "root")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Root-Passw0rd")
    call_command("createsuperuser", "--noinput", stdout=StringIO())
    root = User.objects.get(username="root")
    assert root.is_superuser and root.is_staff and root.check_password("Root-Passw0rd")


def test_demo_data_prints_the_admin_login_and_can_run_twice():
    out = StringIO()
    call_command("demo_data", stdout=out)
    assert "Admin login: admin / admin-pass-123" in out.getvalue()
    assert User.objects.get(username="admin").check_password("admin-pass-123")
    call_command("demo_data", stdout=StringIO())
    assert User.objects.filter(username="admin").count() == 1


def test_deploy_check_passes_with_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-key-that-is-long-and-random-enough-1234567890-abcdefghijklmnop",
        "ALLOWED_HOSTS": "platform.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
