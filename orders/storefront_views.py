"""A shop's storefront for its customers (issue 13): the catalogue with photos, a cart in the session,
and a checkout that places a `new` order through the same service as the shop API's
`POST /orders/with-items` (priced from the products, stock reserved) and opens its tracking page.

No sign-in: a shop is named by its id in the address, and only its active products are shown or sold.
"""

import math

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Shop
from catalog.choices import ProductCategory
from config.api import throttles
from config.errors import Refused, Rejected
from config.ids import is_plain_number

from . import shop as services
from .cart import MAX_QUANTITY, Cart, on_sale
from .choices import DeliveryMethod
from .forms import CheckoutForm

OUT_OF_STOCK = gettext_lazy(
    "Sorry, there are not enough flowers in stock for this order. Take fewer or choose another bouquet: "
    "your cart is kept."
)
OFF_SALE = gettext_lazy("Some products in your cart are no longer on sale. Check your cart and try again.")
TOO_MANY = gettext_lazy("Too many orders from your address. Try again in %(minutes)s min or call the shop.")
# Placing an order needs no sign-in and reserves stock: one address places a bounded number an hour.
ORDER_RATE_SCOPE = "shop.storefront"


def storefront_context(request, shop, **context) -> dict:
    return {"shop": shop, "cart": Cart(request.session, shop), "currency": "KZT", **context}


def catalogue(request, shop_id):
    shop = get_object_or_404(Shop, pk=shop_id)
    products = on_sale(shop).order_by("-is_popular", "-is_new", "id")
    present = set(on_sale(shop).order_by().values_list("category", flat=True).distinct())
    categories = [(value, label) for value, label in ProductCategory.choices if value in present]
    category = request.GET.get("category", "")
    if category in present:
        products = products.filter(category=category)
    else:
        category = ""
    context = storefront_context(request, shop, products=products, categories=categories, category=category)
    return render(request, "orders/storefront/catalogue.html", context)


def quantity_from(request, default: int | None = None) -> int:
    """The posted quantity as a whole number from 0 to MAX_QUANTITY (`default` when none is sent)."""
    raw = request.POST.get("quantity", "")
    if raw == "" and default is not None:
        return default
    try:
        quantity = int(raw)
    except ValueError:
        raise BadQuantity from None
    if not 0 <= quantity <= MAX_QUANTITY:
        raise BadQuantity
    return quantity


class BadQuantity(Exception):
    pass


def product_id_from(request) -> int:
    raw = request.POST.get("product_id", "")
    if not is_plain_number(raw) or len(raw) > 18:  # "²" is a digit to isdigit(), not to int()
        raise Http404("No such product")
    return int(raw)


@require_POST
def cart_add(request, shop_id):
    shop = get_object_or_404(Shop, pk=shop_id)
    product = on_sale(shop).filter(pk=product_id_from(request)).first()
    if product is None:
        raise Http404("This shop sells no such product")
    try:
        quantity = quantity_from(request, default=1)
    except BadQuantity:
        messages.error(request, _("Choose a quantity from 1 to %(max)s.") % {"max": MAX_QUANTITY})
        return back_to(request, "storefront:catalogue", shop.pk)
    if quantity:
        Cart(request.session, shop).add(product, quantity)
        messages.success(request, _("“%(name)s” is in your cart.") % {"name": product.name})
    return back_to(request, "storefront:catalogue", shop.pk)


def back_to(request, name: str, shop_id: int):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(name, shop_id)


def cart(request, shop_id):
    shop = get_object_or_404(Shop, pk=shop_id)
    context = storefront_context(request, shop, max_quantity=MAX_QUANTITY)
    return render(request, "orders/storefront/cart.html", context)


@require_POST
def cart_change(request, shop_id):
    shop = get_object_or_404(Shop, pk=shop_id)
    product_id = product_id_from(request)
    try:
        quantity = 0 if "remove" in request.POST else quantity_from(request)
    except BadQuantity:
        messages.error(request, _("Choose a quantity from 1 to %(max)s.") % {"max": MAX_QUANTITY})
    else:
        Cart(request.session, shop).change(product_id, quantity)
    return redirect("storefront:cart", shop.pk)


def checkout(request, shop_id):
    shop = get_object_or_404(Shop, pk=shop_id)
    basket = Cart(request.session, shop)
    if not basket.lines():
        messages.info(request, _("Your cart is empty: choose something first."))
        return redirect("storefront:catalogue", shop.pk)
    form = CheckoutForm(request.POST or None)
    if request.method != "POST":
        return checkout_page(request, shop, basket, form)
    if not form.is_valid():
        return checkout_page(request, shop, basket, form, status=422)
    if wait := order_rate_wait(request):
        form.add_error(None, TOO_MANY % {"minutes": max(1, math.ceil(wait / 60))})
        return checkout_page(request, shop, basket, form, status=429)
    try:
        order = services.create_order_with_items(
            shop, items=basket.items(), delivery_fee=delivery_fee(form.cleaned_data), **form.order_details()
        )
    except Rejected:
        # The warehouse could not supply it (inventory reserve_products): nothing was saved and the
        # cart stays as it is, for the customer to take less or choose something else.
        form.add_error(None, OUT_OF_STOCK)
        return checkout_page(request, shop, basket, form, status=422)
    except Refused:
        # A product went off sale between the cart and this page: the cart drops it on its next read.
        form.add_error(None, OFF_SALE)
        return checkout_page(request, shop, basket, form, status=422)
    basket.clear()
    messages.success(request, _("Thank you! Order #%(number)s is placed.") % {"number": order.pk})
    return redirect("shop-tracking-page", order.tracking_token)


def checkout_page(request, shop, basket: Cart, form: CheckoutForm, status: int = 200):
    fee = settings.SHOP_STOREFRONT_DELIVERY_FEE
    context = storefront_context(request, shop, form=form, cart=basket, delivery_fee=fee)
    return render(request, "orders/storefront/checkout.html", context, status=status)


def order_rate_wait(request) -> float | None:
    """Seconds until this address may place another order, counting this one; None when it may now."""
    waits = throttles.refusals(throttles.limits_for([ORDER_RATE_SCOPE]), request)
    return max((wait or 1 for wait in waits), default=None)


def delivery_fee(cleaned: dict) -> int:
    return settings.SHOP_STOREFRONT_DELIVERY_FEE if cleaned["delivery_method"] == DeliveryMethod.DELIVERY else 0
