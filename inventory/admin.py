from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from mptt.admin import DraggableMPTTAdmin, TreeRelatedFieldListFilter

from config.errors import DomainError, problems_by_field

from . import importers, services
from .choices import TaskStatus, TaskType
from .models import (
    Category,
    Location,
    Part,
    ProductComponent,
    SupplierOrder,
    SupplierOrderItem,
    SupplyDelivery,
    SupplyDeliveryLine,
    Task,
    WarehouseItem,
)
from .services import imports, printing

LOW_STOCK = 5
MAX_LABELS_AT_ONCE = 200  # a slip of the "select all" box must not feed a roll of labels


def _print_labels(modeladmin, request, queryset, render) -> None:
    """Print one label per selected row on the configured printer, stopping at the first failure."""
    count = queryset.count()
    if count > MAX_LABELS_AT_ONCE:
        modeladmin.message_user(
            request, f"Select at most {MAX_LABELS_AT_ONCE} rows to print at once ({count} selected).", messages.ERROR
        )
        return
    printed = 0
    for row in queryset:
        try:
            printing.print_rendered(render(row))
        except DomainError as exc:
            modeladmin.message_user(request, f"Printed {printed} of {count}; then: {_refusal(exc)}", messages.ERROR)
            return
        printed += 1
    modeladmin.message_user(request, f"Printed {printed} label{'s' if printed != 1 else ''}.", messages.SUCCESS)


class StockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("out", "Out of stock"), ("low", f"Low (under {LOW_STOCK})")]

    def queryset(self, request, queryset):
        if self.value() == "out":
            return queryset.filter(quantity=0)
        if self.value() == "low":
            return queryset.filter(quantity__lt=LOW_STOCK)
        return queryset


class SupplierFileForm(forms.Form):
    file = forms.FileField(help_text="An LCSC, DigiKey or Mouser order export (CSV, .xls or .xlsx)")
    parser_type = forms.ChoiceField(
        label="Supplier",
        required=False,
        choices=[("", "Recognise from the file"), *((name, name.upper()) for name in importers.PARSERS)],
    )
    order_number = forms.CharField(max_length=100, required=False, help_text="Taken from the file when left empty")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importers.MAX_FILE_BYTES:
            raise forms.ValidationError(f"The file is larger than {importers.MAX_FILE_BYTES // 2**20} MB.")
        return upload


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ("part_name", "part_number", "quantity", "supplier", "location", "updated_at")
    list_filter = (StockFilter, "supplier", ("location", TreeRelatedFieldListFilter), "categories")
    search_fields = ("part_name", "part_number", "description", "supplier")
    list_select_related = ("location",)
    autocomplete_fields = ("location", "categories")
    readonly_fields = ("created_at", "updated_at")
    actions = ["print_labels"]

    change_list_template = "admin/inventory/part/change_list.html"

    def get_search_results(self, request, queryset, search_term):
        """Every word in the name, number, description or supplier, as `search_fields` would ask,
        read from the one indexed `search_key` (the API's search) instead of four unindexed LIKEs."""
        for word in search_term.split():
            queryset = services.matching_parts(queryset, word)
        return queryset, False

    def get_urls(self):
        own = [
            path("import/", self.admin_site.admin_view(self.import_view), name="inventory_part_import"),
            path(
                "import/<uuid:task_id>/",
                self.admin_site.admin_view(self.import_progress_view),
                name="inventory_part_import_progress",
            ),
        ]
        return own + super().get_urls()

    def import_view(self, request):
        """Upload a supplier export; it is checked now and imported on a worker (the API's own service)."""
        if not request.user.has_perm("inventory.import_parts"):
            raise PermissionDenied
        form = SupplierFileForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            order_number = form.cleaned_data["order_number"]
            try:
                task = imports.start_import(
                    request.user,
                    upload.read(),
                    filename=upload.name,
                    parser_type=form.cleaned_data["parser_type"] or None,
                    order_info={"order_number": order_number} if order_number else {},
                )
            except DomainError as exc:
                form.add_error("file", _refusal(exc))
            else:
                return redirect("admin:inventory_part_import_progress", task.pk)
        context = {**self.admin_site.each_context(request), "form": form, "title": "Import a supplier order"}
        return TemplateResponse(request, "admin/inventory/part/import.html", context)

    def import_progress_view(self, request, task_id):
        task = get_object_or_404(Task, pk=task_id, task_type=TaskType.CSV_IMPORT)
        finished = task.status in (TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)
        context = {
            **self.admin_site.each_context(request),
            "task": task,
            "finished": finished,
            "result": task.result_data or {},
            "title": task.name,
            "parts_url": reverse("admin:inventory_part_changelist"),
        }
        return TemplateResponse(request, "admin/inventory/part/import_progress.html", context)

    @admin.action(description="Print labels for the selected parts")
    def print_labels(self, request, queryset):
        _print_labels(self, request, queryset.select_related("location"), printing.part_label)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "description")
    search_fields = ("name",)


