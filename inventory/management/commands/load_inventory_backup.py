"""`manage.py load_inventory_backup FILE`: restore a backup from `/utility/backup/download` (a zip with
the images) or `/utility/backup/export` (JSON, without image files) into an empty inventory."""

from django.core.management.base import BaseCommand, CommandError

from config.errors import DomainError
from inventory.services import backups


class Command(BaseCommand):
    help = "Load an inventory backup (zip or JSON export) into an inventory that holds nothing yet."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the downloaded backup .zip or exported .json")

    def handle(self, *args, path, **options):
        try:
            loaded = backups.load(path)
        except FileNotFoundError:
            raise CommandError(f"No such file: {path}") from None
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        for label, count in sorted(loaded.records.items()):
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(f"images restored: {loaded.images_restored}")
        if loaded.images_missing:
            self.stdout.write(
                self.style.WARNING(
                    f"{loaded.images_missing} images listed without their file (a JSON export holds no image "
                    "files; load the zip backup to restore them)"
                )
            )
        self.stdout.write(self.style.SUCCESS("Inventory backup loaded."))
