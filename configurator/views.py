"""Customer pages of the product configurator: pick a product, configure it with a live price and
weight, save it, request a quote, accept it, place the order, and follow my quotes and orders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.money import format_money
from config.errors import DomainError, problems_by_field

from . import pages, services
from .choices import ConfigurationStatus, QuoteStatus
from .forms import ConfigurationForm, OrderForm, QuoteAnswerForm, initial_answers
from .models import Configuration, ManufacturingType, Order, Quote


def show_problems(form, exc, answers=()) -> None:
    """Put a service's refusal on the form: `selections.N` on the input that answered item N."""
    field_of_item = {f"selections.{index}": name for index, (name, _item) in enumerate(answers)}
    for field, problems in problems_by_field(exc).items():
        field = field_of_item.get(field, field)
        form.add_error(field if field in form.fields else None, problems)


def own_configuration(request, configuration_id):
    queryset = Configuration.objects.select_related("manufacturing_type")
    return get_object_or_404(queryset, pk=configuration_id, user=request.user)


def own_quote(request, quote_id):
    return get_object_or_404(Quote.objects.select_related("configuration"), pk=quote_id, user=request.user)


@login_required
def product_types(request):
    types = ManufacturingType.objects.filter(is_active=True).order_by("name")
    return render(request, "configurator/product_types.html", {"product_types": types})


def _configure_page(request, form, manufacturing_type, configuration=None, status=200):
    context = {"form": form, "manufacturing_type": manufacturing_type, "configuration": configuration}
    return render(request, "configurator/configure.html", context, status=status)


@login_required
def configure_new(request, type_id):
    manufacturing_type = get_object_or_404(ManufacturingType, pk=type_id, is_active=True)
    questions = pages.product_questions(manufacturing_type)
    form = ConfigurationForm(questions, request.POST or None, initial={"name": manufacturing_type.name})
    if request.method == "POST" and form.is_valid():
        answers = form.selections()
        try:
            configuration = services.create_configuration(
                user=request.user,
                manufacturing_type=manufacturing_type,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                selections=[item for _name, item in answers],
                status=ConfigurationStatus.SAVED,
            )
        except DomainError as exc:
            show_problems(form, exc, answers)
        else:
            messages.success(
                request, _("Configuration %(reference)s saved.") % {"reference": configuration.reference_code}
            )
            return redirect("configurator:configuration", configuration.pk)
    return _configure_page(request, form, manufacturing_type, status=422 if form.errors else 200)


@login_required
def configure_edit(request, configuration_id):
    configuration = own_configuration(request, configuration_id)
    try:
        services.ensure_changeable(configuration)
    except DomainError as refused:
        messages.error(request, f"{refused.message}.")
        return redirect("configurator:configuration", configuration.pk)
    questions = pages.product_questions(configuration.manufacturing_type)
    form = ConfigurationForm(questions, request.POST or None, initial=initial_answers(configuration))
    if request.method == "POST" and form.is_valid():
        answers = form.selections()
        try:
            services.save_configuration(
                configuration,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                selections=[item for _name, item in answers],
            )
        except DomainError as exc:
            show_problems(form, exc, answers)
        else:
            messages.success(
                request, _("Configuration %(reference)s saved.") % {"reference": configuration.reference_code}
            )
            return redirect("configurator:configuration", configuration.pk)
    status = 422 if form.errors else 200
    return _configure_page(request, form, configuration.manufacturing_type, configuration, status=status)


def _price(request, manufacturing_type, base_price=None):
    """The engine's price, weight and problems for the answers on the form; nothing is saved."""
    questions = pages.product_questions(manufacturing_type)
    form = ConfigurationForm(questions, request.POST)
    form.is_valid()  # invalid answers are reported below and left out of the preview
    answers = form.selections()
    result = pages.preview(
        manufacturing_type, pages.tree_nodes(questions), [item for _name, item in answers], base_price
    )
    problems = {name: list(errors) for name, errors in form.errors.items() if name.startswith("node_")}
    field_of_node = form.field_of_node()
    for node_id, message in result.problems.items():
        problems.setdefault(field_of_node[node_id], []).append(message)
    body = {
        "valid": not problems,
        "total_price": str(result.total_price),
        "total_price_text": format_money(result.total_price),
        "calculated_weight_text": formats.localize(result.calculated_weight),
        "calculated_weight": str(result.calculated_weight),
        "technical_data": dict(pages.technical_rows(result.technical_data)),  # labels, never raw keys
        "problems": problems,
        "unavailable": result.unavailable,
    }
    return JsonResponse(body, status=422 if problems else 200)


