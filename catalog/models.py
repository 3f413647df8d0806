"""The calculator's tables (reference: calculator.md §4), kept as rows staff edit in admin.

Ids that clients send (`service_id`, `material_id`, `tolerance_id` ...) are the primary keys or
codes here, compared exactly: some material ids contain Cyrillic letters (§4.9 †).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language

from .choices import CoefficientKind, PricingFormula, ProductCategory, StockForm


def _factor(**kwargs):
    return models.DecimalField(max_digits=8, decimal_places=4, validators=[MinValueValidator(0)], **kwargs)


def _money(**kwargs):
    return models.DecimalField(max_digits=12, decimal_places=3, validators=[MinValueValidator(0)], **kwargs)


class Location(models.Model):
    """A production site with its hourly rate and the cost structure applied on top of work (§4.1)."""

    id = models.CharField(primary_key=True, max_length=32)
    name = models.CharField(max_length=100)
    price_of_hour = _money(help_text="RUB per machine hour")
    additional_salary = _factor(help_text="d: additional salary, share of work")
    insurance = _factor(help_text="i: insurance, share of work + additional salary")
    overhead = _factor(help_text="o: overhead, share of work")
    administrative = _factor(help_text="a: administrative, share of work")
    profit_material = _factor(help_text="pm: profit on material")
    profit_other = _factor(help_text="op: profit on everything but material")
    shipping_cost = _money(default=Decimal("0"), help_text="Shown by GET /locations; not added to calculated prices")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.id} ({self.name})"


class TranslatedName(models.Model):
    """A catalogue row's name as customers read it in each page language. `name` stays what the APIs
    answer (their documents fix it); a page shows the active language's name, or `name` when that
    one is empty. One field per language of settings.LANGUAGES (docs/i18n.md)."""

    name_ru = models.CharField("name in Russian", max_length=100, blank=True, help_text="Shown on Russian pages")
    name_en = models.CharField("name in English", max_length=100, blank=True, help_text="Shown on English pages")

    class Meta:
        abstract = True

    @property
    def display_name(self) -> str:
        return display_name(self)


def display_name(row) -> str:
    """The name of a catalogue row (a model or a cached table row) in the active language."""
    language = (get_language() or "ru").split("-")[0]
    return getattr(row, f"name_{language}", "") or row.name


class Service(TranslatedName):
    """A manufacturing service a customer can price and order (`service_id`)."""

    id = models.SlugField(primary_key=True, max_length=32)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=255, blank=True)
    formula = models.CharField(max_length=16, choices=PricingFormula.choices)
    location = models.ForeignKey(
        Location,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        help_text="Where the price is computed; painting has none",
    )
    default_material = models.ForeignKey(
        "Material", on_delete=models.SET_NULL, null=True, blank=True, related_name="default_for_services"
    )
    default_form = models.CharField(max_length=16, choices=StockForm.choices, blank=True)
    default_certificates = models.ManyToManyField(
        "Coefficient",
        blank=True,
        related_name="default_for_services",
        limit_choices_to={"kind": CoefficientKind.CERTIFICATE},
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if self.formula != PricingFormula.PAINTING and not self.location_id:
            raise ValidationError({"location": "Machining and printing are priced at a location; choose one."})


class Machine(models.Model):
    """A machine at a location able to run a service; listed as `suitable_machines`."""

    name = models.CharField(max_length=100)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="machines")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="machines")

    class Meta:
        ordering = ["location", "service", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "service", "name"], name="catalog_machine_unique"),
        ]

    def __str__(self):
        return self.name


class MaterialFamily(TranslatedName):
    """A family of materials (alum, steel ...), which sets the painting clean-up factor (§4.10)."""

    code = models.SlugField(primary_key=True, max_length=32)
    name = models.CharField(max_length=100)
    paint_k_clean = _factor(
        null=True, blank=True, help_text="Painting clean-up factor; empty means the alum family's value"
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "material families"

    def __str__(self):
        return self.name


class Material(TranslatedName):
    """A material with its density and handling factor; its forms carry the prices (§4.9)."""

    id = models.CharField(primary_key=True, max_length=64)
    name = models.CharField(max_length=100)
    family = models.ForeignKey(MaterialFamily, on_delete=models.PROTECT, related_name="materials")
    density = models.DecimalField(max_digits=8, decimal_places=2, validators=[MinValueValidator(0)], help_text="kg/m³")
    k_handle = _factor(default=Decimal("0"), help_text="Handling minutes per gram of stock (CNC)")
    processes = models.ManyToManyField(Service, related_name="materials", blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.id} ({self.name})"


class MaterialForm(models.Model):
    """A form a material is sold in, with its price per kg and the services it allows."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="forms")
    form = models.CharField(max_length=16, choices=StockForm.choices)
    price_per_kg = _money(help_text="RUB/kg")
    processes = models.ManyToManyField(Service, related_name="material_forms", blank=True)

    class Meta:
        ordering = ["material", "id"]
        constraints = [
            models.UniqueConstraint(fields=["material", "form"], name="catalog_materialform_unique"),
        ]

    def __str__(self):
        return f"{self.material_id} {self.form}"


