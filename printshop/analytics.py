"""Print-farm figures computed in the database (spec "Analytics"; issue 12).

Cancelled and refunded orders are left out of order counts and revenue, and every money figure
is in one currency: the one asked for, else the one most of the user's orders are in. Where a
function takes `user`, None means every farm (the staff dashboard in admin, printshop/dashboard.py).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Greatest, TruncDay, TruncMonth, TruncWeek
from django.utils import timezone

from .choices import NO_REVENUE_STATUSES, PrintStatus
from .models import Filament, Order, ScheduledPrint
from .services.filaments import LOW_STOCK

PERIODS = {"daily": TruncDay, "weekly": TruncWeek, "monthly": TruncMonth}
CENT = Decimal("0.01")
# What a spool has lost since it was added (a top-up above the first weight counts as none).
FILAMENT_USED = Greatest(F("initial_amount") - F("current_amount"), 0)


def _money(value) -> float:
    return float((value or Decimal(0)).quantize(CENT, rounding=ROUND_HALF_UP))


def _owned(queryset, owner_field: str, user):
    return queryset if user is None else queryset.filter(**{owner_field: user})


def earning_orders(user):
    return _owned(Order.objects.exclude(status__in=NO_REVENUE_STATUSES), "shop__user", user)


def main_currency(user, currency: str = "") -> str:
    """The currency asked for, or the one most of the user's earning orders are in."""
    return currency.upper() or busiest(earning_orders(user).order_by().values("currency").annotate(orders=Count("id")))


def busiest(groups) -> str:
    """The currency of the most orders (the first in the alphabet on a tie) among `{currency, orders}` rows."""
    return min(groups, key=lambda g: (-g["orders"], g["currency"]), default={"currency": ""})["currency"]


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def order_figures(user, *, currency: str = "", today: date | None = None) -> dict:
    """The dashboard's order and revenue figures: one scan, grouped by currency (a few rows)."""
    today = today or timezone.localdate()
    this_month = Q(ordered_at__gte=_start_of(today.replace(day=1)))
    groups = list(
        earning_orders(user)
        .order_by()
        .values("currency")
        .annotate(
            orders=Count("id"),
            orders_this_month=Count("id", filter=this_month),
            revenue_this_month=Sum("total_amount", filter=this_month),
            average=Avg("total_amount"),
        )
    )
    currency = currency.upper() or busiest(groups)
    chosen = next((g for g in groups if g["currency"] == currency), {})
    return {
        "total_orders": sum(g["orders"] for g in groups),
        "orders_this_month": sum(g["orders_this_month"] for g in groups),
        "revenue_this_month": _money(chosen.get("revenue_this_month")),
        "average_order_value": _money(chosen.get("average")),
        "currency": currency,
    }


def farm_figures(user) -> dict:
    """The dashboard's print and filament figures, one query each.

    `total_prints` counts prints that ran (started, completed or failed); the success rate is the
    share of finished prints that completed. Filament used is what the spools have lost since they
    were added; a spool counts as in stock while it has any left, and as a low-stock alert at or
    under its threshold.
    """
    prints = _owned(ScheduledPrint.objects, "printer__owner", user).aggregate(
        total=Count("id", filter=Q(status__in=(PrintStatus.STARTED, PrintStatus.COMPLETED, PrintStatus.FAILED))),
        completed=Count("id", filter=Q(status=PrintStatus.COMPLETED)),
        failed=Count("id", filter=Q(status=PrintStatus.FAILED)),
    )
    spools = _owned(Filament.objects, "owner", user).aggregate(
        used=Sum(FILAMENT_USED),
        in_stock=Count("id", filter=Q(current_amount__gt=0)),
        low=Count("id", filter=LOW_STOCK),
    )
    finished = prints["completed"] + prints["failed"]
    return {
        "total_prints": prints["total"],
        "prints_completed": prints["completed"],
        "print_success_rate": round(100 * prints["completed"] / finished, 1) if finished else 0.0,
        "filament_used_kg": round((spools["used"] or 0) / 1000, 2),
        "materials_in_stock": spools["in_stock"],
        "low_stock_alerts": spools["low"],
    }


