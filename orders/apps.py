from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"

    def ready(self):
        from accounts import order_history

        from .history import ManufacturingOrders

        order_history.register(ManufacturingOrders())
