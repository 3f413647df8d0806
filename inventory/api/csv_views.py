"""Supplier order import routes (spec "CSV Import"), served at `/csv/...` and at `/api/csv/...`, where the
original front end calls them. Their answers are the spec's bare bodies, not the envelope.

The file comes as `csv_content` text in JSON (the spec's form) or as an uploaded `file` (multipart),
which is how Mouser's `.xls` order history and `.xlsx` exports arrive.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser

from config.api.inventory import InventoryAPIView
from config.api.parsers import JSONParser
from config.errors import Refused

from .. import importers
from ..permissions import InventoryPermission
from ..services import import_config, imports

# A 10 MB export as JSON text can double in size with escaping.
MAX_BODY = 2 * importers.MAX_FILE_BYTES + 64 * 1024


class InventoryOrderInfoSerializer(serializers.Serializer):
    supplier = serializers.CharField(max_length=100, required=False, allow_blank=True)
    order_number = serializers.CharField(max_length=100, required=False, allow_blank=True)


class InventoryCsvSerializer(serializers.Serializer):
    csv_content = serializers.CharField(required=False, trim_whitespace=False, help_text="The export as text")
    file = serializers.FileField(required=False, help_text="The export as a file (CSV, .xls, .xlsx)")
    filename = serializers.CharField(max_length=255, required=False, allow_blank=True)
    parser_type = serializers.ChoiceField(choices=list(importers.PARSERS), required=False, allow_null=True)
    order_info = InventoryOrderInfoSerializer(required=False)

    def validate_parser_type(self, value):
        return value.casefold() if value else None

    def validate(self, attrs):
        if not attrs.get("csv_content") and not attrs.get("file"):
            raise serializers.ValidationError({"csv_content": ["Send the export as csv_content or as a file."]})
        return attrs


def read_export(request) -> dict:
    """The validated request: `content` (bytes or text), `filename`, `parser_type`, `order_info`."""
    serializer = InventoryCsvSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    data = serializer.validated_data
    upload = data.get("file")
    if upload is not None and upload.size > importers.MAX_FILE_BYTES:
        raise Refused("file", f"The file is larger than {importers.MAX_FILE_BYTES // (1024 * 1024)} MB.", "too_large")
    return {
        "content": upload.read() if upload is not None else data["csv_content"],
        "filename": data.get("filename") or (upload.name if upload is not None else ""),
        "parser_type": data.get("parser_type"),
        "order_info": dict(data.get("order_info") or {}),
    }


class CsvView(InventoryAPIView):
    permission_classes = [InventoryPermission]
    parser_classes = [JSONParser, MultiPartParser]
    max_body_bytes = MAX_BODY


class SupportedTypesView(CsvView):
    required_permissions = {"GET": "parts:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return self.answer_raw({"supported_types": importers.supported_types()})


class PreviewView(CsvView):
    required_permissions = {"POST": "csv:import"}

    @extend_schema(request=InventoryCsvSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        export = read_export(request)
        return self.answer_raw(imports.preview(export["content"], filename=export["filename"]))


class ParseView(CsvView):
    required_permissions = {"POST": "csv:import"}

    @extend_schema(request=InventoryCsvSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        export = read_export(request)
        parsed = importers.parse_order(
            export["content"], filename=export["filename"], parser_type=export["parser_type"]
        )
        return self.answer_raw(parsed.as_dict())


class ImportView(CsvView):
    required_permissions = {"POST": "csv:import"}

    @extend_schema(request=InventoryCsvSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        outcome = imports.import_file(**read_export(request))
        return self.answer_raw(outcome.as_dict())


class ImportWithProgressView(CsvView):
    required_permissions = {"POST": "csv:import"}

    @extend_schema(request=InventoryCsvSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        export = read_export(request)
        task = imports.start_import(request.user, **export)
        return self.answer_raw({"task_id": str(task.pk), "status": task.status, "message": "Import started"})


class ImportProgressView(CsvView):
    required_permissions = {"GET": "csv:import"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        task = imports.latest_import(request.user)
        return self.answer_raw(
            {
                "task_id": str(task.pk),
                "status": task.status,
                "progress_percentage": task.progress_percentage,
                "current_step": task.current_step,
                "result": task.result_data,
                "error_message": task.error_message or None,
                "started_at": task.started_at,
                "completed_at": task.completed_at,
            }
        )


class InventoryFilenameSerializer(serializers.Serializer):
    filename = serializers.CharField(max_length=255)


class FilenameInfoView(CsvView):
    required_permissions = {"POST": "parts:read"}

    @extend_schema(request=InventoryFilenameSerializer, responses=OpenApiTypes.OBJECT)
    def post(self, request):
        serializer = InventoryFilenameSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        info = importers.extract_filename_info(serializer.validated_data["filename"])
        return self.answer_raw({"found": info is not None, **(info.as_dict() if info else {})})


class ParserInfoView(CsvView):
    required_permissions = {"GET": "parts:read"}

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request, parser_type):
        return self.answer_raw(importers.parser_info(parser_type))


class InventoryImportConfigSerializer(serializers.Serializer):
    download_datasheets = serializers.BooleanField(required=False)
    download_images = serializers.BooleanField(required=False)
    overwrite_existing_files = serializers.BooleanField(required=False)
    download_timeout_seconds = serializers.IntegerField(min_value=1, max_value=600, required=False)
    show_progress = serializers.BooleanField(required=False)


class ConfigView(CsvView):
    required_permissions = {"GET": "parts:read", "PUT": "csv:import"}

    @extend_schema(responses=InventoryImportConfigSerializer)
    def get(self, request):
        return self.answer_raw({**import_config.current(), "limits": importers.import_limits()})

    @extend_schema(request=InventoryImportConfigSerializer, responses=InventoryImportConfigSerializer)
    def put(self, request):
        serializer = InventoryImportConfigSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self.answer_raw(import_config.update(**serializer.validated_data))
