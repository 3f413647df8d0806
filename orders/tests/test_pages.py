"""Customer pages of the manufacturing service: models, instant quote, orders, call requests."""

import json

import pytest
import trimesh
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from files.models import ModelFile
from files.services import FLAT_MODEL, OPEN_MODEL
from files.tests.factories import BOX_STL, ModelFileFactory
from orders.models import Order
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

QUOTE = {"service_id": "cnc-milling", "quantity": "2", "material_id": "", "tolerance_id": "", "finish_id": ""}


@pytest.fixture
def customer(client, user):
    client.force_login(user)
    return client


def test_pages_need_a_login(client):
    for url in (reverse("files:mine"), reverse("orders:mine"), reverse("crm:call-request")):
        assert client.get(url).status_code == 302


def test_upload_a_model_and_see_its_preview(customer, user, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("bracket.stl", BOX_STL)
    with django_capture_on_commit_callbacks(execute=True):  # the preview task runs after commit
        response = customer.post(reverse("files:mine"), {"model": upload, "description": "A bracket"})
    model = ModelFile.objects.get(owner=user)
    assert response.status_code == 302 and response["Location"] == reverse("files:detail", args=[model.pk])
    page = customer.get(response["Location"]).content.decode()
    assert "30.0 × 20.0 × 10.0 mm" in page and reverse("files:preview", args=[model.pk]) in page
    image = customer.get(reverse("files:preview", args=[model.pk]))
    assert image["Content-Type"] == "image/png" and b"".join(image.streaming_content).startswith(b"\x89PNG")


def test_an_unsupported_upload_is_refused_on_the_form(customer, user):
    response = customer.post(reverse("files:mine"), {"model": SimpleUploadedFile("notes.txt", b"hello")})
    assert response.status_code == 422 and "Unsupported 3D model type" in response.content.decode()
    assert not ModelFile.objects.exists()


def test_another_users_model_is_not_found(customer):
    other = ModelFileFactory()
    assert customer.get(reverse("files:detail", args=[other.pk])).status_code == 404
    assert customer.get(reverse("files:preview", args=[other.pk])).status_code == 404
    assert customer.get(reverse("orders:quote", args=[other.pk])).status_code == 404


def test_live_price_and_placing_the_order(customer, user):
    model = ModelFileFactory(owner=user)
    assert customer.get(reverse("orders:quote", args=[model.pk])).status_code == 200
    price = customer.post(reverse("orders:quote-price"), {**QUOTE, "file_id": model.pk}).json()
    assert price["total_price"] > 0 and price["dimensions"] == {"length": 30.0, "width": 20.0, "height": 10.0}
    response = customer.post(reverse("orders:place"), {**QUOTE, "file_id": model.pk, "special_instructions": "Rush"})
    assert response.status_code == 302
    order = Order.objects.get(user=user)
    assert float(order.total_price) == price["total_price"] and order.special_instructions == "Rush"
    assert f"order-{order.pk}" in customer.get(reverse("orders:mine")).content.decode()


def test_live_price_reports_bad_values(customer, user):
    model = ModelFileFactory(owner=user)
    response = customer.post(reverse("orders:quote-price"), {**QUOTE, "file_id": model.pk, "quantity": "0"})
    body = response.json()
    assert response.status_code == 422 and body["fields"] == ["quantity"]
    assert body["errors"] == ["Order at least one piece."]
    too_many = customer.post(reverse("orders:quote-price"), {**QUOTE, "file_id": model.pk, "quantity": "100001"})
    assert too_many.json()["errors"] == [
        "We price up to 100,000 pieces at a time; for more, ask us through a call request."
    ]


def test_live_price_reports_what_the_calculator_refuses(customer, user):
    model = ModelFileFactory(owner=user)
    body = {**QUOTE, "file_id": model.pk, "material_id": "unobtainium", "tolerance_id": "9"}
    response = customer.post(reverse("orders:quote-price"), body)
    assert response.status_code == 422 and {"material_id", "tolerance_id"} <= set(response.json()["fields"])


def test_a_material_the_service_cannot_use_is_named_with_what_it_can(customer, user):
    model = ModelFileFactory(owner=user)
    body = {**QUOTE, "file_id": model.pk, "service_id": "printing", "material_id": "steel_12X18H10T"}
    errors = customer.post(reverse("orders:quote-price"), body).json()["errors"]
    [sentence] = errors
    assert sentence == "Steel 12Kh18N10T can't be used for 3D Printing; choose one of: Powder PA11, Powder PA12."
    assert "steel_12X18H10T" not in sentence and "material_id" not in sentence


def test_the_refusal_names_the_catalogue_in_russian_on_russian_pages(customer, user):
    customer.cookies["django_language"] = "ru"
    model = ModelFileFactory(owner=user)
    body = {**QUOTE, "file_id": model.pk, "service_id": "printing", "material_id": "steel_12X18H10T"}
    [sentence] = customer.post(reverse("orders:quote-price"), body).json()["errors"]
    assert sentence.startswith("Сталь 12Х18Н10Т не подходит для услуги «3D-печать»")
    assert sentence.endswith("Порошок PA11, Порошок PA12.")


def test_the_quote_page_offers_each_service_only_its_materials(customer, user):
    page = customer.get(reverse("orders:quote", args=[ModelFileFactory(owner=user).pk])).content.decode()
    usable = json.loads(page.split('id="materials-by-service" type="application/json">')[1].split("</script>")[0])
    assert usable["printing"] == ["PA11", "PA12"]
    assert "steel_12X18H10T" in usable["cnc-milling"] and "PA11" not in usable["cnc-milling"]


def test_a_flat_model_is_warned_about_at_upload_and_explained_at_quote_time(customer, user):
    sheet = trimesh.Trimesh(vertices=[[0, 0, 0], [30, 0, 0], [30, 20, 0], [0, 20, 0]], faces=[[0, 1, 2], [0, 2, 3]])
    upload = SimpleUploadedFile("sheet.stl", sheet.export(file_type="stl"))
    response = customer.post(reverse("files:mine"), {"model": upload}, follow=True)
    assert "This model has no thickness" in response.content.decode()
    assert '<p class="flash warning" role="status">This model has no thickness' in response.content.decode()
    model = ModelFile.objects.get(owner=user)
    quote_page = customer.get(reverse("orders:quote", args=[model.pk])).content.decode()
    assert "This model has no thickness" in quote_page
    for service in ("cnc-milling", "printing"):  # not priced at some minimum thickness
        answer = customer.post(reverse("orders:quote-price"), {**QUOTE, "service_id": service, "file_id": model.pk})
        assert answer.status_code == 422 and answer.json()["errors"] == [str(FLAT_MODEL)]
    placed = customer.post(reverse("orders:place"), {**QUOTE, "file_id": model.pk})
    assert placed.status_code == 422 and "This model has no thickness" in placed.content.decode()
    assert not Order.objects.exists()


def test_an_open_mesh_is_warned_about_on_the_quote_page(customer, user):
    model = ModelFileFactory(owner=user, is_watertight=False)
    assert str(OPEN_MODEL) in customer.get(reverse("orders:quote", args=[model.pk])).content.decode().replace(
        "&#x27;", "'"
    )


def test_placing_an_order_for_an_unreadable_model_is_refused_on_the_form(customer, user):
    model = ModelFileFactory(owner=user, length_mm=None)
    model.file.storage.delete(model.file.name)
    response = customer.post(reverse("orders:place"), {**QUOTE, "file_id": model.pk})
    assert response.status_code == 422 and "dimensions cannot be read" in response.content.decode()
    assert not Order.objects.exists()


def test_a_part_priced_at_zero_cannot_be_ordered_from_the_page(customer, user):
    model = ModelFileFactory(owner=user)
    painting = {**QUOTE, "service_id": "painting", "quantity": "1", "file_id": model.pk}
    quoted = customer.post(reverse("orders:quote-price"), painting)  # the live price never shows 0
    assert quoted.status_code == 422 and "total_price" not in quoted.json()
    assert quoted.json()["errors"] == [
        "This part comes out at 0 ₽: it is too small for the automatic price. Order a larger quantity, "
        "or ask us for a quote through a call request."
    ]
    response = customer.post(reverse("orders:place"), painting)
    assert response.status_code == 422 and "too small for the automatic price" in response.content.decode()
    assert not Order.objects.exists()


def test_my_orders_lists_only_mine_and_offers_invoices(customer, user):
    mine, other = OrderFactory(user=user), OrderFactory()
    mine.invoice_file.save("i.pdf", SimpleUploadedFile("i.pdf", b"%PDF-1"))
    page = customer.get(reverse("orders:mine")).content.decode()
    assert f"order-{mine.pk}" in page and f"order-{other.pk}" not in page
    assert customer.get(reverse("orders:invoice", args=[mine.pk])).status_code == 200
    assert customer.get(reverse("orders:invoice", args=[other.pk])).status_code == 404
    mine.invoice_file.storage.delete(mine.invoice_file.name)
    assert customer.get(reverse("orders:invoice", args=[mine.pk])).status_code == 404  # lost from storage
