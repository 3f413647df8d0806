"""The API mounts, and JSON answers for paths and failures outside any one view."""

from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.defaults import server_error as html_server_error

from . import configurator, inventory, mfg, printshop, shop

DIALECTS = [mfg.dialect, configurator.dialect, inventory.dialect, shop.dialect, printshop.dialect]


def dialect_for(request_path: str):
    """The dialect whose mount holds this path (mfg, the oldest API, for bare `/api/...`)."""
    stripped = request_path.lstrip("/")
    return next((d for d in DIALECTS if stripped.startswith(d.mount.rstrip("/"))), mfg.dialect)


@csrf_exempt
def unknown_api_path(request, *args, **kwargs):
    return dialect_for(request.path).json_error(404, "Resource not found")


def server_error(request, *args, **kwargs):
    """handler500: an API path keeps its dialect even when Django itself fails."""
    if request.path.startswith("/api/"):
        return dialect_for(request.path).json_error(500, "Internal server error")
    return html_server_error(request, *args, **kwargs)


def api_urlpatterns(routes: dict) -> list:
    """`routes` maps a dialect to the URL pattern lists of the apps that serve that API."""
    mounts = [
        path(dialect.mount, include(dialect.urls(*[p for patterns in lists for p in patterns])))
        for dialect, lists in routes.items()
    ]
    return [*mounts, re_path(r"^api(/[\s\S]*)?$", unknown_api_path)]
