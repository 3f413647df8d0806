"""The demo flower shop of `manage.py demo_data`: its storefront has products with photos to show."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from catalog import demo
from catalog.models import Product, ProductPhoto

pytestmark = pytest.mark.django_db


def test_the_demo_shop_sells_products_with_photos_and_prints_its_storefront(client):
    out = StringIO()
    call_command("demo_data", stdout=out)
    url = re.search(r"/shop/\d+/", out.getvalue()).group(0)
    call_command("demo_data", stdout=StringIO())  # again: nothing doubles
    products = Product.objects.filter(shop__phone=demo.SHOP_PHONE, is_active=True)
    assert products.count() == len(demo.PRODUCTS)
    assert ProductPhoto.objects.filter(product__in=products).count() == len(demo.PRODUCTS)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for photo in ProductPhoto.objects.filter(product__in=products).select_related("image"):
        assert f"/shop/photos/{photo.image_id}.jpg" in html
        assert photo.image.width == demo.PHOTO_SIZE
