"""Customer pages: instant quote with a live price, placing the order, my orders and invoices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from catalog.models import Material, Service
from catalog.services import calculate_price
from config.errors import DomainError, problems_by_field
from files.models import ModelFile

from . import quote_pdf, services
from .forms import QuoteForm
from .models import Order
from .responses import invoice_response


@login_required
def quote(request, file_id):
    model_file = get_object_or_404(ModelFile, pk=file_id, owner=request.user)
    form = QuoteForm(initial={"file_id": model_file.pk})
    return render(request, "orders/quote.html", {"form": form, "model_file": model_file})


@login_required
@require_POST
def quote_price(request):
    """JSON for the quote page's live price (session-authenticated, CSRF-checked)."""
    form = QuoteForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=422)
    inputs = form.calculator_inputs()
    inputs.pop("special_instructions", None)
    try:
        price = calculate_price(request.user, **inputs)
    except DomainError as refused:
        return JsonResponse({"errors": problems_by_field(refused)}, status=422)
    return JsonResponse(
        {
            "total_price": float(price["total_price"]),
            "detail_price": float(price["detail_price"]),
            "manufacturing_cycle": price["manufacturing_cycle"],
            "dimensions": {k: float(v) for k, v in price["dimensions"].items() if v is not None},
        }
    )


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
            for field, problems in problems_by_field(refused).items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"Order #{order.pk} placed. We will confirm it shortly.")
            return redirect("orders:mine")
    return render(request, "orders/quote.html", {"form": form, "model_file": model_file}, status=422)


PRICE_LINES = [
    ("mat_price", "Material"),
    ("work_price", "Machining"),
    ("base_paint_price", "Paint"),
    ("prep_cost", "Surface preparation"),
    ("detail_price_one", "Price per part"),
    ("total_price", "Total"),
]
INPUT_LABELS = {
    "material_id": "Material",
    "material_form": "Material form",
    "length": "Length, mm",
    "width": "Width, mm",
    "height": "Height, mm",
    "dia": "Diameter, mm",
    "tolerance_id": "Tolerance",
    "finish_id": "Finish",
    "cover_id": "Coating",
    "paint_type": "Paint",
    "n_dimensions": "Dimensions to control",
}


def readable_inputs(order: Order) -> list[tuple[str, str]]:
    """The options the customer chose, in words, in a fixed order: the service and material by name."""
    inputs = order.calculation_inputs or {}
    service = Service.objects.filter(pk=order.service_id).values_list("name", flat=True).first()
    material = Material.objects.filter(pk=inputs.get("material_id")).values_list("name", flat=True).first()
    named = {**inputs, "material_id": material or inputs.get("material_id")}
    chosen = [(label, named[key]) for key, label in INPUT_LABELS.items() if named.get(key) not in (None, "", [])]
    return [("Service", service or order.service_id), *chosen]


@login_required
def my_orders(request):
    orders = Order.objects.filter(user=request.user).select_related("file").order_by("-id")
    return render(request, "orders/my_orders.html", {"orders": orders})


@login_required
def order_detail(request, order_id):
    order = get_object_or_404(Order.objects.select_related("file"), pk=order_id, user=request.user)
    details = order.price_details or {}
    breakdown = [(label, details[key]) for key, label in PRICE_LINES if details.get(key) is not None]
    return render(
        request,
        "orders/order.html",
        {
            "order": order,
            "breakdown": breakdown,
            "inputs": readable_inputs(order),
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
        messages.success(request, f"Order #{order.pk} cancelled.")
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
