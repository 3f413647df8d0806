"""The language of a request: pages in Russian or English, the APIs always in English.

Pages follow Django's LocaleMiddleware: the language switch's cookie (`i18n/setlang/`), else the
browser's Accept-Language, else LANGUAGE_CODE (Russian). Everything under /api/ (the five APIs,
their schema and docs) is English whatever the request asks, so integrators read the same error
messages and field descriptions from every client, and the answers do not vary by Accept-Language.
"""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation

API_LANGUAGE = "en"


def is_api(request) -> bool:
    return request.path_info.startswith("/api/") or request.path_info == "/api"


class SiteLocaleMiddleware(LocaleMiddleware):
    """LocaleMiddleware for pages; English, without `Vary: Accept-Language`, for the APIs."""

    def process_request(self, request):
        if is_api(request):
            translation.activate(API_LANGUAGE)
            request.LANGUAGE_CODE = API_LANGUAGE
            return
        super().process_request(request)

    def process_response(self, request, response):
        if is_api(request):
            response.headers.setdefault("Content-Language", API_LANGUAGE)
            return response
        return super().process_response(request, response)
