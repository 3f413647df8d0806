"""A retail shop's customers and their important dates (shop spec "Customers"), and the daily reminder.

Every customer the shop gains (from the API or a first order) is announced as `customer.created`.
`remind_important_dates()` runs daily (beat): a date whose next occurrence is at most its
`reminder_days` away is sent once per occurrence to the shop owner's Telegram chat (when linked) and
as a `customer.important_date` webhook.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import telegram
from accounts.models import TelegramLink
from config.errors import Conflict, DomainError

from . import shop_webhooks
from .choices import WebhookEvent
from .models import ImportantDate, ShopCustomer

logger = logging.getLogger(__name__)


def customer_data(customer: ShopCustomer) -> dict:
    return {"customer_id": customer.pk, "phone": customer.phone, "name": customer.name, "email": customer.email}


def create_customer(shop, **fields) -> ShopCustomer:
    """A new customer of the shop, announced as `customer.created`; a phone already known is a conflict."""
    try:
        with transaction.atomic():
            customer = ShopCustomer.objects.create(shop=shop, **fields)
            shop_webhooks.emit(shop.pk, WebhookEvent.CUSTOMER_CREATED, str(customer.pk), customer_data(customer))
    except IntegrityError:
        raise Conflict(f"A customer with phone {fields['phone']} already exists") from None
    return customer


def customer_for_order(order) -> ShopCustomer:
    """The customer who placed a shop order, made (and announced) on their first order."""
    customer = ShopCustomer.objects.filter(shop_id=order.shop_id, phone=order.customer_phone).first()
    if customer is not None:
        return customer
    with transaction.atomic():
        customer, created = ShopCustomer.objects.get_or_create(shop_id=order.shop_id, phone=order.customer_phone)
        if created:
            shop_webhooks.emit(order.shop_id, WebhookEvent.CUSTOMER_CREATED, str(customer.pk), customer_data(customer))
    return customer


def customers_by_phone(shop_id: int, phones: list[str]) -> dict[str, tuple[int, str]]:
    """Who these phones are in the shop (the orders' `customer`), in one query."""
    rows = ShopCustomer.objects.filter(shop_id=shop_id, phone__in=phones).values_list("phone", "pk", "name")
    return {phone: (pk, name) for phone, pk, name in rows}


def phones_of_customers_named(shop_id: int, text: str):
    """The phones of the shop's customers whose name holds `text` (the orders' search), as a subquery."""
    return ShopCustomer.objects.filter(shop_id=shop_id, name__icontains=text).values("phone")


def add_important_date(customer: ShopCustomer, **fields) -> ImportantDate:
    return ImportantDate.objects.create(customer=customer, **fields)


def next_occurrence(date: datetime.date, today: datetime.date) -> datetime.date:
    """The date's next anniversary on or after `today` (29 February falls on the 28th in other years)."""
    for year in (today.year, today.year + 1):
        try:
            candidate = date.replace(year=year)
        except ValueError:
            candidate = datetime.date(year, 2, 28)
        if candidate >= today:
            return candidate
    raise AssertionError("unreachable: next year's occurrence is always after today")


def today_in_shop_time() -> datetime.date:
    return timezone.localdate(timezone.now(), timezone=ZoneInfo(settings.SHOP_TIME_ZONE))


def remind_important_dates(today: datetime.date | None = None) -> int:
    """Remind each shop of its customers' dates coming within their `reminder_days`; returns how many.

    Each occurrence is reminded once. When Telegram cannot be reached the date is left for tomorrow's
    run (the webhook, queued once per occurrence, is not repeated).
    """
    today = today or today_in_shop_time()
    reminded = 0
    chats: dict[str, int | None] = {}  # shop phone → its owner's Telegram chat, read once per run
    dates = ImportantDate.objects.select_related("customer__shop").order_by("id")
    for important in dates.iterator(chunk_size=500):
        occurrence = next_occurrence(important.date, today)
        days_left = (occurrence - today).days
        if days_left > important.reminder_days or important.last_reminded_for == occurrence:
            continue
        with transaction.atomic():
            _announce(important, occurrence, days_left)
            try:
                _tell_shop_owner(important, occurrence, days_left, chats)
            except DomainError as error:
                logger.warning("Reminder of date %s not sent to Telegram: %s", important.pk, error.message)
                continue
            ImportantDate.objects.filter(pk=important.pk).update(last_reminded_for=occurrence)
            reminded += 1
    return reminded


def _announce(important: ImportantDate, occurrence: datetime.date, days_left: int) -> None:
    customer = important.customer
    shop_webhooks.emit(
        customer.shop_id,
        WebhookEvent.CUSTOMER_IMPORTANT_DATE,
        f"{important.pk}:{occurrence.isoformat()}",
        customer_data(customer)
        | {
            "important_date_id": important.pk,
            "date_type": important.date_type,
            "date": occurrence.isoformat(),
            "description": important.description,
            "days_left": days_left,
        },
    )


def _tell_shop_owner(important: ImportantDate, occurrence: datetime.date, days_left: int, chats: dict) -> None:
    """A Telegram message to the chat linked to the shop's phone; nothing when it has none or the bot is off."""
    if not settings.TELEGRAM_BOT_TOKEN:
        return
    phone = important.customer.shop.phone
    if phone not in chats:
        chats[phone] = TelegramLink.objects.filter(phone=phone).values_list("chat_id", flat=True).first()
    if chats[phone] is None:
        return
    customer = important.customer
    when = "today" if days_left == 0 else f"in {days_left} day{'s' if days_left != 1 else ''}"
    what = important.description or important.get_date_type_display()
    telegram.send_message(
        chats[phone],
        f"Reminder: {what} of {customer.name or customer.phone} ({customer.phone}) is {when}, {occurrence:%d.%m.%Y}.",
    )
