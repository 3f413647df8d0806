"""Demo flower shop for `manage.py demo_data`: a few products with photos, so its storefront
(/shop/<id>/) has something to sell. The photos are drawn here, no files shipped."""

import io
import math
import random

from django.contrib.auth import get_user_model
from PIL import Image as PillowImage
from PIL import ImageDraw

from accounts.models import Shop

from . import shop as shop_services
from .choices import ProductCategory
from .models import Product

SHOP_PHONE = "+77010000001"
SHOP_NAME = "Цветы у Достык"
OWNER = "demo-florist"
PHOTO_SIZE = 600

# (name, category, description, retail, sale, popular, new, petal colours, background)
PRODUCTS = [
    (
        "Букет роз «Классика»",
        ProductCategory.BOUQUET,
        "25 красных роз премиум класса",
        25000,
        None,
        True,
        False,
        [(196, 30, 58), (220, 50, 70), (160, 20, 40)],
        (253, 236, 239),
    ),
    (
        "Тюльпаны «Весна»",
        ProductCategory.BOUQUET,
        "15 разноцветных тюльпанов",
        12000,
        9900,
        False,
        True,
        [(250, 200, 40), (240, 110, 150), (255, 140, 60)],
        (255, 248, 225),
    ),
    (
        "Пионы «Нежность»",
        ProductCategory.BOUQUET,
        "9 розовых пионов",
        18000,
        None,
        True,
        False,
        [(246, 170, 190), (250, 200, 215), (235, 140, 170)],
        (250, 240, 245),
    ),
    (
        "Композиция в коробке",
        ProductCategory.COMPOSITION,
        "Розы и эустома в шляпной коробке",
        21000,
        None,
        False,
        True,
        [(255, 255, 255), (210, 180, 230), (245, 200, 220)],
        (232, 240, 250),
    ),
    (
        "Свеча «Лаванда»",
        ProductCategory.GIFT,
        "Соевая свеча ручной работы",
        4500,
        None,
        False,
        False,
        [(170, 140, 210), (150, 120, 200)],
        (243, 240, 250),
    ),
]


def draw_bouquet(petals: list[tuple], background: tuple, seed: int) -> bytes:
    """A JPEG of round blooms on green stems: enough to tell the products apart on the storefront."""
    rng = random.Random(seed)
    picture = PillowImage.new("RGB", (PHOTO_SIZE, PHOTO_SIZE), background)
    pen = ImageDraw.Draw(picture)
    centre_x, base_y = PHOTO_SIZE // 2, PHOTO_SIZE - 40
    blooms = [(centre_x + rng.randint(-150, 150), rng.randint(120, 330)) for _ in range(14)]
    for x, y in blooms:
        pen.line([(centre_x + rng.randint(-15, 15), base_y), (x, y)], fill=(60, 130, 60), width=6)
    pen.polygon(
        [(centre_x - 90, 380), (centre_x + 90, 380), (centre_x + 30, 540), (centre_x - 30, 540)], fill=(235, 215, 180)
    )
    for x, y in blooms:
        colour = rng.choice(petals)
        radius = rng.randint(34, 52)
        for angle in range(0, 360, 60):
            px = x + math.cos(math.radians(angle)) * radius * 0.55
            py = y + math.sin(math.radians(angle)) * radius * 0.55
            pen.ellipse([px - radius * 0.55, py - radius * 0.55, px + radius * 0.55, py + radius * 0.55], fill=colour)
        pen.ellipse([x - radius * 0.3, y - radius * 0.3, x + radius * 0.3, y + radius * 0.3], fill=(250, 220, 120))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def load(stdout) -> None:
    shop = Shop.objects.filter(phone=SHOP_PHONE).first()
    if shop is None:
        users = get_user_model().objects
        owner = users.filter(username=OWNER).first() or users.create_user(OWNER, password=None, full_name=SHOP_NAME)
        shop = Shop.objects.create(owner=owner, phone=SHOP_PHONE, name=SHOP_NAME)
    have = set(Product.objects.filter(shop=shop).values_list("name", flat=True))
    for seed, (name, category, description, retail, sale, popular, new, petals, background) in enumerate(PRODUCTS):
        if name in have:
            continue
        product = shop_services.save_product(
            shop,
            name=name,
            category=category,
            description=description,
            retail_price=retail,
            sale_price=sale,
            is_popular=popular,
            is_new=new,
        )
        shop_services.add_photo(
            product, owner=shop.owner, file_name=f"demo-{seed}.jpg", content=draw_bouquet(petals, background, seed)
        )
    stdout.write(f"  demo flower shop: {SHOP_NAME} (sign in with {SHOP_PHONE})  ->  /shop/{shop.pk}/")
