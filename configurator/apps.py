from django.apps import AppConfig


class ConfiguratorConfig(AppConfig):
    name = "configurator"

    def ready(self):
        from accounts import order_history

        from .history import ProductOrders

        order_history.register(ProductOrders())
