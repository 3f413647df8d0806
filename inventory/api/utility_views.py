"""Utility routes (spec "Utility Routes"): part images, counts, and backups of the whole inventory."""

from django.conf import settings
from django.http import FileResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser

from config.api.inventory import InventoryAPIView, enveloped
from config.errors import NotFound, Refused
from files import services as files
from files.models import Image
from files.responses import stored_file_response

from ..permissions import InventoryPermission
from ..services import backups

IMAGE_NOT_FOUND = "Image not found"


class InventoryImageUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="PNG, JPEG, GIF or WebP, at most 5 MB; checked by decoding it")


def image_url(image: Image) -> str:
    return f"/api/inventory/utility/get_image/{image.pk}.{image.extension}"


class UploadImageView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"POST": "parts:write"}
    parser_classes = [MultiPartParser]
    max_body_bytes = settings.IMAGE_MAX_UPLOAD_BYTES + 64 * 1024  # the form's boundaries and headers

    @extend_schema(
        request={"multipart/form-data": InventoryImageUploadSerializer},
        responses={
            200: inline_serializer(
                "InventoryImageUploaded",
                {
                    "image_id": serializers.UUIDField(),
                    "status": serializers.CharField(),
                    "message": serializers.CharField(),
                    "data": inline_serializer(
                        "InventoryImage",
                        {
                            "image_id": serializers.UUIDField(),
                            "url": serializers.CharField(),
                            "content_type": serializers.CharField(),
                            "width": serializers.IntegerField(),
                            "height": serializers.IntegerField(),
                            "size": serializers.IntegerField(),
                        },
                    ),
                },
            )
        },
    )
    def post(self, request):
        upload = request.data.get("file")
        if not hasattr(upload, "read"):
            raise Refused("file", "Send the image as the multipart field `file`.", "required")
        image = files.upload_image(owner=request.user, file_name=upload.name, content=upload.read())
        data = {
            "image_id": str(image.pk),
            "url": image_url(image),
            "content_type": image.content_type,
            "width": image.width,
            "height": image.height,
            "size": image.file_size,
        }
        # The spec's body is `{"image_id"}`; the envelope around it serves clients of either form.
        response = self.answer("Image uploaded successfully", data, self.dialect.create_status)
        response.data["image_id"] = data["image_id"]
        return response


class GetImageView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"GET": "parts:read"}

    @extend_schema(responses={(200, "image/*"): OpenApiTypes.BINARY})
    def get(self, request, image_ref):
        image_id = backups.UUID_IN_URL.fullmatch(image_ref.rsplit(".", 1)[0])
        image = Image.objects.filter(pk=image_id.group(0)).first() if image_id else None
        if image is None:
            raise NotFound(IMAGE_NOT_FOUND)
        response = stored_file_response(image.file, content_type=image.content_type)
        response["Cache-Control"] = "private, max-age=31536000, immutable"  # an id names one picture forever
        return response


class CountsView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"GET": "parts:read"}

    @extend_schema(
        responses=enveloped(
            "InventoryCounts",
            inline_serializer(
                "InventoryCountsData",
                {
                    "parts": serializers.IntegerField(),
                    "locations": serializers.IntegerField(),
                    "categories": serializers.IntegerField(),
                },
            ),
        )
    )
    def get(self, request):
        return self.answer("Counts retrieved successfully", backups.counts())


def _stamp() -> str:
    return timezone.now().strftime("%Y%m%d-%H%M%S")


class BackupDownloadView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"GET": "admin"}

    @extend_schema(responses={(200, "application/zip"): OpenApiTypes.BINARY})
    def get(self, request):
        return FileResponse(backups.backup_zip(), as_attachment=True, filename=f"inventory-backup-{_stamp()}.zip")


class BackupExportView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"GET": "admin"}

    @extend_schema(responses={(200, "application/json"): OpenApiTypes.OBJECT})
    def get(self, request):
        return FileResponse(
            backups.export_json(),
            as_attachment=True,
            filename=f"inventory-export-{_stamp()}.json",
            content_type="application/json",
        )


class BackupStatusView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    required_permissions = {"GET": "admin"}

    @extend_schema(
        responses=enveloped(
            "InventoryBackupStatus",
            inline_serializer(
                "InventoryBackupStatusData",
                {
                    "database_size": serializers.IntegerField(),
                    "last_modified": serializers.DateTimeField(allow_null=True),
                    "total_records": serializers.IntegerField(),
                    "parts_count": serializers.IntegerField(),
                    "locations_count": serializers.IntegerField(),
                    "categories_count": serializers.IntegerField(),
                },
            ),
        )
    )
    def get(self, request):
        return self.answer("Backup status retrieved successfully", backups.status())
