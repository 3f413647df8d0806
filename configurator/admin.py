from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from mptt.admin import DraggableMPTTAdmin
from mptt.forms import MPTTAdminForm

from config.errors import DomainError, problems_by_field

from . import services
from .choices import ConfigurationStatus
from .models import (
    AttributeNode,
    Configuration,
    ConfigurationSelection,
    ConfigurationTemplate,
    ManufacturingType,
    Order,
    OrderItem,
    Quote,
    TemplateSelection,
)


@admin.register(ManufacturingType)
class ManufacturingTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "base_category", "base_price", "base_weight", "is_active", "updated_at")
    list_filter = ("is_active", "base_category")
    search_fields = ("name", "description")
    actions = ("deactivate",)

    @admin.action(description="Deactivate (soft delete) selected types")
    def deactivate(self, request, queryset):
        for manufacturing_type in queryset:
            services.deactivate_manufacturing_type(manufacturing_type)


class AttributeNodeForm(MPTTAdminForm):
    def clean(self):
        data = super().clean()
        parent, manufacturing_type = data.get("parent"), data.get("manufacturing_type")
        if parent and manufacturing_type and parent.manufacturing_type_id != manufacturing_type.pk:
            self.add_error("manufacturing_type", "A node must belong to its parent's manufacturing type.")
        return data


@admin.register(AttributeNode)
class AttributeNodeAdmin(DraggableMPTTAdmin):
    """Tree admin; every save, move and delete goes through services/tree.py (lock, paths, repricing)."""

    form = AttributeNodeForm

    list_display = ("tree_actions", "indented_title", "node_type", "manufacturing_type", "ltree_path", "sort_order")
    list_display_links = ("indented_title",)
    list_filter = ("manufacturing_type", "node_type")
    search_fields = ("name", "ltree_path")
    readonly_fields = ("ltree_path",)
    autocomplete_fields = ("manufacturing_type",)

    @admin.display(description="title")
    def indented_title(self, item):
        """The name indented by depth with spacers (static/css/admin.css), not mptt's inline style,
        which the Content-Security-Policy refuses."""
        return format_html("{}{}", mark_safe('<span class="tree-indent"></span>' * item.level), item)

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        try:
            node = services.update_node(obj, **values) if change else services.create_node(**form.cleaned_data)
        except DomainError as exc:
            problems = [
                message for messages_of_field in problems_by_field(exc).values() for message in messages_of_field
            ]
            messages.error(request, f"Not saved: {' '.join(problems)}")
            transaction.set_rollback(True)
            return
        obj.pk, obj.ltree_path = node.pk, node.ltree_path

    def delete_model(self, request, obj):
        services.delete_node(obj)

    def delete_queryset(self, request, queryset):
        for node in queryset:
            if AttributeNode.objects.filter(pk=node.pk).exists():  # an ancestor's delete may have taken it
                services.delete_node(node)

    def _move_node(self, request):
        """Drag and drop, through the tree service so paths and types follow the move."""
        try:
            node = AttributeNode.objects.get(pk=request.POST.get("cut_item"))
            target = AttributeNode.objects.get(pk=request.POST.get("pasted_on"))
            services.move_node(node, target, request.POST.get("position"))
        except (AttributeNode.DoesNotExist, ValueError, DomainError) as exc:
            self.message_user(request, f"Not moved: {exc}", level=messages.ERROR)
            return HttpResponse("FAIL, invalid move.")
        self.message_user(request, f"{node} has been moved.")
        return HttpResponse("OK, moved.")


class ConfigurationSelectionInline(admin.TabularInline):
    model = ConfigurationSelection
    extra = 0
    can_delete = False
    fields = ("attribute_node", "selection_path", "string_value", "numeric_value", "calculated_price_impact")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Configuration)
class ConfigurationAdmin(admin.ModelAdmin):
    list_display = ("name", "reference_code", "user", "manufacturing_type", "status", "total_price", "updated_at")
    list_filter = ("status", "manufacturing_type")
    search_fields = ("name", "reference_code", "user__username", "user__email")
    list_select_related = ("user", "manufacturing_type")
    readonly_fields = ("reference_code", "base_price", "total_price", "calculated_weight", "calculated_technical_data")
    autocomplete_fields = ("manufacturing_type",)
    raw_id_fields = ("user", "customer", "template")
    inlines = (ConfigurationSelectionInline,)
    actions = ("reprice",)

    @admin.action(description="Recalculate price, weight and technical data")
    def reprice(self, request, queryset):
        for configuration in queryset.select_related("manufacturing_type").exclude(status=ConfigurationStatus.ORDERED):
            services.reprice(configuration)

    def has_change_permission(self, request, obj=None):
        """An ordered configuration is shown read-only: it is what the customer ordered."""
        return super().has_change_permission(request, obj) and not self._ordered(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._ordered(obj)

    @staticmethod
    def _ordered(obj) -> bool:
        return obj is not None and obj.status == ConfigurationStatus.ORDERED


class TemplateSelectionInline(admin.TabularInline):
    model = TemplateSelection
    extra = 0
    fields = ("attribute_node", "string_value", "numeric_value", "boolean_value", "json_value", "selection_path")
    readonly_fields = ("selection_path",)
    raw_id_fields = ("attribute_node",)


@admin.register(ConfigurationTemplate)
class ConfigurationTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "manufacturing_type", "template_type", "is_public", "is_active", "usage_count")
    list_filter = ("template_type", "is_public", "is_active", "manufacturing_type")
    search_fields = ("name", "description")
    readonly_fields = ("usage_count",)
    raw_id_fields = ("created_by",)
    inlines = (TemplateSelectionInline,)


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ("quote_number", "user", "status", "subtotal", "total_amount", "valid_until", "created_at")
    list_filter = ("status",)
    search_fields = ("quote_number", "user__username", "user__email")
    list_select_related = ("user",)
    readonly_fields = (
        "quote_number",
        "subtotal",
        "tax_amount",
        "total_amount",
        "configuration_snapshot",
    )
    raw_id_fields = ("configuration", "user", "customer")
    actions = ("send", "expire_overdue")

    @admin.action(description="Send selected draft quotes")
    def send(self, request, queryset):
        for quote in queryset.filter(status="draft"):
            services.change_quote_status(quote, "sent", by_superuser=True)

    @admin.action(description="Expire every overdue draft or sent quote now")
    def expire_overdue(self, request, queryset):
        self.message_user(request, f"{services.expire_overdue_quotes()} quotes expired.")


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    fields = ("configuration", "quantity", "unit_price", "total_price", "production_status")
    readonly_fields = ("configuration", "unit_price", "total_price")


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = ("order_number", "quote", "status", "order_date", "required_date")
    list_filter = ("status",)
    search_fields = ("order_number", "quote__quote_number")
    list_select_related = ("quote",)
    readonly_fields = ("order_number", "quote", "order_date")
    inlines = (OrderItemInline,)
    actions = ("advance",)

    @admin.action(description="Advance status (confirmed → production → shipped → installed)")
    def advance(self, request, queryset):
        for order in queryset:
            services.advance_order(order)
