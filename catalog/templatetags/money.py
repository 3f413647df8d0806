"""`{% load money %}` then `{{ order.total_price|money }}` or `{{ amount|money:"RUB" }}` (catalog/money.py)."""

from django import template

from catalog.money import DEFAULT_CURRENCY, format_money

register = template.Library()


@register.filter
def money(value, currency=DEFAULT_CURRENCY):
    return format_money(value, currency)
