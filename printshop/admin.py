from django import forms
from django.contrib import admin, messages

from config.admin_inlines import DeliveryAttemptInline, OutboxDeliveryAdmin, ReadOnlyInline
from config.errors import Conflict

from . import vault
from .models import (
    AmsSlot,
    Communication,
    EtsyShop,
    Filament,
    FilamentUsage,
    NotificationAttempt,
    NotificationDelivery,
    NotificationSettings,
    Order,
    OrderItem,
    OrderNote,
    Printer,
    ScheduledPrint,
)
from .services import delivery, filaments, queue


class AmsSlotInline(admin.TabularInline):
    model = AmsSlot
    fields = ["slot", "loaded", "material_type", "color", "remaining_pct", "vendor", "cost_per_kg", "last_synced"]
    readonly_fields = ["slot", "loaded", "material_type", "color", "last_synced"]
    extra = 0
    can_delete = False


class PrinterForm(forms.ModelForm):
    """The access code can be given (a new printer) or replaced, never read back: the field starts
    empty on every page, and left empty it keeps the stored one."""

    access_code = forms.CharField(
        required=False,
        strip=True,
        max_length=512,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text="The printer's LAN access code, or the cloud token. Stored encrypted; leave empty to keep it.",
    )

    class Meta:
        model = Printer
        fields = ["owner", "name", "model", "connection_type", "serial_number", "host", "cloud_user_id"]

    def clean_access_code(self):
        code = self.cleaned_data["access_code"]
        if not code and not self.instance.access_code_encrypted:
            raise forms.ValidationError("A printer needs its access code to be heard.")
        return code

    def save(self, commit=True):
        if code := self.cleaned_data.get("access_code"):
            self.instance.access_code_encrypted = vault.encrypt(code)
        return super().save(commit)


@admin.register(Printer)
class PrinterAdmin(admin.ModelAdmin):
    """Printers of every farm; the access code is never shown (only its ciphertext is stored)."""

    form = PrinterForm

    list_display = ["name", "owner", "model", "connection_type", "serial_number", "reported_at", "utilization_pct"]
    list_filter = ["connection_type", "model"]
    search_fields = ["name", "serial_number", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    fields = [
        "owner",
        "name",
        "model",
        "connection_type",
        "serial_number",
        "host",
        "cloud_user_id",
        "access_code",
        "reported_at",
    ]
    readonly_fields = ["reported_at"]
    inlines = [AmsSlotInline]


class LowStockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("low", "Running low (at or below its threshold)")]

    def queryset(self, request, queryset):
        return filaments.running_low(queryset) if self.value() == "low" else queryset


