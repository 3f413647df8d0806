"""What the five API dialects share: the `Dialect` contract, the base view mixin, query plans.

A dialect module (config/api/mfg.py, ...) subclasses `Dialect` to say how its API writes an
error, a page and a create, then offers base views built with `DialectViewMixin`. Every view
of that API inherits one of them; nothing about a dialect is written inside a view.
"""

from operator import attrgetter

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.urls import re_path
from django.utils.functional import cached_property
from drf_spectacular.utils import inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.views import APIView

from config import errors as domain
from config import ids  # noqa: F401 (registers the <id:...> converter the API routes use)

from . import throttles
from .errors import ApiError, PayloadTooLarge, to_api_error


class Dialect:
    """How one published API speaks: error body, validation status, create status, pagination."""

    name: str = ""
    mount: str = ""
    validation_status: int = status.HTTP_422_UNPROCESSABLE_ENTITY
    create_status: int = status.HTTP_201_CREATED
    delete_status: int = status.HTTP_204_NO_CONTENT
    foreign_row_status: int = status.HTTP_404_NOT_FOUND  # what another user's row answers on detail routes
    pagination_class = None

    @cached_property
    def message_schema(self):
        """The `{"message": str}` answer many routes give, one schema component per API."""
        return inline_serializer(f"{self.name.title()}Message", {"message": serializers.CharField()})

    @property
    def rate_scopes(self) -> tuple[str, ...]:
        """The `settings.API_RATE_LIMITS` scopes every route of this API counts against."""
        return (self.name,)

    def error_body(self, error: ApiError) -> dict:
        raise NotImplementedError

    @cached_property
    def error_schema(self):
        """The error body as a schema component, documented on every operation (config/api/schema.py)."""
        raise NotImplementedError

    def error_response(self, error: ApiError) -> Response:
        return Response(self.error_body(error), status=error.status, headers=error.headers)

    def exception_handler(self, exc, context) -> Response:
        """DRF exception handler for every view of this API (never returns None: no HTML).

        A refused write rolls back the transaction its view opened; a read opened none.
        """
        if getattr(context.get("view"), "in_write_transaction", False):
            transaction.set_rollback(True)
        return self.error_response(to_api_error(exc, self.validation_status))

    def json_error(self, status_code: int, message: str) -> JsonResponse:
        """An error outside DRF (unknown path, server error) in this API's body."""
        return JsonResponse(self.error_body(ApiError.for_status(status_code, message)), status=status_code)

    def urls(self, *patterns) -> list:
        """URL patterns for the mount: the API's routes, then its 404 for anything else."""
        # [\s\S], not ".": a newline (%0A) in the path must not fall through to the HTML 404.
        return [*patterns, re_path(r"^[\s\S]*$", UnknownPathView.as_view(dialect=self))]


def lookup(queryset, value, message: str = "Resource not found", field: str = "pk"):
    """The row whose `field` is `value` among `queryset` (or a model's rows), else a 404 with `message`."""
    queryset = queryset.objects.all() if isinstance(queryset, type) else queryset
    row = queryset.filter(**{field: value}).first()
    if row is None:
        raise domain.NotFound(message)
    return row


