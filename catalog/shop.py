"""Shop products (shop spec "Products"): written here for the API, admin and pages alike."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from config.errors import Refused
from files import services as files

from .models import Product, ProductPhoto

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


# -- photos --------------------------------------------------------------------------------------

MAX_PHOTOS = 10  # per product: a storefront card shows the first, a product page a handful


def add_photo(product: Product, *, owner, file_name: str, content: bytes) -> ProductPhoto:
    """Store a photo for `product` once decoded (PNG, JPEG, GIF or WebP, at most
    SHOP_PHOTO_MAX_UPLOAD_BYTES, the spec's "File Uploads: 10 MB"); it goes last."""
    return files.add_to_gallery(
        product.photos,
        limit=MAX_PHOTOS,
        whose="A product",
        owner=owner,
        file_name=file_name,
        content=content,
        max_bytes=settings.SHOP_PHOTO_MAX_UPLOAD_BYTES,
    )


def delete_photo(photo: ProductPhoto) -> None:
    """The photo and its stored picture."""
    files.delete_image(photo.image)  # the photo row goes with its image (CASCADE)


def photo_url(photo: ProductPhoto) -> str:
    """The photo's public address: its id is unguessable, and a storefront shows it to anyone."""
    return reverse("catalog:product-photo", args=[photo.image_id, photo.image.extension])
