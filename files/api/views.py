"""File and document endpoints of the manufacturing service API (spec: "Files (3D Models)", "Documents").

Download and preview answer with the file itself; errors stay JSON in the mfg dialect. See docs/mfg.md
("Files") for the decisions the spec leaves open.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response

from config.api.base import OwnRowsOnlyMixin, PublicEndpointMixin, lookup
from config.api.mfg import MfgAPIView, MfgListAPIView, dialect
from config.errors import NotFound

from .. import services
from ..models import Document, ModelFile
from ..responses import stored_file_response
from .serializers import (
    MfgAdminDocumentSerializer,
    MfgDemoFileSerializer,
    MfgDocumentSerializer,
    MfgDocumentUploadSerializer,
    MfgModelFileSerializer,
    MfgModelFileUploadedSerializer,
    MfgModelFileUploadSerializer,
)

# Room for the JSON around the base64 text: a file name and a description of up to 5000 characters,
# even with every character escaped.
JSON_OVERHEAD_BYTES = 128 * 1024


class UploadBodyMixin:
    """Routes that take a base64 file: the body may hold one acceptable file, and a larger one is
    refused before any of it is read, with the spec's validation error on `file_data`."""

    def body_limit(self) -> int:
        return services.max_encoded_length() + JSON_OVERHEAD_BYTES

    def refuse_oversized_body(self):
        raise ValidationError({"file_data": [services.too_large_message()]})


class AnyAcceptNegotiation(DefaultContentNegotiation):
    """File bodies are sent whatever the client accepts (`Accept: image/png`, `*/*`); errors stay JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class OwnUploadsMixin(OwnRowsOnlyMixin):
    """Lists show the caller's own uploads, staff included; staff reach others' rows by id."""

    owner_field = "owner"


class ModelFileListView(UploadBodyMixin, OwnUploadsMixin, MfgListAPIView):
    """The caller's own 3D models, newest first; upload one as base64 JSON."""

    queryset = ModelFile.objects.order_by("-id")
    serializer_class = MfgModelFileSerializer

    @extend_schema(request=MfgModelFileUploadSerializer, responses=MfgModelFileUploadedSerializer)
    def post(self, request):
        upload = MfgModelFileUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        model_file = services.upload_model_file(owner=request.user, **upload.validated_data)
        return self.answer_created(model_file, MfgModelFileUploadedSerializer)


class DemoFileListView(PublicEndpointMixin, MfgListAPIView):
    """Demo models anyone may price and order; no authentication."""

    queryset = ModelFile.objects.filter(is_demo=True).order_by("id")
    serializer_class = MfgDemoFileSerializer


def readable_model_file(request, file_id: int) -> ModelFile:
    return lookup(ModelFile.objects.readable_by(request.user), file_id, "File not found")


class ModelFileDetailView(MfgAPIView):
    """One 3D model: the caller's own or a demo file (staff: any). Delete: own files only (staff: any)."""

    @extend_schema(responses=MfgModelFileSerializer)
    def get(self, request, file_id):
        return Response(MfgModelFileSerializer(readable_model_file(request, file_id)).data)

    @extend_schema(responses=dialect.message_schema)
    def delete(self, request, file_id):
        services.delete_model_file(lookup(ModelFile.objects.deletable_by(request.user), file_id, "File not found"))
        return Response({"message": "File deleted successfully"})


class ModelFileDownloadView(MfgAPIView):
    """The model file as uploaded, under its original name."""

    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, file_id):
        model_file = readable_model_file(request, file_id)
        return stored_file_response(model_file.file, as_attachment=True, filename=model_file.original_filename)


class ModelFilePreviewView(MfgAPIView):
    """The PNG preview; 404 "Preview not generated yet" until it has been rendered."""

    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(responses={(200, "image/png"): OpenApiTypes.BINARY})
    def get(self, request, file_id):
        model_file = readable_model_file(request, file_id)
        if not model_file.preview_generated:
            raise NotFound("Preview not generated yet")
        return stored_file_response(model_file.preview, content_type="image/png")


class DocumentListView(UploadBodyMixin, OwnUploadsMixin, MfgListAPIView):
    """The caller's own documents, newest first; upload one as base64 JSON."""

    queryset = Document.objects.order_by("-id")
    serializer_class = MfgDocumentSerializer

    @extend_schema(request=MfgDocumentUploadSerializer, responses=MfgDocumentSerializer)
    def post(self, request):
        upload = MfgDocumentUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        document = services.upload_document(owner=request.user, **upload.validated_data)
        return self.answer_created(document, MfgDocumentSerializer)


def readable_document(request, document_id: int) -> Document:
    return lookup(Document.objects.readable_by(request.user), document_id, "Document not found")


class DocumentDetailView(MfgAPIView):
    """One of the caller's documents (staff: any)."""

    @extend_schema(responses=MfgDocumentSerializer)
    def get(self, request, document_id):
        return Response(MfgDocumentSerializer(readable_document(request, document_id)).data)

    @extend_schema(responses=dialect.message_schema)
    def delete(self, request, document_id):
        services.delete_document(readable_document(request, document_id))
        return Response({"message": "Document deleted successfully"})


class DocumentDownloadView(MfgAPIView):
    """The document as uploaded, under its original name."""

    content_negotiation_class = AnyAcceptNegotiation

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, document_id):
        document = readable_document(request, document_id)
        return stored_file_response(document.file, as_attachment=True, filename=document.original_filename)


@extend_schema(parameters=[OpenApiParameter("category", str, description="Only documents of this category")])
class AdminDocumentListView(MfgListAPIView):
    """Every customer's documents, newest first, optionally of one `category` (staff only)."""

    permission_classes = [IsAdminUser]
    queryset = Document.objects.order_by("-id")
    serializer_class = MfgAdminDocumentSerializer
    filterset_fields = ["category"]
