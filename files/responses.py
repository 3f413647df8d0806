"""Answering with a stored file, for the API, the customer pages and the admin alike."""

from django.http import FileResponse, Http404

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
