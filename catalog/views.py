"""The public picture of a shop product: storefronts show it and the shop API links to it."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from files.responses import stored_file_response

from .models import ProductPhoto


@require_safe
def product_photo(request, image_id, extension):
    photo = get_object_or_404(ProductPhoto.objects.select_related("image"), image_id=image_id)
    if extension != photo.image.extension:
        raise Http404("No such photo")
    response = stored_file_response(photo.image.file, content_type=photo.image.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"  # an id names one picture forever
    return response
