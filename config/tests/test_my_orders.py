"""One "My orders": manufacturing and configured-product orders together, newest first, each its owner's."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from accounts.tests.factories import UserFactory
from configurator.models import Order as ProductOrder
from configurator.tests.factories import ConfigurationFactory, QuoteFactory
from configurator.tests.factories import OrderFactory as ProductOrderFactory
from orders.models import Order
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

URL = "/accounts/orders/"
ROW = 'class="order-row"'


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def product_order_of(user, **fields):
    quote = QuoteFactory(configuration=ConfigurationFactory(user=user, name="Bay window"), status="accepted")
    return ProductOrderFactory(quote=quote, **fields)


def placed(order, days_ago: int):
    type(order).objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=days_ago))


def test_both_kinds_of_order_are_listed_together_newest_first():
    user = UserFactory()
    old_part = OrderFactory(user=user, total_price=Decimal("1500.00"))
    window = product_order_of(user)
    new_part = OrderFactory(user=user)
    placed(old_part, 3), placed(window, 2), placed(new_part, 1)
    OrderFactory()  # someone else's
    product_order_of(UserFactory())

    response = signed_in(user).get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    links = [f'href="/mfg/orders/{new_part.pk}/"', f'href="/configure/orders/{window.pk}/"']
    links.append(f'href="/mfg/orders/{old_part.pk}/"')
    positions = [page.index(link) for link in links]
    assert positions == sorted(positions)
    assert "3 orders in all" in page and "1500.00 RUB" in page and "Bay window" in page
    assert page.count(ROW) == 3


def test_a_page_costs_the_same_queries_for_many_orders(django_assert_max_num_queries):
    user = UserFactory()
    client = signed_in(user)
    OrderFactory.create_batch(25, user=user)
    for _ in range(3):
        product_order_of(user)
    # session, user, two per source (a count and the newest rows)
    with django_assert_max_num_queries(8):
        response = client.get(URL)
    assert response.content.decode().count(ROW) == 20


def test_pages_walk_back_in_time():
    user = UserFactory()
    orders = OrderFactory.create_batch(22, user=user)
    for age, order in enumerate(reversed(orders)):
        placed(order, age)
    second = signed_in(user).get(URL, {"page": 2}).content.decode()
    assert second.count(ROW) == 2
    assert f'href="/mfg/orders/{orders[0].pk}/"' in second and "Newer" in second and "Older" not in second


def test_signed_out_visitors_are_sent_to_log_in():
    response = Client().get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_nobody_sees_another_customers_orders():
    owner, stranger = UserFactory(), UserFactory()
    OrderFactory(user=owner)
    product_order_of(owner)
    page = signed_in(stranger).get(URL).content.decode()
    assert "No orders yet" in page
    assert Order.objects.count() == 1 and ProductOrder.objects.count() == 1
