"""The print shop's rows: one module per part of the domain, re-exported here for Django."""

from .printers import AmsSlot, Printer

__all__ = ["AmsSlot", "Printer"]
