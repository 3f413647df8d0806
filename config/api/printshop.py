"""3D print shop API dialect (spec: printshop-3d-print-shop.md, "Error Responses", "Pagination",
"Rate Limiting").

Every error, whatever its cause (unknown path, wrong method, validation, server error), is
`{"error": "<message>", "status": <HTTP status>}`; validation failures are 400, as the original
Flask service answered, and name each field in the message. Ids are integers. Lists are
`?limit=50&offset=0` pages answered as `{<collection>: [...], "total", "limit", "offset", "page",
"pages"}`, the collection named by the view (`orders`, `filaments`). Every answer counts against
1,000 requests an hour per user; order sync and print operations have their own limits.
"""

import math

from django.utils.functional import cached_property
from drf_spectacular.utils import inline_serializer
from rest_framework import generics, serializers, status, views
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from .base import Dialect, DialectViewMixin, OwnRowsOnlyMixin, query_int, require_ordered
from .errors import NON_FIELD, ApiError


class PrintshopPagination(BasePagination):
    """`?limit=50&offset=0` (limit at most 200), answered under the view's `collection` name."""

    default_limit = 50
    max_limit = 200

    def paginate_queryset(self, queryset, request, view=None):
        require_ordered(queryset)
        self.collection = getattr(view, "collection", "data")
        self.limit = query_int(request, "limit", self.default_limit, maximum=self.max_limit)
        self.offset = query_int(request, "offset", 0, minimum=0)
        self.total = queryset.count()
        if self.offset >= self.total:
            return []
        return list(queryset[self.offset : self.offset + self.limit])

    def get_paginated_response(self, data):
        return Response(
            {
                self.collection: data,
                "total": self.total,
                "limit": self.limit,
                "offset": self.offset,
                "page": self.offset // self.limit + 1,
                "pages": math.ceil(self.total / self.limit),
            }
        )

    def get_paginated_response_schema(self, schema):
        integer = {"type": "integer", "minimum": 0}
        return {
            "type": "object",
            "required": ["total", "limit", "offset", "page", "pages"],
            "properties": {"total": integer, "limit": integer, "offset": integer, "page": integer, "pages": integer},
            "additionalProperties": schema,
            "description": "The page's rows are under the list's own name (`orders`, `filaments`, ...).",
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit, "default": self.default_limit},
            },
            {
                "name": "offset",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 0, "default": 0},
            },
        ]


class PrintshopDialect(Dialect):
    name = "printshop"
    mount = "api/printshop/"
    validation_status = status.HTTP_400_BAD_REQUEST
    delete_status = status.HTTP_200_OK  # deletes answer {"message": ...}, as the spec shows
    pagination_class = PrintshopPagination

    @cached_property
    def error_schema(self):
        return inline_serializer(
            "PrintshopError",
            {
                "error": serializers.CharField(help_text="What went wrong, naming each invalid field"),
                "status": serializers.IntegerField(help_text="The HTTP status, repeated"),
            },
        )

    def error_body(self, error: ApiError) -> dict:
        message = error.message
        if error.is_validation and error.fields:
            message = "; ".join(f.message if f.field == NON_FIELD else f"{f.field}: {f.message}" for f in error.fields)
        return {"error": message, "status": error.status}


dialect = PrintshopDialect()


class PrintshopViewMixin(OwnRowsOnlyMixin, DialectViewMixin):
    """The print shop API's base view: integer ids, rows owned by the signed-in user (`owner_field`);
    a farm is its owner's, staff included (they reach every farm through the admin)."""

    dialect = dialect
    collection = "data"


class PrintshopAPIView(PrintshopViewMixin, views.APIView):
    pass


class PrintshopGenericAPIView(PrintshopViewMixin, generics.GenericAPIView):
    pass
