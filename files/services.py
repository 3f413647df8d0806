"""Storing, measuring, previewing and deleting uploaded files: 3D models, documents and images.

Called by the API views, the admin, the demo data and the calculator/orders (`usable_model_file`,
`model_dimensions`). Nothing is written until every check has passed; stored names are generated,
never taken from the client.
"""

import logging
import math
import unicodedata
import uuid
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import Conflict, NotFound, Refused

from . import images, meshes, previews, tasks
from .choices import CAD_TYPES, DocumentType, ModelFileType, PreviewStatus
from .models import Document, Image, ModelFile

logger = logging.getLogger(__name__)

# Magic bytes of the document types whose content is checked against the name (the rest are free-form).
DOCUMENT_SIGNATURES = {
    DocumentType.PDF: (b"%PDF-",),
    DocumentType.PNG: (b"\x89PNG\r\n\x1a\n",),
    DocumentType.JPG: (b"\xff\xd8\xff",),
    DocumentType.JPEG: (b"\xff\xd8\xff",),
    DocumentType.DOCX: (b"PK\x03\x04",),
    DocumentType.XLSX: (b"PK\x03\x04",),
    DocumentType.ODT: (b"PK\x03\x04",),
    DocumentType.ODS: (b"PK\x03\x04",),
    DocumentType.DOC: (b"\xd0\xcf\x11\xe0",),
    DocumentType.XLS: (b"\xd0\xcf\x11\xe0",),
}
STEP_SIGNATURE = b"ISO-10303-21"


# --- names and limits -------------------------------------------------------------------------


def clean_original_name(name: str) -> str:
    """The client's file name without any folder part or control characters (kept for display only)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip()
    if base in ("", ".", ".."):
        raise Refused("file_name", "A file name is required.")
    return base[-255:]


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def max_upload_bytes() -> int:
    return settings.MFG_MAX_UPLOAD_BYTES


def max_encoded_length() -> int:
    """Length of the base64 text of the largest accepted file."""
    return 4 * math.ceil(max_upload_bytes() / 3)


def too_large_message(size: int | None = None) -> str:
    limit_mb = max_upload_bytes() / (1024 * 1024)
    if size is None:
        return f"The file is larger than the {limit_mb:g} MB upload limit."
    return f"The file is {size / (1024 * 1024):.1f} MB; the upload limit is {limit_mb:g} MB."


def ensure_within_limit(content: bytes) -> None:
    if not content:
        raise Refused("file_data", "The file is empty.")
    if len(content) > max_upload_bytes():
        raise Refused("file_data", too_large_message(len(content)))


def _generated_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension}"


def _delete_stored(*names: str) -> None:
    """Remove files from storage once the deleting transaction has committed."""
    names = [name for name in names if name]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names])


def accepted_upload(file_name: str, content: bytes, types, kind: str) -> tuple[str, str]:
    """The upload's cleaned original name and its type, one of `types`, within the size limit."""
    original = clean_original_name(file_name)
    file_type = extension_of(original)
    if file_type not in types.values:
        raise Refused("file_name", f"Unsupported {kind} type. Accepted: {', '.join(types.values)}.")
    ensure_within_limit(content)
    return original, file_type


# --- 3D models --------------------------------------------------------------------------------


def upload_model_file(
    *, owner, file_name: str, content: bytes, description: str = "", is_demo: bool = False
) -> ModelFile:
    """Check, measure and store a 3D model, then queue its preview (spec "POST /files")."""
    original, file_type = accepted_upload(file_name, content, ModelFileType, "3D model")
    if file_type in CAD_TYPES and not content.lstrip().startswith(STEP_SIGNATURE):
        raise Refused("file_data", "The file is not a STEP (ISO 10303-21) file.")
    try:
        geometry = meshes.measure(meshes.load_mesh(content, file_type))
    except meshes.UnreadableMesh as exc:
        raise Refused("file_data", str(exc)) from exc

    model_file = ModelFile(
        owner=owner,
        is_demo=is_demo,
        original_filename=original,
        file_size=len(content),
        file_type=file_type,
        description=description,
        **_geometry_fields(geometry),
    )
    model_file.file.save(_generated_name(file_type), ContentFile(content), save=False)
    try:
        model_file.save()
    except Exception:
        model_file.file.delete(save=False)
        raise
    request_preview(model_file)
    return model_file


