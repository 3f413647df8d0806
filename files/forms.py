from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from config.text import TEXT_MAX_LENGTH

from .choices import ModelFileType


class ModelUploadForm(forms.Form):
    model = forms.FileField(
        label=_("3D model"),
        help_text=format_lazy(
            _("{formats}, up to {size} MB"),
            formats=", ".join(t.upper() for t in ModelFileType.values),
            size=settings.MFG_MAX_UPLOAD_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{t}" for t in ModelFileType.values)}),
    )
    description = forms.CharField(label=_("Description"), max_length=TEXT_MAX_LENGTH, required=False)
