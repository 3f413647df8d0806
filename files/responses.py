"""Answering with a stored file, for the API, the customer pages and the admin alike."""

from django.http import FileResponse, Http404

MISSING_CONTENT = "File content is missing"


def stored_file_response(field_file, *, not_found=Http404, **kwargs) -> FileResponse:
    """The stored file as the response; a file gone from storage is a 404, never a 500.

    `not_found` is the exception to raise: pages and admin take Django's `Http404`, the APIs pass
    DRF's `NotFound` so the message reaches their dialect.
    """
    try:
        return FileResponse(field_file.open("rb"), **kwargs)
    except FileNotFoundError:
        raise not_found(MISSING_CONTENT) from None
