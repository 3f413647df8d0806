"""A customer's cart on a shop's storefront (/shop/<id>/cart/): product ids and quantities in the
session, one cart per shop. Prices are never kept here: they are read from the products each time,
and the order is priced by `shop.create_order_with_items` like any other."""

from dataclasses import dataclass

from django.db.models import Prefetch

from catalog.models import Product, ProductPhoto

SESSION_KEY = "storefront_carts"
# The shop API's own bounds for an order with items (orders/api/shop_serializers.py).
MAX_QUANTITY = 1000
MAX_LINES = 100


@dataclass(frozen=True)
class CartLine:
    product: Product
    quantity: int

    @property
    def total(self) -> int:
        return self.product.current_price * self.quantity


def on_sale(shop):
    """The shop's products a customer may see and buy, each with its photos (first one first)."""
    photos = Prefetch("photos", queryset=ProductPhoto.objects.select_related("image"))
    return Product.objects.filter(shop=shop, is_active=True).prefetch_related(photos)


class Cart:
    def __init__(self, session, shop):
        self.session = session
        self.shop = shop
        stored = session.get(SESSION_KEY, {}).get(str(shop.pk), {})
        self.quantities: dict[int, int] = {int(product_id): int(quantity) for product_id, quantity in stored.items()}
        self._lines: list[CartLine] | None = None

    def __len__(self) -> int:
        return sum(self.quantities.values())

    def add(self, product: Product, quantity: int) -> None:
        if product.pk not in self.quantities and len(self.quantities) >= MAX_LINES:
            return
        self.quantities[product.pk] = min(self.quantities.get(product.pk, 0) + quantity, MAX_QUANTITY)
        self._save()

    def change(self, product_id: int, quantity: int) -> None:
        """A new quantity for a line already in the cart; 0 takes it out."""
        if product_id not in self.quantities:
            return
        if quantity <= 0:
            del self.quantities[product_id]
        else:
            self.quantities[product_id] = min(quantity, MAX_QUANTITY)
        self._save()

    def remove(self, product_id: int) -> None:
        self.change(product_id, 0)

    def clear(self) -> None:
        self.quantities = {}
        self._save()

    def lines(self) -> list[CartLine]:
        """The cart's products still on sale, in the order they were added; any other is dropped."""
        if self._lines is None:
            products = on_sale(self.shop).in_bulk(list(self.quantities))
            lines = [CartLine(products[pk], qty) for pk, qty in self.quantities.items() if pk in products]
            if len(lines) != len(self.quantities):
                self.quantities = {line.product.pk: line.quantity for line in lines}
                self._save()
            self._lines = lines
        return self._lines

    def flower_sum(self) -> int:
        return sum(line.total for line in self.lines())

    def items(self) -> list[dict]:
        """The lines as `create_order_with_items` takes them."""
        return [{"product_id": line.product.pk, "quantity": line.quantity} for line in self.lines()]

    def _save(self) -> None:
        carts = self.session.get(SESSION_KEY, {})
        carts[str(self.shop.pk)] = {str(pk): quantity for pk, quantity in self.quantities.items()}
        self.session[SESSION_KEY] = carts
        self._lines = None
