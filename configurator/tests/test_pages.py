"""Customer pages of the configurator: configure with a live price, save, quote, accept, order."""

import io
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from configurator import demo, services
from configurator.choices import ConfigurationStatus, DataType, NodeType, PriceImpactType, QuoteStatus
from configurator.models import Configuration, ManufacturingType, Order, Quote
from configurator.tests.factories import (
    ConfigurationFactory,
    ManufacturingTypeFactory,
    OrderFactory,
    QuoteFactory,
    make_node,
)

pytestmark = pytest.mark.django_db

ATTRIBUTE = {"node_type": NodeType.ATTRIBUTE}


@pytest.fixture
def window():
    """A casement window whose tree asks with every kind of input the pages offer."""
    product = ManufacturingTypeFactory(name="Casement", base_price=Decimal("200.00"), base_weight=Decimal("15.00"))
    frame = make_node("Frame", manufacturing_type=product)
    material = make_node("Material", parent=frame, data_type=DataType.STRING, ui_component="radio", **ATTRIBUTE)
    glass = make_node("Glass", parent=frame, ui_component="select", **ATTRIBUTE)
    width = make_node(
        "Width",
        parent=frame,
        data_type=DataType.NUMBER,
        ui_component="number",
        price_impact_type=PriceImpactType.FORMULA,
        price_formula="value * 0.15",
        weight_formula="value * 0.004",
        validation_rules={"min": 400, "max": 2400},
        **ATTRIBUTE,
    )
    grilles = make_node(
        "Grilles", parent=frame, data_type=DataType.BOOLEAN, price_impact_value=Decimal("35"), **ATTRIBUTE
    )
    pattern = make_node("Pattern", parent=frame, ui_component="radio", **ATTRIBUTE)
    return SimpleNamespace(
        product=product,
        material=material,
        vinyl=make_node("Vinyl", parent=material, price_impact_value=Decimal("0")),
        aluminum=make_node("Aluminum", parent=material, price_impact_value=Decimal("50"), weight_impact=Decimal("2")),
        glass=glass,
        triple=make_node(
            "Triple pane",
            parent=glass,
            price_impact_type=PriceImpactType.PERCENTAGE,
            price_impact_value=Decimal("25"),
            weight_impact=Decimal("6"),
        ),
        width=width,
        grilles=grilles,
        pattern=pattern,
        prairie=make_node(
            "Prairie",
            parent=pattern,
            price_impact_value=Decimal("15"),
            display_condition={"operator": "exists", "field": "frame.grilles"},
        ),
    )


