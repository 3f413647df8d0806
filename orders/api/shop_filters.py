"""Query filters of the shop API's orders and production tasks (spec "Get Orders")."""

import re
from datetime import UTC, datetime, time, timedelta

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.otp import normalise_phone
from config.api.filters import IdFilter
from config.api.shop import shop_of
from config.errors import Refused
from config.ids import is_plain_number

from .. import shop as services
from ..choices import ShopOrderStatus, TaskPriority, TaskStatus, TaskType
from ..models import ProductionTask, ShopOrder

DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _moment(value: str, *, end: bool):
    """An ISO 8601 date-time (UTC when it names no zone), or a date: its start, or with `end` the
    start of the next day, so `dateTo=2024-12-26` takes the whole 26th."""
    try:
        day = parse_date(value) if DAY.fullmatch(value) else None
        moment = None if day else parse_datetime(value)
    except ValueError:
        moment = day = None
    if day is not None:
        moment = datetime.combine(day + timedelta(days=1) if end else day, time.min)
    if moment is None:
        raise forms.ValidationError("Must be an ISO 8601 date or date-time", code="value_error")
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=UTC)
    return moment


class ShopOrderFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ShopOrderStatus.choices)
    search = django_filters.CharFilter(method="filter_search", max_length=100, help_text="Phones, names or order id")
    dateFrom = django_filters.CharFilter(method="filter_from", help_text="ISO 8601; orders created at or after")  # noqa: N815
    dateTo = django_filters.CharFilter(method="filter_to", help_text="ISO 8601; orders created up to")  # noqa: N815

    class Meta:
        model = ShopOrder
        fields = ()

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        match = Q(recipient_name__icontains=value) | Q(customer_phone__icontains=value)
        match |= Q(recipient_phone__icontains=value)
        if shop := shop_of(self.request.user):  # the customer's name, as the shop's CRM knows it
            for phones in services.phones_of_customers_named(shop.pk, value):
                match |= Q(customer_phone__in=phones)
        try:
            phone = normalise_phone(value)  # `8 701 123 45 67` finds +77011234567
        except Refused:
            phone = None
        if phone:
            match |= Q(customer_phone=phone) | Q(recipient_phone=phone)
        if is_plain_number(value) and len(value) <= 18:
            match |= Q(pk=int(value))
        return queryset.filter(match)

    def filter_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=_moment(value, end=False))

    def filter_to(self, queryset, name, value):
        moment = _moment(value, end=True)
        return (
            queryset.filter(created_at__lt=moment) if DAY.fullmatch(value) else queryset.filter(created_at__lte=moment)
        )


class ShopTaskFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)
    task_type = django_filters.ChoiceFilter(choices=TaskType.choices)
    priority = django_filters.ChoiceFilter(choices=TaskPriority.choices)
    order_id = IdFilter(field_name="order_id")

    class Meta:
        model = ProductionTask
        fields = ()
