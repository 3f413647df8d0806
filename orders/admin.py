from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from catalog.models import Service
from catalog.money import format_money, format_number
from catalog.tables import load_tables
from config.admin_inlines import PhotoInline, ReadOnlyInline, save_photos
from config.errors import DomainError

from . import services, shop
from .choices import OrderStatus, ShopOrderStatus, StatusSource
from .models import (
    Order,
    ProductionTask,
    ShopOrder,
    ShopOrderIssue,
    ShopOrderItem,
    ShopOrderPhoto,
    ShopOrderStatusChange,
    ShopPayment,
)


def _status_action(status):
    def action(modeladmin, request, queryset):
        for order in queryset:
            services.set_status(order, status, by=request.user)

    action.__name__ = f"mark_{status}"
    label = OrderStatus(status).label
    return admin.action(description=format_lazy(_("Mark selected orders as {status}"), status=label))(action)


# The calculator's answer (docs/calculator.md 15) as staff read it: money first, then what it was made of.
MONEY_LINES = [
    ("mat_price", _("Material, per part")),
    ("work_price", _("Machining, per part")),
    ("base_paint_price", _("Paint")),
    ("prep_cost", _("Surface preparation")),
    ("cert_cost", _("Certificates")),
    ("detail_price", _("Price per part")),
    ("detail_price_one", _("One part ordered alone")),
    ("total_price", _("Total")),
]
FACTOR_LINES = [
    ("k_quantity", _("Quantity factor")),
    ("k_complexity", _("Complexity factor")),
    ("k_cover", _("Coating factor")),
    ("k_otk", _("Inspection factor")),
    ("k_type", _("Part type factor")),
    ("k_process", _("Process factor")),
    ("k_cert", _("Certificates")),
    ("mat_weight", _("Stock weight, kg")),
    ("surface_area", _("Painted area, m²")),
    ("total_time", _("Machine time, h")),
    ("manufacturing_cycle_days", _("Lead time, days")),
    ("suitable_machines", _("Machines")),
]
INPUT_LABELS = {
    "service_id": _("Service"),
    "material_id": _("Material"),
    "material_form": _("Material form"),
    "quantity": _("Quantity"),
    "length": _("Length, mm"),
    "width": _("Width, mm"),
    "height": _("Height, mm"),
    "dia": _("Diameter, mm"),
}


def key_value_table(rows, css_class: str):
    if not rows:
        return "—"
    body = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
    return format_html('<table class="{}">{}</table>', css_class, body)


def shown(value, localized: bool = False) -> str:
    """A stored value for staff: numbers without trailing zeros (in the page's format when `localized`)."""
    try:
        number = Decimal(str(value)) if isinstance(value, float | Decimal | int | str) and value != "" else None
    except ArithmeticError:
        number = None
    if number is not None and number.is_finite():
        return format_number(number.normalize()) if localized else f"{number.normalize():f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    return "—" if value in (None, "") else str(value)