def answers(window, **changes):
    """Form data: aluminium, triple pane (25 % of 200), 1000 mm wide, with grilles."""
    data = {
        "name": "Kitchen window",
        "description": "",
        f"node_{window.material.pk}": window.aluminum.pk,
        f"node_{window.glass.pk}": window.triple.pk,
        f"node_{window.width.pk}": "1000",
        f"node_{window.grilles.pk}": "on",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


EXPECTED_PRICE = "485.00"  # 200 + 50 + 50 + 1000 * 0.15 + 35
EXPECTED_WEIGHT = "27.00"  # 15 + 2 + 6 + 1000 * 0.004


@pytest.fixture
def customer(client, user):
    client.force_login(user)
    return client


def saved_configuration(window, user):
    configuration = services.create_configuration(
        user=user,
        manufacturing_type=window.product,
        name="Kitchen window",
        selections=[
            {"attribute_node_id": window.aluminum.pk},
            {"attribute_node_id": window.width.pk, "numeric_value": 800},
        ],
        status=ConfigurationStatus.SAVED,
    )
    configuration.refresh_from_db()  # create_configuration hands back the row as it was before pricing
    return configuration


def page_urls(configuration, quote, order):
    return [
        ("get", reverse("configurator:types")),
        ("get", reverse("configurator:new", args=[configuration.manufacturing_type_id])),
        ("post", reverse("configurator:price-new", args=[configuration.manufacturing_type_id])),
        ("get", reverse("configurator:configurations")),
        ("get", reverse("configurator:quotes")),
        ("get", reverse("configurator:orders")),
        *owned_urls(configuration, quote, order),
    ]


def owned_urls(configuration, quote, order):
    return [
        ("get", reverse("configurator:configuration", args=[configuration.pk])),
        ("get", reverse("configurator:edit", args=[configuration.pk])),
        ("post", reverse("configurator:edit", args=[configuration.pk])),
        ("post", reverse("configurator:price-edit", args=[configuration.pk])),
        ("post", reverse("configurator:request-quote", args=[configuration.pk])),
        ("get", reverse("configurator:quote", args=[quote.pk])),
        ("post", reverse("configurator:answer-quote", args=[quote.pk])),
        ("post", reverse("configurator:place-order", args=[quote.pk])),
        ("get", reverse("configurator:order", args=[order.pk])),
    ]


def test_every_page_needs_a_login(client):
    order = OrderFactory()
    for method, url in page_urls(order.quote.configuration, order.quote, order):
        response = getattr(client, method)(url, {"status": "accepted"})
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")), url
    assert not Quote.objects.exclude(pk=order.quote.pk).exists()


def test_another_users_configuration_quote_and_order_are_not_found(customer):
    order = OrderFactory(quote__status=QuoteStatus.SENT)
    for method, url in owned_urls(order.quote.configuration, order.quote, order):
        assert getattr(customer, method)(url, {"status": "accepted"}).status_code == 404, url
    order.quote.refresh_from_db()
    assert order.quote.status == QuoteStatus.SENT and order.quote.configuration.quotes.count() == 1


def test_lists_show_only_my_things(customer, user):
    mine, other = OrderFactory(quote__configuration__user=user), OrderFactory()
    for name, row in (("configurations", "configuration"), ("quotes", "quote"), ("orders", "order")):
        page = customer.get(reverse(f"configurator:{name}")).content.decode()
        my_pk = {"configuration": mine.quote.configuration_id, "quote": mine.quote.pk, "order": mine.pk}[row]
        other_pk = {"configuration": other.quote.configuration_id, "quote": other.quote.pk, "order": other.pk}[row]
        assert f'id="{row}-{my_pk}"' in page and f'id="{row}-{other_pk}"' not in page, name


def test_product_types_lists_active_products(customer, window):
    retired = ManufacturingTypeFactory(is_active=False)
    page = customer.get(reverse("configurator:types")).content.decode()
    assert f'id="type-{window.product.pk}"' in page and f'id="type-{retired.pk}"' not in page
    assert customer.get(reverse("configurator:new", args=[retired.pk])).status_code == 404


def test_configure_page_asks_with_the_nodes_ui_component(customer, window):
    page = customer.get(reverse("configurator:new", args=[window.product.pk])).content.decode()
    assert f'type="radio" name="node_{window.material.pk}" value="{window.aluminum.pk}"' in page
    assert f'<select name="node_{window.glass.pk}"' in page and f'<option value="{window.triple.pk}">' in page
    assert f'type="number" name="node_{window.width.pk}"' in page
    assert f'type="checkbox" name="node_{window.grilles.pk}"' in page
    assert ">Frame</h2>" in page


def test_live_price_is_the_engines_and_saves_nothing(customer, window):
    response = customer.post(reverse("configurator:price-new", args=[window.product.pk]), answers(window))
    assert response.status_code == 200
    body = response.json()
    assert (body["total_price"], body["calculated_weight"]) == (EXPECTED_PRICE, EXPECTED_WEIGHT)
    assert body["valid"] and body["problems"] == {} and body["unavailable"] == []
    assert not Configuration.objects.exists()


@pytest.mark.parametrize(
    ("changes", "question", "message"),
    [
        (lambda w: {f"node_{w.width.pk}": "100"}, "width", "Value must be at least 400"),
        (lambda w: {f"node_{w.width.pk}": "wide"}, "width", "Enter a number."),
        (
            lambda w: {f"node_{w.grilles.pk}": None, f"node_{w.pattern.pk}": w.prairie.pk},
            "pattern",
            "Not available with the other selections",
        ),
        (lambda w: {f"node_{w.material.pk}": 999999}, "material", "Select a valid choice."),
    ],
    ids=["rule", "not-a-number", "display-condition", "unknown-option"],
)
def test_live_price_shows_problems_by_node(customer, window, changes, question, message):
    data = answers(window, **changes(window))
    response = customer.post(reverse("configurator:price-new", args=[window.product.pk]), data)
    assert response.status_code == 422
    body = response.json()
    problems = body["problems"][f"node_{getattr(window, question).pk}"]
    assert not body["valid"] and body["total_price"] and message in " ".join(problems)


def test_live_price_marks_unavailable_options(customer, window):
    data = answers(window, **{f"node_{window.grilles.pk}": None})
    body = customer.post(reverse("configurator:price-new", args=[window.product.pk]), data).json()
    assert body["unavailable"] == [window.prairie.pk]


def test_save_a_configuration(customer, user, window):
    response = customer.post(reverse("configurator:new", args=[window.product.pk]), answers(window))
    configuration = Configuration.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("configurator:configuration", args=[configuration.pk])
    assert configuration.status == ConfigurationStatus.SAVED and configuration.name == "Kitchen window"
    assert (str(configuration.total_price), str(configuration.calculated_weight)) == (EXPECTED_PRICE, EXPECTED_WEIGHT)
    page = customer.get(response["Location"]).content.decode()
    assert "Aluminum" in page and "Triple pane" in page and EXPECTED_PRICE in page and ">1,000<" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (lambda w: {"name": ""}, "name", "This field is required."),
        # Refused by the service (a validation rule), and shown on the input that answered it.
        (lambda w: {f"node_{w.width.pk}": "100"}, "width", "Width (node"),
        (lambda w: {f"node_{w.width.pk}": "wide"}, "width", "Enter a number."),
        (
            lambda w: {f"node_{w.grilles.pk}": None, f"node_{w.pattern.pk}": w.prairie.pk},
            "pattern",
            "Not available with the other selections",
        ),
    ],
    ids=["name", "rule", "not-a-number", "display-condition"],
)
def test_bad_input_is_shown_on_the_form(customer, window, changes, field, message):
    response = customer.post(reverse("configurator:new", args=[window.product.pk]), answers(window, **changes(window)))
    assert response.status_code == 422 and not Configuration.objects.exists()
    field_name = field if field == "name" else f"node_{getattr(window, field).pk}"
    assert message in " ".join(response.context["form"].errors[field_name])
    assert message in response.content.decode()


