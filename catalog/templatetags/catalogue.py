"""`{% load catalogue %}` then `{{ order.service_id|service_name }}`: catalogue names in the page's
language (catalog/models.py TranslatedName), read from the cached tables, no query per row."""

from django import template

from catalog.tables import load_tables

register = template.Library()


@register.filter
def service_name(service_id):
    return load_tables().service_name(service_id)


@register.filter
def material_name(material_id):
    return load_tables().material_name(material_id)
