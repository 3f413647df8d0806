"""Shop products (spec "Products"): each shop's own catalogue, with its filters."""

import pytest

from accounts.tests.factories import UserFactory
from catalog.api import shop_views
from catalog.models import Product
from catalog.tests.shop_factories import ProductFactory, ShopFactory, shop_for
from config.testing.clients import client_for
from config.testing.dialects import SHOP
from config.testing.endpoints import BadPayloadCase, CreateCase, DetailCase, ListCase, UpdateCase

PRODUCTS = "/api/shop/products"
ROSES = {
    "name": "Букет роз 'Классика'",
    "category": "bouquet",
    "description": "25 красных роз премиум класса",
    "cost_price": 12000,
    "retail_price": 25000,
    "sale_price": None,
    "is_popular": True,
}


class TestProductEndpoints(ListCase, DetailCase, CreateCase, UpdateCase, BadPayloadCase):
    expect = SHOP
    list_url = PRODUCTS
    detail_url = PRODUCTS + "/{pk}"
    views = (shop_views.ProductListCreateView, shop_views.ProductDetailView)
    max_list_queries = 5  # identity, shop, COUNT, page, its photos
    update_payload = {"sale_price": 20000, "is_new": True}
    bad_fields = ("retail_price", "category")

    def caller(self):
        return ShopFactory().owner

    def make(self, owner):
        return ProductFactory(shop=shop_for(owner))

    def create_payload(self, caller):
        return ROSES

    def bad_payload(self, caller):
        return {**ROSES, "retail_price": 10.5, "category": "tree"}


@pytest.fixture
def owner(db):
    return ShopFactory().owner


@pytest.mark.django_db
class TestProducts:
    def test_a_product_reads_as_documented(self, owner):
        response = client_for(owner).post(PRODUCTS, ROSES, format="json")
        assert response.status_code == 201, response.content
        assert response.json() == {
            **ROSES,
            "id": response.json()["id"],
            "is_active": True,
            "is_new": False,
            "current_price": 25000,
            "discount_percentage": 0,
            "photos": [],
        }
        assert Product.objects.get().shop == owner.shop

    def test_a_sale_price_sets_the_current_price_and_must_be_below_retail(self, owner):
        product = ProductFactory(shop=owner.shop, retail_price=25000)
        client = client_for(owner)
        body = client.patch(f"{PRODUCTS}/{product.pk}", {"sale_price": 20000}, format="json").json()
        assert (body["current_price"], body["discount_percentage"]) == (20000, 20)
        SHOP.assert_error(
            client.patch(f"{PRODUCTS}/{product.pk}", {"sale_price": 25000}, format="json"), 422, "sale_price"
        )
        product.refresh_from_db()
        assert product.sale_price == 20000

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("category=gift", {"Свеча"}),
            ("search=Тюльпан", {"Тюльпаны"}),
            ("search=красных", {"Розы"}),
            ("is_popular=true", {"Розы"}),
            ("is_new=true", {"Тюльпаны"}),
            ("on_sale=true", {"Тюльпаны"}),
            ("on_sale=false", {"Розы", "Свеча"}),
            ("min_price=9000", {"Розы"}),
            ("max_price=8000", {"Тюльпаны", "Свеча"}),
            ("is_active=false", {"Свеча"}),
        ],
    )
    def test_filters(self, owner, query, expected):
        ProductFactory(shop=owner.shop, name="Розы", description="25 красных роз", is_popular=True)
        ProductFactory(
            shop=owner.shop, name="Тюльпаны", description="", retail_price=10000, sale_price=8000, is_new=True
        )
        ProductFactory(
            shop=owner.shop, name="Свеча", category="gift", description="", retail_price=3000, is_active=False
        )
        ProductFactory(name="Розы чужие", is_popular=True)
        found = {row["name"] for row in SHOP.items(client_for(owner).get(f"{PRODUCTS}?{query}"))}
        assert found == expected

    @pytest.mark.parametrize("query", ["category=tree", "is_popular=maybe", "min_price=-1", "max_price=abc"])
    def test_bad_filters_are_422(self, owner, query):
        SHOP.assert_error(client_for(owner).get(f"{PRODUCTS}?{query}"), 422)

    @pytest.mark.parametrize(("method", "body"), [("get", None), ("patch", {"name": "Мой"})])
    def test_another_shops_product_is_404_and_unchanged(self, owner, method, body):
        theirs = ProductFactory(name="Чужой")
        response = getattr(client_for(owner), method)(f"{PRODUCTS}/{theirs.pk}", body, format="json")
        assert SHOP.assert_error(response, 404)["detail"] == "Product not found"
        theirs.refresh_from_db()
        assert theirs.name == "Чужой"

    def test_an_account_without_a_shop_is_403(self):
        SHOP.assert_error(client_for(UserFactory()).post(PRODUCTS, ROSES, format="json"), 403)
