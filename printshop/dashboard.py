"""The print-farm dashboard in admin (issue 12): live printer cards and three charts, for staff.

It shows every farm, as the printer admin does. A card reads the printer's last merged report the
way GET /bambu/printers/:id/status does (`printer_status`: offline once silent longer than
BAMBU_OFFLINE_AFTER_SECONDS); static/js/printshop_dashboard.js polls `printers` for fresh cards.
The charts are figures of printshop/analytics.py over fixed ranges, drawn by printshop/charts.py.
"""

from datetime import timedelta
from functools import wraps

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from . import analytics
from .api.serializers import printer_status
from .bambu import reports
from .models import Printer

MAX_PRINTERS = 200  # cards on one page; a larger farm sees the first ones by name and a note
POLL_SECONDS = 5
REVENUE_DAYS = 30
OUTCOME_WEEKS = 12
CHART_MAX_AGE = 300  # seconds a browser keeps a chart: the figures move slowly, the cards live

RUNNING = {reports.STATUS_PREPARING, reports.STATUS_PRINTING, reports.STATUS_PAUSED}
STATUS_LABELS = {
    reports.STATUS_IDLE: pgettext_lazy("printer status", "Idle"),
    reports.STATUS_PREPARING: pgettext_lazy("printer status", "Preparing"),
    reports.STATUS_PRINTING: pgettext_lazy("printer status", "Printing"),
    reports.STATUS_PAUSED: pgettext_lazy("printer status", "Paused"),
    reports.STATUS_FINISHED: pgettext_lazy("printer status", "Finished"),
    reports.STATUS_FAILED: pgettext_lazy("printer status", "Failed"),
    reports.STATUS_OFFLINE: pgettext_lazy("printer status", "Offline"),
    reports.STATUS_UNKNOWN: pgettext_lazy("printer status", "Unknown"),
}


def _temperature(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} °C"


def _duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    hours, minutes = divmod(round(seconds / 60), 60)
    return _("%(hours)d h %(minutes)02d min") % {"hours": hours, "minutes": minutes}


def _heard(reported_at, now) -> str:
    if reported_at is None:
        return _("No report yet")
    seconds = max(0, int((now - reported_at).total_seconds()))
    if seconds < 60:
        return _("Last report %(seconds)d s ago") % {"seconds": seconds}
    return _("Last report %(ago)s ago") % {"ago": timesince(reported_at, now)}


def printer_card(printer: Printer, now) -> dict:
    """One card: the status route's reading of the printer's last report, with its texts."""
    status = printer_status(printer)
    # Progress and time left belong to a job under way; an idle, failed or silent printer's last
    # figures (0 %, or the failed job's 12 h) would read as news.
    running = status["status"] in RUNNING
    progress = status["progress"] if running else None
    return {
        "id": printer.pk,
        "name": printer.name,
        "model": printer.model or "—",
        "owner": printer.owner.get_username(),
        "url": reverse("admin:printshop_printer_change", args=[printer.pk]),
        "status": status["status"],
        "status_label": str(STATUS_LABELS.get(status["status"], status["status"])),
        "online": status["online"],
        "progress": progress,
        "progress_text": "—" if progress is None else f"{progress} %",
        "remaining": _duration(status["estimated_time_remaining"] if running else None),
        "nozzle": _temperature(status["nozzle_temp"]),
        "bed": _temperature(status["bed_temp"]),
        "job": status["current_job"] or "—",
        "heard": _heard(printer.reported_at, now),
        "errors": ", ".join(status["errors"]),
    }


def farm_cards() -> dict:
    """Every printer's card (one query, whatever the farm's size) and how many are online."""
    now = timezone.now()
    printers = list(Printer.objects.select_related("owner").order_by("name", "id")[: MAX_PRINTERS + 1])
    cards = [printer_card(printer, now) for printer in printers[:MAX_PRINTERS]]
    online = sum(card["online"] for card in cards)
    return {
        "printers": cards,
        "more": len(printers) > MAX_PRINTERS,
        "summary": _("%(online)d of %(total)d printers online") % {"online": online, "total": len(cards)},
        "updated": _("Updated %(time)s") % {"time": date_format(timezone.localtime(now), "H:i:s")},
    }


