"""A shop's storefront (issue 13): catalogue with photos, a session cart, and a checkout that places
a `new` order through the same service as `POST /api/shop/orders/with-items`."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from catalog.shop import add_photo
from catalog.signals import products_ordered
from catalog.tests.shop_factories import ProductFactory, ShopFactory
from config.errors import Rejected
from config.testing.pictures import picture
from config.testing.signals import announced
from orders.cart import SESSION_KEY
from orders.models import ShopOrder
from orders.signals import shop_order_created

pytestmark = pytest.mark.django_db
ALMATY = ZoneInfo(settings.SHOP_TIME_ZONE)


@pytest.fixture
def shop():
    return ShopFactory(name="Цветы у Достык")


@pytest.fixture
def roses(shop):
    product = ProductFactory(shop=shop, name="Букет роз", retail_price=25000, category="bouquet")
    add_photo(product, owner=shop.owner, file_name="roses.jpg", content=picture())
    return product


@pytest.fixture
def tulips(shop):
    return ProductFactory(shop=shop, name="Тюльпаны", retail_price=12000, sale_price=9900, category="bouquet")


@pytest.fixture
def candle(shop):
    return ProductFactory(shop=shop, name="Свеча", retail_price=4500, category="gift")


def url(shop, page=""):
    return f"/shop/{shop.pk}/{page}"


def cart_of(client, shop) -> dict:
    return client.session.get(SESSION_KEY, {}).get(str(shop.pk), {})


def add(client, shop, product, quantity=1):
    return client.post(url(shop, "cart/add/"), {"product_id": product.pk, "quantity": quantity})


def tomorrow():
    return timezone.localdate(timezone=ALMATY) + timedelta(days=1)


def checkout_form(**changes):
    return {
        "name": "Айгуль",
        "phone": "8 701 123 45 67",
        "delivery_method": "delivery",
        "address": "г. Алматы, пр. Достык 89, кв. 45",
        "date": tomorrow().isoformat(),
        "time_from": "14:00",
        "time_to": "16:00",
        "comment": "Открытка: «С днём рождения!»",
        **changes,
    }


class TestCatalogue:
    def test_shows_the_shops_active_products_with_photos_and_prices(self, client, shop, roses, tulips):
        ProductFactory(shop=shop, name="Снят с продажи", is_active=False)
        ProductFactory(name="Чужой букет")  # another shop's
        page = client.get(url(shop))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Цветы у Достык" in html and "Букет роз" in html and "Тюльпаны" in html
        assert "Снят с продажи" not in html and "Чужой букет" not in html
        photo = roses.photos.get()
        assert f'src="/shop/photos/{photo.image_id}.jpg"' in html
        assert client.get(f"/shop/photos/{photo.image_id}.jpg").status_code == 200
        assert "₸25,000" in html and "₸12,000" in html and "₸9,900" in html  # the sale shows both prices
        assert html.count('name="csrfmiddlewaretoken"') >= 2  # every add-to-cart form is protected

    def test_in_russian_prices_are_tenge(self, shop, roses):
        html = Client(headers={"Accept-Language": "ru"}).get(url(shop)).content.decode()
        assert "25\xa0000\xa0₸" in html and "В корзину" in html

    @pytest.mark.parametrize(
        ("category", "shown"),
        [("gift", {"Свеча"}), ("", {"Букет роз", "Свеча"}), ("tree", {"Букет роз", "Свеча"})],
    )
    def test_the_category_filter(self, client, shop, roses, candle, category, shown):
        page = client.get(url(shop), {"category": category})
        assert {product.name for product in page.context["products"]} == shown
        assert [value for value, _ in page.context["categories"]] == ["bouquet", "gift"]

    def test_an_unknown_shop_is_404(self, client, shop):
        for page in ("", "cart/", "checkout/"):
            assert client.get(f"/shop/{shop.pk + 100}/{page}").status_code == 404
        assert client.post(f"/shop/{shop.pk + 100}/cart/add/", {"product_id": 1}).status_code == 404

    def test_the_page_costs_the_same_queries_with_more_products(self, client, shop, django_assert_num_queries):
        def stock_up(count):
            for _ in range(count):
                product = ProductFactory(shop=shop)
                add_photo(product, owner=shop.owner, file_name="p.jpg", content=picture())

        stock_up(2)
        with django_assert_num_queries(
            6
        ):  # the request's savepoint and its release, shop, categories, products, photos
            client.get(url(shop))
        stock_up(10)
        with django_assert_num_queries(6):
            assert len(client.get(url(shop)).context["products"]) == 12

    def test_a_shop_with_nothing_on_sale_says_so(self, client, shop):
        assert 'id="no-products"' in client.get(url(shop)).content.decode()


class TestCart:
    def test_add_change_and_remove(self, client, shop, roses, tulips):
        assert add(client, shop, roses).status_code == 302
        add(client, shop, roses, 2)
        add(client, shop, tulips, 1)
        assert cart_of(client, shop) == {str(roses.pk): 3, str(tulips.pk): 1}
        page = client.get(url(shop, "cart/"))
        assert [(line.product.name, line.quantity, line.total) for line in page.context["cart"].lines()] == [
            ("Букет роз", 3, 75000),
            ("Тюльпаны", 1, 9900),
        ]
        assert 'id="cart-sum">₸84,900' in page.content.decode()

        client.post(url(shop, "cart/change/"), {"product_id": roses.pk, "quantity": 5})
        assert cart_of(client, shop)[str(roses.pk)] == 5
        client.post(url(shop, "cart/change/"), {"product_id": roses.pk, "quantity": 0})
        assert cart_of(client, shop) == {str(tulips.pk): 1}
        client.post(url(shop, "cart/change/"), {"product_id": tulips.pk, "quantity": 2, "remove": ""})
        assert cart_of(client, shop) == {}
        assert 'id="cart-empty"' in client.get(url(shop, "cart/")).content.decode()

    @pytest.mark.parametrize("quantity", ["-1", "1001", "two", "1.5"])
    def test_a_bad_quantity_changes_nothing(self, client, shop, roses, quantity):
        add(client, shop, roses, 2)
        add(client, shop, roses, quantity)
        client.post(url(shop, "cart/change/"), {"product_id": roses.pk, "quantity": quantity})
        assert cart_of(client, shop) == {str(roses.pk): 2}

    def test_another_shops_product_cannot_be_added(self, client, shop, roses):
        theirs = ProductFactory(name="Чужой букет")
        response = client.post(url(shop, "cart/add/"), {"product_id": theirs.pk})
        assert response.status_code == 404
        assert client.post(f"/shop/{theirs.shop_id}/cart/add/", {"product_id": roses.pk}).status_code == 404
        assert cart_of(client, shop) == {} and cart_of(client, theirs.shop) == {}

    def test_an_inactive_product_cannot_be_added_and_leaves_the_cart_when_taken_off_sale(self, client, shop, roses):
        hidden = ProductFactory(shop=shop, is_active=False)
        assert add(client, shop, hidden).status_code == 404
        add(client, shop, roses)
        roses.is_active = False
        roses.save()
        assert client.get(url(shop, "cart/")).context["cart"].lines() == []
        assert cart_of(client, shop) == {}

    def test_each_shop_has_its_own_cart(self, client, shop, roses):
        elsewhere = ProductFactory(name="Чужой букет")
        add(client, shop, roses)
        add(client, elsewhere.shop, elsewhere)
        assert cart_of(client, shop) == {str(roses.pk): 1}
        assert cart_of(client, elsewhere.shop) == {str(elsewhere.pk): 1}

    def test_adding_goes_back_to_the_page_it_came_from_on_this_site_only(self, client, shop, roses):
        back = client.post(url(shop, "cart/add/"), {"product_id": roses.pk, "next": url(shop) + "?category=bouquet"})
        assert back.url == url(shop) + "?category=bouquet"
        away = client.post(url(shop, "cart/add/"), {"product_id": roses.pk, "next": "https://evil.example/"})
        assert away.url == url(shop)

    @pytest.mark.parametrize("product_id", ["²", "٣", "9" * 40, "-1", "1e3", ""])
    def test_a_product_id_that_is_not_an_id_is_404(self, client, shop, roses, product_id):
        add(client, shop, roses)
        for page in ("cart/add/", "cart/change/"):
            assert client.post(url(shop, page), {"product_id": product_id, "quantity": 2}).status_code == 404
        assert cart_of(client, shop) == {str(roses.pk): 1}

    def test_posts_need_the_csrf_token(self, shop, roses):
        guarded = Client(enforce_csrf_checks=True)
        assert guarded.post(url(shop, "cart/add/"), {"product_id": roses.pk}).status_code == 403
        assert guarded.post(url(shop, "checkout/"), checkout_form()).status_code == 403


class TestCheckout:
    def test_an_empty_cart_goes_back_to_the_catalogue(self, client, shop):
        response = client.get(url(shop, "checkout/"))
        assert response.status_code == 302 and response.url == url(shop)

    def test_places_a_new_order_priced_from_the_products_and_opens_its_tracking_page(self, client, shop, roses, tulips):
        add(client, shop, roses, 2)
        add(client, shop, tulips, 1)
        assert client.get(url(shop, "checkout/")).status_code == 200
        with announced(shop_order_created) as created, announced(products_ordered) as ordered:
            response = client.post(url(shop, "checkout/"), checkout_form())
        order = ShopOrder.objects.get()
        assert response.status_code == 302 and response.url == f"/track/{order.tracking_token}/"
        assert (order.shop, order.status) == (shop, "new")
        assert [(i.product_id, i.product_name, i.quantity, i.price, i.total) for i in order.items.all()] == [
            (roses.pk, "Букет роз", 2, 25000, 50000),
            (tulips.pk, "Тюльпаны", 1, 9900, 9900),
        ]
        assert (order.flower_sum, order.delivery_fee, order.total) == (59900, 0, 59900)
        assert (order.customer_phone, order.recipient_name) == ("+77011234567", "Айгуль")
        assert order.address == "г. Алматы, пр. Достык 89, кв. 45" and order.delivery_method == "delivery"
        assert order.comment == "Открытка: «С днём рождения!»"
        assert order.delivery_from == datetime.combine(tomorrow(), datetime.min.time(), ALMATY) + timedelta(hours=14)
        assert order.delivery_to - order.delivery_from == timedelta(hours=2)
        assert len(created) == 1 and len(ordered) == 1  # the warehouse was asked to reserve the stock
        assert cart_of(client, shop) == {}

        tracking = client.get(response.url)
        html = tracking.content.decode()
        assert f"Order #{order.pk} is placed" in html and 'id="order-total"><strong>₸59,900' in html
        assert "Айгуль" not in html and "+77011234567" not in html

    def test_a_delivery_fee_is_added_to_deliveries_and_pickup_needs_no_address(self, client, shop, roses, settings):
        settings.SHOP_STOREFRONT_DELIVERY_FEE = 2000
        add(client, shop, roses)
        client.post(url(shop, "checkout/"), checkout_form(delivery_method="self_pickup", address="somewhere"))
        pickup = ShopOrder.objects.get()
        assert (pickup.delivery_method, pickup.address, pickup.total) == ("self_pickup", "", 25000)
        add(client, shop, roses)
        client.post(url(shop, "checkout/"), checkout_form())
        delivery = ShopOrder.objects.exclude(pk=pickup.pk).get()
        assert (delivery.delivery_fee, delivery.total) == (2000, 27000)

    @pytest.mark.parametrize(
        ("changes", "field", "message"),
        [
            ({"phone": "12345"}, "phone", "Enter the phone as +7XXXXXXXXXX"),
            ({"phone": "+7701123456"}, "phone", "Enter the phone as +7XXXXXXXXXX"),
            ({"name": ""}, "name", "This field is required."),
            ({"address": "  "}, "address", "A delivery needs an address."),
            ({"time_from": "16:00", "time_to": "14:00"}, "time_to", "The window must end after it starts."),
            ({"date": "2020-01-01"}, "time_from", "Choose a time that has not passed yet."),
            ({"date": "2099-01-01"}, "date", "Orders are taken at most 90 days ahead."),
            ({"date": "31.02"}, "date", "Enter a valid date."),
            ({"delivery_method": "teleport"}, "delivery_method", "Select a valid choice."),
        ],
    )
    def test_bad_input_is_shown_on_the_form_and_nothing_is_ordered(self, client, shop, roses, changes, field, message):
        add(client, shop, roses)
        response = client.post(url(shop, "checkout/"), checkout_form(**changes))
        assert response.status_code == 422
        assert message in response.context["form"].errors[field][0]
        assert message in response.content.decode().replace("&#x27;", "'")
        assert not ShopOrder.objects.exists() and cart_of(client, shop) == {str(roses.pk): 1}

    def test_out_of_stock_is_refused_clearly_and_the_cart_is_kept(self, client, shop, roses):
        def out_of_stock(sender, shop, lines, **kwargs):
            raise Rejected("Not enough Роза Красная in stock: 50 needed, 3 left", code="insufficient_stock")

        add(client, shop, roses, 2)
        products_ordered.connect(out_of_stock)
        try:
            response = client.post(url(shop, "checkout/"), checkout_form())
        finally:
            products_ordered.disconnect(out_of_stock)
        assert response.status_code == 422
        assert "not enough flowers in stock" in response.content.decode()
        assert not ShopOrder.objects.exists()
        assert cart_of(client, shop) == {str(roses.pk): 2}
        assert response.context["form"]["name"].value() == "Айгуль"  # what was typed stays in the form

    def test_another_shops_product_in_a_forged_session_is_never_ordered(self, client, shop, roses):
        theirs = ProductFactory(name="Чужой букет")
        add(client, shop, roses)
        session = client.session
        session[SESSION_KEY][str(shop.pk)][str(theirs.pk)] = 1
        session.save()
        client.post(url(shop, "checkout/"), checkout_form())
        assert [item.product_id for item in ShopOrder.objects.get().items.all()] == [roses.pk]

    def test_one_address_places_a_bounded_number_of_orders(self, client, shop, roses, settings):
        settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "shop.storefront": "2/hour"}
        for _ in range(2):
            add(client, shop, roses)
            assert client.post(url(shop, "checkout/"), checkout_form()).status_code == 302
        add(client, shop, roses)
        refused = client.post(url(shop, "checkout/"), checkout_form())
        assert refused.status_code == 429
        assert "Too many orders from your address. Try again in 60 min" in refused.content.decode()
        assert ShopOrder.objects.count() == 2 and cart_of(client, shop) == {str(roses.pk): 1}
        other = Client(REMOTE_ADDR="10.0.0.9")
        add(other, shop, roses)
        assert other.post(url(shop, "checkout/"), checkout_form()).status_code == 302
