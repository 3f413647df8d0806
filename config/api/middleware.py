"""Middleware for the API paths: trailing slashes (DESIGN.md) and compressed large answers."""

from django.middleware.gzip import GZipMiddleware


class ApiTrailingSlashMiddleware:
    """Routes under /api/ are declared without a trailing slash; strip one before resolving."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path_info = request.path_info
        if path_info.startswith("/api/") and len(path_info) > len("/api/") and path_info.endswith("/"):
            request.path_info = path_info.rstrip("/")
            request.path = request.path[: len(request.path) - (len(path_info) - len(request.path_info))]
        return self.get_response(request)


class ApiGZipMiddleware(GZipMiddleware):
    """Large JSON answers of the APIs gzip-compressed for clients that accept it (issue 10).

    Pages are left alone: they carry CSRF tokens, which compression next to reflected input leaks
    (BREACH). Files keep their own encoding and length, so downloads resume and previews cache.
    """

    min_length = 1024

    def process_response(self, request, response):
        if (
            not request.path.startswith("/api/")
            or response.streaming
            or len(response.content) < self.min_length
            or not response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        return super().process_response(request, response)
