"""The customer's public tracking page for a shop order (/track/<token>/): no sign-in, the token is
the key. It shows what the tracking API shows (status, timeline, delivery window, masked address),
never names or phones."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from config.errors import NotFound
from files.responses import public_photo_response

from . import shop
from .models import ShopOrderPhoto


def track(request, token):
    try:
        order = shop.tracked_order(token)
    except NotFound:
        raise Http404("No order with this tracking link") from None
    context = {
        "order": order,
        "address": shop.mask_address(order.address),
        "steps": shop.timeline(order),
        "items": order.items.all(),  # what was bought, never who bought it
        "photos": [shop.photo_url(photo) for photo in order.photos.select_related("image")],
        "in_issue": order.status == shop.S.ISSUE,
        "time_zone": settings.SHOP_TIME_ZONE,
    }
    return render(request, "orders/track.html", context)


@require_safe
def order_photo(request, image_id, extension):
    """A photo of an order's flowers, public like the tracking page that shows it (spec "Tracking":
    "Photos only show flowers"); its address is unguessable."""
    return public_photo_response(ShopOrderPhoto.objects, image_id, extension)
