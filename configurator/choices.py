from django.db import models
from django.utils.translation import gettext_lazy as _


class NodeType(models.TextChoices):
    CATEGORY = "category"
    ATTRIBUTE = "attribute"
    OPTION = "option"
    COMPONENT = "component"
    TECHNICAL_SPEC = "technical_spec"


class DataType(models.TextChoices):
    STRING = "string"
    NUMBER = "number"
    BOOLEAN = "boolean"
    FORMULA = "formula"
    DIMENSION = "dimension"
    SELECTION = "selection"


class PriceImpactType(models.TextChoices):
    FIXED = "fixed"
    PERCENTAGE = "percentage"
    FORMULA = "formula"


class ConfigurationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SAVED = "saved", _("Saved")
    QUOTED = "quoted", _("Quoted")
    ORDERED = "ordered", _("Ordered")


class TemplateType(models.TextChoices):
    STANDARD = "standard"
    PREMIUM = "premium"
    ECONOMY = "economy"
    CUSTOM = "custom"


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    EXPIRED = "expired", _("Expired")


class OrderStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    PRODUCTION = "production", _("Production")
    SHIPPED = "shipped", _("Shipped")
    INSTALLED = "installed", _("Installed")


class ProductionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    IN_PRODUCTION = "in_production", _("In Production")
    COMPLETED = "completed", _("Completed")
