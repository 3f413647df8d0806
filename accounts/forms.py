from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from config.errors import TooManyRequests

from .models import User


class SignUpForm(UserCreationForm):
    class Meta:
        model = User
        fields = ["username", "email", "full_name", "phone", "user_type"]
        labels = {
            "username": _("Username"),
            "email": _("Email"),
            "full_name": _("Full name"),
            "phone": _("Phone"),
            "user_type": _("Account type"),
        }

    def clean_email(self):
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Email already registered"))
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "phone", "user_type"]
        labels = {
            "full_name": _("Full name"),
            "email": _("Email"),
            "phone": _("Phone"),
            "user_type": _("Account type"),
        }


class LockoutMessageMixin:
    """A sign-in form that says so when the failed-login lockout holds, instead of failing."""

    def clean(self):
        try:
            return super().clean()
        except TooManyRequests as locked:
            raise forms.ValidationError(locked.message, code="locked_out") from None


class LoginForm(LockoutMessageMixin, AuthenticationForm):
    pass


class AdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    pass
