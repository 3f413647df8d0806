import posixpath
import uuid

from django.conf import settings
from django.db import models

from .choices import IMAGE_CONTENT_TYPES, IMAGE_EXTENSIONS, DocumentType, ImageFormat, ModelFileType, PreviewStatus


class ModelFileQuerySet(models.QuerySet):
    def readable_by(self, user):
        """Own files and demo files; staff read every file."""
        if user.is_staff:
            return self
        return self.filter(models.Q(owner=user) | models.Q(is_demo=True))

    def deletable_by(self, user):
        return self if user.is_staff else self.filter(owner=user)


class ModelFile(models.Model):
    """A 3D model uploaded by a customer (or a demo model), with its measured geometry and preview."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="model_files"
    )
    is_demo = models.BooleanField(default=False, db_index=True)
    file = models.FileField(upload_to="models/", max_length=255)
    original_filename = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    file_type = models.CharField(max_length=8, choices=ModelFileType.choices)
    description = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    # Geometry measured at upload (reference/calculator.md §8), in millimetres; length >= width >= height.
    length_mm = models.FloatField(null=True, blank=True)
    width_mm = models.FloatField(null=True, blank=True)
    height_mm = models.FloatField(null=True, blank=True)
    volume_mm3 = models.FloatField(null=True, blank=True, help_text="Only for a watertight mesh.")
    area_mm2 = models.FloatField(null=True, blank=True)
    box_volume_mm3 = models.FloatField(null=True, blank=True, help_text="Volume of the oriented bounding box.")
    is_watertight = models.BooleanField(null=True, blank=True)
    face_count = models.PositiveIntegerField(null=True, blank=True)

    preview = models.FileField(upload_to="previews/", max_length=255, blank=True)
    preview_status = models.CharField(
        max_length=8, choices=PreviewStatus.choices, default=PreviewStatus.PENDING, db_index=True
    )
    preview_error = models.TextField(blank=True)
    preview_updated_at = models.DateTimeField(null=True, blank=True)

    objects = ModelFileQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(owner__isnull=False) | models.Q(is_demo=True),
                name="files_modelfile_owned_or_demo",
            ),
        ]

    def __str__(self):
        return self.original_filename

    @property
    def filename(self) -> str:
        """The generated name the file is stored under (the spec's `filename`)."""
        return posixpath.basename(self.file.name)

    @property
    def preview_generated(self) -> bool:
        """True only when a rendered image exists; a pending or failed preview is not one."""
        return self.preview_status == PreviewStatus.READY and bool(self.preview)

    @property
    def has_dimensions(self) -> bool:
        return None not in (self.length_mm, self.width_mm, self.height_mm)


class DocumentQuerySet(models.QuerySet):
    def readable_by(self, user):
        return self if user.is_staff else self.filter(owner=user)


class Document(models.Model):
    """A document a customer uploaded (a drawing, a specification, a contract)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(upload_to="documents/", max_length=255)
    original_filename = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    file_type = models.CharField(max_length=8, choices=DocumentType.choices)
    category = models.CharField(max_length=50, default="other", db_index=True)
    description = models.TextField(blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return self.original_filename

    @property
    def filename(self) -> str:
        return posixpath.basename(self.file.name)


class Image(models.Model):
    """A picture uploaded for a part, a product or another row; its format is what decoding found."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="images"
    )
    file = models.FileField(upload_to="images/", max_length=255)
    original_filename = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    image_format = models.CharField(max_length=8, choices=ImageFormat.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-uploaded_at", "id"]

    def __str__(self):
        return self.original_filename

    @property
    def extension(self) -> str:
        return IMAGE_EXTENSIONS[self.image_format]

    @property
    def content_type(self) -> str:
        return IMAGE_CONTENT_TYPES[self.image_format]
