"""Retail shop tenants for tests: a user who owns a shop, as a phone sign-in makes them."""

import itertools

from accounts.models import Shop
from accounts.tests.factories import UserFactory

_phones = itertools.count(1)


def shop_of(user) -> Shop:
    """The user's shop, made on first use (the tenant every shop API row belongs to)."""
    shop = Shop.objects.filter(owner=user).first()
    if shop is None:
        phone = f"+7701{next(_phones) + 3_000_000:07d}"
        shop = Shop.objects.create(owner=user, phone=phone, name=f"Цветы {phone[-4:]}")
    return shop


def shop_owner():
    """A new user with a shop."""
    user = UserFactory()
    shop_of(user)
    return user