class OrderForm(forms.ModelForm):
    """Staff pick the service from the catalogue; a typed `bogus-service` is not a choice."""

    service_id = forms.ChoiceField(label=_("Service"))

    class Meta:
        model = Order
        fields = ["user", "file", "service_id", "quantity", "status", "special_instructions", "invoice_file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_id"].choices = list(Service.objects.order_by("name").values_list("id", "name"))


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    form = OrderForm
    list_display = [
        "id",
        "customer",
        "model_name",
        "service",
        "quantity",
        "total",
        "status",
        "bitrix_deal_id",
        "has_invoice",
        "created_at",
    ]
    list_filter = ["status", "service_id", "created_at"]
    search_fields = [
        "id",
        "user__username",
        "user__email",
        "user__full_name",
        "file__original_filename",
        "service_id",
        "special_instructions",
    ]
    autocomplete_fields = ["user"]
    raw_id_fields = ["file"]
    readonly_fields = [
        "links",
        "preview",
        "status_history",
        "total",
        "price_breakdown",
        "calculation",
        "bitrix_deal_id",
        "invoice_url",
        "invoice_generated_at",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["links", "preview", "status", "status_history", "total", "special_instructions"]}),
        (_("Price"), {"fields": ["price_breakdown", "calculation"]}),
        (_("What was ordered"), {"fields": ["user", "file", "service_id", "quantity"], "classes": ["collapse"]}),
        (
            _("Bitrix24 and invoice"),
            {"fields": ["bitrix_deal_id", "invoice_url", "invoice_file", "invoice_generated_at"]},
        ),
        (_("Dates"), {"fields": ["created_at"]}),
    ]
    list_select_related = ["user", "file"]
    actions = [_status_action(status) for status in OrderStatus.values]

    def save_model(self, request, obj, form, change):
        """A status chosen in the form moves the order through the service, as the actions do."""
        if change and "status" in form.changed_data:
            new_status, obj.status = obj.status, form.initial["status"]
            super().save_model(request, obj, form, change)
            services.set_status(obj, new_status, by=request.user)
        else:
            super().save_model(request, obj, form, change)
            if not change:
                services.record_status(obj, StatusSource.STAFF, request.user)

    @admin.display(description=_("Customer"), ordering="user__username")
    def customer(self, order):
        return order.user.get_full_name()

    @admin.display(description=_("Service"), ordering="service_id")
    def service(self, order):
        return load_tables().service_name(order.service_id)

    @admin.display(description=_("Model"), ordering="file__original_filename")
    def model_name(self, order):
        return order.file.original_filename if order.file else "—"

    @admin.display(description=_("Total"), ordering="total_price")
    def total(self, order):
        return format_money(order.total_price) if order.total_price is not None else "—"

    @admin.display(description=_("Order → model → customer"))
    def links(self, order):
        customer = reverse("admin:accounts_user_change", args=[order.user_id])
        parts = [format_html('<a href="{}">{}</a>', customer, order.user.get_full_name())]
        if order.file_id:
            model = reverse("admin:files_modelfile_change", args=[order.file_id])
            parts.insert(0, format_html('<a href="{}">{}</a>', model, order.file.original_filename))
        return format_html_join(" → ", "{}", ((part,) for part in parts))

    @admin.display(description=_("Price breakdown"))
    def price_breakdown(self, order):
        details = order.price_details or {}
        money = [(label, format_money(details[key])) for key, label in MONEY_LINES if details.get(key) is not None]
        other = [key for key in details if key.endswith(("price", "cost")) and key not in dict(MONEY_LINES)]
        money += [(key.replace("_", " "), format_money(details[key])) for key in other if details[key] is not None]
        factors = [
            (label, shown(details[key], localized=True))
            for key, label in FACTOR_LINES
            if details.get(key) not in (None, "", [])
        ]
        return key_value_table(money + factors, "price-breakdown")

    @admin.display(description=_("Calculation inputs (as charged)"))
    def calculation(self, order):
        inputs = order.calculation_inputs or {}
        tables = load_tables()
        names = {"service_id": tables.service_name, "material_id": tables.material_name}
        rows = []
        for key, value in inputs.items():
            text = shown(value, localized=True)
            if key in names and names[key](value) != value:
                text = f"{names[key](value)} ({value})"  # the name staff read, the id the API answers
            rows.append((INPUT_LABELS.get(key, key.replace("_", " ")), text))
        return key_value_table(rows, "inputs")

    @admin.display(description=_("Status history"))
    def status_history(self, order):
        rows = []
        for step in order.status_changes.select_related("changed_by"):
            who = step.changed_by.get_full_name() if step.changed_by else step.get_source_display()
            rows.append((f"{step.changed_at:%Y-%m-%d %H:%M}", f"{step.get_status_display()} ({who})"))
        return key_value_table(rows, "status-history")

    @admin.display(boolean=True, description=_("Invoice"))
    def has_invoice(self, order):
        return bool(order.invoice_file)

    @admin.display(description=_("Model preview"))
    def preview(self, order):
        if order.file and order.file.preview_generated:
            url = reverse("admin:files_modelfile_preview", args=[order.file_id])
            return format_html('<img src="{}" alt="preview" class="order-preview">', url)
        return "—"


# -- Retail shop orders (shop spec): status moves go through orders/shop.py, as the API's do. -------


def _shop_status_action(status):
    def action(modeladmin, request, queryset):
        moved, refused = 0, []
        for order in queryset:
            try:
                shop.change_status(order, status)
                moved += 1
            except DomainError as error:
                refused.append(f"#{order.pk}: {error.message}")
        if moved:
            modeladmin.message_user(request, f"{moved} order(s) moved to {status}.", messages.SUCCESS)
        if refused:
            modeladmin.message_user(request, "Refused: " + "; ".join(refused), messages.WARNING)

    action.__name__ = f"move_to_{status}"
    return admin.action(description=f"Move selected orders to {status}")(action)


