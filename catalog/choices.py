from django.db import models
from django.utils.translation import gettext_lazy as _


class PricingFormula(models.TextChoices):
    """Which rule-based formula prices a service (reference §6)."""

    MILLING = "milling", "CNC milling (box stock)"
    LATHE = "lathe", "CNC turning (cylinder stock)"
    PRINTING = "printing", "Powder 3D printing"
    PAINTING = "painting", "Painting (surface area)"


class StockForm(models.TextChoices):
    """The form a material is bought in; the spec's `material_form`."""

    POWDER = "powder", _("Powder")
    SHEET = "sheet", _("Sheet")
    ROD = "rod", _("Rod")
    HEXAGON = "hexagon", _("Hexagon")


class CoefficientKind(models.TextChoices):
    """The small id -> factor tables of the calculator (reference §4.2-4.5, §4.10)."""

    TOLERANCE = "tolerance", "Tolerance"
    FINISH = "finish", "Surface finish"
    COVER = "cover", "Cover"
    CERTIFICATE = "certificate", "Certificate"
    PAINT_PREPARE = "paint_prepare", "Paint preparation"
    PAINT_PRIMER = "paint_primer", "Paint primer"
    PAINT_LAKERY = "paint_lakery", "Paint lacquer"


class ProductCategory(models.TextChoices):
    """What a shop product is (shop spec "Product Categories")."""

    BOUQUET = "bouquet", _("Bouquets")
    COMPOSITION = "composition", _("Compositions")
    GIFT = "gift", _("Gifts")
    OTHER = "other", _("Other")
