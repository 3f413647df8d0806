from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import TEXT_MAX_LENGTH

from .models import CallRequest


class CallRequestForm(forms.ModelForm):
    additional = forms.CharField(
        label=_("Anything we should know"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = CallRequest
        fields = ["name", "phone", "product", "time", "additional", "agreement"]
        labels = {
            "name": _("Name"),
            "phone": _("Phone"),
            "product": _("Product"),
            "time": _("Best time to call"),
            "agreement": _("I agree to be called"),
        }

    def clean_agreement(self):
        if not self.cleaned_data["agreement"]:
            raise forms.ValidationError(_("Please agree to be contacted."))
        return True
