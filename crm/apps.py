from django.apps import AppConfig


class CrmConfig(AppConfig):
    name = "crm"

    def ready(self):
        from orders import shop

        from . import shop_customers, signals  # noqa: F401 (connects the receivers)

        shop.register_customer_directory(shop_customers.customers_by_phone)
        shop.register_customer_search(shop_customers.phones_of_customers_named)