class DialectViewMixin:
    """Base of every API view: the dialect's errors and pagination, query plans, ownership, writes.

    `owner_field` names the field that links a row to its user. Lists show the caller's own rows;
    on detail routes another user's row answers the dialect's `foreign_row_status` (404, or the
    configurator's 403), except for users whose `sees_everything()` is true (staff by default).
    Writes answer through `answer_created` / `answer_updated` / `answer_deleted`, which re-read
    the row through the serializer's query plan and use the dialect's status codes.

    Reads run outside a transaction (no BEGIN/COMMIT round trips); a write runs in one, which the
    dialect's exception handler marks for rollback, so a refused request writes nothing. A view whose
    write must commit as it goes (a queue drain) sets `atomic_writes = False`.
    """

    dialect: Dialect
    owner_field: str | None = None
    not_found_message = "Resource not found"
    atomic_writes = True
    in_write_transaction = False
    max_body_bytes: int | None = None  # None: settings.MAX_BODY_BYTES; routes that take uploads say more
    rate_scopes: tuple[str, ...] = ()  # a route's own documented limits, on top of its API's
    rate_limits: list = []

    @classmethod
    def as_view(cls, *args, **kwargs):
        return transaction.non_atomic_requests(super().as_view(*args, **kwargs))

    def body_limit(self) -> int:
        return self.max_body_bytes or settings.MAX_BODY_BYTES

    def initial(self, request, *args, **kwargs):
        """A body announced as too large is refused before anything else is done with the request."""
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0
        if announced > self.body_limit():
            self.refuse_oversized_body()
        super().initial(request, *args, **kwargs)

    def get_throttles(self):
        return throttles.limits_for((*self.dialect.rate_scopes, *self.rate_scopes))

    def check_throttles(self, request):
        """Count the request against every limit (all of them, as DRF does), keeping them for the headers."""
        self.rate_limits = self.get_throttles()
        if waits := throttles.refusals(self.rate_limits, request, self):
            self.throttled(request, max((wait for wait in waits if wait is not None), default=None))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if limit := throttles.tightest(self.rate_limits):
            for header, value in limit.headers().items():
                response[header] = value
        return response

    def refuse_oversized_body(self):
        raise PayloadTooLarge(f"The request body is larger than {self.body_limit()} bytes")

    def dispatch(self, request, *args, **kwargs):
        if request.method in SAFE_METHODS or not self.atomic_writes:
            return super().dispatch(request, *args, **kwargs)
        with transaction.atomic():
            self.in_write_transaction = True
            return super().dispatch(request, *args, **kwargs)

    @property
    def pagination_class(self):
        return self.dialect.pagination_class

    def get_exception_handler(self):
        return self.dialect.exception_handler

    def sees_everything(self, user) -> bool:
        return user.is_staff

    def get_queryset(self):
        queryset = super().get_queryset()
        user = self.request.user
        if self.owner_field and not self.sees_everything(user):
            queryset = queryset.filter(**{self.owner_field: user}) if user.is_authenticated else queryset.none()
        return self.with_query_plan(queryset)

    def with_query_plan(self, queryset, serializer_class=None):
        serializer_class = serializer_class or self.get_serializer_class()
        if hasattr(serializer_class, "annotate_queryset"):
            queryset = serializer_class.annotate_queryset(queryset)
        return queryset

    # -- finding one row -------------------------------------------------------------------

    lookup = staticmethod(lookup)

    def get_visible_queryset(self):
        """Rows a detail route may find before ownership is checked (all of them by default)."""
        return self.queryset.all()

    def get_object(self):
        """The routed row: 404 with `not_found_message` when missing, the dialect's answer when another user's."""
        return self.find_row(self.with_query_plan(self.get_visible_queryset()))

    def find_row(self, queryset=None):
        """`get_object` without the serializer's query plan, for a write that re-reads the row anyway."""
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        queryset = self.get_visible_queryset() if queryset is None else queryset
        obj = self.lookup(queryset, value, self.not_found_message, self.lookup_field)
        if self.owner_field:
            self.check_owner(self.owner_id(obj))
        self.check_object_permissions(self.request, obj)
        return obj

    def owner_id(self, obj):
        return attrgetter(self.owner_field.replace("__", ".") + "_id")(obj)

    def check_owner(self, owner_id) -> None:
        """Refuse a row of another user, unless the caller sees everything."""
        user = self.request.user
        if self.sees_everything(user) or owner_id == user.pk:
            return
        if self.dialect.foreign_row_status == status.HTTP_403_FORBIDDEN:
            raise domain.Forbidden()
        raise domain.NotFound(self.not_found_message)

    # -- answering writes ------------------------------------------------------------------

    def read_back(self, obj, serializer_class=None) -> dict:
        """The written row re-read through the serializer's query plan, serialized."""
        serializer_class = serializer_class or self.get_serializer_class()
        fresh = self.with_query_plan(type(obj).objects.all(), serializer_class).get(pk=obj.pk)
        context = self.get_serializer_context() if hasattr(self, "get_serializer_context") else {}
        return serializer_class(fresh, context={"request": self.request, **context}).data

    def answer_created(self, obj, serializer_class=None) -> Response:
        return Response(self.read_back(obj, serializer_class), status=self.dialect.create_status)

    def answer_updated(self, obj, serializer_class=None) -> Response:
        return Response(self.read_back(obj, serializer_class))

    def answer_deleted(self, body=None) -> Response:
        return Response(body, status=self.dialect.delete_status)


class UnknownPathView(DialectViewMixin, APIView):
    """A path under an API's mount that no route takes: the dialect's 404 for every method, counted
    against the API's rate and carrying its `X-RateLimit-*` headers like any other answer."""

    dialect = None  # set per mount by Dialect.urls()
    permission_classes = ()
    schema = None

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise domain.NotFound("Resource not found")

    options = http_method_not_allowed


class QueryPlanMixin:
    """A serializer declares the joins and prefetches its fields need (InvenTree's pattern)."""

    select_related: tuple[str, ...] = ()
    prefetch_related: tuple = ()

    @classmethod
    def annotate_queryset(cls, queryset):
        if cls.select_related:
            queryset = queryset.select_related(*cls.select_related)
        if cls.prefetch_related:
            queryset = queryset.prefetch_related(*cls.prefetch_related)
        return queryset


def query_int(request, name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole-number query parameter (a page, a size, an offset): absent is `default`; not a whole
    number, or outside [minimum, maximum], is a validation error on `name` in the API's dialect."""
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise exceptions.ValidationError({name: [serializers.ErrorDetail("Must be an integer", "invalid")]}) from None
    if value < minimum:
        raise exceptions.ValidationError({name: [serializers.ErrorDetail(f"Must be at least {minimum}", "min_value")]})
    if maximum is not None and value > maximum:
        raise exceptions.ValidationError({name: [serializers.ErrorDetail(f"Must be at most {maximum}", "max_value")]})
    return value


def require_ordered(queryset):
    """Pagination over an unordered queryset gives unstable pages (NetBox refuses it too)."""
    if hasattr(queryset, "ordered") and not queryset.ordered:
        raise ImproperlyConfigured(f"Refusing to paginate an unordered queryset of {queryset.model.__name__}.")
    return queryset


def count_related(model, field: str, **filters):
    """A correlated subquery counting `model` rows whose `field` points at the outer row."""
    subquery = Subquery(
        model.objects.filter(**{field: OuterRef("pk")}, **filters)
        .order_by()
        .values(field)
        .annotate(c=Count("*"))
        .values("c")
    )
    return Coalesce(subquery, 0)


class OwnRowsOnlyMixin:
    """Routes where staff too see only their own rows (they reach everyone's by admin routes)."""

    def sees_everything(self, user) -> bool:
        return False


class PublicEndpointMixin:
    """An endpoint anyone may call (register, login, webhooks): no session, so no CSRF check.

    It still answers 401 with a `WWW-Authenticate` challenge when it refuses credentials.
    """

    authentication_classes = ()
    permission_classes = ()

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'
