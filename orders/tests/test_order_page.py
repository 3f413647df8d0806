"""Issue 14: a page for each order (options in words, price, quotation PDF, invoice, cancel while
pending), and deleting a model no order uses."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from catalog.models import Material
from catalog.tables import forget_tables
from config.testing.signals import announced
from files.models import ModelFile
from files.tests.factories import ModelFileFactory
from orders import services
from orders.choices import StatusSource
from orders.models import Order
from orders.quote_pdf import what_is_made
from orders.signals import order_status_changed
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db
REQUEST = {"service_id": "cnc-milling", "material_id": "alum_D16", "material_form": "sheet", "quantity": 3}


@pytest.fixture
def customer(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def order(user):
    return services.place_order(user, file_id=ModelFileFactory(owner=user).pk, **REQUEST)


def test_the_order_page_shows_options_in_words_and_the_price(customer, order):
    page = customer.get(reverse("orders:detail", args=[order.pk])).content.decode()
    # names in the page's language (English here), not ids
    assert "CNC Milling" in page and "cnc-milling" not in page
    assert "Aluminium D16" in page and "alum_D16" not in page
    assert "box.stl" in page and 'id="price-breakdown"' in page
    assert f"₽{order.total_price:,.2f}" in page  # English money: the sign first, comma groups
    assert reverse("orders:quotation", args=[order.pk]) in page and 'id="cancel-order"' in page


def test_catalogue_names_follow_the_page_language(customer, order):
    customer.cookies["django_language"] = "ru"
    page = customer.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "Фрезерная обработка с ЧПУ" in page and "Алюминий Д16" in page
    assert "Aluminium D16" not in page


def test_a_catalogue_name_left_empty_falls_back_to_the_name_the_api_answers(customer, order, request):
    Material.objects.filter(pk="alum_D16").update(name_en="")
    forget_tables()
    request.addfinalizer(forget_tables)  # the cached tables must not outlive the rolled-back edit
    page = customer.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert Material.objects.get(pk="alum_D16").name in page


def test_my_orders_links_to_each_order(customer, order):
    assert reverse("orders:detail", args=[order.pk]) in customer.get(reverse("orders:mine")).content.decode()


def test_another_customers_order_is_not_found(customer):
    other = OrderFactory()
    for name in ("orders:detail", "orders:quotation"):
        assert customer.get(reverse(name, args=[other.pk])).status_code == 404
    assert customer.post(reverse("orders:cancel", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.status == "pending"


def test_a_pending_order_can_be_cancelled_and_the_crm_hears_of_it(customer, order):
    with announced(order_status_changed) as sent:
        response = customer.post(reverse("orders:cancel", args=[order.pk]))
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == "cancelled" and [a["order"].pk for a in sent] == [order.pk]
    assert 'id="cancel-order"' not in customer.get(reverse("orders:detail", args=[order.pk])).content.decode()


def test_an_order_in_work_cannot_be_cancelled(customer, order):
    services.set_status(order, "processing")
    page = customer.post(reverse("orders:cancel", args=[order.pk]), follow=True).content.decode()
    assert "can no longer be cancelled" in page
    order.refresh_from_db()
    assert order.status == "processing"


def test_the_quotation_is_a_pdf(customer, order):
    response = customer.get(reverse("orders:quotation", args=[order.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"DejaVuSans" in response.content
    assert f"quotation-{order.pk}.pdf" in response["Content-Disposition"]


def test_the_quotation_survives_markup_in_the_instructions(customer, user):
    order = services.place_order(
        user, file_id=ModelFileFactory(owner=user).pk, special_instructions="<b>bold & <unclosed", **REQUEST
    )
    assert customer.get(reverse("orders:quotation", args=[order.pk])).content.startswith(b"%PDF-")


def test_a_model_no_order_uses_can_be_deleted(customer, user):
    model = ModelFileFactory(owner=user)
    assert 'id="delete-model"' in customer.get(reverse("files:detail", args=[model.pk])).content.decode()
    assert customer.post(reverse("files:delete", args=[model.pk])).status_code == 302
    assert not ModelFile.objects.filter(pk=model.pk).exists()


def test_a_model_with_an_order_is_kept(customer, order):
    model = order.file
    assert 'id="delete-model"' not in customer.get(reverse("files:detail", args=[model.pk])).content.decode()
    page = customer.post(reverse("files:delete", args=[model.pk]), follow=True).content.decode()
    assert "is part of an order" in page
    assert ModelFile.objects.filter(pk=model.pk).exists() and Order.objects.get(pk=order.pk).file_id == model.pk


def test_another_customers_model_cannot_be_deleted(customer):
    model = ModelFileFactory()
    assert customer.post(reverse("files:delete", args=[model.pk])).status_code == 404
    assert ModelFile.objects.filter(pk=model.pk).exists()


def test_the_order_page_shows_each_status_with_its_date_and_who_moved_it():
    staff = UserFactory(is_staff=True)
    order = OrderFactory()
    services.record_status(order, StatusSource.PLACED, order.user)
    services.set_status(order, "processing", by=staff)
    services.apply_crm_changes(order, status="completed", total_price=None, deal_id=77)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(order.user)
    page = client.get(f"/mfg/orders/{order.pk}/").content.decode()
    history = page[page.index('id="status-history"') :]
    steps = [history.index(label) for label in ("Order placed", "Our team", "Bitrix24")]
    assert steps == sorted(steps)
    assert [change.status for change in order.status_changes.all()] == ["pending", "processing", "completed"]
    assert order.status_changes.get(status="processing").changed_by == staff


def test_the_order_page_and_quotation_read_numbers_and_options_in_russian(customer, order):
    """One number format (issue 14): sizes `40,0` like prices `1 234,50 ₽`, the stock form by name."""
    customer.cookies["django_language"] = "ru"
    page = customer.get(reverse("orders:detail", args=[order.pk])).content.decode()
    options = page[page.index("<dl") : page.index("</dl>")]
    assert "30,0" in options and "20,0" in options and "Лист" in options
    assert "30.0" not in options and "sheet" not in options
    with translation.override("ru"):
        rows = dict(what_is_made(order))
    assert rows["Размеры, мм"] == "30,0 × 20,0 × 10,0"
    assert rows["Материал"] == "Алюминий Д16 (Лист)"
    assert rows["Срок изготовления"].startswith("готово через ") and "." not in rows["Срок изготовления"]


def test_the_price_per_part_is_the_one_the_total_is_made_of(customer, user):
    """With a quantity discount the total is the discounted part price times the quantity; the page
    shows that price as the price per part, and what one part ordered alone costs beside it."""
    order = services.place_order(user, file_id=ModelFileFactory(owner=user).pk, **{**REQUEST, "quantity": 50})
    details = order.price_details
    assert details["detail_price"] < details["detail_price_one"]  # the 21-100 parts bracket
    page = customer.get(reverse("orders:detail", args=[order.pk])).content.decode()
    breakdown = page[page.index('id="price-breakdown"') :]
    per_part = breakdown.index("Price per part")
    assert f"₽{details['detail_price']:,.2f}" in breakdown[per_part : per_part + 200]
    assert "One part ordered alone" in breakdown and f"₽{details['detail_price_one']:,.2f}" in breakdown
    single = services.place_order(user, file_id=ModelFileFactory(owner=user).pk, **{**REQUEST, "quantity": 1})
    assert "One part ordered alone" not in customer.get(reverse("orders:detail", args=[single.pk])).content.decode()


def test_a_painted_orders_paint_and_steps_are_named_in_the_page_language(customer, user):
    painted = services.place_order(
        user,
        file_id=ModelFileFactory(owner=user).pk,
        service_id="painting",
        quantity=500,
        paint_type="polyurethane",
        paint_primer="b",
    )
    page = customer.get(reverse("orders:detail", args=[painted.pk])).content.decode()
    assert "Polyurethane" in page and "Primer b" in page and "polyurethane" not in page
    customer.cookies["django_language"] = "ru"
    page = customer.get(reverse("orders:detail", args=[painted.pk])).content.decode()
    assert "Полиуретановая" in page and "Грунт b" in page
