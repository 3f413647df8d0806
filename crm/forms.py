from django import forms

from .models import CallRequest


class CallRequestForm(forms.ModelForm):
    class Meta:
        model = CallRequest
        fields = ["name", "phone", "product", "time", "additional", "agreement"]
        labels = {
            "time": "Best time to call",
            "additional": "Anything we should know",
            "agreement": "I agree to be called",
        }
        widgets = {"additional": forms.Textarea(attrs={"rows": 3})}

    def clean_agreement(self):
        if not self.cleaned_data["agreement"]:
            raise forms.ValidationError("Please agree to be contacted.")
        return True
