"""An immutable snapshot of every calculator table, read in a fixed number of queries and cached.

The calculator and the list endpoints read the snapshot, never the ORM, so a price costs the
same few queries (none when cached) whatever the size of the tables. Any save or delete of a
catalog row drops the cache (catalog/signals.py); the timeout bounds staleness should a write
bypass signals (e.g. `QuerySet.update`).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from uuid import uuid4

from django.core.cache import cache

from . import models
from .choices import CoefficientKind
from .models import display_name

CACHE_KEY = "catalog:pricing-tables:v3"
GENERATION_KEY = "catalog:pricing-tables:generation"
CACHE_SECONDS = 300


@dataclass(frozen=True)
class TranslatedRow:
    """A row customers read by name: its name in each page language (catalog/models.py TranslatedName)."""

    name_ru: str = field(default="", kw_only=True)
    name_en: str = field(default="", kw_only=True)

    @property
    def display_name(self) -> str:
        return display_name(self)


@dataclass(frozen=True)
class LocationRow:
    id: str
    name: str
    price_of_hour: Decimal
    additional_salary: Decimal
    insurance: Decimal
    overhead: Decimal
    administrative: Decimal
    profit_material: Decimal
    profit_other: Decimal
    shipping_cost: Decimal
    machines: dict[str, tuple[str, ...]] = field(default_factory=dict)  # service id -> machine names


@dataclass(frozen=True)
class ServiceRow(TranslatedRow):
    id: str
    name: str
    description: str
    formula: str
    location_id: str | None
    default_material_id: str | None
    default_form: str
    default_certificates: tuple[str, ...]


@dataclass(frozen=True)
class FormRow:
    form: str
    price_per_kg: Decimal
    processes: frozenset[str]


@dataclass(frozen=True)
class MaterialRow(TranslatedRow):
    id: str
    name: str
    family: str
    density: Decimal
    k_handle: Decimal
    processes: frozenset[str]
    forms: dict[str, FormRow]

    def forms_for(self, service_id: str) -> list[FormRow]:
        """The forms this material can be ordered in for a service (both levels must allow it)."""
        if service_id not in self.processes:
            return []
        return [form for form in self.forms.values() if service_id in form.processes]


@dataclass(frozen=True)
class CoefficientRow(TranslatedRow):
    code: str
    name: str
    value: Decimal
    cycle_days: Decimal
    is_default: bool


@dataclass(frozen=True)
class Bracket:
    start: int
    multiplier: Decimal
    cycle_days: int = 0


@dataclass(frozen=True)
class PaintTypeRow(TranslatedRow):
    code: str
    name: str
    base_price: Decimal
    k_type: Decimal
    k_prepare: Decimal
    is_default: bool


@dataclass(frozen=True)
class Rules:
    material_markup: Decimal
    default_length: Decimal
    default_width: Decimal
    default_height: Decimal
    printing_reserve_mm: Decimal
    printing_litres_per_hour: Decimal
    printing_setup_hours: Decimal
    paint_preparation_price: Decimal
    buying_material_days: Decimal
    developing_technology_days: Decimal
    developing_program_days: Decimal
    preparing_material_days: Decimal
    finishing_days: Decimal

    @property
    def preparation_days(self) -> Decimal:
        return (
            self.buying_material_days
            + self.developing_technology_days
            + self.developing_program_days
            + self.preparing_material_days
        )


RULE_FIELDS = tuple(Rules.__dataclass_fields__)


@dataclass(frozen=True)
class PricingTables:
    services: dict[str, ServiceRow]
    locations: dict[str, LocationRow]
    materials: dict[str, MaterialRow]
    coefficients: dict[str, dict[str, CoefficientRow]]  # kind -> code -> row
    quantity_discounts: tuple[Bracket, ...]  # ascending by start
    complexity_levels: tuple[Bracket, ...]
    paint_types: dict[str, PaintTypeRow]
    family_k_clean: dict[str, Decimal | None]
    rules: Rules

    def service_name(self, service_id: str) -> str:
        """A service's name in the page language; the id itself once the service is gone."""
        service = self.services.get(service_id)
        return service.display_name if service else service_id

    def material_name(self, material_id: str) -> str:
        material = self.materials.get(material_id)
        return material.display_name if material else material_id

    def table(self, kind: str) -> dict[str, CoefficientRow]:
        return self.coefficients.get(kind, {})

    def default_codes(self, kind: str) -> list[str]:
        return [code for code, row in self.table(kind).items() if row.is_default]


