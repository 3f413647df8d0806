"""The part search reads a page tier by tier (`services.search.BestFirst`): whatever the page, the
rows are those of one ranking over every match, here worked out in Python and compared."""

import random

import pytest

from .. import services
from ..models import Part
from ..services import search

pytestmark = pytest.mark.django_db

WORDS = ["led", "LED", "Led driver", "resistor", "res", "capacitor", "cap", "diode", "zener"]
SUPPLIERS = ["LCSC", "DigiKey", "Mouser", ""]
TERMS = ["led", "res", "LCSC", "cap", "ZENER", "c10", "1%", "a_b", "e", "nothing here"]


@pytest.fixture
def parts():
    rng = random.Random(7)
    rows = [
        Part(
            part_name=f"{rng.choice(WORDS)} {n}{rng.choice(['', ' 1%', ' a_b', 'x'])}",
            part_number=rng.choice([f"C{10 + n}", "LED", "res", f"R-{n}"]),
            description=rng.choice(["", "zener diode", "cap 1% tolerance", "red led", f"lot {n}"]),
            supplier=rng.choice(SUPPLIERS),
        )
        for n in range(90)
    ]
    rows += [Part(part_name="led"), Part(part_name="LED strip"), Part(part_name="Resistor res")]
    return Part.objects.bulk_create(rows)


def expected_order(parts, term: str) -> list[str]:
    """Exact name or number, then names starting with the term, then the rest; by name ignoring case."""
    key = term.upper()

    def rank(part):
        if key in (part.part_name.upper(), part.part_number.upper()):
            return 0
        return 1 if part.part_name.upper().startswith(key) else 2

    fields = ("part_name", "part_number", "description", "supplier")
    found = [part for part in parts if any(key in getattr(part, field).upper() for field in fields)]
    return [part.part_name for part in sorted(found, key=lambda p: (rank(p), p.part_name.upper(), p.part_name))]


def read_pages(found, page_size: int) -> list[str]:
    names = []
    for start in range(0, found.count() + page_size, page_size):
        names += [part.part_name for part in found[start : start + page_size]]
    return names


@pytest.mark.parametrize("probed_names", [3, 40, 2_000], ids=["probe-finds", "probe-mixed", "probe-short"])
@pytest.mark.parametrize("page_size", [1, 4, 25, 100])
def test_every_page_is_a_window_on_one_ranking(parts, monkeypatch, probed_names, page_size):
    monkeypatch.setattr(search, "PROBED_NAMES", probed_names)
    for term in TERMS:
        found = services.search_parts(Part.objects.all(), search_term=term)
        expected = expected_order(parts, term)
        assert found.count() == len(expected), term
        assert read_pages(found, page_size) == expected, term


def test_a_window_in_the_middle_skips_whole_tiers(parts, monkeypatch):
    monkeypatch.setattr(search, "PROBED_PAGE", 0)  # the rest read sorted, from an offset
    expected = expected_order(parts, "led")
    found = services.search_parts(Part.objects.all(), search_term="led")
    for start in range(len(expected)):
        assert [part.part_name for part in found[start : start + 3]] == expected[start : start + 3], start


def test_filters_and_shapes_apply_to_every_tier(parts):
    lcsc = [part for part in parts if part.supplier == "LCSC"]
    found = services.search_parts(Part.objects.all(), search_term="res", supplier="lcsc")
    assert found.count() == len(expected_order(lcsc, "res"))
    assert list(found.values_list("part_name", flat=True)[:100]) == expected_order(lcsc, "res")


def test_suggestions_rank_names_only(parts):
    names = [part for part in parts if "LED" in part.part_name.upper()]
    expected = [name for name in expected_order(names, "led") if "LED" in name.upper()]
    assert services.suggest_part_names("led", 100) == expected
    assert services.suggest_part_names("led", 2) == expected[:2]


def test_a_match_never_runs_from_one_field_into_the_next():
    Part.objects.create(part_name="alpha", part_number="beta")
    assert services.search_parts(Part.objects.all(), search_term="alphabeta").count() == 0
    assert services.search_parts(Part.objects.all(), search_term="pha").count() == 1
