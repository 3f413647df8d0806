"""The OpenAPI schema of the five APIs: one tag per API, the docs integrators read, and the errors
every operation can answer.

Summaries, descriptions and examples come from the API's table in config/api/docs/, never from view
docstrings; each description ends with who may call the operation, read from the view's permission
classes and ownership rule, so it cannot drift from what the code checks.

Each operation documents, in its dialect's error body, the failures it can really produce: 401 when
it needs a signed-in caller, 403 when more than that is checked, 404 when a path names a row, 400,
413 and 422 when it reads a body, 429 when a rate limit applies; and the `X-RateLimit-*` headers.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_examples_list, is_serializer
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework.permissions import SAFE_METHODS, AllowAny, IsAuthenticated

from . import docs

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


@dataclass(frozen=True)
class Caller:
    """A stand-in user of one kind, enough for a permission class to decide whether it may call."""

    is_authenticated: bool = True
    is_staff: bool = False
    is_superuser: bool = False
    is_active: bool = True
    pk: None = None

    def has_perm(self, perm, obj=None) -> bool:
        return self.is_superuser

    def has_perms(self, perms, obj=None) -> bool:
        return self.is_superuser


# From the least to the most trusted: the first kind of caller the view lets in names the audience.
CALLERS = [
    ("no sign-in needed", Caller(is_authenticated=False)),
    ("any signed-in user", Caller()),
    ("staff users only", Caller(is_staff=True)),
    ("superusers only", Caller(is_staff=True, is_superuser=True)),
]


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

    # -- what integrators read ---------------------------------------------------------------

    def doc(self) -> docs.Doc | None:
        return docs.operations(self.dialect.name).get(self.get_operation_id())

    def get_summary(self):
        if self.dialect is None:
            return super().get_summary()
        doc = self.doc()
        return doc.summary if doc else None

    def get_description(self):
        """The table's description and who may call; an operation missing from the table shows only
        the latter (config/tests/test_schema_docs.py names it), never the view's docstring."""
        if self.dialect is None:
            return super().get_description()
        doc = self.doc()
        who = f"**Who may call:** {self.who_may_call()}."
        return f"{doc.description}\n\n{who}" if doc else who

    def _lets_in(self, caller: Caller) -> bool:
        request = SimpleNamespace(method=self.method, user=caller, auth=None, query_params={}, data={})
        return all(permission.has_permission(request, self.view) for permission in self.view.get_permissions())

    def who_may_call(self) -> str:
        # A permission that decides from the database (the inventory's roles) says in words who it lets in.
        described = [p.audience(self.view, self.method) for p in self.view.get_permissions() if hasattr(p, "audience")]
        if described:
            return "; ".join(described)
        audience = next((name for name, caller in CALLERS if self._lets_in(caller)), None)
        if audience is None:
            return "signed-in users with the permission this operation names"
        if audience == CALLERS[0][0]:
            optional_token = bool(self.view.get_authenticators())
            return f"{audience}; a bearer token, when sent, identifies the caller" if optional_token else audience
        owner_field = getattr(self.view, "owner_field", None)
        if not owner_field:
            return audience
        sees_every_row = next(
            (name.removesuffix(" only") for name, caller in CALLERS[2:] if self.view.sees_everything(caller)), None
        )
        everyone = f" ({sees_every_row} reach every row)" if sees_every_row else ""
        if self.names_a_row():
            status = self.dialect.foreign_row_status
            return f"{audience}, on rows they own; another user's row answers {status}{everyone}"
        if self.method in SAFE_METHODS:
            return f"{audience}; the list holds only the caller's own rows{everyone}"
        return audience

    def _get_request_body(self, direction="request"):
        body = super()._get_request_body(direction)
        doc = self.doc() if self.dialect else None
        if body and doc and doc.request_example is not None:
            self._show_example(body, "Request", doc.request_example)
        return body

    @staticmethod
    def _show_example(body: dict, name: str, value) -> None:
        """The example is the whole JSON body on the wire; drf-spectacular's own example handling would
        wrap a list answer in its guess of the page shape."""
        json_content = body.get("content", {}).get("application/json")
        if json_content is not None:
            json_content["examples"] = build_examples_list([OpenApiExample(name, value=value)])

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
        responses = self._get_success_bodies(direction)
        if self.dialect is None or direction != "response":
            return responses
        doc = self.doc()
        if doc and doc.response_example is not None:
            success = min((code for code in responses if code.startswith("2")), default=None)
            if success:
                self._show_example(responses[success], "Answer", doc.response_example)
        for code in self.error_statuses():
            description = ERROR_DESCRIPTIONS.get(code, "Refused.")
            error = OpenApiResponse(self.dialect.error_schema, description=description)
            responses.setdefault(code, self._get_response_for_code(error, code, direction=direction))
        return responses

    def _get_success_bodies(self, direction):
        """drf-spectacular documents every DELETE as 204 without a body; an API whose deletes answer
        with a body (the mfg's 200 `{"message": ...}`) documents that answer instead."""
        declared = self.get_response_serializers()
        if (
            self.dialect is None
            or self.method != "DELETE"
            or self.dialect.delete_status == 204
            or not is_serializer(declared)
        ):
            return super()._get_response_bodies(direction)
        code = str(self.dialect.delete_status)
        return {code: self._get_response_for_code(declared, code, direction=direction)}

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
