from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html

from . import services
from .models import Document, ModelFile
from .responses import stored_file_response

# Styled by static/css/admin.css: the Content-Security-Policy refuses inline style attributes.
THUMBNAIL = '<img src="{}" alt="preview" class="model-thumbnail" width="{}" height="{}">'


@admin.register(ModelFile)
class ModelFileAdmin(admin.ModelAdmin):
    list_display = (
        "original_filename",
        "thumbnail",
        "owner",
        "is_demo",
        "file_type",
        "file_size",
        "dimensions",
        "preview_status",
        "uploaded_at",
    )
    list_filter = ("file_type", "is_demo", "preview_status", "is_watertight", "uploaded_at")
    search_fields = ("original_filename", "description", "owner__username", "owner__email", "file")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
    date_hierarchy = "uploaded_at"
    actions = ("rerun_preview",)
    readonly_fields = (
        "large_thumbnail",
        "file",
        "file_size",
        "file_type",
        "uploaded_at",
        "length_mm",
        "width_mm",
        "height_mm",
        "volume_mm3",
        "area_mm2",
        "box_volume_mm3",
        "is_watertight",
        "face_count",
        "preview",
        "preview_status",
        "preview_error",
        "preview_updated_at",
    )
    fieldsets = (
        (None, {"fields": ("original_filename", "owner", "is_demo", "description", "file", "file_type", "file_size")}),
        (
            "Geometry (mm)",
            {
                "fields": (
                    ("length_mm", "width_mm", "height_mm"),
                    ("volume_mm3", "area_mm2", "box_volume_mm3"),
                    ("is_watertight", "face_count"),
                )
            },
        ),
        ("Preview", {"fields": ("large_thumbnail", "preview_status", "preview_error", "preview_updated_at")}),
    )

    def has_add_permission(self, request):
        return False  # models arrive through the API (validated and measured), not a bare form

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_image)
        return [path("<int:pk>/preview.png", preview, name="files_modelfile_preview"), *super().get_urls()]

    def preview_image(self, request, pk):
        """Serve the preview to staff, whether or not MEDIA_URL is routed."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        model_file = ModelFile.objects.filter(pk=pk).first()
        if model_file is None or not model_file.preview_generated:
            raise Http404("No preview")
        return stored_file_response(model_file.preview, content_type="image/png")

    def _thumbnail(self, obj, size):
        if not obj.preview_generated:
            return obj.get_preview_status_display()
        return format_html(THUMBNAIL, reverse("admin:files_modelfile_preview", args=[obj.pk]), size, size)

    @admin.display(description="Preview")
    def thumbnail(self, obj):
        return self._thumbnail(obj, 64)

    @admin.display(description="Preview")
    def large_thumbnail(self, obj):
        return self._thumbnail(obj, 320)

    @admin.display(description="L x W x H (mm)")
    def dimensions(self, obj):
        if not obj.has_dimensions:
            return "-"
        return f"{obj.length_mm:g} x {obj.width_mm:g} x {obj.height_mm:g}"

    @admin.action(description="Re-run preview generation")
    def rerun_preview(self, request, queryset):
        for model_file in queryset:
            services.request_preview(model_file)
        self.message_user(request, f"Preview generation queued for {len(queryset)} file(s).", messages.SUCCESS)

    def delete_model(self, request, obj):
        services.delete_model_file(obj)

    def delete_queryset(self, request, queryset):
        for model_file in queryset:
            services.delete_model_file(model_file)


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("original_filename", "owner", "category", "file_type", "file_size", "uploaded_at", "download")
    list_filter = ("category", "file_type", "uploaded_at")
    search_fields = ("original_filename", "description", "category", "owner__username", "owner__email")
    list_select_related = ("owner",)
    autocomplete_fields = ("owner",)
    date_hierarchy = "uploaded_at"
    readonly_fields = ("file", "file_size", "file_type", "uploaded_at", "download")
    fields = ("original_filename", "owner", "category", "description", "file", "file_type", "file_size", "download")

    def has_add_permission(self, request):
        return False  # documents arrive through the API, where their type and size are checked

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_file)
        return [path("<int:pk>/download", download, name="files_document_download"), *super().get_urls()]

    def download_file(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        document = Document.objects.filter(pk=pk).first()
        if document is None:
            raise Http404("No document")
        return stored_file_response(document.file, as_attachment=True, filename=document.original_filename)

    @admin.display(description="File")
    def download(self, obj):
        return format_html('<a href="{}">Download</a>', reverse("admin:files_document_download", args=[obj.pk]))

    def delete_model(self, request, obj):
        services.delete_document(obj)

    def delete_queryset(self, request, queryset):
        for document in queryset:
            services.delete_document(document)
