from .etsy import EtsyShop
from .orders import Communication, Order, OrderItem, OrderNote

__all__ = ["Communication", "EtsyShop", "Order", "OrderItem", "OrderNote"]
