from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from . import services
from .choices import OrderStatus
from .models import Order


def _status_action(status):
    def action(modeladmin, request, queryset):
        for order in queryset:
            services.set_status(order, status)

    action.__name__ = f"mark_{status}"
    return admin.action(description=f"Mark selected orders as {status}")(action)


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "user",
        "service_id",
        "quantity",
        "total_price",
        "status",
        "bitrix_deal_id",
        "has_invoice",
        "created_at",
    ]
    list_filter = ["status", "service_id", "created_at"]
    search_fields = ["id", "user__username", "user__email", "service_id", "special_instructions"]
    autocomplete_fields = ["user"]
    raw_id_fields = ["file"]
    readonly_fields = [
        "preview",
        "price_details",
        "bitrix_deal_id",
        "invoice_url",
        "invoice_generated_at",
        "created_at",
    ]
    list_select_related = ["user"]
    actions = [_status_action(status) for status in OrderStatus.values]

    @admin.display(boolean=True, description="Invoice")
    def has_invoice(self, order):
        return bool(order.invoice_file)

    @admin.display(description="Model preview")
    def preview(self, order):
        if order.file and order.file.preview_generated:
            url = reverse("admin:files_modelfile_preview", args=[order.file_id])
            return format_html('<img src="{}" alt="preview" class="order-preview">', url)
        return "—"