@login_required
@require_POST
def price_new(request, type_id):
    """JSON for the configure page's live price (session-authenticated, CSRF-checked)."""
    return _price(request, get_object_or_404(ManufacturingType, pk=type_id, is_active=True))


@login_required
@require_POST
def price_edit(request, configuration_id):
    configuration = own_configuration(request, configuration_id)
    return _price(request, configuration.manufacturing_type, configuration.base_price)


@login_required
def my_configurations(request):
    configurations = Configuration.objects.filter(user=request.user).select_related("manufacturing_type")
    return render(request, "configurator/my_configurations.html", {"configurations": configurations})


@login_required
def configuration_detail(request, configuration_id):
    configuration = own_configuration(request, configuration_id)
    context = {
        "configuration": configuration,
        "answers": pages.answer_rows(configuration.selections.select_related("attribute_node__parent")),
        "technical": pages.technical_rows(configuration.calculated_technical_data),
        "quotes": configuration.quotes.order_by("-created_at", "-id"),
    }
    return render(request, "configurator/configuration.html", context)


@login_required
@require_POST
def request_quote(request, configuration_id):
    configuration = own_configuration(request, configuration_id)
    try:
        quote = services.request_quote(configuration)
    except DomainError as exc:
        for problems in problems_by_field(exc).values():
            messages.error(request, " ".join(problems))
        return redirect("configurator:configuration", configuration.pk)
    messages.success(request, _("Quote %(number)s is ready.") % {"number": quote.quote_number})
    return redirect("configurator:quote", quote.pk)


@login_required
def my_quotes(request):
    quotes = Quote.objects.filter(user=request.user).select_related("configuration", "order")
    return render(request, "configurator/my_quotes.html", {"quotes": quotes})


def _quote_page(request, quote, answer_form=None, order_form=None, status=200):
    order = Order.objects.filter(quote=quote).first()
    context = {
        "quote": quote,
        "order": order,
        "answers": pages.snapshot_rows(quote.configuration_snapshot),
        "answer_form": answer_form or QuoteAnswerForm(),
        "order_form": order_form or OrderForm(),
        "can_answer": quote.status == QuoteStatus.SENT,
        "can_order": quote.status == QuoteStatus.ACCEPTED and order is None,
    }
    return render(request, "configurator/quote.html", context, status=status)


@login_required
def quote_detail(request, quote_id):
    return _quote_page(request, own_quote(request, quote_id))


@login_required
@require_POST
def answer_quote(request, quote_id):
    quote = own_quote(request, quote_id)
    form = QuoteAnswerForm(request.POST)
    if form.is_valid():
        try:
            quote = services.change_quote_status(quote, form.cleaned_data["status"], by_superuser=False)
        except DomainError as exc:
            show_problems(form, exc)
        else:
            messages.success(
                request,
                _("Quote %(number)s: %(status)s.")
                % {"number": quote.quote_number, "status": quote.get_status_display().lower()},
            )
            return redirect("configurator:quote", quote.pk)
    return _quote_page(request, quote, answer_form=form, status=422)


@login_required
@require_POST
def place_order(request, quote_id):
    quote = own_quote(request, quote_id)
    form = OrderForm(request.POST)
    if form.is_valid():
        try:
            order = services.place_order(quote=quote, **form.cleaned_data)
        except DomainError as exc:
            show_problems(form, exc)
        else:
            messages.success(request, _("Order %(number)s placed.") % {"number": order.order_number})
            return redirect("configurator:order", order.pk)
    return _quote_page(request, quote, order_form=form, status=422)


@login_required
def my_orders(request):
    orders = Order.objects.filter(quote__user=request.user).select_related("quote__configuration")
    return render(request, "configurator/my_orders.html", {"orders": orders})


@login_required
def order_detail(request, order_id):
    order = get_object_or_404(Order.objects.select_related("quote"), pk=order_id, quote__user=request.user)
    items = order.items.select_related("configuration")
    return render(request, "configurator/order.html", {"order": order, "items": items})
