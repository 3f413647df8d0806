"""Customer page: ask to be called back."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services
from .forms import CallRequestForm


@login_required
def call_request(request):
    initial = {"name": request.user.get_full_name(), "phone": request.user.phone}
    form = CallRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.create_call_request(request.user, **form.cleaned_data)
        messages.success(request, _("Thank you! We will call you back."))
        return redirect("crm:call-request")
    return render(request, "crm/call_request.html", {"form": form})
