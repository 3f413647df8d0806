"""Product configurator API dialect (spec: configurator-windx.md, "Error Responses", "Pagination").

Errors are `{"message", "details": [{"detail", "field", "error_code"}], "request_id"}` with
pydantic-style codes (`value_error.missing`, ...); validation fails with 422; creates answer 201 and
deletes 204; lists are `{items, total, page, size, pages}` pages of `?page=1&size=50` (size <= 100).
Superusers see every row; other users see their own (`owner_field`), and another user's row answers
403 on detail routes, as the spec's "Authorization" sections say.
"""

import math
import uuid

from django.core.validators import EmailValidator
from django.utils.functional import cached_property
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers, status, views, viewsets
from rest_framework.pagination import BasePagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from .base import Dialect, DialectViewMixin, query_int, require_ordered
from .errors import NON_FIELD, ApiError

# DRF's and the services' error codes in the words the original (pydantic) API used; unknown codes pass through.
ERROR_CODES = {
    "required": "value_error.missing",
    "null": "type_error.none.not_allowed",
    "blank": "value_error.str.min_length",
    "max_length": "value_error.str.max_length",
    "min_length": "value_error.str.min_length",
    "min_value": "value_error.number.not_ge",
    "max_value": "value_error.number.not_le",
    "max_digits": "value_error.decimal.max_digits",
    "max_decimal_places": "value_error.decimal.max_places",
    "max_whole_digits": "value_error.decimal.max_whole_digits",
    "invalid_choice": "type_error.enum",
    "invalid": "type_error",
    "not_a_list": "type_error.list",
    "not_a_dict": "type_error.dict",
    "empty": "value_error.list.min_items",
    "date": "type_error.date",
    "parse_error": "value_error.json",
    # The configurator services' domain codes (config.errors.Refused), as the original API wrote them.
    "invalid_move": "value_error.tree.invalid_move",
    "wrong_parent_type": "value_error.tree.manufacturing_type",
    "wrong_type": "value_error.selection.manufacturing_type",
    "inactive": "value_error.inactive",
    "duplicate": "value_error.duplicate",
    "not_available": "value_error.display_condition",
    "rule_broken": "value_error.validation_rule",
    "formula": "value_error.formula",
    "out_of_range": "value_error.number.not_lt",
    "not_past": "value_error.date",
    "invalid_status": "INVALID_QUOTE_STATUS",
    "order_exists": "ORDER_ALREADY_EXISTS",
}
FIXED_MESSAGES = {
    "validation": "Validation Error",
    "unauthorized": "Could not validate credentials",
    "forbidden": "Forbidden",
    "internal": "Internal Server Error",
    "throttled": "Too Many Requests",
}
FIXED_DETAILS = {
    "unauthorized": "Invalid or expired authentication token",
    "forbidden": "You don't have permission to access this resource",
    "internal": "An unexpected error occurred. Please try again later.",
    "throttled": "Rate limit exceeded. Please try again later.",
}
REQUIRED_MESSAGE = "Field is required"


def _detail(field_error) -> dict:
    code = ERROR_CODES.get(field_error.code, field_error.code)
    item = {"detail": REQUIRED_MESSAGE if field_error.code == "required" else field_error.message}
    if field_error.field != NON_FIELD:
        item["field"] = field_error.field
    item["error_code"] = code
    return item


class ConfiguratorPagination(BasePagination):
    """`?page=1&size=50`, answered as `{items, total, page, size, pages}`; bad values are 422."""

    default_size = 50
    max_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        require_ordered(queryset)
        self.page = query_int(request, "page", 1)
        self.size = query_int(request, "size", self.default_size, maximum=self.max_size)
        self.total = queryset.count()
        start = (self.page - 1) * self.size
        # Past the end there is nothing to read (and a huge offset would overflow the database).
        return list(queryset[start : start + self.size]) if start < self.total else []

    def get_paginated_response(self, data):
        pages = math.ceil(self.total / self.size)
        return Response({"items": data, "total": self.total, "page": self.page, "size": self.size, "pages": pages})

    def get_paginated_response_schema(self, schema):
        integer = {"type": "integer"}
        return {
            "type": "object",
            "required": ["items", "total", "page", "size", "pages"],
            "properties": {"items": schema, "total": integer, "page": integer, "size": integer, "pages": integer},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "default": 1}},
            {"name": "size", "in": "query", "required": False, "schema": {"type": "integer", "default": 50}},
        ]


class ConfiguratorDialect(Dialect):
    name = "configurator"
    rate_scopes = ("configurator", "configurator.burst")
    mount = "api/configurator/v1/"
    foreign_row_status = status.HTTP_403_FORBIDDEN
    pagination_class = ConfiguratorPagination

    @cached_property
    def error_schema(self):
        detail = inline_serializer(
            "ConfiguratorErrorDetail",
            {
                "detail": serializers.CharField(),
                "field": serializers.CharField(required=False, help_text="The field, on validation errors."),
                "error_code": serializers.CharField(required=False, help_text="`value_error.missing`, ..."),
            },
            many=True,
        )
        return inline_serializer(
            "ConfiguratorError",
            {
                "message": serializers.CharField(),
                "details": detail,
                "request_id": serializers.CharField(help_text="Your `X-Request-ID`, or one made up for this answer."),
            },
        )

    def error_body(self, error: ApiError) -> dict:
        if error.is_validation and error.fields:
            details = [_detail(field_error) for field_error in error.fields]
        elif error.is_validation:
            details = [{"detail": error.message, "error_code": error.code}]
        elif error.kind in FIXED_DETAILS:
            details = [{"detail": FIXED_DETAILS[error.kind]}]
        else:
            details = []
        message = FIXED_MESSAGES.get(error.kind, error.message)
        return {"message": message, "details": details, "request_id": str(uuid.uuid4())}

    def exception_handler(self, exc, context) -> Response:
        response = super().exception_handler(exc, context)
        request = context.get("request")
        request_id = request.headers.get("X-Request-ID") if request is not None else None
        if request_id:
            response.data["request_id"] = request_id[:100]
        response["X-Request-ID"] = response.data["request_id"]
        return response


dialect = ConfiguratorDialect()


class IsSuperuser(BasePermission):
    """Routes the spec reserves for superusers ("Authorization Rules by Endpoint")."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_superuser)


class SuperuserWrites(BasePermission):
    """Any signed-in user reads; only superusers create, change or delete."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or user.is_superuser


class EmailField(serializers.CharField):
    """An email address whose error carries the spec's `value_error.email` code."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 254)
        super().__init__(**kwargs)
        self.validators.append(EmailValidator(message="value is not a valid email address", code="value_error.email"))


class ConfiguratorViewMixin(DialectViewMixin):
    """The configurator's base view: superusers see everything; other users' rows answer 403."""

    dialect = dialect

    def sees_everything(self, user) -> bool:
        return user.is_superuser


class ConfiguratorAPIView(ConfiguratorViewMixin, views.APIView):
    pass


class ConfiguratorGenericViewSet(ConfiguratorViewMixin, viewsets.GenericViewSet):
    lookup_url_kwarg = "pk"
