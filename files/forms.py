from django import forms
from django.conf import settings

from config.text import TEXT_MAX_LENGTH

from .choices import ModelFileType


class ModelUploadForm(forms.Form):
    model = forms.FileField(
        label="3D model",
        help_text=f"{', '.join(t.upper() for t in ModelFileType.values)}, up to "
        f"{settings.MFG_MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(f".{t}" for t in ModelFileType.values)}),
    )
    description = forms.CharField(max_length=TEXT_MAX_LENGTH, required=False)
