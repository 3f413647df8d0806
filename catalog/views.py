"""The public picture of a shop product: storefronts show it and the shop API links to it."""

from django.views.decorators.http import require_safe

from files.responses import public_photo_response

from .models import ProductPhoto


@require_safe
def product_photo(request, image_id, extension):
    return public_photo_response(ProductPhoto.objects, image_id, extension)
