"""Every failure an API view can meet, reduced to one neutral `ApiError` that a dialect renders.

Dialects (config/api/<api>.py) never look at exceptions themselves: they only choose how an
`ApiError` is written on the wire, so mapping stays in one place for all five APIs.
"""

import logging
import math
from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.settings import api_settings

from config import errors as domain

logger = logging.getLogger(__name__)

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body too large"
    default_code = "too_large"


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str
    code: str


@dataclass(frozen=True)
class ApiError:
    """A dialect-neutral error: HTTP status, a kind, a human message, and per-field errors."""

    status: int
    kind: str
    message: str
    code: str = ""
    fields: list[FieldError] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_validation(self) -> bool:
        return self.kind == "validation"

    @classmethod
    def for_status(cls, status: int, message: str) -> "ApiError":
        """An error a view answers directly (not through an exception)."""
        return cls(status=status, kind=KIND_BY_STATUS.get(status, "bad_request"), message=message)

    def fields_by_name(self) -> dict[str, list[str]]:
        grouped: dict[str, list[str]] = {}
        for error in self.fields:
            grouped.setdefault(error.field, []).append(error.message)
        return grouped


KIND_BY_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation",
    429: "throttled",
    500: "internal",
    503: "unavailable",
}


def flatten_detail(detail, prefix: str = "") -> list[FieldError]:
    """Turn DRF's nested error detail into dotted field paths (`items.0.quantity`)."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            errors.extend(flatten_detail(value, path))
        return errors
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [
                FieldError(prefix or NON_FIELD, str(item), getattr(item, "code", "invalid") or "invalid")
                for item in detail
            ]
        errors = []
        for index, value in enumerate(detail):
            errors.extend(flatten_detail(value, f"{prefix}.{index}" if prefix else str(index)))
        return errors
    return [FieldError(prefix or NON_FIELD, str(detail), getattr(detail, "code", "invalid") or "invalid")]


def _message_of(detail) -> str:
    if isinstance(detail, dict):
        return str(detail.get("detail") or next(iter(detail.values()), ""))
    if isinstance(detail, list):
        return str(detail[0]) if detail else ""
    return str(detail)


def _code_of(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    if isinstance(codes, dict) and isinstance(codes.get("code"), str):
        return codes["code"]
    return exc.default_code


DOMAIN_STATUS = {
    domain.Rejected: (400, "bad_request"),
    domain.NotFound: (404, "not_found"),
    domain.Conflict: (409, "conflict"),
    domain.Forbidden: (403, "forbidden"),
    domain.Unavailable: (503, "unavailable"),
    domain.TooManyRequests: (429, "throttled"),
}


def domain_to_api_error(exc: domain.DomainError, validation_status: int) -> ApiError:
    """A service's refusal as the neutral error; its codes pass through for the dialect to translate."""
    if isinstance(exc, domain.Refused):
        fields = [FieldError(p.field, p.message, p.code) for p in exc.problems]
        return ApiError(validation_status, "validation", "Validation failed", "validation_error", fields)
    status_code, kind = next(
        (pair for cls, pair in DOMAIN_STATUS.items() if isinstance(exc, cls)), (400, "bad_request")
    )
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, domain.TooManyRequests) else {}
    return ApiError(status=status_code, kind=kind, message=exc.message, code=exc.code or kind, headers=headers)


def to_api_error(exc: Exception, validation_status: int = 422) -> ApiError:
    """Map any exception raised while serving an API request to an `ApiError`."""
    if isinstance(exc, RequestDataTooBig):  # a SuspiciousOperation, but its own answer: 413
        exc = PayloadTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = domain.Rejected("Malformed request")
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = domain.Conflict("The resource is still referenced by other records and cannot be deleted.")
    if isinstance(exc, domain.DomainError):
        return domain_to_api_error(exc, validation_status)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, (Http404, ObjectDoesNotExist)):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, exceptions.ValidationError):
        return ApiError(
            status=validation_status,
            kind="validation",
            message="Validation failed",
            code="validation_error",
            fields=flatten_detail(exc.detail),
        )
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(math.ceil(exc.wait))
        return ApiError(
            status=exc.status_code,
            kind=KIND_BY_STATUS.get(exc.status_code, "bad_request" if exc.status_code < 500 else "internal"),
            message=_message_of(exc.detail),
            code=_code_of(exc),
            headers=headers,
        )
    logger.exception("Unhandled error while serving an API request", exc_info=exc)
    return ApiError(status=500, kind="internal", message="Internal server error", code="internal_error")
