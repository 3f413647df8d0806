from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog and pricing"

    def ready(self):
        from . import signals  # noqa: F401 (connects the price-table cache invalidation)