FLAT_BELOW_MM = 0.01
FLAT_MODEL = gettext_lazy(
    "This model has no thickness: it is flat or a single surface, so it cannot be made or priced. "
    "Upload a solid model (a closed mesh with volume)."
)
OPEN_MODEL = gettext_lazy(
    "This model is not a closed solid (its mesh has holes), so its volume cannot be measured and "
    "prices use its bounding box. Check the file if the price looks high."
)


def is_flat(model_file: ModelFile | None) -> bool:
    """A model with (almost) no thickness: nothing to make, and every size-based price fails."""
    if model_file is None or not model_file.has_dimensions:
        return False
    return min(model_file.length_mm, model_file.width_mm, model_file.height_mm) < FLAT_BELOW_MM


def shape_warnings(model_file: ModelFile) -> list[str]:
    """What the customer should know about a model's shape before ordering it, in words."""
    if is_flat(model_file):
        return [FLAT_MODEL]
    if model_file.is_watertight is False:
        return [OPEN_MODEL]
    return []


def _geometry_fields(geometry: meshes.Geometry) -> dict:
    def rounded(value):
        return None if value is None else round(value, 4)

    return {
        "length_mm": rounded(geometry.length),
        "width_mm": rounded(geometry.width),
        "height_mm": rounded(geometry.height),
        "volume_mm3": rounded(geometry.volume),
        "area_mm2": rounded(geometry.area),
        "box_volume_mm3": rounded(geometry.box_volume),
        "is_watertight": geometry.is_watertight,
        "face_count": geometry.face_count,
    }


def usable_model_file(user, file_id: int) -> ModelFile:
    """The model a user may price or order: their own or a demo file (reference/calculator.md §8)."""
    usable = Q(is_demo=True)
    if user is not None and user.is_authenticated:
        usable |= Q(owner=user)
    model_file = ModelFile.objects.filter(usable, pk=file_id).first()
    if model_file is None:
        raise NotFound("File not found")
    return model_file


def model_dimensions(model_file: ModelFile) -> meshes.Geometry:
    """Bounding-box dimensions (mm, length >= width >= height) and volume of a model.

    Measured at upload and kept on the row; a row without them is measured now and updated.
    An unreadable model is a 422 on `file_id`.
    """
    if not model_file.has_dimensions:
        try:
            with model_file.file.open("rb") as stored:
                geometry = meshes.measure(meshes.load_mesh(stored.read(), model_file.file_type))
        except (meshes.UnreadableMesh, FileNotFoundError) as exc:
            raise Refused("file_id", f"The model's dimensions cannot be read: {exc}") from exc
        fields = _geometry_fields(geometry)
        ModelFile.objects.filter(pk=model_file.pk).update(**fields)
        for name, value in fields.items():
            setattr(model_file, name, value)
    return meshes.Geometry(
        length=model_file.length_mm,
        width=model_file.width_mm,
        height=model_file.height_mm,
        volume=model_file.volume_mm3,
        area=model_file.area_mm2,
        box_volume=model_file.box_volume_mm3,
        is_watertight=bool(model_file.is_watertight),
        face_count=model_file.face_count or 0,
    )


def request_preview(model_file: ModelFile) -> None:
    """Mark the preview pending and render it in the `previews` queue after this transaction commits."""
    ModelFile.objects.filter(pk=model_file.pk).update(preview_status=PreviewStatus.PENDING, preview_error="")
    model_file.preview_status, model_file.preview_error = PreviewStatus.PENDING, ""
    transaction.on_commit(partial(tasks.generate_preview_task.delay, model_file.pk))


def generate_preview(model_file: ModelFile) -> None:
    """Render the model to a PNG and record the outcome on the row; running it again re-renders."""
    try:
        with model_file.file.open("rb") as stored:
            mesh = meshes.load_mesh(stored.read(), model_file.file_type, process=False)
        preview = previews.render(mesh.vertices, mesh.faces)
    except Exception as exc:  # any failure (bad mesh, missing file, time limit) is the row's to show, not a crash
        logger.warning("Preview of model file %s failed: %s", model_file.pk, exc)
        ModelFile.objects.filter(pk=model_file.pk).update(
            preview_status=PreviewStatus.FAILED, preview_error=str(exc)[:2000], preview_updated_at=timezone.now()
        )
        return
    if preview.stats.faces_drawn < preview.stats.faces:
        logger.info("Preview of model file %s drew %s within its work cap", model_file.pk, preview.stats)
    old_preview = model_file.preview.name
    new_preview = default_storage.save(f"previews/{_generated_name('png')}", ContentFile(preview.png))
    updated = ModelFile.objects.filter(pk=model_file.pk).update(
        preview=new_preview,
        preview_status=PreviewStatus.READY,
        preview_error="",
        preview_updated_at=timezone.now(),
    )
    if not updated:  # the row was deleted while rendering: the new image belongs to nothing
        default_storage.delete(new_preview)
    elif old_preview:
        default_storage.delete(old_preview)


