from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from accounts.otp import normalise_phone
from catalog.calculator import MAX_QUANTITY
from catalog.choices import CoefficientKind, StockForm
from catalog.tables import load_tables
from config.errors import Refused
from config.ids import MAX_ID
from config.text import TEXT_MAX_LENGTH

from .choices import DeliveryMethod

MAX_DAYS_AHEAD = 90  # a storefront order's window: the shop plans its flowers at most this far ahead


class QuoteForm(forms.Form):
    """The instant-quote form; its choices come from the calculator's tables (editable in admin)."""

    file_id = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    service_id = forms.ChoiceField(label=_("Service"))
    material_id = forms.ChoiceField(label=_("Material"), required=False)
    material_form = forms.ChoiceField(
        label=_("Stock form"), choices=[("", _("Default")), *StockForm.choices], required=False
    )
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, initial=1)
    tolerance_id = forms.ChoiceField(label=_("Tolerance"), required=False)
    finish_id = forms.ChoiceField(label=_("Surface finish"), required=False)
    # Painting's own options; the page shows either these or the machining ones, by service.
    paint_type = forms.ChoiceField(label=_("Paint"), required=False)
    paint_prepare = forms.ChoiceField(label=_("Surface preparation"), required=False)
    paint_primer = forms.ChoiceField(label=_("Primer"), required=False)
    paint_lakery = forms.ChoiceField(label=_("Lacquer"), required=False)
    special_instructions = forms.CharField(
        label=_("Special instructions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the customer's words, in the page's language (built per form: the language is the request's).
        self.fields["quantity"].error_messages.update(
            {
                "min_value": _("Order at least one piece."),
                "max_value": _("We price up to %(limit)s pieces at a time; for more, ask us through a call request.")
                % {"limit": formats.number_format(MAX_QUANTITY, force_grouping=True)},
                "invalid": _("Enter the number of pieces as a whole number."),
                "required": _("Enter how many pieces you need."),
            }
        )
        tables = load_tables()
        self.fields["service_id"].choices = [(s.id, s.display_name) for s in tables.services.values()]
        self.fields["material_id"].choices = [
            ("", _("Default")),
            *((m.id, m.display_name) for m in tables.materials.values()),
        ]
        coefficients = {
            "tolerance_id": CoefficientKind.TOLERANCE,
            "finish_id": CoefficientKind.FINISH,
            "paint_prepare": CoefficientKind.PAINT_PREPARE,
            "paint_primer": CoefficientKind.PAINT_PRIMER,
            "paint_lakery": CoefficientKind.PAINT_LAKERY,
        }
        for name, kind in coefficients.items():
            self.fields[name].choices = [
                ("", _("Default")),
                *((c.code, c.display_name) for c in tables.table(kind).values()),
            ]
        self.fields["paint_type"].choices = [
            ("", _("Default")),
            *((paint.code, paint.display_name) for paint in tables.paint_types.values()),
        ]

    def calculator_inputs(self) -> dict:
        """The cleaned values as calculator fields, leaving out those the customer left at default."""
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}


class CheckoutForm(forms.Form):
    """A storefront's checkout (/shop/<id>/checkout/): who orders, and when and where the flowers go.

    The window is a day and two times in the shop's own time zone (SHOP_TIME_ZONE)."""

    name = forms.CharField(label=_("Your name"), max_length=255)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "placeholder": "+7XXXXXXXXXX", "autocomplete": "tel"}),
    )
    delivery_method = forms.ChoiceField(
        label=_("How to get it"),
        choices=DeliveryMethod.choices,
        initial=DeliveryMethod.DELIVERY,
        widget=forms.RadioSelect,
    )
    address = forms.CharField(
        label=_("Delivery address"),
        max_length=500,
        required=False,
        help_text=_("Only for delivery"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    time_from = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    time_to = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The text of a card, how to find the door, anything the florist should know"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate(timezone=ZoneInfo(settings.SHOP_TIME_ZONE))
        self.fields["date"].widget.attrs["min"] = today.isoformat()
        self.fields["date"].widget.attrs["max"] = (today + timedelta(days=MAX_DAYS_AHEAD)).isoformat()

    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data["phone"])
        except Refused:
            raise forms.ValidationError(_("Enter the phone as +7XXXXXXXXXX"), code="invalid") from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("delivery_method") == DeliveryMethod.DELIVERY and not cleaned.get("address", "").strip():
            self.add_error("address", _("A delivery needs an address."))
        day, start, end = cleaned.get("date"), cleaned.get("time_from"), cleaned.get("time_to")
        if day and start and end:
            zone = ZoneInfo(settings.SHOP_TIME_ZONE)
            cleaned["delivery_from"] = datetime.combine(day, start, tzinfo=zone)
            cleaned["delivery_to"] = datetime.combine(day, end, tzinfo=zone)
            if end <= start:
                self.add_error("time_to", _("The window must end after it starts."))
            elif cleaned["delivery_from"] < timezone.now():
                self.add_error("time_from", _("Choose a time that has not passed yet."))
            elif day > timezone.localdate(timezone=zone) + timedelta(days=MAX_DAYS_AHEAD):
                self.add_error("date", _("Orders are taken at most %(days)s days ahead.") % {"days": MAX_DAYS_AHEAD})
        return cleaned

    def order_details(self) -> dict:
        """The cleaned values as `shop.create_order_with_items` takes them."""
        data = self.cleaned_data
        pickup = data["delivery_method"] == DeliveryMethod.SELF_PICKUP
        return {
            "customer_phone": data["phone"],
            "recipient_name": data["name"],
            "recipient_phone": data["phone"],
            "address": "" if pickup else data["address"].strip(),
            "delivery_method": data["delivery_method"],
            "delivery_from": data["delivery_from"],
            "delivery_to": data["delivery_to"],
            "comment": data["comment"].strip(),
        }