def _refusal(exc: DomainError) -> str:
    return " ".join(message for messages_of_field in problems_by_field(exc).values() for message in messages_of_field)


@admin.register(Location)
class LocationAdmin(DraggableMPTTAdmin):
    """The location tree; every save, move and delete goes through services/locations.py (the lock)."""

    list_display = ("tree_actions", "indented_title", "location_type", "description")
    list_display_links = ("indented_title",)
    list_filter = ("location_type",)
    search_fields = ("name", "description")
    actions = ["print_labels"]

    @admin.action(description="Print labels for the selected locations")
    def print_labels(self, request, queryset):
        _print_labels(self, request, queryset, printing.location_label)

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        try:
            if change:
                services.update_location(obj, **values)
            else:
                obj.pk = services.create_location(**form.cleaned_data).pk
        except DomainError as exc:
            messages.error(request, f"Not saved: {_refusal(exc)}")
            transaction.set_rollback(True)

    def delete_model(self, request, obj):
        services.delete_location(obj)

    def delete_queryset(self, request, queryset):
        for location in queryset.order_by("level"):
            if Location.objects.filter(pk=location.pk).exists():  # an ancestor's delete may have taken it
                services.delete_location(location)

    def _move_node(self, request):
        """Drag and drop, through the tree service (its lock)."""
        try:
            location = Location.objects.get(pk=request.POST.get("cut_item"))
            target = Location.objects.get(pk=request.POST.get("pasted_on"))
            services.move_location(location, target, request.POST.get("position"))
        except (Location.DoesNotExist, ValueError, DomainError) as exc:
            self.message_user(request, f"Not moved: {exc}", level=messages.ERROR)
            return HttpResponse("FAIL, invalid move.")
        self.message_user(request, f"{location} has been moved.")
        return HttpResponse("OK, moved.")


class SupplierOrderItemInline(admin.TabularInline):
    model = SupplierOrderItem
    extra = 0
    raw_id_fields = ("part",)


@admin.register(SupplierOrder)
class SupplierOrderAdmin(admin.ModelAdmin):
    list_display = ("supplier", "order_number", "order_date", "status", "total", "currency")
    list_filter = ("supplier", "status")
    search_fields = ("order_number", "supplier", "tracking_number")
    date_hierarchy = "order_date"
    inlines = (SupplierOrderItemInline,)


# -- the retail shop's warehouse ---------------------------------------------------------------


class WarehouseStockFilter(admin.SimpleListFilter):
    title = "stock"
    parameter_name = "stock"

    def lookups(self, request, model_admin):
        return [("out", "Out of stock"), ("low", "Low (under its threshold)")]

    def queryset(self, request, queryset):
        if self.value() == "out":
            return queryset.filter(quantity=0)
        if self.value() == "low":
            return queryset.filter(quantity__lt=F("low_stock_threshold"))
        return queryset


@admin.register(WarehouseItem)
class WarehouseItemAdmin(admin.ModelAdmin):
    list_display = ["variety", "height_cm", "supplier", "shop", "quantity", "cost_per_stem", "on_showcase"]
    list_filter = [WarehouseStockFilter, "on_showcase", "to_write_off", "shop"]
    list_select_related = ["shop"]
    search_fields = ["variety", "supplier"]
    raw_id_fields = ["shop"]
    # Stock moves through deliveries and orders (atomic updates); typing a number here would race them.
    readonly_fields = ["quantity", "created_at", "updated_at"]


class SupplyDeliveryLineInline(admin.TabularInline):
    model = SupplyDeliveryLine
    extra = 0
    can_delete = False
    fields = ["variety", "height_cm", "qty", "cost_per_stem", "cost_per_stem_kzt", "total_kzt"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SupplyDelivery)
class SupplyDeliveryAdmin(admin.ModelAdmin):
    """Deliveries are recorded through the API (which adds their stock); admin reads them."""

    list_display = ["id", "supplier", "farm", "shop", "delivery_date", "currency", "rate", "total_cost"]
    list_filter = ["currency", "shop"]
    list_select_related = ["shop"]
    search_fields = ["supplier", "farm"]
    date_hierarchy = "delivery_date"
    inlines = [SupplyDeliveryLineInline]
    readonly_fields = ["shop", "supplier", "farm", "delivery_date", "currency", "rate", "total_cost", "created_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ProductComponent)
class ProductComponentAdmin(admin.ModelAdmin):
    """A shop product's composition: the stems each unit sold reserves from the warehouse."""

    list_display = ["product", "item", "quantity"]
    list_select_related = ["product", "item"]
    search_fields = ["product__name", "item__variety"]
    raw_id_fields = ["product", "item"]
