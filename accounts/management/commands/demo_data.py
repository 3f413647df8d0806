"""Load demo data from every app's `demo.py` and make sure a demo admin exists, printing its login."""

import importlib
import importlib.util
import os

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User

DEFAULT_ADMIN = ("admin", "admin@example.com", "admin-pass-123")


class Command(BaseCommand):
    help = "Load demo data and create the demo admin (login printed). Safe to run again."

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", DEFAULT_ADMIN[0])
        email = os.environ.get("DJANGO_SUPERUSER_EMAIL", DEFAULT_ADMIN[1])
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", DEFAULT_ADMIN[2])
        with transaction.atomic():
            admin, created = User.objects.get_or_create(
                username=username,
                defaults={"email": email, "full_name": "Demo Admin", "is_staff": True, "is_superuser": True},
            )
            if created:
                admin.set_password(password)
                admin.save(update_fields=["password"])
            self.stdout.write(self.style.SUCCESS("Demo data:"))
            for module in self._demo_modules():
                module.load(self.stdout)
        shown = password if created else "(unchanged since it was created)"
        self.stdout.write(self.style.SUCCESS(f"Admin login: {username} / {shown}  ->  /admin/"))

    def _demo_modules(self):
        for config in apps.get_app_configs():
            if importlib.util.find_spec(f"{config.name}.demo"):
                yield importlib.import_module(f"{config.name}.demo")
