"""The print shop's rows: one module per part of the domain, re-exported here for Django."""

from .etsy import EtsyShop
from .filaments import Filament, FilamentUsage
from .notifications import NotificationAttempt, NotificationDelivery, NotificationSettings
from .orders import Communication, Order, OrderItem, OrderNote
from .printers import AmsSlot, Printer
from .queue import ScheduledPrint

__all__ = [
    "AmsSlot",
    "Communication",
    "EtsyShop",
    "Filament",
    "FilamentUsage",
    "NotificationAttempt",
    "NotificationDelivery",
    "NotificationSettings",
    "Order",
    "OrderItem",
    "OrderNote",
    "Printer",
    "ScheduledPrint",
]
