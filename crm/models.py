import secrets

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from config.outbox import DeliveryAttempt, OutboxDelivery

from .choices import (
    CallRequestStatus,
    EventStatus,
    ImportantDateType,
    SyncEntity,
    SyncOperation,
    SyncStatus,
    WebhookEvent,
)


class CustomerType(models.TextChoices):
    RESIDENTIAL = "residential"
    COMMERCIAL = "commercial"
    CONTRACTOR = "contractor"


class Customer(models.Model):
    """A buyer the business quotes and delivers to (configurator "Customers API")."""

    # Business customers are invoiced under a company name (configurator spec, "Create Customer").
    COMPANY_TYPES = frozenset({CustomerType.COMMERCIAL, CustomerType.CONTRACTOR})

    company_name = models.CharField(max_length=200, null=True, blank=True)
    contact_person = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=50, null=True, blank=True)
    address = models.JSONField(null=True, blank=True)
    customer_type = models.CharField(max_length=20, choices=CustomerType.choices)
    tax_id = models.CharField(max_length=50, null=True, blank=True)
    payment_terms = models.CharField(max_length=50, null=True, blank=True)
    is_active = models.BooleanField(default=True)
    notes = models.TextField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="crm_customer_email_ci_unique", violation_error_message="Customer email taken"
            ),
        ]

    def __str__(self):
        return self.company_name or self.contact_person


class CallRequest(models.Model):
    """A customer's request to be called back (mfg spec "Call Requests"); becomes a Bitrix24 lead."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="call_requests"
    )
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=32)
    product = models.CharField(max_length=200, blank=True)
    time = models.CharField(max_length=100, blank=True)
    additional = models.TextField(blank=True)
    agreement = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=CallRequestStatus.choices, default=CallRequestStatus.NEW, db_index=True
    )
    bitrix_lead_id = models.PositiveBigIntegerField(null=True, blank=True)
    bitrix_contact_id = models.PositiveBigIntegerField(null=True, blank=True)
    bitrix_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"Call request #{self.pk}: {self.name}"


class SyncItem(models.Model):
    """One piece of work for Bitrix24 (reference/bitrix24.md §5): durable, retried, replayable."""

    entity_type = models.CharField(max_length=16, choices=SyncEntity.choices)
    entity_id = models.PositiveBigIntegerField()
    operation = models.CharField(max_length=16, choices=SyncOperation.choices, default=SyncOperation.CREATE)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=SyncStatus.choices, default=SyncStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    error_message = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            # At most one live item per entity and operation: enqueueing twice is a no-op.
            models.UniqueConstraint(
                fields=["entity_type", "entity_id", "operation"],
                condition=models.Q(status__in=["pending", "processing"]),
                name="crm_syncitem_one_live_per_entity",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="crm_syncitem_due")]

    def __str__(self):
        return f"{self.operation} {self.entity_type} #{self.entity_id} ({self.status})"


class BitrixEvent(models.Model):
    """An incoming Bitrix24 webhook event, stored before it is acknowledged and processed."""

    event = models.CharField(max_length=100)
    entity_type = models.CharField(max_length=32, blank=True)
    entity_id = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    status = models.CharField(max_length=16, choices=EventStatus.choices, default=EventStatus.RECEIVED, db_index=True)
    result = models.TextField(blank=True)
    ts = models.PositiveBigIntegerField(null=True, blank=True, help_text="The sender's Unix time of the event")
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            # A replayed event is stored once, also when the copies race (issue 9). Events without a
            # `ts` cannot be told apart from a new one (NULLs never collide) and are all kept.
            models.UniqueConstraint(fields=["event", "entity_type", "entity_id", "ts"], name="crm_bitrixevent_once"),
        ]

    def __str__(self):
        return f"{self.event} {self.entity_type} #{self.entity_id}"


class LatestBitrixEvent(models.Model):
    """The newest `ts` received for one Bitrix24 entity: an event older than it is stale (issue 9)."""

    entity_type = models.CharField(max_length=32, blank=True)
    entity_id = models.CharField(max_length=64)
    ts = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity_type", "entity_id"], name="crm_latestbitrixevent_per_entity"),
        ]

    def __str__(self):
        return f"{self.entity_type} #{self.entity_id} at {self.ts}"


# -- the retail shop's customers and outgoing webhooks (shop API) -------------------------------


class ShopCustomer(models.Model):
    """A retail shop's customer (shop spec "Customers"), known by phone within the shop."""

    shop = models.ForeignKey("accounts.Shop", on_delete=models.CASCADE, related_name="customers")
    phone = models.CharField(max_length=16)
    name = models.CharField(max_length=255, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    address = models.CharField(max_length=500, blank=True)
    birth_date = models.DateField(null=True, blank=True)
    preferences = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "phone"],
                name="crm_shopcustomer_phone_per_shop",
                violation_error_message="Customer phone taken",
            ),
        ]

    def __str__(self):
        return f"{self.name or 'Customer'} {self.phone}"


class ImportantDate(models.Model):
    """A date the shop reminds itself of `reminder_days` before, every year (a birthday, an anniversary)."""

    customer = models.ForeignKey(ShopCustomer, on_delete=models.CASCADE, related_name="important_dates")
    date_type = models.CharField(max_length=16, choices=ImportantDateType.choices)
    date = models.DateField()
    description = models.TextField(blank=True)
    reminder_days = models.PositiveSmallIntegerField(default=3)
    last_reminded_for = models.DateField(null=True, blank=True, help_text="The occurrence last reminded of")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self):
        return f"{self.get_date_type_display()} {self.date:%d.%m} of {self.customer}"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """Where a shop's events are posted, signed with `secret` (staff set these up in admin)."""

    shop = models.ForeignKey("accounts.Shop", on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=128, default=new_webhook_secret, help_text="Signs every payload")
    events = models.JSONField(default=list, blank=True, help_text="Event names to send; empty sends every event")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.shop}: {self.url}"

    def wants(self, event: str) -> bool:
        return self.is_active and (not self.events or event in self.events)


class WebhookDelivery(OutboxDelivery):
    """One event for one endpoint (the outbox): written in the transaction that made the event,
    sent after commit by Celery, retried with back-off, replayable by staff."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=64, choices=WebhookEvent.choices)
    key = models.CharField(max_length=200, help_text="What the event is about; one delivery per endpoint and key")
    payload = models.JSONField()

    class Meta(OutboxDelivery.Meta):
        verbose_name_plural = "webhook deliveries"
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "key"], name="crm_webhookdelivery_once_per_endpoint"),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="crm_webhookdelivery_due")]

    def __str__(self):
        return f"{self.event} #{self.pk} ({self.status})"


class WebhookAttempt(DeliveryAttempt):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