class FilamentUsageInline(ReadOnlyInline):
    """A spool's history: what each finished print took (a spool's weight bounds the rows)."""

    model = FilamentUsage
    fields = ["used_at", "scheduled_print", "grams"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("scheduled_print")


@admin.register(Filament)
class FilamentAdmin(admin.ModelAdmin):
    list_display = ["material", "color", "owner", "current_amount", "initial_amount", "low_stock_threshold"]
    list_filter = [LowStockFilter, "material"]
    search_fields = ["material", "color", "owner__username"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    inlines = [FilamentUsageInline]


@admin.register(ScheduledPrint)
class ScheduledPrintAdmin(admin.ModelAdmin):
    """Each printer's queue (filter by printer): staff reorder it by editing priorities in the list,
    and the printer's queue is re-planned. Status moves go through the queue's table (the actions)."""

    list_display = [
        "job_name",
        "printer",
        "status",
        "priority",
        "estimated_duration_minutes",
        "estimated_filament_grams",
        "scheduled_start",
        "order_item",
    ]
    list_editable = ["priority"]
    list_filter = ["status", "printer"]
    search_fields = ["job_name", "file_name", "printer__name"]
    list_select_related = ["printer", "order_item"]
    raw_id_fields = ["printer", "order_item"]
    readonly_fields = ["status", "scheduled_start", "started_at", "finished_at"]
    ordering = ["printer", "priority", "created_at", "id"]
    actions = ["cancel_prints"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        queue.replan(obj.printer)

    @admin.action(description="Cancel selected prints (queued or scheduled ones)")
    def cancel_prints(self, request, queryset):
        cancelled, refused = 0, []
        for scheduled in queryset.select_related("printer"):
            try:
                queue.cancel(scheduled)
                cancelled += 1
            except Conflict as error:
                refused.append(f"{scheduled}: {error}")
        self.message_user(request, f"Cancelled {cancelled}.")
        for message in refused:
            self.message_user(request, message, messages.WARNING)


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["printer", "notify_print_start", "notify_print_complete", "notify_print_failed", "email_enabled"]
    list_select_related = ["printer"]
    raw_id_fields = ["printer"]


class NotificationAttemptInline(DeliveryAttemptInline):
    model = NotificationAttempt


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(OutboxDeliveryAdmin):
    """Notifications sent and failing: each try's answer, and a replay once the receiver is back."""

    list_display = [
        "id",
        "event",
        "channel",
        "destination",
        "owner",
        "status",
        "attempts",
        "next_attempt_at",
        "error_message",
        "created_at",
    ]
    list_select_related = ["owner"]
    list_filter = ["status", "event", "channel"]
    search_fields = ["key", "destination", "owner__username", "owner__email"]
    inlines = [NotificationAttemptInline]
    replay_deliveries = staticmethod(delivery.replay)
    replayed = "{count} notification(s) queued to be sent again."


@admin.register(FilamentUsage)
class FilamentUsageAdmin(admin.ModelAdmin):
    """What finished prints took from each spool (written when a print completes)."""

    list_display = ["used_at", "filament", "grams", "scheduled_print"]
    list_select_related = ["filament", "scheduled_print"]
    search_fields = ["filament__material", "filament__color", "scheduled_print__job_name"]
    date_hierarchy = "used_at"
    readonly_fields = ["filament", "scheduled_print", "grams", "used_at"]

    def has_add_permission(self, request):
        return False


@admin.register(EtsyShop)
class EtsyShopAdmin(admin.ModelAdmin):
    """Linked Etsy shops; their OAuth tokens are never shown (the fields are not editable)."""

    list_display = ("shop_name", "user", "etsy_shop_id", "last_synced_at", "needs_relink", "last_sync_error")
    list_filter = ("needs_relink",)
    search_fields = ("shop_name", "user__username", "etsy_shop_id", "etsy_user_id")
    autocomplete_fields = ("user",)
    readonly_fields = (
        "etsy_user_id",
        "etsy_shop_id",
        "token_expires_at",
        "synced_until",
        "last_synced_at",
        "last_sync_error",
        "created_at",
        "updated_at",
    )


class OrderItemInline(ReadOnlyInline):
    model = OrderItem
    fields = ("title", "sku", "quantity", "price", "etsy_transaction_id")


class OrderNoteInline(admin.TabularInline):
    model = OrderNote
    extra = 0
    fields = ("content", "author", "created_at")
    readonly_fields = ("author", "created_at")


class CommunicationInline(admin.TabularInline):
    model = Communication
    extra = 0
    fields = ("direction", "channel", "message", "author", "created_at")
    readonly_fields = ("author", "created_at")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    """Etsy orders with their items, notes and messages; Etsy's own fields are read-only (a sync rewrites them)."""

    list_display = (
        "etsy_receipt_id",
        "shop",
        "buyer_name",
        "status",
        "production_status",
        "total_amount",
        "currency",
        "ordered_at",
    )
    list_filter = ("status", "production_status", "currency")
    list_select_related = ("shop",)
    search_fields = ("etsy_receipt_id", "buyer_name", "buyer_email", "shop__shop_name")
    date_hierarchy = "ordered_at"
    inlines = (OrderItemInline, OrderNoteInline, CommunicationInline)
    fields = (
        "shop",
        "etsy_receipt_id",
        "status",
        "production_status",
        "notes",
        "buyer_name",
        "buyer_email",
        "total_amount",
        "currency",
        "shipping_address",
        "message_from_buyer",
        "ordered_at",
        "etsy_updated_at",
    )
    readonly_fields = (
        "shop",
        "etsy_receipt_id",
        "buyer_name",
        "buyer_email",
        "total_amount",
        "currency",
        "shipping_address",
        "message_from_buyer",
        "ordered_at",
        "etsy_updated_at",
    )
