"""Shop products (shop spec "Products"): written here for the API, admin and pages alike."""

from django.db import transaction

from config.errors import Refused

from .models import Product

EDITABLE = (
    "name",
    "category",
    "description",
    "cost_price",
    "retail_price",
    "sale_price",
    "is_active",
    "is_popular",
    "is_new",
)


def save_product(shop, product: Product | None = None, **values) -> Product:
    """Create a product for `shop`, or change `product` (which must be the shop's own); a sale price
    must be below the retail price, else the discount shown would be nonsense."""
    product = product or Product(shop=shop)
    for name, value in values.items():
        if name not in EDITABLE:
            raise ValueError(f"{name} is not an editable product field")
        setattr(product, name, value)
    if product.sale_price is not None and product.sale_price >= product.retail_price:
        raise Refused("sale_price", "The sale price must be below the retail price", code="value_error")
    with transaction.atomic():
        product.save()
    return product