def test_edit_a_configuration(customer, user, window):
    configuration = saved_configuration(window, user)
    url = reverse("configurator:edit", args=[configuration.pk])
    form = customer.get(url).context["form"]
    assert form.initial[f"node_{window.material.pk}"] == window.aluminum.pk
    assert form.initial[f"node_{window.width.pk}"] == "800"
    price = customer.post(reverse("configurator:price-edit", args=[configuration.pk]), answers(window)).json()
    assert price["total_price"] == EXPECTED_PRICE
    response = customer.post(url, answers(window, name="Bigger window"))
    assert response.status_code == 302
    configuration.refresh_from_db()
    assert configuration.name == "Bigger window" and str(configuration.total_price) == EXPECTED_PRICE
    assert configuration.selections.count() == 4


def test_a_refused_edit_keeps_the_saved_choices(customer, user, window):
    configuration = saved_configuration(window, user)
    data = answers(window, name="Renamed", **{f"node_{window.width.pk}": "5000"})
    response = customer.post(reverse("configurator:edit", args=[configuration.pk]), data)
    assert response.status_code == 422 and "Value must be at most 2400" in response.content.decode()
    configuration.refresh_from_db()
    assert configuration.name == "Kitchen window" and configuration.selections.count() == 2


def test_quote_accept_and_order(customer, user, window):
    configuration = saved_configuration(window, user)
    response = customer.post(reverse("configurator:request-quote", args=[configuration.pk]))
    quote = Quote.objects.get(configuration=configuration)
    assert response["Location"] == reverse("configurator:quote", args=[quote.pk])
    assert quote.status == QuoteStatus.SENT and quote.total_amount == configuration.total_price
    page = customer.get(response["Location"]).content.decode()
    assert 'id="accept-quote"' in page
    assert '<td data-label="Choice">Material</td><td data-label="Answer">Aluminum</td>' in page

    customer.post(reverse("configurator:answer-quote", args=[quote.pk]), {"status": "accepted"})
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED
    assert 'id="place-order"' in customer.get(reverse("configurator:quote", args=[quote.pk])).content.decode()

    yesterday = timezone.localdate() - timedelta(days=1)
    response = customer.post(reverse("configurator:place-order", args=[quote.pk]), {"required_date": yesterday})
    assert response.status_code == 422 and "Required date cannot be before the order date" in response.content.decode()
    assert not Order.objects.exists()

    required = timezone.localdate() + timedelta(days=20)
    data = {"required_date": required, "special_instructions": "Call first"}
    response = customer.post(reverse("configurator:place-order", args=[quote.pk]), data)
    order = Order.objects.get(quote=quote)
    assert response["Location"] == reverse("configurator:order", args=[order.pk])
    assert order.required_date == required and order.special_instructions == "Call first"
    configuration.refresh_from_db()
    assert configuration.status == ConfigurationStatus.ORDERED
    page = customer.get(response["Location"]).content.decode()
    assert order.order_number in page and str(quote.total_amount) in page
    edit = customer.get(reverse("configurator:edit", args=[configuration.pk]))
    assert edit["Location"] == reverse("configurator:configuration", args=[configuration.pk])


