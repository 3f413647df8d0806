"""The warehouse follows what the catalog announces: an order taking products reserves their stems."""

from django.dispatch import receiver

from catalog.signals import products_ordered

from .services import warehouse


@receiver(products_ordered)
def reserve_composition(sender, shop, lines, **kwargs) -> None:
    """Inside the order's transaction: not enough stock raises `Rejected` and the order is refused."""
    warehouse.reserve_products(shop, lines)
