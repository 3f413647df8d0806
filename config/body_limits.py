"""How large a request body may be, per route: small by default, large only where an upload is documented.

API views refuse in their dialect (`DialectViewMixin.body_limit`, config/api/parsers.py); this
middleware does the same for everything else (customer pages, admin, sign-in forms) from
`Content-Length`, before CSRF or a form reads the body. Django's LimitedStream never reads past
`Content-Length`, so the announced size bounds what is read; a body without one reads as empty.
"""

from django.conf import settings
from django.shortcuts import render


def accepts_body(max_bytes: int):
    """Mark a page view that takes an upload of up to `max_bytes` bytes."""

    def mark(view):
        view.max_body_bytes = max_bytes
        return view

    return mark


def announced_length(request) -> int:
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def upload_body_bytes(file_bytes: int) -> int:
    """A multipart body holding one file of `file_bytes` and a few form fields."""
    return file_bytes + 64 * 1024


class BodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def limit_for(self, request, view_func) -> int:
        in_admin = request.resolver_match is not None and request.resolver_match.app_name == "admin"
        if in_admin and request.user.is_staff:
            return upload_body_bytes(settings.MFG_MAX_UPLOAD_BYTES)  # staff attach models and invoices
        return getattr(view_func, "max_body_bytes", None) or settings.MAX_BODY_BYTES

    def process_view(self, request, view_func, view_args, view_kwargs):
        if hasattr(view_func, "cls"):  # a DRF view: its API refuses in its own dialect
            return None
        limit = self.limit_for(request, view_func)
        if announced_length(request) > limit:
            return render(request, "413.html", {"limit_mb": max(1, limit // (1024 * 1024))}, status=413)
        return None
