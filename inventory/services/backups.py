"""Backups of the inventory: a JSON export, a zip with the images too, and loading either back.

The records are Django's serialization of the inventory's rows (categories, the location tree with
its MPTT columns, parts, supplier orders and their lines, the images parts show), so a restore is
exact and `manage.py load_inventory_backup` can read it into an empty database. Archives are written
to a temporary file, never built in memory: an inventory with thousands of photos stays a stream.
"""

import io
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass
from itertools import islice

from django.core import serializers
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from config.errors import Conflict, Refused
from files.models import Image

from ..models import Category, Location, Part, SupplierOrder, SupplierOrderItem

FORMAT = "workshop-inventory-backup"
VERSION = 1
RECORDS = "inventory.json"
IMAGE_FOLDER = "images/"
PartCategory = Part.categories.through
# Each model after those it points at, so every foreign key resolves as the rows are loaded.
MODELS = (Category, Location, Image, Part, PartCategory, SupplierOrder, SupplierOrderItem)
CHUNK = 500
UUID_IN_URL = re.compile(r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")


def shown_images():
    """The images parts show (`image_url` names the id the upload answered)."""
    urls = Part.objects.exclude(image_url="").values_list("image_url", flat=True)
    ids = {match.group(0) for url in urls.iterator() if (match := UUID_IN_URL.search(url))}
    return Image.objects.filter(pk__in=ids)


def _querysets():
    return {
        Category: Category.objects.order_by("name"),
        Location: Location.objects.order_by("tree_id", "lft"),
        Image: shown_images().order_by("uploaded_at", "id"),
        Part: Part.objects.order_by("part_name"),  # its categories are the PartCategory rows
        PartCategory: PartCategory.objects.order_by("part_id", "category_id"),
        SupplierOrder: SupplierOrder.objects.order_by("created_at", "id"),
        SupplierOrderItem: SupplierOrderItem.objects.order_by("order_id", "id"),
    }


def counts() -> dict[str, int]:
    """Everything counted (the original capped parts at 10)."""
    return {
        "parts": Part.objects.count(),
        "locations": Location.objects.count(),
        "categories": Category.objects.count(),
    }


def _write_records(stream) -> dict[str, int]:
    """The manifest and every record as one JSON document, written row by row; the counts written."""
    written = {}
    stream.write(f'{{"format": "{FORMAT}", "version": {VERSION}, ')
    stream.write(f'"exported_at": "{timezone.now().isoformat()}", "records": [')
    first = True
    for model, queryset in _querysets().items():
        written[model._meta.label] = 0
        fields = [field.name for field in model._meta.concrete_fields if not (field.primary_key or field.generated)]
        rows = queryset.iterator(chunk_size=CHUNK)
        while chunk := list(islice(rows, CHUNK)):
            for record in serializers.serialize("python", chunk, fields=fields):
                stream.write(("" if first else ",\n") + json.dumps(record, default=str, ensure_ascii=False))
                first = False
            written[model._meta.label] += len(chunk)
    stream.write("]}")
    return written


def export_json():
    """A temporary file holding the JSON export (records only; image files are in the zip backup)."""
    stream = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 - handed to the response, which closes it
    text = io.TextIOWrapper(stream, encoding="utf-8")
    _write_records(text)
    text.flush()
    text.detach()  # the response reads the bytes; the wrapper must not close them
    stream.seek(0)
    return stream


def backup_zip():
    """A temporary file holding a zip: the records as `inventory.json` and each image under `images/`."""
    stream = tempfile.TemporaryFile(mode="w+b")  # noqa: SIM115 - handed to the response, which closes it
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open(RECORDS, "w") as member, io.TextIOWrapper(member, encoding="utf-8") as text:
            _write_records(text)
        for image in shown_images().iterator():
            with default_storage.open(image.file.name, "rb") as content:
                archive.writestr(IMAGE_FOLDER + image.file.name.rsplit("/", 1)[-1], content.read(), zipfile.ZIP_STORED)
    stream.seek(0)
    return stream


def status() -> dict:
    """What a backup would hold, and how big the inventory's tables are."""
    numbers = counts()
    tables = [model._meta.db_table for model in MODELS]
    changed = [model.objects.aggregate(last=Max("updated_at"))["last"] for model in (Part, Location, SupplierOrder)]
    changed = [moment for moment in changed if moment]
    return {
        "database_size": _tables_size(tables),
        "last_modified": max(changed).isoformat() if changed else None,
        "total_records": sum(numbers.values()) + SupplierOrder.objects.count() + SupplierOrderItem.objects.count(),
        "parts_count": numbers["parts"],
        "locations_count": numbers["locations"],
        "categories_count": numbers["categories"],
    }


def _tables_size(tables: list[str]) -> int:
    """Bytes on disk of the inventory's tables and indexes (not the whole platform's database)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT COALESCE(SUM(pg_total_relation_size(t::regclass)), 0) FROM unnest(%s::text[]) AS t", [tables]
            )
        elif connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                f"SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN ({marks}) "
                f"OR name IN (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({marks}))",
                tables * 2,
            )
        else:
            return 0
        return int(cursor.fetchone()[0])


# --- loading ------------------------------------------------------------------------------------


@dataclass
class Loaded:
    records: dict[str, int]
    images_restored: int
    images_missing: int


def load(path: str) -> Loaded:
    """Load a backup (the zip, or the JSON export) into an inventory that holds nothing yet."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            if RECORDS not in archive.namelist():
                raise Refused("file", f"The zip holds no {RECORDS}: it is not an inventory backup.")
            with archive.open(RECORDS) as member:
                document = _read_document(member)
            return _load(document, archive)
    with open(path, "rb") as stream:
        return _load(_read_document(stream), None)


def _read_document(stream) -> dict:
    try:
        document = json.load(stream)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise Refused("file", f"The backup is not JSON: {exc}") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Refused("file", f"The file is not an inventory backup (format {FORMAT!r} expected).")
    if document.get("version") != VERSION:
        raise Refused("file", f"Backup version {document.get('version')} cannot be read (this is version {VERSION}).")
    return document


def _load(document: dict, archive: zipfile.ZipFile | None) -> Loaded:
    if any(model.objects.exists() for model in (Category, Location, Part, SupplierOrder)):
        raise Conflict("The inventory is not empty: a backup is loaded into an empty inventory only.")
    names = set(archive.namelist()) if archive else set()
    loaded: dict[str, int] = {}
    restored = missing = 0
    stored: list[str] = []
    try:
        with transaction.atomic():
            for found in serializers.deserialize("python", document.get("records", []), ignorenonexistent=True):
                row = found.object
                if isinstance(row, Image):
                    member = IMAGE_FOLDER + row.file.name.rsplit("/", 1)[-1]
                    if member not in names:
                        missing += 1
                        continue
                    row.file.name = default_storage.save(row.file.name, archive.open(member))
                    stored.append(row.file.name)
                    restored += 1
                found.save()
                loaded[row._meta.label] = loaded.get(row._meta.label, 0) + 1
    except Exception:
        for name in stored:  # the rows rolled back; their files must not stay behind
            default_storage.delete(name)
        raise
    return Loaded(loaded, restored, missing)
