"""Every calculator table is editable in admin, including rows with Cyrillic ids."""

from decimal import Decimal
from urllib.parse import quote

import pytest
from django.contrib.admin.utils import quote as admin_quote
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import AdminFactory
from catalog import models
from catalog.choices import CoefficientKind
from catalog.services import calculate_price
from catalog.shop import add_photo
from catalog.tests.shop_factories import ProductFactory
from config.testing.pictures import picture
from files.models import Image

pytestmark = pytest.mark.django_db

MODELS = [
    models.Location,
    models.Service,
    models.Machine,
    models.MaterialFamily,
    models.Material,
    models.MaterialForm,
    models.Coefficient,
    models.QuantityDiscount,
    models.ComplexityLevel,
    models.PaintType,
    models.PricingRules,
]


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(AdminFactory(is_superuser=True))
    return client


def admin_url(model, action, *args):
    return reverse(f"admin:catalog_{model._meta.model_name}_{action}", args=args)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_and_change_page_of_every_table(admin_client, model):
    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    assert admin_client.get(admin_url(model, "changelist"), {"q": "1"}).status_code == 200
    row = model.objects.order_by("pk").first()
    assert admin_client.get(admin_url(model, "change", admin_quote(row.pk))).status_code == 200


@pytest.mark.parametrize("material_id", ["bronze_БрАЖМц10-3-1.5", "steel_40Х13", "alum_АК4"])
def test_cyrillic_material_ids_open_in_admin(admin_client, material_id):
    response = admin_client.get(admin_url(models.Material, "change", admin_quote(material_id)))
    assert response.status_code == 200 and material_id in response.content.decode()
    found = admin_client.get(admin_url(models.Material, "changelist"), {"q": material_id})
    assert quote(admin_quote(material_id)) in found.content.decode()


def test_materials_filter_by_process(admin_client):
    response = admin_client.get(admin_url(models.Material, "changelist"), {"processes__id__exact": "printing"})
    assert response.context["cl"].result_count == 2


def test_editing_a_coefficient_in_admin_reprices(admin_client):
    before = calculate_price(None, service_id="cnc-milling", tolerance_id="4")["work_price"]
    tolerance = models.Coefficient.objects.get(kind=CoefficientKind.TOLERANCE, code="4")
    response = admin_client.post(
        admin_url(models.Coefficient, "change", tolerance.pk),
        {"kind": "tolerance", "code": "4", "name": "IT10", "value": "2.0000", "cycle_days": "0"},
    )
    assert response.status_code == 302
    after = calculate_price(None, service_id="cnc-milling", tolerance_id="4")["work_price"]
    assert abs(after - before * 2) <= Decimal("0.01")  # both rounded to 2 dp


def test_pricing_rules_stay_a_single_row(admin_client):
    assert admin_client.get(admin_url(models.PricingRules, "add")).status_code == 403
    rules = models.PricingRules.objects.get()
    assert admin_client.post(admin_url(models.PricingRules, "delete", rules.pk), {"post": "yes"}).status_code == 403
    assert models.PricingRules.objects.count() == 1


def test_a_products_photos_show_in_admin_and_deleting_one_removes_its_picture(
    admin_client, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    photo = add_photo(product, owner=product.shop.owner, file_name="roses.jpg", content=picture())
    url = reverse("admin:catalog_product_change", args=[product.pk])
    page = admin_client.get(url)
    assert f'src="/shop/photos/{photo.image_id}.jpg"' in page.content.decode()
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "shop": product.shop_id,
            "photos-TOTAL_FORMS": "1",
            "photos-INITIAL_FORMS": "1",
            "photos-0-id": photo.pk,
            "photos-0-product": product.pk,
            "photos-0-position": "0",
            "photos-0-DELETE": "on",
        }
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert not models.ProductPhoto.objects.exists() and not Image.objects.exists()
