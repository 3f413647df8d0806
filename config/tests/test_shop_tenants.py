"""Each shop is a tenant (issue 13, "The dialect"): on every route of the shop API that names a row, in
its path or its body, another shop's row answers 404 and nothing of that shop changes.

The table is checked against the routes themselves: a new route with an id in its path fails here
until it is added, with its request, or named as public with the reason.
"""

import pytest
from django.forms.models import model_to_dict

from accounts.api import urls as accounts_api
from catalog.api import urls as catalog_api
from catalog.models import Product, ProductPhoto
from catalog.shop import add_photo
from catalog.tests.shop_factories import ProductFactory, ShopFactory
from config.testing.clients import client_for
from config.testing.dialects import SHOP
from config.testing.pictures import named_upload, picture
from crm.api import customer_urls as customer_api
from crm.models import ImportantDate, ShopCustomer
from inventory.api import urls as inventory_api
from orders import shop as orders
from orders.api import urls as orders_api
from orders.models import ProductionTask, ShopOrder, ShopOrderIssue, ShopOrderPhoto, ShopPayment
from orders.tests.shop_factories import ShopOrderFactory

pytestmark = pytest.mark.django_db

ROUTES = [*accounts_api.shop, *catalog_api.shop, *orders_api.shop, *customer_api.shop, *inventory_api.shop]
# Routes that name a row but are not a shop's: each answers to its own key.
PUBLIC = {
    "orders/<id:order_id>/payment-webhook": "the payment provider's notice, checked by its HMAC signature",
    "tracking/<str:token>": "the customer's public tracking, by its unguessable token",
}


class Rows:
    """Another shop's order and product (each with a photo) and customer; an order and a product of the caller's."""

    def __init__(self):
        shop = ShopFactory()
        self.order = ShopOrderFactory(shop=shop)
        self.product = ProductFactory(shop=shop)
        self.photo = add_photo(self.product, owner=shop.owner, file_name="a.jpg", content=picture())
        self.customer = ShopCustomer.objects.create(shop=shop, phone="+77017654321", name="Мария")
        self.order_photo = orders.add_photo(self.order, owner=shop.owner, file_name="b.jpg", content=picture())
        self.caller = ShopFactory().owner
        self.own_product = ProductFactory(shop=self.caller.shop)
        self.own_order = ShopOrderFactory(shop=self.caller.shop)

    def snapshot(self) -> dict:
        """All there is of the other shop, to compare before and after."""
        shop = self.order.shop
        return {
            "order": model_to_dict(ShopOrder.objects.get(pk=self.order.pk)),
            "product": model_to_dict(Product.objects.get(pk=self.product.pk)),
            "customer": model_to_dict(ShopCustomer.objects.get(pk=self.customer.pk)),
            "photos": list(ProductPhoto.objects.values_list("pk", flat=True)),
            "order_photos": list(ShopOrderPhoto.objects.values_list("pk", flat=True)),
            "issues": ShopOrderIssue.objects.count(),
            "payments": ShopPayment.objects.count(),
            "dates": ImportantDate.objects.count(),
            "tasks": ProductionTask.objects.count(),
            "orders": ShopOrder.objects.filter(shop=shop).count(),
        }


# (route, method, path, body, format): the path and body name the other shop's rows.
CASES = [
    ("orders/<id:order_id>", "get", "orders/{order}", None, "json"),
    ("orders/<id:order_id>/status", "patch", "orders/{order}/status", {"status": "paid"}, "json"),
    ("orders/<id:order_id>/issue", "patch", "orders/{order}/issue", {"issue_type": "other", "comment": "x"}, "json"),
    ("orders/<id:order_id>/photos", "post", "orders/{order}/photos", "photo", "multipart"),
    ("orders/<id:order_id>/photos/<id:photo_id>", "delete", "orders/{order}/photos/{order_photo}", None, "json"),
    ("orders/<id:order_id>/photos/<id:photo_id>", "delete", "orders/{own_order}/photos/{order_photo}", None, "json"),
    ("products/<id:product_id>", "get", "products/{product}", None, "json"),
    ("products/<id:product_id>", "patch", "products/{product}", {"name": "Мой", "retail_price": 1}, "json"),
    ("products/<id:product_id>/photos", "post", "products/{product}/photos", "photo", "multipart"),
    ("products/<id:product_id>/photos/<id:photo_id>", "delete", "products/{product}/photos/{photo}", None, "json"),
    # Their photo under the caller's own product: the photo is still not the caller's.
    ("products/<id:product_id>/photos/<id:photo_id>", "delete", "products/{own_product}/photos/{photo}", None, "json"),
    ("customers/<id:pk>", "get", "customers/{customer}", None, "json"),
    (
        "customers/<id:pk>/important-dates",
        "post",
        "customers/{customer}/important-dates",
        {"date_type": "birthday", "date": "1990-05-15"},
        "json",
    ),
    # Rows named in the body.
    ("production/tasks", "post", "production/tasks", {"order_id": "{order}", "task_type": "bouquet"}, "json"),
]


def fill(value, rows: Rows):
    ids = {
        "order": rows.order.pk,
        "product": rows.product.pk,
        "photo": rows.photo.pk,
        "customer": rows.customer.pk,
        "own_product": rows.own_product.pk,
        "order_photo": rows.order_photo.pk,
        "own_order": rows.own_order.pk,
    }
    if value == "photo":
        return {"file": named_upload(picture(), "roses.jpg")}
    if isinstance(value, dict):
        return {key: fill(item, rows) for key, item in value.items()}
    if isinstance(value, str) and "{" in value:
        filled = value.format(**ids)
        return int(filled) if filled.isdigit() else filled
    return value


@pytest.mark.parametrize(("route", "method", "path", "body", "body_format"), CASES, ids=lambda v: str(v))
def test_another_shops_row_is_404_and_nothing_changes(route, method, path, body, body_format):
    rows = Rows()
    before = rows.snapshot()
    response = getattr(client_for(rows.caller), method)(
        f"/api/shop/{fill(path, rows)}", fill(body, rows), format=body_format
    )
    SHOP.assert_error(response, 404)
    assert rows.snapshot() == before


def test_with_items_refuses_another_shops_product_and_orders_nothing():
    rows = Rows()
    before = rows.snapshot()
    body = {
        "customer_phone": "+77011234567",
        "delivery_method": "self_pickup",
        "items": [{"product_id": rows.product.pk, "quantity": 1}],
    }
    response = client_for(rows.caller).post("/api/shop/orders/with-items", body, format="json")
    assert SHOP.assert_error(response, 422)["detail"][0]["loc"] == ["body", "items", 0, "product_id"]
    assert rows.snapshot() == before and list(ShopOrder.objects.filter(shop=rows.caller.shop)) == [rows.own_order]


def test_every_route_that_names_a_row_is_in_the_table():
    named = {str(route.pattern) for route in ROUTES if "<" in str(route.pattern)}
    covered = {case[0] for case in CASES} | set(PUBLIC)
    assert named <= covered, f"routes without a tenant case: {sorted(named - covered)}"
