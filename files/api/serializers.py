import base64
import binascii

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.base import QueryPlanMixin
from config.errors import Refused
from config.text import TEXT_MAX_LENGTH

from .. import services
from ..models import Document, ModelFile


@extend_schema_field(OpenApiTypes.BYTE)
class Base64FileField(serializers.Field):
    """File content sent as strict base64 text (no whitespace, no data: prefix), decoded to bytes.

    Text longer than the base64 of the largest accepted file is refused before it is decoded.
    """

    default_error_messages = {
        "invalid": "Not valid base64 data.",
        "empty": "The file is empty.",
    }

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        if len(data) > services.max_encoded_length():
            raise serializers.ValidationError(services.too_large_message())
        try:
            content = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            self.fail("invalid")
        if not content:
            self.fail("empty")
        if len(content) > services.max_upload_bytes():
            raise serializers.ValidationError(services.too_large_message(len(content)))
        return content

    def to_representation(self, value):
        return base64.b64encode(value).decode()


class FileNameField(serializers.CharField):
    """The client's name for the file, kept for display and downloads, never used to store it."""

    def __init__(self, **kwargs):
        super().__init__(max_length=1000, **kwargs)

    def to_internal_value(self, data):
        name = super().to_internal_value(data)
        try:
            return services.clean_original_name(name)
        except Refused as refused:
            raise serializers.ValidationError(refused.message) from refused


class MfgModelFileUploadSerializer(serializers.Serializer):
    file_name = FileNameField()
    file_data = Base64FileField(source="content")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH)


class MfgModelFileSerializer(QueryPlanMixin, serializers.ModelSerializer):
    # Plain strings in the schema: the extension, as the spec shows it (no shared enum to collide).
    file_type = serializers.CharField(read_only=True)
    preview_generated = serializers.BooleanField(read_only=True)

    class Meta:
        model = ModelFile
        fields = ["id", "filename", "original_filename", "file_size", "file_type", "uploaded_at", "preview_generated"]
        read_only_fields = fields


class MfgModelFileUploadedSerializer(MfgModelFileSerializer):
    preview_url = serializers.SerializerMethodField()

    class Meta(MfgModelFileSerializer.Meta):
        fields = [*MfgModelFileSerializer.Meta.fields, "preview_url"]
        read_only_fields = fields

    def get_preview_url(self, obj) -> str:
        """Relative to the API's base URL (`/api/mfg`), as the spec writes it."""
        return f"/files/{obj.pk}/preview"


class MfgDemoFileSerializer(QueryPlanMixin, serializers.ModelSerializer):
    file_type = serializers.CharField(read_only=True)

    class Meta:
        model = ModelFile
        fields = ["id", "filename", "original_filename", "file_size", "file_type", "is_demo"]
        read_only_fields = fields


class MfgDocumentUploadSerializer(serializers.Serializer):
    file_name = FileNameField()
    file_data = Base64FileField(source="content")
    category = serializers.RegexField(r"^[A-Za-z0-9_-]+\Z", max_length=50, required=False, default="other")
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=TEXT_MAX_LENGTH)


class MfgDocumentSerializer(QueryPlanMixin, serializers.ModelSerializer):
    file_type = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = ["id", "filename", "original_filename", "file_size", "file_type", "category", "uploaded_at"]
        read_only_fields = fields


class MfgAdminDocumentSerializer(MfgDocumentSerializer):
    user_id = serializers.IntegerField(source="owner_id", read_only=True)

    class Meta(MfgDocumentSerializer.Meta):
        fields = [*MfgDocumentSerializer.Meta.fields, "user_id"]
        read_only_fields = fields


class PhotoSerializer(QueryPlanMixin, serializers.ModelSerializer):
    """A picture kept with a row (a shop product's, a shop order's): where it is served and what
    decoding found. Subclasses name `Meta.model` and `photo_url` (the row's public address)."""

    FIELDS = ["id", "url", "content_type", "width", "height", "size", "position"]
    select_related = ("image",)
    url = serializers.SerializerMethodField(help_text="Public address of the picture (no token needed)")
    content_type = serializers.CharField(source="image.content_type", read_only=True)
    width = serializers.IntegerField(source="image.width", read_only=True)
    height = serializers.IntegerField(source="image.height", read_only=True)
    size = serializers.IntegerField(source="image.file_size", read_only=True, help_text="Bytes")

    def get_url(self, photo) -> str:
        return self.photo_url(photo)


class PhotoUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PNG, JPEG, GIF or WebP, at most 10 MB; checked by decoding it")
