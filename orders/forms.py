from django import forms
from django.utils.translation import gettext_lazy as _

from catalog.calculator import MAX_QUANTITY
from catalog.choices import CoefficientKind, StockForm
from catalog.tables import load_tables
from config.ids import MAX_ID
from config.text import TEXT_MAX_LENGTH


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
    special_instructions = forms.CharField(
        label=_("Special instructions"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX_LENGTH,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tables = load_tables()
        self.fields["service_id"].choices = [(s.id, s.display_name) for s in tables.services.values()]
        self.fields["material_id"].choices = [
            ("", _("Default")),
            *((m.id, m.display_name) for m in tables.materials.values()),
        ]
        for name, kind in (("tolerance_id", CoefficientKind.TOLERANCE), ("finish_id", CoefficientKind.FINISH)):
            self.fields[name].choices = [
                ("", _("Default")),
                *((c.code, c.display_name) for c in tables.table(kind).values()),
            ]

    def calculator_inputs(self) -> dict:
        """The cleaned values as calculator fields, leaving out those the customer left at default."""
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
