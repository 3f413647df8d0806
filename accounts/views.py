"""Customer pages: sign up, log in, log out, profile, every order placed (session authentication)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from config.errors import DomainError

from . import order_history, services
from .forms import ProfileForm, SignUpForm


def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ("username", "email", "full_name", "phone", "user_type")}
        try:
            user = services.register_user(password=form.cleaned_data["password1"], **fields)
        except DomainError as refused:
            form.add_error(None, refused.message)
            return render(request, "accounts/signup.html", {"form": form})
        login(request, user)
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("accounts:profile")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, **{name: form.cleaned_data[name] for name in form.changed_data})
        messages.success(request, _("Profile updated."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def my_orders(request):
    """Everything the customer ordered, from every app that takes orders, newest first."""
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    per_page = 20
    orders, total = order_history.orders_page(request.user, page, per_page)
    context = {
        "orders": orders,
        "total": total,
        "page": page,
        "previous_page": page - 1 if page > 1 else None,
        "next_page": page + 1 if page * per_page < total else None,
    }
    return render(request, "accounts/my_orders.html", context)
