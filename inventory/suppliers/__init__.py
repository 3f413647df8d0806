"""Supplier APIs that describe a part: LCSC, DigiKey and Mouser (issue 11 "Tasks": enrichment,
datasheet, image and price fetches). Each client is off until its settings are given, and then
either answers what the supplier said or fails clearly; it never makes a result up."""

from .base import PriceBreak, SupplierPart
from .registry import SUPPLIERS, capabilities, client_for, supplier_of

__all__ = ["SUPPLIERS", "PriceBreak", "SupplierPart", "capabilities", "client_for", "supplier_of"]
