"""Answering with a stored file, for the API, the customer pages and the admin alike."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from config import errors

MISSING_CONTENT = "File content is missing"


class ContentMissing(errors.NotFound, Http404):
    """A row whose file is gone from storage: the APIs render it as their 404 with its message
    (a domain `NotFound`), pages and admin as Django's 404 page (an `Http404`)."""


def stored_file_response(field_file, **kwargs) -> FileResponse:
    """The stored file as the response; a file gone from storage is a 404, never a 500."""
    try:
        return FileResponse(field_file.open("rb"), **kwargs)
    except FileNotFoundError:
        raise ContentMissing(MISSING_CONTENT) from None


def public_photo_response(photos, image_id, extension: str) -> FileResponse:
    """The picture of the photo in `photos` (rows with an `image`) stored as `image_id`, for anyone
    with its unguessable address; cached for good, since an id names one picture forever. A wrong
    extension is a 404, as a wrong id is."""
    photo = get_object_or_404(photos.select_related("image"), image_id=image_id)
    if extension != photo.image.extension:
        raise Http404("No such photo")
    response = stored_file_response(photo.image.file, content_type=photo.image.content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
