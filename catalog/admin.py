"""Staff edit every calculator table here; a save drops the cached snapshot (catalog/signals.py)."""

from django.contrib import admin
from django.db.models import Count, Min

from config.admin_inlines import PhotoInline, save_photos

from . import models, shop


class MachineInline(admin.TabularInline):
    model = models.Machine
    extra = 0
    autocomplete_fields = ["service"]


class MaterialFormInline(admin.TabularInline):
    model = models.MaterialForm
    extra = 0
    filter_horizontal = ["processes"]


@admin.register(models.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "name",
        "price_of_hour",
        "additional_salary",
        "insurance",
        "overhead",
        "administrative",
        "profit_material",
        "profit_other",
        "shipping_cost",
    ]
    search_fields = ["id", "name"]
    inlines = [MachineInline]


@admin.register(models.Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "name_ru", "name_en", "formula", "location", "default_material", "position"]
    list_editable = ["position"]
    list_filter = ["formula", "location"]
    search_fields = ["id", "name", "name_ru", "name_en", "description"]
    autocomplete_fields = ["location", "default_material"]
    filter_horizontal = ["default_certificates"]


@admin.register(models.Machine)
class MachineAdmin(admin.ModelAdmin):
    list_display = ["name", "location", "service"]
    list_filter = ["location", "service"]
    search_fields = ["name"]
    list_select_related = ["location", "service"]


@admin.register(models.MaterialFamily)
class MaterialFamilyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "paint_k_clean", "material_count"]
    search_fields = ["code", "name", "name_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(material_count=Count("materials"))

    @admin.display(ordering="material_count", description="materials")
    def material_count(self, family):
        return family.material_count


@admin.register(models.Material)
class MaterialAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "name",
        "name_en",
        "family",
        "density",
        "k_handle",
        "process_list",
        "form_list",
        "lowest_price",
    ]
    list_filter = ["family", "processes", "forms__form"]
    search_fields = ["id", "name", "name_ru", "name_en"]
    list_select_related = ["family"]
    filter_horizontal = ["processes"]
    inlines = [MaterialFormInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(lowest_price=Min("forms__price_per_kg"))
            .prefetch_related("processes", "forms")
        )

    @admin.display(description="processes")
    def process_list(self, material):
        return ", ".join(service.id for service in material.processes.all())

    @admin.display(description="forms")
    def form_list(self, material):
        return ", ".join(f"{form.form} {form.price_per_kg}" for form in material.forms.all())

    @admin.display(ordering="lowest_price", description="from RUB/kg")
    def lowest_price(self, material):
        return material.lowest_price


@admin.register(models.MaterialForm)
class MaterialFormAdmin(admin.ModelAdmin):
    list_display = ["material", "form", "price_per_kg", "process_list"]
    list_filter = ["form", "processes", "material__family"]
    search_fields = ["material__id", "material__name"]
    list_select_related = ["material"]
    autocomplete_fields = ["material"]
    filter_horizontal = ["processes"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("processes")

    @admin.display(description="processes")
    def process_list(self, form):
        return ", ".join(service.id for service in form.processes.all())


@admin.register(models.Coefficient)
class CoefficientAdmin(admin.ModelAdmin):
    list_display = ["kind", "code", "name", "value", "cycle_days", "is_default"]
    list_editable = ["value", "cycle_days", "is_default"]
    list_filter = ["kind", "is_default"]
    search_fields = ["code", "name"]


@admin.register(models.QuantityDiscount)
class QuantityDiscountAdmin(admin.ModelAdmin):
    list_display = ["min_quantity", "multiplier", "cycle_days"]
    list_editable = ["multiplier", "cycle_days"]
    search_fields = ["min_quantity"]


@admin.register(models.ComplexityLevel)
class ComplexityLevelAdmin(admin.ModelAdmin):
    list_display = ["min_dimensions", "multiplier"]
    list_editable = ["multiplier"]
    search_fields = ["min_dimensions"]


@admin.register(models.PaintType)
class PaintTypeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "base_price", "k_type", "k_prepare", "is_default"]
    list_editable = ["base_price", "k_type", "k_prepare", "is_default"]
    list_filter = ["is_default"]
    search_fields = ["code", "name"]


@admin.register(models.PricingRules)
class PricingRulesAdmin(admin.ModelAdmin):
    """One row: it can be edited but not added twice or deleted."""

    list_display = ["__str__", "material_markup", "paint_preparation_price", "printing_litres_per_hour"]
    fieldsets = [
        ("Material", {"fields": ["material_markup"]}),
        ("Default part size (mm)", {"fields": ["default_length", "default_width", "default_height"]}),
        ("Printing", {"fields": ["printing_reserve_mm", "printing_litres_per_hour", "printing_setup_hours"]}),
        ("Painting", {"fields": ["paint_preparation_price"]}),
        (
            "Manufacturing cycle (days)",
            {
                "fields": [
                    "buying_material_days",
                    "developing_technology_days",
                    "developing_program_days",
                    "preparing_material_days",
                    "finishing_days",
                ]
            },
        ),
    ]

    def has_add_permission(self, request):
        return not models.PricingRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ProductPhotoInline(PhotoInline):
    """The product's photos as its storefront shows them."""

    model = models.ProductPhoto
    photo_url = staticmethod(shop.photo_url)


@admin.register(models.Product)
class ProductAdmin(admin.ModelAdmin):
    """Shop products (shop spec "Products"); the form checks the sale-below-retail constraint too."""

    inlines = [ProductPhotoInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not models.ProductPhoto:
            return super().save_formset(request, form, formset, change)
        return save_photos(formset, shop.delete_photo)

    list_display = ["name", "shop", "category", "retail_price", "sale_price", "is_active", "is_popular", "is_new"]
    list_filter = ["category", "is_active", "is_popular", "is_new"]
    search_fields = ["name", "description", "shop__name"]
    list_select_related = ["shop"]
    raw_id_fields = ["shop"]