def _pairs(through, left: str, right: str) -> dict:
    grouped = defaultdict(set)
    for a, b in through.objects.values_list(left, right):
        grouped[a].add(b)
    return grouped


def read_tables() -> PricingTables:
    """Read every table from the database (14 queries, whatever the row counts)."""
    machines = defaultdict(lambda: defaultdict(list))
    for location_id, service_id, name in models.Machine.objects.values_list("location_id", "service_id", "name"):
        machines[location_id][service_id].append(name)
    locations = {
        row.id: LocationRow(
            id=row.id,
            name=row.name,
            price_of_hour=row.price_of_hour,
            additional_salary=row.additional_salary,
            insurance=row.insurance,
            overhead=row.overhead,
            administrative=row.administrative,
            profit_material=row.profit_material,
            profit_other=row.profit_other,
            shipping_cost=row.shipping_cost,
            machines={service: tuple(names) for service, names in machines[row.id].items()},
        )
        for row in models.Location.objects.all()
    }
    certificates = defaultdict(list)
    for service_id, code in models.Service.default_certificates.through.objects.order_by(
        "coefficient__code"
    ).values_list("service_id", "coefficient__code"):
        certificates[service_id].append(code)
    services = {
        row.id: ServiceRow(
            id=row.id,
            name=row.name,
            description=row.description,
            formula=row.formula,
            location_id=row.location_id,
            default_material_id=row.default_material_id,
            default_form=row.default_form,
            default_certificates=tuple(certificates[row.id]),
            name_ru=row.name_ru,
            name_en=row.name_en,
        )
        for row in models.Service.objects.all()
    }
    material_processes = _pairs(models.Material.processes.through, "material_id", "service_id")
    form_processes = _pairs(models.MaterialForm.processes.through, "materialform_id", "service_id")
    forms = defaultdict(dict)
    for row in models.MaterialForm.objects.all():
        forms[row.material_id][row.form] = FormRow(row.form, row.price_per_kg, frozenset(form_processes[row.pk]))
    materials = {
        row.id: MaterialRow(
            id=row.id,
            name=row.name,
            family=row.family_id,
            density=row.density,
            k_handle=row.k_handle,
            processes=frozenset(material_processes[row.id]),
            forms=forms[row.id],
            name_ru=row.name_ru,
            name_en=row.name_en,
        )
        for row in models.Material.objects.all()
    }
    coefficients = defaultdict(dict)
    for row in models.Coefficient.objects.all():
        coefficients[row.kind][row.code] = CoefficientRow(
            row.code, row.name, row.value, row.cycle_days, row.is_default, name_ru=row.name_ru, name_en=row.name_en
        )
    rules_row = models.PricingRules.objects.order_by("pk").first() or models.PricingRules()
    return PricingTables(
        services=services,
        locations=locations,
        materials=materials,
        coefficients={kind: coefficients[kind] for kind in CoefficientKind.values},
        quantity_discounts=tuple(
            Bracket(row.min_quantity, row.multiplier, row.cycle_days) for row in models.QuantityDiscount.objects.all()
        ),
        complexity_levels=tuple(
            Bracket(row.min_dimensions, row.multiplier) for row in models.ComplexityLevel.objects.all()
        ),
        paint_types={
            row.code: PaintTypeRow(
                row.code,
                row.name,
                row.base_price,
                row.k_type,
                row.k_prepare,
                row.is_default,
                name_ru=row.name_ru,
                name_en=row.name_en,
            )
            for row in models.PaintType.objects.all()
        },
        family_k_clean=dict(models.MaterialFamily.objects.values_list("code", "paint_k_clean")),
        rules=Rules(**{name: getattr(rules_row, name) for name in RULE_FIELDS}),
    )


def load_tables() -> PricingTables:
    """The current tables, from the cache when they are there."""
    tables = cache.get(CACHE_KEY)
    if tables is None:
        tables = read_tables()
        cache.set(CACHE_KEY, tables, CACHE_SECONDS)
    return tables


def forget_tables() -> None:
    cache.delete_many([CACHE_KEY, GENERATION_KEY])


def tables_generation() -> str:
    """A name for the tables as they are now; a change to any of them gives a new one."""
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid4().hex, None)
        generation = cache.get(GENERATION_KEY)
    return generation


def cached_answer(name: str, build):
    """An answer built from the tables once per generation of them (the catalogue lists, issue 10):
    serializing every row on every request cost most of a request's time."""
    key = f"catalog:answer:{tables_generation()}:{name}"
    answer = cache.get(key)
    if answer is None:
        answer = build()
        cache.set(key, answer, CACHE_SECONDS)
    return answer
