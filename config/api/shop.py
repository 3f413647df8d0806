"""Retail shop API dialect (spec: shop-cvety.md, "Response Format", "Error Handling", "Rate Limiting").

FastAPI's words: errors are `{"detail": "text"}`; validation fails with 422 and
`{"detail": [{"loc": ["body", field], "msg", "type"}]}`; 429 adds `retry_after` (seconds). Lists are
`{"items": [...], "total": n}` pages of `?page=1&limit=50` (limit at most 100). Each shop is a
tenant: a token sees only its own shop's rows, and another shop's row answers 404.
"""

import math

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.functional import cached_property
from drf_spectacular.utils import inline_serializer
from rest_framework import generics, serializers, views
from rest_framework.pagination import BasePagination
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from config.body_limits import upload_body_bytes
from config.errors import NotFound, Refused

from .base import Dialect, DialectViewMixin, OwnRowsOnlyMixin, query_int, require_ordered
from .errors import NON_FIELD, ApiError

# DRF's error codes in pydantic's words, as the original FastAPI service answered them.
ERROR_TYPES = {
    "required": "missing",
    "null": "missing",
    "blank": "string_too_short",
    "min_length": "string_too_short",
    "max_length": "string_too_long",
    "min_value": "greater_than_equal",
    "max_value": "less_than_equal",
    "invalid_choice": "enum",
    "parse_error": "json_invalid",
}


def _location(field: str) -> list:
    if field == NON_FIELD:
        return ["body"]
    return ["body", *(int(part) if part.isdigit() else part for part in field.split("."))]


class ShopPagination(BasePagination):
    """`?page=1&limit=50` (limit at most 100), answered as `{items, total}`; bad values are 422."""

    default_limit = 50
    max_limit = 100

    def paginate_queryset(self, queryset, request, view=None):
        require_ordered(queryset)
        page = query_int(request, "page", 1)
        limit = query_int(request, "limit", self.default_limit, maximum=self.max_limit)
        self.total = queryset.count()
        offset = (page - 1) * limit
        if offset >= self.total:
            return []
        return list(queryset[offset : offset + limit])

    def get_paginated_response(self, data):
        return Response({"items": data, "total": self.total})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["items", "total"],
            "properties": {"items": schema, "total": {"type": "integer", "minimum": 0}},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 1}},
            {
                "name": "limit",
                "in": "query",
                "required": False,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            },
        ]


class ShopDialect(Dialect):
    name = "shop"
    mount = "api/shop/"
    pagination_class = ShopPagination

    @cached_property
    def error_schema(self):
        return inline_serializer(
            "ShopError",
            {
                "detail": serializers.JSONField(
                    help_text="A message; on validation errors (422) a list of `{loc, msg, type}`."
                ),
                "retry_after": serializers.IntegerField(required=False, help_text="Seconds to wait (429)."),
            },
        )

    def error_body(self, error: ApiError) -> dict:
        if error.is_validation and error.fields:
            return {
                "detail": [
                    {"loc": _location(f.field), "msg": f.message, "type": ERROR_TYPES.get(f.code, f.code)}
                    for f in error.fields
                ]
            }
        if error.kind == "throttled":
            retry_after = max(1, math.ceil(float(error.headers.get("Retry-After", "60"))))
            # A plain rate limit in the spec's words; a lock (wrong codes) says what happened.
            detail = "Rate limit exceeded" if error.code == "throttled" else error.message
            return {"detail": detail, "retry_after": retry_after}
        return {"detail": error.message}


dialect = ShopDialect()


class ShopViewMixin(DialectViewMixin):
    """The shop API's base view: rows belong to the caller's shop (`owner_field` through the shop)."""

    dialect = dialect


def shop_of(user):
    """The shop whose owner `user` is, or None (staff and other APIs' users have none)."""
    try:
        return user.shop if user.is_authenticated else None
    except ObjectDoesNotExist:
        return None


class IsShopOwner(BasePermission):
    """Signed in as a shop (the phone sign-in creates it); any other account is refused with 403."""

    message = "This account has no shop: sign in with the shop's phone (POST /api/shop/auth/verify-otp)"

    def has_permission(self, request, view):
        return shop_of(request.user) is not None

    def audience(self, view, method) -> str:
        return "a shop's own token (phone sign-in); each shop reaches only its own rows, another shop's answers 404"


class ShopTenantMixin(OwnRowsOnlyMixin):
    """Rows of the caller's shop only, staff included: another shop's row is simply not found (404)."""

    permission_classes = [IsShopOwner]
    shop_field = "shop"

    @property
    def shop(self):
        return shop_of(self.request.user)

    def get_queryset(self):
        return super().get_queryset().filter(**{self.shop_field: self.shop})

    def get_visible_queryset(self):
        return self.queryset.filter(**{self.shop_field: self.shop})


class ShopAPIView(ShopViewMixin, views.APIView):
    pass


class ShopGenericAPIView(ShopViewMixin, generics.GenericAPIView):
    pass


class ShopPhotoRoutes(ShopTenantMixin):
    """The photos of one of the caller shop's rows (a product's, an order's) under
    `/<rows>/{<parent>_id}/photos`: a parent of another shop is 404. Subclasses name `queryset`,
    `serializer_class`, the parent's model, foreign key and 404 message (`parent_model`,
    `parent_field`, `parent_not_found`), and the service's `add_photo` and `delete_photo`."""

    lookup_url_kwarg = "photo_id"
    not_found_message = "Photo not found"
    parent_model: type
    parent_field: str
    parent_not_found: str

    @property
    def shop_field(self) -> str:
        return f"{self.parent_field}__shop"

    @property
    def parent_id(self):
        return self.kwargs[f"{self.parent_field}_id"]

    def parent(self):
        parent = self.parent_model.objects.filter(shop=self.shop, pk=self.parent_id).first()
        if parent is None:
            raise NotFound(self.parent_not_found)
        return parent

    def get_visible_queryset(self):
        return (
            super().get_visible_queryset().filter(**{f"{self.parent_field}_id": self.kwargs[f"{self.parent_field}_id"]})
        )


class ShopPhotoUploadView(ShopPhotoRoutes, ShopGenericAPIView):
    """Adds one picture, decoded and at most SHOP_PHOTO_MAX_UPLOAD_BYTES, sent as the multipart `file`."""

    parser_classes = [MultiPartParser]
    max_body_bytes = upload_body_bytes(settings.SHOP_PHOTO_MAX_UPLOAD_BYTES)

    def post(self, request, **kwargs):
        parent = self.parent()
        upload = request.data.get("file")
        if not hasattr(upload, "read"):
            raise Refused("file", "Send the photo as the multipart field `file`", "missing")
        return self.answer_created(
            self.add_photo(parent, owner=request.user, file_name=upload.name, content=upload.read())
        )


class ShopPhotoDeleteView(ShopPhotoRoutes, ShopGenericAPIView):
    def delete(self, request, **kwargs):
        self.delete_photo(self.get_object())
        return self.answer_deleted()
