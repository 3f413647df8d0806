from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from config.admin_inlines import DeliveryAttemptInline, OutboxDeliveryAdmin

from . import services, shop_webhooks
from .models import (
    BitrixEvent,
    CallRequest,
    Customer,
    ImportantDate,
    ShopCustomer,
    SyncItem,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)


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
    """The configurator's customer records (its Customers API); the list says so, and where the
    other people who order are, so staff do not look for a manufacturing customer here."""

    list_display = ["id", "contact_person", "company_name", "email", "phone", "customer_type", "is_active"]
    list_filter = ["customer_type", "is_active", "created_at"]
    search_fields = ["contact_person", "company_name", "email", "phone", "tax_id"]
    WHAT_IT_HOLDS = _(
        "Customer records of the product configurator (its Customers API), for quotes and installations. "
        "People who order manufacturing or configured products sign in as users, with their orders; "
        "retail shop buyers are shop customers:"
    )

    def changelist_view(self, request, extra_context=None):
        # templates/admin/crm/customer/change_list.html: a note under the buttons, with the two links
        return super().changelist_view(request, {**(extra_context or {}), "what_it_holds": self.WHAT_IT_HOLDS})


# -- the retail shop: customers and outgoing webhooks --------------------------------------------


class ImportantDateInline(admin.TabularInline):
    model = ImportantDate
    extra = 0
    fields = ["date_type", "date", "description", "reminder_days", "last_reminded_for"]
    readonly_fields = ["last_reminded_for"]


@admin.register(ShopCustomer)
class ShopCustomerAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "phone", "email", "shop", "created_at"]
    list_select_related = ["shop"]
    list_filter = ["shop"]
    search_fields = ["name", "phone", "email"]
    raw_id_fields = ["shop"]
    inlines = [ImportantDateInline]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    """Staff set up a shop's receivers here ("contact support to configure webhook URLs"). The secret
    is shown on the endpoint's own page only, to hand to the shop; never in the list."""

    list_display = ["id", "shop", "url", "events", "is_active", "created_at"]
    list_select_related = ["shop"]
    list_filter = ["is_active", "shop"]
    search_fields = ["url", "shop__name", "shop__phone"]
    raw_id_fields = ["shop"]


class WebhookAttemptInline(DeliveryAttemptInline):
    model = WebhookAttempt


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(OutboxDeliveryAdmin):
    list_display = ["id", "event", "endpoint", "status", "attempts", "next_attempt_at", "error_message", "created_at"]
    list_select_related = ["endpoint__shop"]
    list_filter = ["status", "event"]
    search_fields = ["key", "endpoint__url"]
    inlines = [WebhookAttemptInline]
    replay_deliveries = staticmethod(shop_webhooks.replay)
    replayed = "{count} deliver(y/ies) queued to be sent again."