def dashboard(user, *, currency: str = "", today: date | None = None) -> dict:
    """Every figure of GET /analytics/dashboard (spec "Analytics")."""
    return {**order_figures(user, currency=currency, today=today), **farm_figures(user)}


@dataclass(frozen=True)
class RevenueReport:
    period: str
    currency: str
    start_date: date
    end_date: date
    data: list[dict]
    total_revenue: float
    total_orders: int


def _buckets(start: date, end: date, period: str) -> list[date]:
    """Every bucket's first day from `start`'s bucket to `end`'s, so quiet days show as zero."""
    if period == "daily":
        first, step = start, lambda d: d + timedelta(days=1)
    elif period == "weekly":
        first, step = start - timedelta(days=start.weekday()), lambda d: d + timedelta(weeks=1)
    else:
        first = start.replace(day=1)

        def step(d):
            return (d.replace(day=28) + timedelta(days=4)).replace(day=1)

    days = []
    while first <= end:
        days.append(first)
        first = step(first)
    return days


def revenue(user, *, start: date, end: date, period: str, currency: str = "") -> RevenueReport:
    """Revenue and order counts per day, week (from Monday) or month, from `start` to `end` inclusive."""
    currency = main_currency(user, currency)
    truncate = PERIODS[period]
    rows = (
        earning_orders(user)
        .filter(currency=currency, ordered_at__gte=_start_of(start), ordered_at__lt=_start_of(end + timedelta(days=1)))
        .annotate(bucket=truncate("ordered_at"))
        .order_by()
        .values("bucket")
        .annotate(revenue=Sum("total_amount"), order_count=Count("id"))
    )
    found = {timezone.localtime(row["bucket"]).date(): row for row in rows}
    data, total_revenue, total_orders = [], Decimal(0), 0
    for day in _buckets(start, end, period):
        row = found.get(day, {"revenue": Decimal(0), "order_count": 0})
        total_revenue += row["revenue"] or 0
        total_orders += row["order_count"]
        average = row["revenue"] / row["order_count"] if row["order_count"] else Decimal(0)
        data.append(
            {
                "date": day.isoformat(),
                "revenue": _money(row["revenue"]),
                "order_count": row["order_count"],
                "average_order": _money(average),
            }
        )
    return RevenueReport(period, currency, start, end, data, _money(total_revenue), total_orders)


def filament_use_by_material(user, *, limit: int = 12) -> list[dict]:
    """Grams used per material (`{material, used}`), most used first, the `limit` most used only."""
    rows = (
        _owned(Filament.objects, "owner", user)
        .order_by()
        .values("material")
        .annotate(used=Sum(FILAMENT_USED))
        .filter(used__gt=0)
        .order_by("-used", "material")
    )
    return list(rows[:limit])


def print_outcomes(user, *, start: date, end: date) -> list[dict]:
    """Prints completed and failed per week (from Monday) by when they finished, from `start`'s week
    to `end`'s, quiet weeks as zero: `{week, completed, failed}`."""
    finished = (PrintStatus.COMPLETED, PrintStatus.FAILED)
    rows = (
        _owned(ScheduledPrint.objects, "printer__owner", user)
        .filter(
            status__in=finished,
            finished_at__gte=_start_of(start - timedelta(days=start.weekday())),
            finished_at__lt=_start_of(end + timedelta(days=1)),
        )
        .annotate(bucket=TruncWeek("finished_at"))
        .order_by()
        .values("bucket")
        .annotate(
            completed=Count("id", filter=Q(status=PrintStatus.COMPLETED)),
            failed=Count("id", filter=Q(status=PrintStatus.FAILED)),
        )
    )
    found = {timezone.localtime(row["bucket"]).date(): row for row in rows}
    quiet = {"completed": 0, "failed": 0}
    return [
        {"week": week, "completed": found.get(week, quiet)["completed"], "failed": found.get(week, quiet)["failed"]}
        for week in _buckets(start, end, "weekly")
    ]
