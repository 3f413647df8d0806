"""The OpenAPI schema of the five APIs: one tag per API, and the errors every operation can answer.

Each operation documents, in its dialect's error body, the failures it can really produce: 401 when
it needs a signed-in caller, 403 when more than that is checked, 404 when a path names a row, 400,
413 and 422 when it reads a body, 429 when a rate limit applies; and the `X-RateLimit-*` headers.
"""

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework.permissions import AllowAny, IsAuthenticated

ERROR_DESCRIPTIONS = {
    "400": "The body could not be read (malformed JSON, nesting too deep).",
    "401": "No valid access token (`Authorization: Bearer <token>`).",
    "403": "Signed in, but not allowed to do this.",
    "404": "No such row, or it belongs to another user.",
    "413": "The body is larger than this route accepts.",
    "422": "The request was read but its values are refused; each field says why.",
    "429": "Too many requests: wait for `Retry-After` seconds.",
}
RATE_HEADERS = {
    "X-RateLimit-Limit": "Requests allowed in the current window.",
    "X-RateLimit-Remaining": "Requests left in the current window.",
    "X-RateLimit-Reset": "Unix time at which a request is allowed again.",
}
WRITES = {"POST", "PUT", "PATCH"}


class DialectSchema(AutoSchema):
    @property
    def dialect(self):
        return getattr(self.view, "dialect", None)

    def get_tags(self):
        return [self.dialect.name] if self.dialect else super().get_tags()

    def get_operation_id(self):
        """Prefixed with the API, so `/api/mfg/orders` and the configurator's orders do not collide."""
        operation_id = super().get_operation_id()
        return f"{self.dialect.name}_{operation_id}" if self.dialect else operation_id

    # -- the errors an operation can answer ------------------------------------------------

    def _permission_classes(self) -> list[type]:
        return [type(permission) for permission in self.view.get_permissions()]

    def needs_sign_in(self) -> bool:
        return not any(issubclass(cls, AllowAny) for cls in self._permission_classes())

    def checks_more_than_sign_in(self) -> bool:
        extra = [cls for cls in self._permission_classes() if not issubclass(cls, (AllowAny, IsAuthenticated))]
        return bool(extra) or (self.names_a_row() and self.dialect.foreign_row_status == 403)

    def names_a_row(self) -> bool:
        return "{" in self.path

    def is_rate_limited(self) -> bool:
        scopes = (*self.dialect.rate_scopes, *getattr(self.view, "rate_scopes", ()))
        return any(settings.API_RATE_LIMITS.get(scope) for scope in scopes)

    def error_statuses(self) -> list[str]:
        codes = []
        if self.method in WRITES:
            codes += ["400", "413", str(self.dialect.validation_status)]
        if self.needs_sign_in():
            codes.append("401")
        if self.needs_sign_in() and self.checks_more_than_sign_in():
            codes.append("403")
        if self.names_a_row():
            codes.append("404")
        if self.is_rate_limited():
            codes.append("429")
        return sorted(set(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.dialect is None or direction != "response":
            return responses
        for code in self.error_statuses():
            description = ERROR_DESCRIPTIONS.get(code, "Refused.")
            error = OpenApiResponse(self.dialect.error_schema, description=description)
            responses.setdefault(code, self._get_response_for_code(error, code, direction=direction))
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response") -> dict:
        headers = super()._get_response_headers_for_code(status_code, direction)
        if self.dialect is None or not self.is_rate_limited():
            return headers
        for name, description in RATE_HEADERS.items():
            headers.setdefault(name, {"schema": {"type": "integer"}, "description": description})
        if str(status_code) == "429":
            headers.setdefault(
                "Retry-After", {"schema": {"type": "integer"}, "description": "Seconds to wait before retrying."}
            )
        return headers
