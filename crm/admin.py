from django.contrib import admin, messages

from . import services
from .models import BitrixEvent, CallRequest, Customer, SyncItem


@admin.register(CallRequest)
class CallRequestAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "phone", "product", "status", "user", "bitrix_lead_id", "created_at"]
    list_filter = ["status", "agreement", "created_at"]
    search_fields = ["name", "phone", "product", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    readonly_fields = ["bitrix_lead_id", "bitrix_contact_id", "bitrix_synced_at", "created_at", "updated_at"]
    actions = ["mark_contacted", "mark_completed"]

    @admin.action(description="Mark selected call requests as contacted")
    def mark_contacted(self, request, queryset):
        for call_request in queryset:
            services.set_call_request_status(call_request, "contacted")

    @admin.action(description="Mark selected call requests as completed")
    def mark_completed(self, request, queryset):
        for call_request in queryset:
            services.set_call_request_status(call_request, "completed")


@admin.register(SyncItem)
class SyncItemAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "entity_type",
        "entity_id",
        "operation",
        "status",
        "attempts",
        "next_attempt_at",
        "error_message",
    ]
    list_filter = ["status", "entity_type", "operation"]
    search_fields = ["entity_id", "error_message"]
    readonly_fields = [f.name for f in SyncItem._meta.fields]
    actions = ["requeue"]

    @admin.action(description="Requeue selected failed items (fresh tries)")
    def requeue(self, request, queryset):
        count = services.replay(queryset)
        self.message_user(request, f"{count} failed item(s) requeued.", messages.SUCCESS)


@admin.register(BitrixEvent)
class BitrixEventAdmin(admin.ModelAdmin):
    list_display = ["id", "event", "entity_type", "entity_id", "ts", "status", "result", "received_at"]
    list_filter = ["status", "event"]
    search_fields = ["entity_id", "result"]
    readonly_fields = [f.name for f in BitrixEvent._meta.fields]


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["id", "contact_person", "company_name", "email", "phone", "customer_type", "is_active"]
    list_filter = ["customer_type", "is_active", "created_at"]
    search_fields = ["contact_person", "company_name", "email", "phone", "tax_id"]
