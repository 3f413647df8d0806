from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from accounts.tests.factories import UserFactory
from printshop import vault
from printshop.models import Communication, EtsyShop, Order, OrderItem, OrderNote


class EtsyShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EtsyShop

    user = factory.SubFactory(UserFactory)
    etsy_user_id = factory.Sequence(lambda n: 700_000_000 + n)
    etsy_shop_id = factory.Sequence(lambda n: 900_000_000 + n)
    shop_name = factory.Sequence(lambda n: f"Shop{n}")
    first_name = "Alex"
    currency = "USD"
    access_token_encrypted = factory.LazyFunction(lambda: vault.encrypt("1.access"))
    refresh_token_encrypted = factory.LazyFunction(lambda: vault.encrypt("1.refresh"))
    token_expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=1))


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    shop = factory.SubFactory(EtsyShopFactory)
    etsy_receipt_id = factory.Sequence(lambda n: 3_000_000_000 + n)
    buyer_name = factory.Faker("name")
    buyer_email = factory.Faker("email")
    status = "paid"
    is_paid = True
    currency = "USD"
    total_amount = Decimal("49.99")
    ordered_at = factory.LazyFunction(timezone.now)


class OrderItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderItem

    order = factory.SubFactory(OrderFactory)
    etsy_transaction_id = factory.Sequence(lambda n: 4_000_000_000 + n)
    title = "Custom Bracket"
    quantity = 1
    price = Decimal("49.99")


class OrderNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderNote

    order = factory.SubFactory(OrderFactory)
    content = "Printed, no defects"


class CommunicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Communication

    order = factory.SubFactory(OrderFactory)
    message = "Asked about delivery"
    direction = "inbound"
    channel = "etsy_message"
