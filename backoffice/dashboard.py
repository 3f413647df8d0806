"""The admin home: what needs staff today, across apps, in a handful of queries.

Each card is one number with a link to the admin list that shows those rows; a banner says when
an integration is off, instead of work sitting silently at "Pending / 0 attempts".
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from configurator.choices import QuoteStatus
from configurator.models import Quote
from crm.bitrix.portal import is_enabled as bitrix_enabled
from crm.choices import CallRequestStatus, SyncStatus
from crm.models import CallRequest, SyncItem
from files.choices import PreviewStatus
from files.models import ModelFile
from orders.choices import OrderStatus
from orders.models import Order

STUCK_AFTER = timedelta(hours=1)  # a CRM change still unsent after this long needs a look


@dataclass(frozen=True)
class Card:
    model: type
    title: str
    value: int
    hint: str
    url: str
    tone: str = "ok"  # ok | warn | alert: how the card is coloured

    def visible_to(self, user) -> bool:
        meta = self.model._meta
        return user.has_perm(f"{meta.app_label}.view_{meta.model_name}")


def changelist(model, **filters) -> str:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def cards(user, now=None) -> list[Card]:
    """The cards `user` may follow (view permission on the rows counted)."""
    return [card for card in all_cards(now) if card.visible_to(user)]


def all_cards(now=None) -> list[Card]:
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    orders = Order.objects.aggregate(
        today=Count("pk", filter=Q(created_at__gte=today)),
        pending=Count("pk", filter=Q(status=OrderStatus.PENDING)),
    )
    quotes = Quote.objects.filter(status__in=[QuoteStatus.DRAFT, QuoteStatus.SENT], valid_until__gte=today.date())
    queue = SyncItem.objects.aggregate(
        waiting=Count("pk", filter=Q(status__in=[SyncStatus.PENDING, SyncStatus.PROCESSING])),
        failed=Count("pk", filter=Q(status=SyncStatus.FAILED)),
        oldest=Min("created_at", filter=Q(status=SyncStatus.PENDING)),
    )
    open_calls = CallRequest.objects.filter(status=CallRequestStatus.NEW).count()
    failed_previews = ModelFile.objects.filter(preview_status=PreviewStatus.FAILED).count()
    stuck = queue["oldest"] is not None and now - queue["oldest"] > STUCK_AFTER
    return [
        Card(
            Order,
            _("New orders today"),
            orders["today"],
            _("manufacturing orders placed since midnight"),
            changelist(Order, created_at__gte=today.isoformat()),  # aware: the same midnight as the count
        ),
        Card(
            Order,
            _("Orders pending"),
            orders["pending"],
            _("placed and not yet in work"),
            changelist(Order, status=OrderStatus.PENDING),
            "warn" if orders["pending"] else "ok",
        ),
        Card(
            Quote,
            _("Quotes open"),
            quotes.count(),
            _("configurator quotes drafted or sent, still valid"),
            changelist(Quote, status=QuoteStatus.SENT),
        ),
        Card(
            CallRequest,
            _("Call requests open"),
            open_calls,
            _("customers waiting for a call back"),
            changelist(CallRequest, status=CallRequestStatus.NEW),
            "warn" if open_calls else "ok",
        ),
        Card(
            ModelFile,
            _("Previews failed"),
            failed_previews,
            _("3D models whose preview could not be drawn"),
            changelist(ModelFile, preview_status=PreviewStatus.FAILED),
            "alert" if failed_previews else "ok",
        ),
        Card(
            SyncItem,
            _("CRM queue"),
            queue["waiting"],
            _("changes waiting for Bitrix24; %(failed)s failed") % {"failed": queue["failed"]},
            changelist(SyncItem),
            "alert" if queue["failed"] or stuck else "ok",
        ),
    ]


def banners() -> list[str]:
    if bitrix_enabled():
        return []
    waiting = SyncItem.objects.filter(status=SyncStatus.PENDING).count()
    return [
        ngettext(
            "Bitrix24 is not configured (set BITRIX_WEBHOOK_URL): "
            "%(count)s change waits in the CRM queue and will be sent once it is.",
            "Bitrix24 is not configured (set BITRIX_WEBHOOK_URL): "
            "%(count)s changes wait in the CRM queue and will be sent once it is.",
            waiting,
        )
        % {"count": waiting}
    ]
