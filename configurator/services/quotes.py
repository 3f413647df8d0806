"""Quotes: a configuration's price frozen with tax and discount, answered by its owner."""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from config.errors import Forbidden, Refused

from .. import pricing
from ..choices import ConfigurationStatus, QuoteStatus
from ..models import Configuration, Quote
from .configurations import update_configuration
from .numbers import numbered_save

QUOTE_TRANSITIONS = {
    QuoteStatus.DRAFT: {QuoteStatus.SENT},
    QuoteStatus.SENT: {QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED},
}
OWNER_TRANSITIONS = {(QuoteStatus.SENT, QuoteStatus.ACCEPTED), (QuoteStatus.SENT, QuoteStatus.REJECTED)}


def configuration_snapshot(configuration: Configuration) -> dict:
    """What was quoted, frozen: later price or tree changes leave the quote as it was."""
    manufacturing_type = configuration.manufacturing_type
    return {
        "manufacturing_type": {
            "id": manufacturing_type.pk,
            "name": manufacturing_type.name,
            "base_price": str(manufacturing_type.base_price),
            "base_weight": str(manufacturing_type.base_weight),
        },
        "configuration": {
            "id": configuration.pk,
            "name": configuration.name,
            "reference_code": configuration.reference_code,
            "base_price": str(configuration.base_price),
            "total_price": str(configuration.total_price),
            "calculated_weight": str(configuration.calculated_weight),
            "calculated_technical_data": configuration.calculated_technical_data,
        },
        "selections": [
            {
                "attribute_node_id": selection.attribute_node_id,
                "name": selection.attribute_node.name,
                "selection_path": selection.selection_path,
                "string_value": selection.string_value,
                "numeric_value": None if selection.numeric_value is None else str(selection.numeric_value),
                "boolean_value": selection.boolean_value,
                "json_value": selection.json_value,
                "calculated_price_impact": str(selection.calculated_price_impact),
                "calculated_weight_impact": str(selection.calculated_weight_impact),
            }
            for selection in configuration.selections.select_related("attribute_node")
        ],
    }


def create_quote(
    *,
    configuration: Configuration,
    tax_rate=Decimal("0.00"),
    discount_amount=Decimal("0.00"),
    technical_requirements=None,
    valid_until: date | None = None,
    valid_days: int | None = None,
    status: str = QuoteStatus.DRAFT,
    by_superuser: bool = True,
) -> Quote:
    """Price the configuration as a quote. A customer quoting their own configuration gets no
    discount and at most the usual validity (issue 9); superusers set both freely."""
    default_days = settings.CONFIGURATOR_QUOTE_VALID_DAYS
    valid_days = default_days if valid_days is None else valid_days
    if not by_superuser:
        discount_amount = Decimal("0.00")
        valid_days = min(valid_days, default_days)
        latest = timezone.localdate() + timedelta(days=default_days)
        valid_until = min(valid_until, latest) if valid_until else None
    with transaction.atomic():
        configuration = (
            Configuration.objects.select_for_update(of=("self",))
            .select_related("manufacturing_type")
            .get(pk=configuration.pk)
        )
        subtotal = configuration.total_price
        if subtotal < 0:
            raise Refused("configuration_id", "Configuration total cannot be negative", "min_value")
        if discount_amount > subtotal:
            raise Refused("discount_amount", "Discount amount cannot exceed subtotal", "max_value")
        tax_amount, total_amount = pricing.quote_amounts(subtotal, tax_rate, discount_amount)
        quote = Quote(
            configuration=configuration,
            user_id=configuration.user_id,
            customer_id=configuration.customer_id,
            subtotal=subtotal,
            tax_rate=tax_rate,
            tax_amount=tax_amount,
            discount_amount=discount_amount,
            total_amount=total_amount,
            technical_requirements=technical_requirements,
            valid_until=valid_until or timezone.localdate() + timedelta(days=valid_days),
            configuration_snapshot=configuration_snapshot(configuration),
            status=status,
        )
        numbered_save(quote, "quote_number", "Q")
        if configuration.status in (ConfigurationStatus.DRAFT, ConfigurationStatus.SAVED):
            update_configuration(configuration, status=ConfigurationStatus.QUOTED)
        return quote


def request_quote(configuration: Configuration) -> Quote:
    """A customer's quote request: priced by the engine at once, so it is issued (`sent`) straight
    away and the customer can accept or reject it (the owner may only answer a sent quote)."""
    return create_quote(configuration=configuration, status=QuoteStatus.SENT)


def change_quote_status(quote: Quote, new_status: str, *, by_superuser: bool) -> Quote:
    """draft -> sent -> accepted | rejected | expired (reference §6.5)."""
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        if new_status not in QUOTE_TRANSITIONS.get(quote.status, set()):
            raise Refused(None, f"A {quote.status} quote cannot become {new_status}", "invalid_status")
        if not by_superuser and (quote.status, new_status) not in OWNER_TRANSITIONS:
            raise Forbidden()
        if new_status == QuoteStatus.ACCEPTED and quote.valid_until < timezone.localdate():
            raise Refused(None, f"The quote expired on {quote.valid_until.isoformat()}", "invalid_status")
        quote.status = new_status
        quote.save(update_fields=["status", "updated_at"])
        return quote


def expire_overdue_quotes() -> int:
    """Mark draft and sent quotes past their `valid_until` as expired; safe to run any time."""
    return Quote.objects.filter(
        status__in=[QuoteStatus.DRAFT, QuoteStatus.SENT], valid_until__lt=timezone.localdate()
    ).update(status=QuoteStatus.EXPIRED, updated_at=timezone.now())
