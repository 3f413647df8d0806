"""Admin pieces the apps share."""

from django.contrib import admin
from django.utils.html import format_html


class ReadOnlyInline(admin.TabularInline):
    """Rows the services write (an order's history, a delivery's attempts): shown, never added or
    edited here. Subclasses name `model` and `fields`."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False


class PhotoInline(admin.TabularInline):
    """A row's photos (a product's, an order's) as thumbnails staff reorder or delete; they are
    uploaded through the API, so never added here. Subclasses name `model` and `photo_url`; the
    admin saves them with `save_photos`, so a deleted photo takes its stored picture along."""

    extra = 0
    fields = ["thumbnail", "position"]
    readonly_fields = ["thumbnail"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description="Photo")
    def thumbnail(self, photo):
        return format_html('<img src="{}" alt="" width="96">', self.photo_url(photo))

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")


def save_photos(formset, delete_photo) -> None:
    """Save a `PhotoInline`'s formset; its deleted photos go through `delete_photo` (their pictures too)."""
    for photo in formset.save(commit=False):
        photo.save()
    for photo in formset.deleted_objects:
        delete_photo(photo)
