"""Pricing operations: the one entry point views and orders use to price a request."""

from decimal import Decimal

from files.services import model_dimensions, usable_model_file

from .calculator import price, resolve_request
from .tables import load_tables

SIZE_FIELDS = ("length", "width", "height")


def calculate_price(user, *, file_id: int | None = None, **inputs) -> dict:
    """The quote for one request (reference §5-6), or a 4xx error naming what is wrong.

    `inputs` are the request fields of the spec's POST /calculate-price; absent ones take the
    defaults of reference §3. With `file_id` (the user's own model or a demo model; anonymous
    callers get demo models only) the model's measured sizes fill the dimensions the request
    does not give (§8); an unusable id is a 404, an unreadable model a 422 on `file_id`.
    """
    given = {name: value for name, value in inputs.items() if value is not None}
    if file_id is not None:
        given = {**model_sizes(user, file_id), **given}
    tables = load_tables()
    return price(tables, resolve_request(tables, **given))


def model_sizes(user, file_id: int) -> dict[str, Decimal]:
    """Length >= width >= height of a usable model, in mm to the micron."""
    geometry = model_dimensions(usable_model_file(user, file_id))
    return {name: Decimal(str(round(getattr(geometry, name), 3))) for name in SIZE_FIELDS}