@pytest.mark.parametrize(
    ("status", "answer", "code", "message"),
    [
        (QuoteStatus.SENT, "rejected", 302, None),
        (QuoteStatus.SENT, "maybe", 422, "Select a valid choice."),
        (QuoteStatus.DRAFT, "accepted", 422, "A draft quote cannot become accepted"),
        (QuoteStatus.ACCEPTED, "rejected", 422, "A accepted quote cannot become rejected"),
    ],
)
def test_answering_a_quote(customer, user, status, answer, code, message):
    quote = QuoteFactory(configuration=ConfigurationFactory(user=user), status=status)
    response = customer.post(reverse("configurator:answer-quote", args=[quote.pk]), {"status": answer})
    assert response.status_code == code
    quote.refresh_from_db()
    assert quote.status == (answer if code == 302 else status)
    if message:
        assert message in response.content.decode()


def test_an_expired_quote_cannot_be_accepted(customer, user):
    yesterday = timezone.localdate() - timedelta(days=1)
    quote = QuoteFactory(configuration=ConfigurationFactory(user=user), status=QuoteStatus.SENT, valid_until=yesterday)
    response = customer.post(reverse("configurator:answer-quote", args=[quote.pk]), {"status": "accepted"})
    assert response.status_code == 422 and "The quote expired on" in response.content.decode()


def test_a_quote_is_ordered_once(customer, user):
    order = OrderFactory(quote__configuration__user=user)
    response = customer.post(reverse("configurator:place-order", args=[order.quote.pk]), {})
    assert response.status_code == 422 and "An order already exists for this quote" in response.content.decode()
    assert Order.objects.count() == 1


def test_demo_product_loads_once_and_can_be_configured(customer):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    product = ManufacturingType.objects.get(name=demo.NAME)
    assert product.attribute_nodes.filter(node_type=NodeType.OPTION).count() == 7
    page = customer.get(reverse("configurator:new", args=[product.pk])).content.decode()
    assert "Frame Material" in page and "Grille Pattern" in page


def test_an_ordered_configuration_is_not_offered_for_editing(customer, user):
    ordered = ConfigurationFactory(user=user, status=ConfigurationStatus.ORDERED, name="As ordered")
    url = reverse("configurator:edit", args=[ordered.pk])
    response = customer.post(url, {"name": "Changed"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("configurator:configuration", args=[ordered.pk])
    assert "can no longer change" in response.content.decode()
    ordered.refresh_from_db()
    assert ordered.name == "As ordered"


def test_technical_data_is_shown_by_name_never_by_key(customer, user):
    configuration = ConfigurationFactory(user=user, calculated_technical_data={"u_value": 0.28, "frame_depth": 70})
    page = customer.get(reverse("configurator:configuration", args=[configuration.pk])).content.decode()
    assert "<dt>U-factor, W/m²·K</dt><dd>0.28</dd>" in page and "<dt>Frame depth</dt><dd>70</dd>" in page
    assert "u_value" not in page and "frame_depth" not in page


def test_technical_data_and_answers_read_in_words_in_the_page_language(customer, user, window):
    """Issue 14: never a raw key like `u_value`, a yes/no answer in the page's language, numbers in its format."""
    window.triple.technical_property_type, window.triple.technical_impact_formula = "u_value", "0.8"
    window.triple.save()
    customer.cookies["django_language"] = "ru"
    live = customer.post(reverse("configurator:price-new", args=[window.product.pk]), answers(window)).json()
    assert live["technical_data"] == {"Коэффициент теплопередачи U, Вт/м²·К": "0,8"}
    customer.post(reverse("configurator:new", args=[window.product.pk]), answers(window))
    configuration = Configuration.objects.get(user=user)
    page = customer.get(reverse("configurator:configuration", args=[configuration.pk])).content.decode()
    assert "Коэффициент теплопередачи U" in page and "<dd>0,8</dd>" in page and "u_value" not in page
    assert '<td data-label="Выбор">Да</td>' in page and ">1\xa0000<" in page
    quote = services.request_quote(configuration)
    quoted = customer.get(reverse("configurator:quote", args=[quote.pk])).content.decode()
    assert ">2,00<" in quoted and ">2.00<" not in quoted  # the snapshot's weights in the page's format
