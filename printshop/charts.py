"""The print-farm dashboard's charts (issue 12), drawn server-side as SVG with matplotlib.

Figures in, SVG bytes out: no queries here (printshop/dashboard.py reads printshop/analytics.py).
Figures are made with the object API on the Agg backend, never pyplot, whose global figure
registry is not safe across a server's threads.
"""

import io
from datetime import date

import matplotlib
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from catalog.money import format_money

from .analytics import RevenueReport

matplotlib.use("Agg")  # no display, ever; nothing here imports pyplot, which would pick one
# Set once for the process (this module is matplotlib's only user): text stays text in the SVG, in
# the page's font, and the same figures give the same bytes (no date, fixed ids).
matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",
        "svg.hashsalt": "printshop-dashboard",
        "font.family": "sans-serif",
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
    }
)

SIZE = (5.6, 3.0)  # inches; the page scales the SVG to its box, a phone's too
BLUE, LIGHT_BLUE, GREEN, RED, QUIET = "#417893", "#79aec8", "#2e7d32", "#c62828", "#666666"


def _day(value: date) -> str:
    return value.strftime("%d.%m")


def _svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
    return buffer.getvalue()


def _figure(title: str):
    figure = Figure(figsize=SIZE, layout="constrained")
    axes = figure.add_subplot()
    axes.set_title(title)
    return figure, axes


def _nothing(axes, message: str) -> None:
    axes.text(0.5, 0.5, message, ha="center", va="center", color=QUIET, transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])


def revenue_chart(report: RevenueReport) -> bytes:
    """Revenue per day from the analytics revenue report, in its one currency."""
    title = _("Revenue per day, last 30 days")
    if report.total_orders:
        title = _("Revenue per day, last 30 days: %(total)s") % {
            "total": format_money(report.total_revenue, report.currency)
        }
    figure, axes = _figure(title)
    if not report.total_orders:
        _nothing(axes, _("No orders in these days"))
        return _svg(figure)
    days = [date.fromisoformat(row["date"]) for row in report.data]
    axes.bar(range(len(days)), [row["revenue"] for row in report.data], color=BLUE, width=0.8)
    step = max(1, len(days) // 8)
    axes.set_xticks(range(0, len(days), step), [_day(day) for day in days[::step]])
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.grid(axis="y", alpha=0.3)
    return _svg(figure)


def filament_chart(rows: list[dict]) -> bytes:
    """Kilograms the spools of each material have lost, most used on top."""
    figure, axes = _figure(_("Filament used by material, kg"))
    if not rows:
        _nothing(axes, _("No filament used yet"))
        return _svg(figure)
    rows = list(reversed(rows))
    kilograms = [row["used"] / 1000 for row in rows]
    bars = axes.barh([row["material"] for row in rows], kilograms, color=LIGHT_BLUE)
    axes.bar_label(bars, labels=[f"{kg:.2f}" for kg in kilograms], padding=3, color=QUIET)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.margins(x=0.15)
    return _svg(figure)


def outcome_chart(weeks: list[dict]) -> bytes:
    """Prints completed and failed per week, stacked, with the weeks' success rate in the title."""
    completed = [week["completed"] for week in weeks]
    failed = [week["failed"] for week in weeks]
    finished = sum(completed) + sum(failed)
    title = _("Prints per week")
    if finished:
        title += " · " + _("%(rate).0f%% succeeded") % {"rate": 100 * sum(completed) / finished}
    figure, axes = _figure(title)
    if not finished:
        _nothing(axes, _("No prints finished in these weeks"))
        return _svg(figure)
    positions = range(len(weeks))
    axes.bar(positions, completed, color=GREEN, label=pgettext("prints", "Completed"))
    axes.bar(positions, failed, bottom=completed, color=RED, label=pgettext("prints", "Failed"))
    step = max(1, len(weeks) // 6)
    axes.set_xticks(range(0, len(weeks), step), [_day(week["week"]) for week in weeks[::step]])
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axes.grid(axis="y", alpha=0.3)
    figure.legend(frameon=False, loc="outside upper right", ncols=2)
    return _svg(figure)
