"""The print shop dialect's expectations, with the order list's rows under `orders`."""

from config.testing.dialects import PrintshopExpectations


class OrderPageExpectations(PrintshopExpectations):
    def items(self, response, collection: str = "orders") -> list:
        return super().items(response, collection)


ORDERS = OrderPageExpectations()
