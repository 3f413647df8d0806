from django.contrib import admin

from .models import AmsSlot, Filament, NotificationSettings, Printer, ScheduledPrint


class AmsSlotInline(admin.TabularInline):
    model = AmsSlot
    fields = ["slot", "loaded", "material_type", "color", "remaining_pct", "vendor", "cost_per_kg", "last_synced"]
    readonly_fields = ["slot", "loaded", "material_type", "color", "last_synced"]
    extra = 0
    can_delete = False


@admin.register(Printer)
class PrinterAdmin(admin.ModelAdmin):
    """Printers of every farm; the access code is never shown (only its ciphertext is stored)."""

    list_display = ["name", "owner", "model", "connection_type", "serial_number", "reported_at", "utilization_pct"]
    list_filter = ["connection_type", "model"]
    search_fields = ["name", "serial_number", "owner__username", "owner__email"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]
    fields = ["owner", "name", "model", "connection_type", "serial_number", "host", "cloud_user_id", "reported_at"]
    readonly_fields = ["reported_at"]
    inlines = [AmsSlotInline]


@admin.register(Filament)
class FilamentAdmin(admin.ModelAdmin):
    list_display = ["material", "color", "owner", "current_amount", "initial_amount", "low_stock_threshold"]
    list_filter = ["material"]
    search_fields = ["material", "color", "owner__username"]
    list_select_related = ["owner"]
    autocomplete_fields = ["owner"]


@admin.register(ScheduledPrint)
class ScheduledPrintAdmin(admin.ModelAdmin):
    list_display = ["job_name", "printer", "status", "priority", "estimated_duration_minutes", "scheduled_start"]
    list_filter = ["status"]
    search_fields = ["job_name", "file_name", "printer__name"]
    list_select_related = ["printer"]
    raw_id_fields = ["printer"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["printer", "notify_print_start", "notify_print_complete", "notify_print_failed", "email_enabled"]
    list_select_related = ["printer"]
    raw_id_fields = ["printer"]