def delete_model_file(model_file: ModelFile) -> None:
    """Delete the row, then its file and preview from storage once that is committed."""
    names = (model_file.file.name, model_file.preview.name)
    model_file.delete()
    _delete_stored(*names)


def delete_unused_model_file(model_file: ModelFile) -> None:
    """A customer deletes their model from its page; one an order was placed for stays with the order."""
    if model_file.orders.exists():
        raise Conflict(
            _("%(name)s is part of an order, so it is kept with that order.") % {"name": model_file.original_filename}
        )
    delete_model_file(model_file)


def create_demo_model_file(file_name: str, content: bytes, description: str = "") -> ModelFile:
    """A demo model: no owner, listed by `GET /files/demo`, usable by everyone."""
    return upload_model_file(owner=None, file_name=file_name, content=content, description=description, is_demo=True)


# --- documents --------------------------------------------------------------------------------


def upload_document(
    *, owner, file_name: str, content: bytes, category: str = "other", description: str = ""
) -> Document:
    """Check and store a customer's document (spec "POST /documents")."""
    original, file_type = accepted_upload(file_name, content, DocumentType, "document")
    signatures = DOCUMENT_SIGNATURES.get(file_type)
    if signatures and not content.startswith(signatures):
        raise Refused("file_data", f"The content is not a {file_type.upper()} file.")

    document = Document(
        owner=owner,
        original_filename=original,
        file_size=len(content),
        file_type=file_type,
        category=category,
        description=description,
    )
    document.file.save(_generated_name(file_type), ContentFile(content), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def delete_document(document: Document) -> None:
    name = document.file.name
    document.delete()
    _delete_stored(name)


# --- images -----------------------------------------------------------------------------------


def upload_image(*, owner, file_name: str, content: bytes, max_bytes: int | None = None) -> Image:
    """Store a picture once decoding has shown it is PNG, JPEG, GIF or WebP within the size limits
    (`max_bytes`, else IMAGE_MAX_UPLOAD_BYTES)."""
    original = clean_original_name(file_name)
    if not content:
        raise Refused("file", "The file is empty.")
    limit = max_bytes or settings.IMAGE_MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise Refused("file", f"The image is {len(content) / 2**20:.1f} MB; the limit is {limit / 2**20:g} MB.")
    try:
        checked = images.check_image(content)
    except images.UnreadableImage as exc:
        raise Refused("file", str(exc)) from None
    image = Image(
        owner=owner,
        original_filename=original,
        file_size=len(content),
        image_format=checked.image_format,
        width=checked.width,
        height=checked.height,
    )
    image.file.save(f"{image.pk.hex}.{image.extension}", ContentFile(content), save=False)
    try:
        image.save()
    except Exception:
        image.file.delete(save=False)
        raise
    return image


def delete_image(image: Image) -> None:
    name = image.file.name
    image.delete()
    _delete_stored(name)


def add_to_gallery(gallery, *, limit: int, whose: str, **upload):
    """Store a picture (`upload_image`'s arguments) and append it to `gallery`, the related manager
    of a row's photos (rows with `image` and `position`, e.g. `product.photos`); at most `limit`
    photos, `whose` naming the row in the refusal ("A product"). A photo row that cannot be written
    takes its stored picture with it."""
    if gallery.count() >= limit:
        raise Refused("file", f"{whose} has at most {limit} photos; delete one first", code="value_error")
    image = upload_image(**upload)
    try:
        with transaction.atomic():
            last = gallery.aggregate(last=Max("position"))["last"]
            return gallery.create(image=image, position=0 if last is None else last + 1)
    except Exception:
        delete_image(image)
        raise
