"""The print shop's rows: one module per part of the domain, re-exported here for Django."""

from .filaments import Filament
from .printers import AmsSlot, Printer

__all__ = ["AmsSlot", "Filament", "Printer"]
