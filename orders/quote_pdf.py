"""A manufacturing order as a quotation PDF a buyer can forward for approval (reportlab)."""

import io
from pathlib import Path
from xml.sax.saxutils import escape

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from catalog.money import format_money, format_number
from catalog.tables import load_tables

from .models import Order
from .quote_messages import lead_time_text, stock_form_name

FONTS = Path(__file__).parent / "fonts"
pdfmetrics.registerFont(TTFont("DejaVuSans", FONTS / "DejaVuSans.ttf"))
pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", FONTS / "DejaVuSans-Bold.ttf"))

BODY = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=14)
TITLE = ParagraphStyle("title", parent=BODY, fontName="DejaVuSans-Bold", fontSize=18, leading=24)
HEADING = ParagraphStyle("heading", parent=BODY, fontName="DejaVuSans-Bold", fontSize=12, leading=18)
PREVIEW_SIZE = 60 * mm


def _table(rows, money_column: bool = False) -> Table:
    table = Table(rows, colWidths=[60 * mm, 100 * mm], hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), "DejaVuSans"),
        ("FONTSIZE", (0, 0), (-1, -1), 10),
        ("TEXTCOLOR", (0, 0), (0, -1), colors.HexColor("#5b6576")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#dde2ea")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if money_column:
        style += [("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTNAME", (0, -1), (-1, -1), "DejaVuSans-Bold")]
    table.setStyle(TableStyle(style))
    return table


def _preview(order: Order):
    model = order.file
    if not (model and model.preview_generated):
        return None
    try:
        with model.preview.open("rb") as stored:
            return Image(io.BytesIO(stored.read()), width=PREVIEW_SIZE, height=PREVIEW_SIZE)
    except OSError:  # the preview went missing from storage: the quotation goes without it
        return None


def what_is_made(order: Order) -> list[list[str]]:
    """The quotation's part table, in the page's language and number format."""
    details = order.price_details or {}
    inputs = order.calculation_inputs or {}
    tables = load_tables()
    sizes = details.get("dimensions") or inputs
    size = " × ".join(format_number(sizes[k], 1) for k in ("length", "width", "height", "dia") if sizes.get(k))
    material = tables.material_name(inputs.get("material_id") or details.get("material_id") or "—")
    if form := stock_form_name(inputs.get("material_form") or details.get("material_form")):
        material = f"{material} ({form})"
    part = [
        [_("Model"), order.file.original_filename if order.file else "—"],
        [_("Service"), tables.service_name(order.service_id)],
        [_("Material"), material],
        [_("Size, mm"), size or "—"],
        [_("Quantity"), format_number(order.quantity)],
    ]
    if days := details.get("manufacturing_cycle_days"):
        part.append([_("Lead time"), lead_time_text(days)])
    return part


def render(order: Order) -> bytes:
    details = order.price_details or {}
    story = [
        Paragraph(_("Quotation for order #%(number)s") % {"number": order.pk}, TITLE),
        Paragraph(
            _("Issued %(date)s for %(customer)s")
            % {
                "date": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
                "customer": escape(order.user.get_full_name()),
            },
            BODY,
        ),
        Spacer(1, 6 * mm),
    ]
    if preview := _preview(order):
        story += [preview, Spacer(1, 4 * mm)]
    part = what_is_made(order)
    story += [Paragraph(_("What is made"), HEADING), _table(part), Spacer(1, 6 * mm)]
    price = [[_("Price per part"), format_money(details.get("detail_price") or details.get("detail_price_one") or 0)]]
    price.append([_("Total"), format_money(order.total_price)])
    story += [Paragraph(_("Price"), HEADING), _table(price, money_column=True), Spacer(1, 6 * mm)]
    if order.special_instructions:
        story += [Paragraph(_("Instructions"), HEADING), Paragraph(escape(order.special_instructions), BODY)]
    story += [
        Spacer(1, 8 * mm),
        Paragraph(_("Prices in roubles, VAT included. The order is confirmed by the workshop once approved."), BODY),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=_("Quotation %(number)s") % {"number": order.pk}, author="Workshop platform"
    )
    document.build(story)
    return buffer.getvalue()