class ShopOrderItemInline(ReadOnlyInline):
    model = ShopOrderItem
    fields = ["product", "product_name", "quantity", "price", "total"]


class ShopOrderStatusChangeInline(ReadOnlyInline):
    model = ShopOrderStatusChange
    fields = ["old_status", "new_status", "changed_at"]


class ShopOrderIssueInline(admin.TabularInline):
    """What went wrong with the order. Staff report an issue by adding a row here (its type and a
    comment): saving it puts the order in `issue` through the service, as the API's /issue does.
    Reported issues are kept as they were."""

    model = ShopOrderIssue
    fields = ["issue_type", "comment", "reported_at"]
    readonly_fields = ["reported_at"]
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False


class ShopPaymentInline(ReadOnlyInline):
    model = ShopPayment
    fields = ["payment_id", "payment_method", "amount", "status", "accepted", "received_at"]


class ShopOrderPhotoInline(PhotoInline):
    """Photos of the order's flowers, as its public tracking shows them."""

    model = ShopOrderPhoto
    photo_url = staticmethod(shop.photo_url)
    fields = [*PhotoInline.fields, "added_at"]
    readonly_fields = [*PhotoInline.readonly_fields, "added_at"]


@admin.register(ShopOrder)
class ShopOrderAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "shop",
        "status",
        "customer_phone",
        "recipient_name",
        "delivery_method",
        "total",
        "created_at",
    ]
    list_filter = ["status", "delivery_method", "created_at"]
    search_fields = ["id", "customer_phone", "recipient_phone", "recipient_name", "shop__name"]
    list_select_related = ["shop"]
    # Orders are placed through the API (orders/shop.py announces them); here staff correct the
    # delivery details. The status moves only through the actions, which the service checks against
    # the table, and the amounts stay as charged.
    readonly_fields = [
        "shop",
        "status",
        "tracking_link",
        "customer_phone",
        "flower_sum",
        "delivery_fee",
        "total",
        "paid_at",
        "created_at",
        "updated_at",
    ]
    fields = [
        "shop",
        "status",
        "tracking_link",
        "customer_phone",
        "recipient_phone",
        "recipient_name",
        "address",
        "delivery_method",
        "delivery_from",
        "delivery_to",
        "comment",
        "flower_sum",
        "delivery_fee",
        "total",
        "paid_at",
        "created_at",
        "updated_at",
    ]
    inlines = [
        ShopOrderItemInline,
        ShopOrderStatusChangeInline,
        ShopOrderIssueInline,
        ShopPaymentInline,
        ShopOrderPhotoInline,
    ]
    # `issue` needs a type and a comment: staff report one in the issues inline, not as a bulk move.
    actions = [_shop_status_action(status) for status in ShopOrderStatus.values if status != ShopOrderStatus.ISSUE]

    def save_formset(self, request, form, formset, change):
        if formset.model is ShopOrderIssue:
            for issue in formset.save(commit=False):
                shop.report_issue(form.instance, issue_type=issue.issue_type, comment=issue.comment)
            return None
        if formset.model is not ShopOrderPhoto:
            return super().save_formset(request, form, formset, change)
        return save_photos(formset, shop.delete_photo)

    def has_add_permission(self, request):
        return False

    @admin.display(description="Tracking page")
    def tracking_link(self, order):
        if not order.pk:
            return "—"
        url = reverse("shop-tracking-page", args=[order.tracking_token])
        return format_html('<a href="{}">{}</a>', url, url)


@admin.register(ShopPayment)
class ShopPaymentAdmin(admin.ModelAdmin):
    list_display = ["payment_id", "order", "payment_method", "amount", "status", "accepted", "received_at"]
    list_filter = ["status", "accepted", "payment_method"]
    search_fields = ["payment_id", "order__id"]
    list_select_related = ["order"]
    readonly_fields = ["order", "payment_id", "payment_method", "amount", "status", "accepted", "answer", "received_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ProductionTask)
class ProductionTaskAdmin(admin.ModelAdmin):
    list_display = ["id", "shop", "order", "task_type", "priority", "status", "deadline", "created_at"]
    list_filter = ["status", "task_type", "priority"]
    search_fields = ["id", "order__id", "shop__name"]
    list_select_related = ["shop", "order"]
    raw_id_fields = ["shop", "order"]
