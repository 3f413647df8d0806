"""The print shop's rows: one module per part of the domain, re-exported here for Django."""

from .filaments import Filament
from .notifications import NotificationSettings
from .printers import AmsSlot, Printer
from .queue import ScheduledPrint

__all__ = ["AmsSlot", "Filament", "NotificationSettings", "Printer", "ScheduledPrint"]
