from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelFileType(models.TextChoices):
    """3D formats accepted for upload (spec "Files (3D Models)"), named by file extension."""

    STL = "stl", "STL"
    OBJ = "obj", "Wavefront OBJ"
    PLY = "ply", "PLY"
    THREE_MF = "3mf", "3MF"
    STEP = "step", "STEP"
    STP = "stp", "STEP (.stp)"


# CAD (B-rep) formats are tessellated by OpenCASCADE, whose output is in metres.
CAD_TYPES = frozenset({ModelFileType.STEP, ModelFileType.STP})


class PreviewStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class DocumentType(models.TextChoices):
    """Document formats accepted for upload (spec "Documents"), named by file extension."""

    PDF = "pdf", "PDF"
    DOC = "doc", "Word 97-2003"
    DOCX = "docx", "Word"
    XLS = "xls", "Excel 97-2003"
    XLSX = "xlsx", "Excel"
    ODT = "odt", "OpenDocument text"
    ODS = "ods", "OpenDocument spreadsheet"
    RTF = "rtf", "Rich text"
    TXT = "txt", "Plain text"
    CSV = "csv", "CSV"
    PNG = "png", "PNG image"
    JPG = "jpg", "JPEG image"
    JPEG = "jpeg", "JPEG image (.jpeg)"
    DWG = "dwg", "AutoCAD drawing"
    DXF = "dxf", "DXF drawing"


class ImageFormat(models.TextChoices):
    """Picture formats accepted for upload (inventory spec "upload_image"), as Pillow names them decoded."""

    PNG = "PNG", "PNG"
    JPEG = "JPEG", "JPEG"
    GIF = "GIF", "GIF"
    WEBP = "WEBP", "WebP"


IMAGE_EXTENSIONS = {
    ImageFormat.PNG: "png",
    ImageFormat.JPEG: "jpg",
    ImageFormat.GIF: "gif",
    ImageFormat.WEBP: "webp",
}
IMAGE_CONTENT_TYPES = {
    ImageFormat.PNG: "image/png",
    ImageFormat.JPEG: "image/jpeg",
    ImageFormat.GIF: "image/gif",
    ImageFormat.WEBP: "image/webp",
}
