"""Parts inventory API dialect (spec: inventory-makermatrix.md, "API Response Schema", "Error Handling").

Every JSON answer is the envelope `{"status", "message", "data"}`; paginated part lists add
`page`, `page_size` and `total_parts` beside it (`?page=1&page_size=10`, at most 100 a page).
Every 4xx/5xx is the envelope with `status: "error"`; validation fails with 422 and `data` lists
the field errors as `[{"field", "message", "code"}]`. Creates and deletes answer 200, as the
original FastAPI service did. The few routes whose spec shows another body (`/auth/login`) answer
it through `answer_raw`.
"""

import math

from django.utils.functional import cached_property
from drf_spectacular.utils import inline_serializer
from rest_framework import generics, serializers, status, views
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from config.concurrent_count import count_alongside

from .base import Dialect, DialectViewMixin, query_int, require_ordered
from .errors import ApiError

SUCCESS = "success"
ERROR = "error"


def envelope(message: str, data=None, status_word: str = SUCCESS, **extra) -> dict:
    return {"status": status_word, "message": message, "data": data, **extra}


class InventoryPagination(BasePagination):
    """`?page=1&page_size=10` (the view's `default_page_size`), answered in the envelope with the totals."""

    default_page_size = 10
    max_page_size = 100

    def paginate(self, queryset, page: int, page_size: int) -> list:
        require_ordered(queryset)
        self.page, self.page_size = page, page_size
        start = (page - 1) * page_size
        if start == 0:
            counted = count_alongside(queryset)  # waited for in the answer, after the rows are written
            rows = list(queryset[:page_size])
            # A first page that is not full holds every row: its length is the total.
            self._total = counted if len(rows) == page_size else (lambda: len(rows))
            return rows
        total = queryset.count()
        self._total = lambda: total
        # Past the end there is nothing to read (and a huge offset would overflow the database).
        return list(queryset[start : start + page_size]) if start < total else []

    @cached_property
    def total(self) -> int:
        return self._total()

    def paginate_queryset(self, queryset, request, view=None):
        default = getattr(view, "default_page_size", self.default_page_size)
        page = query_int(request, "page", 1)
        return self.paginate(queryset, page, query_int(request, "page_size", default, maximum=self.max_page_size))

    def get_paginated_response(self, data, message: str = "Parts retrieved successfully"):
        return Response(
            envelope(message, data, page=self.page, page_size=self.page_size, total_parts=self.total)
            | {"total_pages": math.ceil(self.total / self.page_size)}
        )

    def get_paginated_response_schema(self, schema):
        integer = {"type": "integer"}
        return {
            "type": "object",
            "required": ["status", "message", "data", "page", "page_size", "total_parts"],
            "properties": {
                "status": {"type": "string"},
                "message": {"type": "string"},
                "data": schema,
                "page": integer,
                "page_size": integer,
                "total_parts": integer,
                "total_pages": integer,
            },
        }

    def get_schema_operation_parameters(self, view):
        default = getattr(view, "default_page_size", self.default_page_size)
        return [
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "default": 1}},
            {"name": "page_size", "in": "query", "required": False, "schema": {"type": "integer", "default": default}},
        ]


class InventoryDialect(Dialect):
    name = "inventory"
    mount = "api/inventory/"
    create_status = status.HTTP_200_OK
    delete_status = status.HTTP_200_OK
    pagination_class = InventoryPagination

    @cached_property
    def error_schema(self):
        field_errors = inline_serializer(
            "InventoryFieldError",
            {"field": serializers.CharField(), "message": serializers.CharField(), "code": serializers.CharField()},
            many=True,
            allow_null=True,
            help_text="The field errors (422); null otherwise.",
        )
        return inline_serializer(
            "InventoryError",
            {
                "status": serializers.ChoiceField(choices=[ERROR]),
                "message": serializers.CharField(),
                "data": field_errors,
            },
        )

    def error_body(self, error: ApiError) -> dict:
        data = None
        if error.is_validation:
            data = [{"field": f.field, "message": f.message, "code": f.code} for f in error.fields]
        return envelope(error.message, data, ERROR)


dialect = InventoryDialect()


def enveloped(name: str, data) -> serializers.Serializer:
    """The OpenAPI schema of an envelope carrying `data` (a serializer or field), one component per answer.

    Its component is named `<name>Answer`, so it never takes the name of the serializer it carries.
    """
    return inline_serializer(
        name if name.endswith("Answer") else f"{name}Answer",
        {
            "status": serializers.CharField(),
            "message": serializers.CharField(),
            "data": data if data is not None else serializers.JSONField(allow_null=True),
        },
    )


class InventoryViewMixin(DialectViewMixin):
    """Base of every inventory view: answers go out in the envelope, with a message per route.

    The inventory is shared, so no view has an `owner_field`: roles decide who reads or changes it.
    """

    dialect = dialect
    default_page_size = InventoryPagination.default_page_size

    def answer(self, message: str, data=None, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(envelope(message, data), status=status_code)

    def answer_created(self, obj, serializer_class=None, message: str = "Created successfully") -> Response:
        return self.answer(message, self.read_back(obj, serializer_class), self.dialect.create_status)

    def answer_updated(self, obj, serializer_class=None, message: str = "Updated successfully") -> Response:
        return self.answer(message, self.read_back(obj, serializer_class))

    def answer_deleted(self, body=None, message: str = "Deleted successfully") -> Response:
        return self.answer(message, body, self.dialect.delete_status)

    def answer_page(self, queryset, message: str, *, rows=None, page=None, page_size=None) -> Response:
        """One page of `queryset`, from the query string unless `page`/`page_size` are given (a POST body).

        `rows(page)` writes the page's items when the view has a faster way than its serializer.
        """
        paginator = self.paginator
        if page is None:
            items = paginator.paginate_queryset(queryset, self.request, view=self)
        else:
            items = paginator.paginate(queryset, page, page_size or self.default_page_size)
        if rows is not None:
            data = rows(items)
        else:
            data = self.get_serializer_class()(items, many=True, context={"request": self.request}).data
        return paginator.get_paginated_response(data, message)

    @property
    def paginator(self):
        if not hasattr(self, "_paginator"):
            self._paginator = self.pagination_class()
        return self._paginator

    def answer_raw(self, body: dict, status_code: int = status.HTTP_200_OK) -> Response:
        """A body the spec shows unwrapped (`/auth/login`)."""
        return Response(body, status=status_code)


class InventoryAPIView(InventoryViewMixin, views.APIView):
    pass


class InventoryGenericAPIView(InventoryViewMixin, generics.GenericAPIView):
    pass
