"""Catalog signals: `products_ordered` for shop orders; any change to a calculator table drops the
cached snapshot (catalog/tables.py)."""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from .tables import forget_tables

# A shop order is about to take these products: kwargs `shop`, `lines` = [(Product, quantity)].
# Sent inside the order's transaction before it commits; a receiver may raise
# config.errors.Rejected (e.g. not enough stock) and the order is refused, nothing saved.
products_ordered = Signal()


def _forget(sender, **kwargs):
    # Now, for this transaction's own reads, and after commit, so a concurrent request that
    # re-cached the old rows meanwhile does not keep them.
    forget_tables()
    transaction.on_commit(forget_tables)


for model in apps.get_app_config("catalog").get_models():
    post_save.connect(_forget, sender=model, dispatch_uid=f"catalog-tables-save-{model.__name__}")
    post_delete.connect(_forget, sender=model, dispatch_uid=f"catalog-tables-delete-{model.__name__}")
    for m2m in model._meta.local_many_to_many:
        m2m_changed.connect(_forget, sender=m2m.remote_field.through, dispatch_uid=f"catalog-tables-m2m-{m2m}")