class Coefficient(TranslatedName):
    """One row of an id -> factor table: tolerance, finish, cover, certificate, paint options."""

    kind = models.CharField(max_length=16, choices=CoefficientKind.choices)
    code = models.CharField(max_length=16, help_text="The id clients send (tolerance_id, cover_id item ...)")
    name = models.CharField(max_length=100)
    value = _factor(help_text="Price factor; for certificates, an added cost")
    cycle_days = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("0"), validators=[MinValueValidator(0)], help_text="Covers only"
    )
    is_default = models.BooleanField(default=False, help_text="Used when a request does not send this field")

    class Meta:
        ordering = ["kind", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="catalog_coefficient_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.code}: {self.name}"


class QuantityDiscount(models.Model):
    """Batch factor and extra cycle days from a quantity on (§4.7 k_quantity)."""

    min_quantity = models.PositiveIntegerField(unique=True, validators=[MinValueValidator(1)])
    multiplier = _factor()
    cycle_days = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["min_quantity"]

    def __str__(self):
        return f"from {self.min_quantity}: x{self.multiplier}"


class ComplexityLevel(models.Model):
    """k_complexity from a number of toleranced dimensions on (§4.7)."""

    min_dimensions = models.PositiveIntegerField(unique=True, validators=[MinValueValidator(1)])
    multiplier = _factor()

    class Meta:
        ordering = ["min_dimensions"]

    def __str__(self):
        return f"from {self.min_dimensions} dimensions: x{self.multiplier}"


class PaintType(TranslatedName):
    """A paint with its price per m² and factors (§4.10)."""

    code = models.SlugField(primary_key=True, max_length=32)
    name = models.CharField(max_length=100)
    base_price = _money(help_text="RUB per m² of surface")
    k_type = _factor()
    k_prepare = _factor()
    is_default = models.BooleanField(default=False, help_text="Used when a request does not send paint_type")

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.name


class PricingRules(models.Model):
    """The calculator's single row of scalar rules: markup, defaults, printing rates, cycle days."""

    material_markup = _factor(default=Decimal("1.2"), help_text="Multiplier on material cost (1.2 = 20 % markup)")
    default_length = _money(default=Decimal("100"), help_text="mm, when neither the request nor a file gives it")
    default_width = _money(default=Decimal("50"))
    default_height = _money(default=Decimal("10"))
    printing_reserve_mm = _money(default=Decimal("30"), help_text="Added to each axis of a printed part")
    printing_litres_per_hour = _money(default=Decimal("6"))
    printing_setup_hours = _money(default=Decimal("2"))
    paint_preparation_price = _money(default=Decimal("15"), help_text="RUB per m² before factors")
    buying_material_days = _money(default=Decimal("3"))
    developing_technology_days = _money(default=Decimal("1"))
    developing_program_days = _money(default=Decimal("3"))
    preparing_material_days = _money(default=Decimal("1"))
    finishing_days = _money(default=Decimal("1"), help_text="The day the original always adds after covers")

    class Meta:
        verbose_name = "pricing rules"
        verbose_name_plural = "pricing rules"

    def __str__(self):
        return "Pricing rules"


class Product(models.Model):
    """Something a retail shop sells (shop spec "Products"); prices are whole tenge."""

    shop = models.ForeignKey("accounts.Shop", on_delete=models.CASCADE, related_name="products")
    name = models.CharField(max_length=255)
    category = models.CharField(max_length=16, choices=ProductCategory.choices, default=ProductCategory.OTHER)
    description = models.TextField(blank=True)
    cost_price = models.PositiveIntegerField(default=0, help_text="KZT")
    retail_price = models.PositiveIntegerField(help_text="KZT")
    sale_price = models.PositiveIntegerField(null=True, blank=True, help_text="KZT, below the retail price")
    is_active = models.BooleanField(default=True)
    is_popular = models.BooleanField(default=False)
    is_new = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["shop", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sale_price__isnull=True) | models.Q(sale_price__lt=models.F("retail_price")),
                name="catalog_product_sale_below_retail",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def current_price(self) -> int:
        return self.sale_price if self.sale_price is not None else self.retail_price

    @property
    def discount_percentage(self) -> int:
        if not self.retail_price or self.sale_price is None:
            return 0
        return round((self.retail_price - self.sale_price) * 100 / self.retail_price)


class ProductPhoto(models.Model):
    """A photo of a shop product, shown on the storefront and listed by the shop API; the picture is a files.Image."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.OneToOneField("files.Image", on_delete=models.CASCADE, related_name="product_photo")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return f"Photo {self.position + 1} of {self.product}"
