"""Supplier clients against a local server speaking LCSC's, DigiKey's and Mouser's wire formats;
enrichment writes what they say onto the part, and never invents an answer."""

from decimal import Decimal

import pytest
from django.core.cache import caches

from config.errors import NotFound, Refused, Unavailable
from config.testing.fake_suppliers import DIGIKEY_TOKEN

from .. import suppliers
from ..services.enrichment import enrich_part
from ..suppliers.digikey import TOKEN_CACHE_KEY
from .factories import PartFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_token(settings):
    caches[settings.SHARED_CACHE].delete(TOKEN_CACHE_KEY)


def test_lcsc_answers_in_its_own_format(fake_suppliers):
    fake_suppliers.add_lcsc("C25804")
    found = suppliers.client_for("LCSC").part("c25804")
    assert (found.manufacturer_part_number, found.datasheet_url) == (
        "0603WAF1002T5E",
        "https://datasheet.lcsc.com/C25804.pdf",
    )
    assert found.price_breaks[0].quantity == 100 and found.price_breaks[0].unit_price == Decimal("0.0012")
    assert found.attributes == {"Resistance": "10kΩ"}


def test_digikey_signs_in_once_and_reads_the_product(fake_suppliers):
    fake_suppliers.add_digikey("311-10.0KHRCT-ND")
    client = suppliers.client_for("digikey")
    first, second = client.part("311-10.0KHRCT-ND"), client.part("311-10.0KHRCT-ND")
    assert first == second and first.manufacturer == "Yageo" and first.stock == 5000
    assert [b.unit_price for b in first.price_breaks] == [Decimal("0.1"), Decimal("0.021")]
    paths = [path for _, path, _, _ in fake_suppliers.requests]
    assert paths.count("/v1/oauth2/token") == 1  # the token is kept until it expires
    asked = [headers for _, path, headers, _ in fake_suppliers.requests if path.endswith("/productdetails")]
    assert asked[0]["authorization"] == f"Bearer {DIGIKEY_TOKEN}" and asked[0]["x-digikey-locale-currency"] == "USD"


def test_mouser_searches_by_part_number(fake_suppliers):
    fake_suppliers.add_mouser("595-LM358DR")
    found = suppliers.client_for("mouser").part("595-LM358DR")
    assert found.manufacturer_part_number == "LM358DR" and found.stock == 12345
    assert found.price_breaks[0].unit_price == Decimal("0.52")


@pytest.mark.parametrize("name", ["lcsc", "digikey", "mouser"])
def test_an_unknown_part_is_not_found(fake_suppliers, name):
    with pytest.raises(NotFound, match="has no part"):
        suppliers.client_for(name).part("NOPE-1")


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_or_broken_supplier_is_unavailable_not_a_made_up_answer(fake_suppliers, status):
    fake_suppliers.add_lcsc("C1")
    fake_suppliers.fail_next.append(status)
    with pytest.raises(Unavailable, match=f"busy or down \\({status}\\)"):
        suppliers.client_for("lcsc").part("C1")


def test_wrong_credentials_say_so(fake_suppliers, settings):
    settings.MOUSER_API_KEY = "wrong"
    with pytest.raises(Unavailable, match="Invalid unique identifier"):
        suppliers.client_for("mouser").part("595-LM358DR")
    settings.DIGIKEY_CLIENT_SECRET = "wrong"
    with pytest.raises(Unavailable, match="refused our credentials"):
        suppliers.client_for("digikey").part("X")


@pytest.mark.parametrize(
    "name, setting", [("lcsc", "LCSC_API_URL"), ("digikey", "DIGIKEY_CLIENT_ID"), ("mouser", "MOUSER_API_KEY")]
)
def test_an_unconfigured_supplier_names_its_setting(settings, name, setting):
    setattr(settings, setting, "")
    with pytest.raises(Unavailable, match=f"set {setting}"):
        suppliers.client_for(name).part("C1")
    assert not next(c for c in suppliers.capabilities() if c["name"] == name)["configured"]


def test_a_supplier_that_cannot_be_reached_is_unavailable(settings):
    settings.LCSC_API_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(Unavailable, match="could not be reached"):
        suppliers.client_for("lcsc").part("C1")


def test_enrichment_fills_what_is_empty_and_keeps_what_the_user_wrote(fake_suppliers):
    fake_suppliers.add_lcsc("C25804")
    part = PartFactory(
        part_number="C25804", supplier="LCSC", description="", image_url="", additional_properties={"bin": "A3"}
    )
    enrich_part(part)
    part.refresh_from_db()
    assert part.description.startswith("100mW Thick Film") and part.image_url.endswith("C25804.jpg")
    props = part.additional_properties
    assert props["bin"] == "A3" and props["datasheet_url"].endswith("C25804.pdf") and props["enriched_from"] == "LCSC"
    assert props["price_breaks"][1] == {"quantity": 1000, "unit_price": 0.0009, "currency": "USD"}
    kept = PartFactory(part_number="C25804", supplier="LCSC", description="My own words")
    enrich_part(kept)
    kept.refresh_from_db()
    assert kept.description == "My own words"


def test_a_part_with_an_unknown_supplier_is_refused_clearly():
    with pytest.raises(Refused, match="Unknown supplier 'Farnell'"):
        enrich_part(PartFactory(supplier="Farnell"))
