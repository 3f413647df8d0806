"""Etsy Open API v3: the HTTP client (`client`) and what a receipt means to us (`receipts`)."""
