"""Shops and their products, for the shop API's tests (the shop is the tenant)."""

import factory

from accounts.models import Shop
from accounts.tests.factories import UserFactory
from catalog.choices import ProductCategory
from catalog.models import Product


class ShopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shop

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Цветочный магазин {n}")
    phone = factory.Sequence(lambda n: f"+7701{n:07d}")


def shop_for(user) -> Shop:
    """`user`'s shop, made on first use (generic endpoint cases hand out plain users)."""
    return Shop.objects.filter(owner=user).first() or ShopFactory(owner=user)


def shop_owner():
    return ShopFactory().owner


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    shop = factory.SubFactory(ShopFactory)
    name = factory.Sequence(lambda n: f"Букет роз {n}")
    category = ProductCategory.BOUQUET
    description = "25 красных роз"
    cost_price = 12000
    retail_price = 25000
