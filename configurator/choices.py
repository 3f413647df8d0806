from django.db import models


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
    DRAFT = "draft"
    SAVED = "saved"
    QUOTED = "quoted"
    ORDERED = "ordered"


class TemplateType(models.TextChoices):
    STANDARD = "standard"
    PREMIUM = "premium"
    ECONOMY = "economy"
    CUSTOM = "custom"


class QuoteStatus(models.TextChoices):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"


class OrderStatus(models.TextChoices):
    CONFIRMED = "confirmed"
    PRODUCTION = "production"
    SHIPPED = "shipped"
    INSTALLED = "installed"


class ProductionStatus(models.TextChoices):
    PENDING = "pending"
    IN_PRODUCTION = "in_production"
    COMPLETED = "completed"