def _draw(name: str):
    """The chart's drawing function; matplotlib loads with the first chart, not with every process."""
    from . import charts

    return getattr(charts, name)


def revenue_chart(today):
    report = analytics.revenue(None, start=today - timedelta(days=REVENUE_DAYS - 1), end=today, period="daily")
    return _draw("revenue_chart")(report)


def filament_chart(today):
    return _draw("filament_chart")(analytics.filament_use_by_material(None))


def outcome_chart(today):
    weeks = analytics.print_outcomes(None, start=today - timedelta(weeks=OUTCOME_WEEKS - 1), end=today)
    return _draw("outcome_chart")(weeks)


# name -> (the permission to see it, its figures and drawing, its text alternative)
CHARTS = {
    "revenue": ("printshop.view_order", revenue_chart, gettext_lazy("Revenue per day, last 30 days")),
    "filament": ("printshop.view_filament", filament_chart, gettext_lazy("Filament used by material")),
    "prints": ("printshop.view_scheduledprint", outcome_chart, gettext_lazy("Prints completed and failed per week")),
}


def _staff(user) -> bool:
    return user.is_active and user.is_staff


def staff_only(view):
    """Staff only, answered 403 (not the admin's login redirect) for the page's fetches and images."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not _staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class FarmDashboard:
    """The dashboard's three views, mounted by the admin site under printshop/dashboard/."""

    def __init__(self, site):
        self.site = site

    def get_urls(self):
        return [
            path("printshop/dashboard/", self.site.admin_view(self.page), name="printshop_dashboard"),
            path("printshop/dashboard/printers/", staff_only(self.printers), name="printshop_dashboard_printers"),
            path(
                "printshop/dashboard/charts/<slug:name>.svg", staff_only(self.chart), name="printshop_dashboard_chart"
            ),
        ]

    def page(self, request):
        if not request.user.has_perm("printshop.view_printer"):  # admin_view has let staff only in
            raise PermissionDenied
        charts = [
            {"name": name, "alt": alt}
            for name, (permission, _figures, alt) in CHARTS.items()
            if request.user.has_perm(permission)
        ]
        context = {
            **self.site.each_context(request),
            **farm_cards(),
            "title": _("Print-farm dashboard"),
            "app_name": apps.get_app_config("printshop").verbose_name,
            "max_printers": MAX_PRINTERS,
            "figures": analytics.farm_figures(None),
            "charts": charts,
            "poll_seconds": POLL_SECONDS,
        }
        return TemplateResponse(request, "admin/printshop/dashboard.html", context)

    def printers(self, request):
        if not request.user.has_perm("printshop.view_printer"):
            raise PermissionDenied
        response = JsonResponse(farm_cards())
        patch_cache_control(response, no_store=True)
        return response

    def chart(self, request, name):
        if name not in CHARTS:
            raise Http404
        permission, draw, _alt = CHARTS[name]
        if not request.user.has_perm(permission):
            raise PermissionDenied
        response = HttpResponse(draw(timezone.localdate()), content_type="image/svg+xml")
        patch_cache_control(response, private=True, max_age=CHART_MAX_AGE)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response


def app_list_entry(request) -> dict | None:
    """The dashboard's row in the print shop's box of the admin index and app page."""
    if not request.user.has_perm("printshop.view_printer"):
        return None
    return {
        "name": _("Print-farm dashboard"),
        "object_name": "FarmDashboard",
        "admin_url": reverse("admin:printshop_dashboard"),
        "add_url": None,
        "view_only": True,
        "perms": {"view": True},
    }
