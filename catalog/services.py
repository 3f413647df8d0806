"""Pricing operations: the one entry point views and orders use to price a request."""

from decimal import Decimal

from files.models import ModelFile
from files.services import model_dimensions, usable_model_file

from .calculator import price, resolve_request
from .choices import PricingFormula
from .tables import load_tables

SIZE_FIELDS = ("length", "width", "height")


def calculate_price(user, *, file_id: int | None = None, model_file: ModelFile | None = None, **inputs) -> dict:
    """The quote for one request (reference §5-6), or a 4xx error naming what is wrong.

    `inputs` are the request fields of the spec's POST /calculate-price; absent ones take the
    defaults of reference §3. With `file_id` (the user's own model or a demo model; anonymous
    callers get demo models only) the model's measured sizes fill the dimensions the request
    does not give (§8); an unusable id is a 404, an unreadable model a 422 on `file_id`. A caller
    that has already found the model passes it as `model_file`. What `user` may lower (multipliers,
    sizes below the model's) is the engine's rule: docs/calculator.md 18.
    """
    given = {name: value for name, value in inputs.items() if value is not None}
    tables = load_tables()
    if model_file is None and file_id is not None:
        model_file = usable_model_file(user, file_id)
    measured = None
    if model_file is not None:
        service = tables.services.get(str(given.get("service_id", "")))
        turned = service is not None and service.formula == PricingFormula.LATHE
        measured = model_sizes(model_file, turned=turned)
    is_staff = bool(getattr(user, "is_staff", False))
    return price(tables, resolve_request(tables, is_staff=is_staff, measured=measured, **given))


def model_sizes(model_file: ModelFile, *, turned: bool = False) -> dict[str, Decimal]:
    """Length >= width >= height of a model, in mm to the micron.

    Priced for turning, a lathe-friendly model is measured as turned (docs/calculator.md, 17): its
    length along the axis and its diameter as width and height, so a disc is not priced as a rod
    as long as its diameter.
    """
    geometry = model_dimensions(model_file)
    sizes = (geometry.length, geometry.width, geometry.height)
    if turned and geometry.turning:
        diameter, length = geometry.turning
        sizes = (length, diameter, diameter)
    return {name: Decimal(str(round(value, 3))) for name, value in zip(SIZE_FIELDS, sizes, strict=True)}
