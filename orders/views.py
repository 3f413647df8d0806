"""Customer pages: instant quote with a live price, placing the order, my orders and invoices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.choices import PricingFormula
from catalog.money import format_money
from catalog.services import calculate_price
from catalog.tables import load_tables
from config.errors import DomainError, problems_by_field
from files.models import ModelFile
from files.services import shape_warnings

from . import quote_pdf, services
from .forms import QuoteForm
from .models import Order
from .quote_messages import chosen_options, lead_time_text, readable_problems
from .responses import invoice_response


@login_required
def quote(request, file_id):
    model_file = get_object_or_404(ModelFile, pk=file_id, owner=request.user)
    form = QuoteForm(initial={"file_id": model_file.pk})
    return render(request, "orders/quote.html", quote_context(form, model_file))


def quote_context(form, model_file) -> dict:
    tables = load_tables()
    materials_by_service = {
        service_id: [material.id for material in tables.materials.values() if service_id in material.processes]
        for service_id in tables.services
    }
    return {
        "form": form,
        "model_file": model_file,
        "warnings": shape_warnings(model_file),
        "materials_by_service": materials_by_service,
        "painting_services": [s.id for s in tables.services.values() if s.formula == PricingFormula.PAINTING],
    }


@login_required
@require_POST
def quote_price(request):
    """JSON for the quote page's live price (session-authenticated, CSRF-checked)."""
    form = QuoteForm(request.POST)
    if not form.is_valid():
        return refused_quote(form.errors, form.data, request.user)
    inputs = form.calculator_inputs()
    inputs.pop("special_instructions", None)
    try:
        services.refuse_flat_model(request.user, inputs["file_id"])
        price = calculate_price(request.user, **inputs)
        services.refuse_nothing_to_charge(price)  # never a price of 0 on the page (issue 14)
    except DomainError as refused:
        return refused_quote(problems_by_field(refused), inputs, request.user)
    return JsonResponse(
        {
            "total_price": float(price["total_price"]),
            "detail_price": float(price["detail_price"]),
            "manufacturing_cycle": price["manufacturing_cycle"],
            # What the page shows, in the page's language and number format (catalog/money.py).
            "total_price_text": format_money(price["total_price"]),
            "manufacturing_cycle_text": lead_time_text(price.get("manufacturing_cycle_days")),
            "dimensions": {k: float(v) for k, v in price["dimensions"].items() if v is not None},
        }
    )


def refused_quote(problems: dict, inputs, user) -> JsonResponse:
    """A 422 whose `errors` are sentences for the customer (`fields` keeps which field each concerns)."""
    file_id = str(inputs.get("file_id", ""))
    model_file = ModelFile.objects.filter(pk=file_id, owner=user).first() if file_id.isdigit() else None
    sentences = readable_problems(problems, inputs, load_tables(), model_file)
    return JsonResponse({"errors": sentences, "fields": sorted(problems)}, status=422)


@login_required
@require_POST
def place_order(request):
    form = QuoteForm(request.POST)
    valid = form.is_valid()
    model_file = get_object_or_404(ModelFile, pk=form.cleaned_data.get("file_id") or 0, owner=request.user)
    if valid:
        try:
            order = services.place_order(request.user, **form.calculator_inputs())
        except DomainError as refused:
            problems = problems_by_field(refused)
            for sentence in readable_problems(problems, form.cleaned_data, load_tables(), model_file):
                form.add_error(None, sentence)
        else:
            messages.success(request, _("Order #%(number)s placed. We will confirm it shortly.") % {"number": order.pk})
            return redirect("orders:detail", order.pk)  # its page: price, quotation PDF, status, cancel
    return render(request, "orders/quote.html", quote_context(form, model_file), status=422)


PRICE_LINES = [
    ("mat_price", gettext_lazy("Material")),
    ("work_price", gettext_lazy("Machining")),
    ("base_paint_price", gettext_lazy("Paint")),
    ("prep_cost", gettext_lazy("Surface preparation")),
    # The price of each part at this quantity (the total is it times the quantity); one part ordered
    # alone costs `detail_price_one`, shown when a quantity discount makes them differ.
    ("detail_price_one", gettext_lazy("One part ordered alone")),
    ("detail_price", gettext_lazy("Price per part")),
    ("total_price", gettext_lazy("Total")),
]


@login_required
def my_orders(request):
    orders = Order.objects.filter(user=request.user).select_related("file").order_by("-id")
    return render(request, "orders/my_orders.html", {"orders": orders})


@login_required
def order_detail(request, order_id):
    order = get_object_or_404(Order.objects.select_related("file"), pk=order_id, user=request.user)
    details = order.price_details or {}
    same = str(details.get("detail_price_one")) == str(details.get("detail_price"))  # no discount: one line
    shown = [(key, label) for key, label in PRICE_LINES if not (same and key == "detail_price_one")]
    breakdown = [(label, details[key]) for key, label in shown if details.get(key) is not None]
    return render(
        request,
        "orders/order.html",
        {
            "order": order,
            "breakdown": breakdown,
            "inputs": chosen_options(order),
            "history": order.status_changes.all(),
        },
    )


@login_required
@require_POST
def cancel(request, order_id):
    order = get_object_or_404(Order, pk=order_id, user=request.user)
    try:
        services.cancel_order(order)
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("Order #%(number)s cancelled.") % {"number": order.pk})
    return redirect("orders:detail", order.pk)


@login_required
def quotation(request, order_id):
    order = get_object_or_404(Order.objects.select_related("file", "user"), pk=order_id, user=request.user)
    response = HttpResponse(quote_pdf.render(order), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="quotation-{order.pk}.pdf"'
    return response


@login_required
def invoice(request, order_id):
    order = get_object_or_404(Order, pk=order_id, user=request.user)
    if not order.invoice_file:
        raise Http404("No invoice yet")
    return invoice_response(order)
