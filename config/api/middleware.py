"""API paths answer with and without their trailing slash, with no redirect (DESIGN.md)."""


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
