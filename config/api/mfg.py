"""Manufacturing service API dialect (spec: mfg-manufacturing-service.md, "Error Responses").

Errors are `{"error": CODE, "message", "details"}` with `details` mapping a field to its
messages; validation fails with 422; creates answer 200; lists are plain JSON arrays, bounded
by FastAPI-style `skip`/`limit` query parameters with the total in `X-Total-Count`.
"""

from django.utils.functional import cached_property
from drf_spectacular.utils import inline_serializer
from rest_framework import generics, mixins, serializers, status, views
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from .base import Dialect, DialectViewMixin, require_ordered
from .errors import ApiError

ERROR_CODES = {"validation": "VALIDATION_ERROR", "internal": "INTERNAL_ERROR"}
CANONICAL_MESSAGES = {"validation": "Validation failed", "internal": "Internal server error"}


class MfgPagination(BasePagination):
    """`?skip=0&limit=100`, answered as a bare array, as the original FastAPI service did."""

    default_limit = 100
    max_limit = 1000

    def _int_param(self, request, name, default, maximum=None):
        try:
            value = int(request.query_params.get(name, default))
        except (TypeError, ValueError):
            value = default
        value = max(value, 0)
        return min(value, maximum) if maximum else value

    def paginate_queryset(self, queryset, request, view=None):
        require_ordered(queryset)
        skip = self._int_param(request, "skip", 0)
        limit = self._int_param(request, "limit", self.default_limit, self.max_limit)
        self.total = queryset.count() if hasattr(queryset, "count") else len(queryset)
        if skip >= self.total:  # also keeps an absurd skip from overflowing the database's OFFSET
            return []
        return list(queryset[skip : skip + limit])

    def get_paginated_response(self, data):
        return Response(data, headers={"X-Total-Count": str(self.total)})

    def get_paginated_response_schema(self, schema):
        return schema

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "skip", "in": "query", "required": False, "schema": {"type": "integer", "default": 0}},
            {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer", "default": 100}},
        ]


class MfgDialect(Dialect):
    name = "mfg"
    mount = "api/mfg/"
    create_status = status.HTTP_200_OK
    delete_status = status.HTTP_200_OK
    pagination_class = MfgPagination

    @cached_property
    def error_schema(self):
        return inline_serializer(
            "MfgError",
            {
                "error": serializers.CharField(help_text="`VALIDATION_ERROR`, `NOT_FOUND`, `THROTTLED`, ..."),
                "message": serializers.CharField(),
                "details": serializers.DictField(
                    child=serializers.ListField(child=serializers.CharField()),
                    help_text="Messages by field name (validation errors); empty otherwise.",
                ),
            },
        )

    def error_body(self, error: ApiError) -> dict:
        return {
            "error": ERROR_CODES.get(error.kind, error.kind.upper()),
            "message": CANONICAL_MESSAGES.get(error.kind, error.message),
            "details": error.fields_by_name(),
        }


dialect = MfgDialect()


class MfgAPIView(DialectViewMixin, views.APIView):
    dialect = dialect


class MfgGenericAPIView(DialectViewMixin, generics.GenericAPIView):
    dialect = dialect


class MfgListAPIView(mixins.ListModelMixin, MfgGenericAPIView):
    def get(self, request, *args, **kwargs):
        return self.list(request, *args, **kwargs)


class MfgStatusDetailView(mixins.RetrieveModelMixin, MfgGenericAPIView):
    """Staff read one row and move its status with `PUT {"status": ...}` (mfg spec admin routes).

    Subclasses name the status serializer, the service that changes the status, and the message.
    """

    status_serializer_class: type
    updated_message: str

    def change_status(self, obj, status: str) -> None:
        raise NotImplementedError

    def get(self, request, *args, **kwargs):
        return self.retrieve(request)

    def put(self, request, *args, **kwargs):
        obj = self.get_object()
        serializer = self.status_serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.change_status(obj, serializer.validated_data["status"])
        return Response({"message": self.updated_message})
