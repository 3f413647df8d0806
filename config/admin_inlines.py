"""Admin pieces the apps share."""

from django.contrib import admin, messages
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


class DeliveryAttemptInline(ReadOnlyInline):
    """The tries of an outbox delivery (`config.outbox.DeliveryAttempt`). Subclasses name `model`."""

    fields = ["attempted_at", "status_code", "error", "duration_ms"]


class OutboxDeliveryAdmin(admin.ModelAdmin):
    """An outbox's deliveries (`config.outbox.OutboxDelivery`): written by the sender, read here, and
    sent again with fresh tries once the receiver is back. Subclasses name `replay_deliveries` (the
    app's replay service) and `replayed`, the message with the `{count}`."""

    actions = ["replay"]
    replayed = "{count} queued to be sent again."

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Send the selected again (fresh tries)")
    def replay(self, request, queryset):
        count = self.replay_deliveries(queryset)
        self.message_user(request, self.replayed.format(count=count), messages.SUCCESS)


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
