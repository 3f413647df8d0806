"""Issue 14, "Language": pages in Russian (the default) or English, chosen by the language switch or
the browser; the APIs always English; one money format, with the currency, in each language."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from catalog.money import format_money
from config.testing.clients import client_for
from configurator.tests.factories import ManufacturingTypeFactory
from files.tests.factories import ModelFileFactory
from orders import services as order_services
from orders.views import lead_time_text

pytestmark = pytest.mark.django_db
PO_FILE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def browser(language=None):
    return Client(headers={"Accept-Language": language}) if language else Client()


# Choosing the language


def test_pages_are_russian_without_a_preference():
    html = page(browser(), "/")
    assert '<html lang="ru">' in html and "Одна мастерская" in html and "Войти" in html
    assert "One workshop" not in html


def test_pages_follow_the_browser_language():
    assert "One workshop, every way in" in page(browser("en-GB,en;q=0.9"), "/")
    assert "Одна мастерская" in page(browser("ru-RU,ru;q=0.9,en;q=0.8"), "/")
    assert "Одна мастерская" in page(browser("de-DE"), "/")  # a language we do not speak: the default


def test_the_switch_sets_the_cookie_and_the_page_renders_in_the_other_language():
    client = browser("en")
    assert 'name="language" value="ru"' in page(client, "/")
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/accounts/login/?next=/x"})
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/x"  # back to the page
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    html = page(client, "/accounts/login/")  # the cookie outweighs the browser's English
    assert "<h1>Войти</h1>" in html and 'name="language" value="en"' in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "<h1>Log in</h1>" in page(client, "/accounts/login/")


def test_the_switch_keeps_the_current_page_and_never_leaves_the_site():
    html = page(browser("en"), "/accounts/login/?next=/mfg/models/")
    assert 'name="next" value="/accounts/login/?next=/mfg/models/"' in html
    response = browser("en").post(reverse("set_language"), {"language": "ru", "next": "https://evil.example/"})
    assert response.status_code == 302 and response["Location"] == "/"


# Russian pages


@pytest.fixture
def russian(user):
    client = browser("ru")
    client.force_login(user)
    return client


def test_a_russian_customer_reads_menus_forms_and_messages_in_russian(russian):
    html = page(russian, reverse("crm:call-request"))
    assert "Заказать обратный звонок" in html and "Мои заказы" in html and "Удобное время для звонка" in html
    response = russian.post(reverse("crm:call-request"), {"name": "Ира", "phone": "+79990001122"})
    assert "Пожалуйста, дайте согласие на звонок." in response.content.decode()
    response = russian.post(
        reverse("crm:call-request"), {"name": "Ира", "phone": "+79990001122", "agreement": "on"}, follow=True
    )
    assert "Спасибо! Мы вам перезвоним." in response.content.decode()


def test_django_s_own_validation_messages_are_russian_too():
    response = browser("ru").post(reverse("accounts:signup"), {"username": "ira"})
    assert response.status_code == 200 and "Обязательное поле." in response.content.decode()


def test_an_order_page_in_russian_shows_russian_labels_and_money(russian, user):
    order = order_services.place_order(
        user,
        file_id=ModelFileFactory(owner=user).pk,
        service_id="cnc-milling",
        material_id="alum_D16",
        material_form="sheet",
        quantity=3,
    )
    html = page(russian, reverse("orders:detail", args=[order.pk]))
    assert f"Заказ №{order.pk}" in html and "Цена за деталь" in html and "Ожидает" in html
    assert format_ru(order.total_price) in html and "₽" in html
    listing = page(russian, reverse("orders:mine"))
    assert "Заказы на производство" in listing and format_ru(order.total_price) in listing
    pdf = russian.get(reverse("orders:quotation", args=[order.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    russian.post(reverse("orders:cancel", args=[order.pk]))
    refused = russian.post(reverse("orders:cancel", args=[order.pk]), follow=True).content.decode()
    assert f"Заказ №{order.pk} в статусе «отменён», его уже нельзя отменить." in refused  # a service's refusal


def test_configurator_prices_carry_the_currency_in_both_languages(russian, user):
    ManufacturingTypeFactory(name="Casement Window", base_price=Decimal("1234.5"))
    assert 'От <span class="price">1\xa0234,50\xa0₽</span>' in page(russian, reverse("configurator:types"))
    english = browser("en")
    english.force_login(user)
    assert 'From <span class="price">₽1,234.50</span>' in page(english, reverse("configurator:types"))


def test_live_prices_come_formatted_in_the_page_s_language(russian, user):
    model = ModelFileFactory(owner=user)
    quote = {"service_id": "cnc-milling", "quantity": "2", "file_id": model.pk}
    body = russian.post(reverse("orders:quote-price"), quote).json()
    assert body["total_price_text"] == format_ru(body["total_price"])  # the number stays a number
    assert body["manufacturing_cycle_text"].startswith("готово через ")
    product = ManufacturingTypeFactory(base_price=Decimal("1200"), base_weight=Decimal("15.5"))
    body = russian.post(reverse("configurator:price-new", args=[product.pk]), {"name": "Окно"}).json()
    assert (body["total_price_text"], body["calculated_weight_text"]) == ("1\xa0200,00\xa0₽", "15,50")
    english = browser("en")
    english.force_login(user)
    body = english.post(reverse("configurator:price-new", args=[product.pk]), {"name": "Window"}).json()
    assert (body["total_price_text"], body["calculated_weight_text"]) == ("₽1,200.00", "15.50")


@pytest.mark.parametrize(
    ("language", "days", "expected"),
    [
        ("ru", 1, "готово через 1 день"),
        ("ru", 3, "готово через 3 дня"),
        ("ru", Decimal("5"), "готово через 5 дней"),
        ("ru", 21, "готово через 21 день"),
        ("ru", Decimal("2.5"), "готово через 2,5 дня"),
        ("en", 1, "ready in 1 day"),
        ("en", Decimal("2.5"), "ready in 2.5 days"),
        ("en", None, ""),
    ],
)
def test_lead_times_read_naturally(language, days, expected):
    with translation.override(language):
        assert lead_time_text(days) == expected


def format_ru(amount) -> str:
    whole, cents = f"{Decimal(amount):.2f}".split(".")
    return f"{int(whole):,}".replace(",", "\xa0") + f",{cents}\xa0₽"


def test_the_admin_works_in_either_language(staff):
    for language, lang in (("ru", 'lang="ru"'), ("en", 'lang="en"')):
        client = browser(language)
        client.force_login(staff)
        response = client.get("/admin/")
        assert response.status_code == 200 and lang in response.content.decode()


# The APIs stay English


def test_api_errors_stay_english_whatever_the_client_asks(user):
    response = client_for().get("/api/mfg/profile", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 401
    body = response.content.decode()
    assert "Authentication credentials were not provided." in body and "Учетные" not in body
    assert response["Content-Language"] == "en" and "Accept-Language" not in response.get("Vary", "")


def test_api_validation_messages_stay_english():
    response = client_for().post("/api/mfg/register", {"email": "not-an-address"}, HTTP_ACCEPT_LANGUAGE="ru")
    body = response.content.decode()
    assert response.status_code == 422 and "This field is required." in body and "valid email" in body
    assert "Обязательное" not in body


def test_the_api_docs_stay_english():
    response = Client(headers={"Accept-Language": "ru"}).get("/api/schema")
    assert response.status_code == 200 and response["Content-Language"] == "en"


# One money format


@pytest.mark.parametrize(
    ("language", "value", "currency", "expected"),
    [
        ("ru", Decimal("1234.5"), "RUB", "1\xa0234,50\xa0₽"),
        ("en", Decimal("1234.5"), "RUB", "₽1,234.50"),
        ("ru", 531.080000000000, "RUB", "531,08\xa0₽"),
        ("en", "68.3500", "RUB", "₽68.35"),
        ("ru", Decimal("-1234567.891"), "RUB", "-1\xa0234\xa0567,89\xa0₽"),
        ("en", Decimal("-1234567.891"), "RUB", "-₽1,234,567.89"),
        ("en", 0, "USD", "$0.00"),
        ("ru", 12, "eur", "12,00\xa0€"),
        ("ru", 1000, "CHF", "1\xa0000,00\xa0CHF"),
        ("en", 1000, "CHF", "CHF\xa01,000.00"),
        ("ru", 27000, "KZT", "27\xa0000\xa0₸"),  # tenge are whole (shop spec "Currency")
        ("en", 27000, "kzt", "₸27,000"),
        ("en", None, "RUB", "—"),
    ],
)
def test_money_in_each_language(language, value, currency, expected):
    with translation.override(language):
        assert format_money(value, currency) == expected


def test_the_money_filter_defaults_to_roubles():
    template = Template('{% load money %}{{ amount|money }} {{ amount|money:"USD" }}')
    with translation.override("ru"):
        assert template.render(Context({"amount": Decimal("2500")})) == "2\xa0500,00\xa0₽ 2\xa0500,00\xa0$"
    with translation.override("en"):
        assert template.render(Context({"amount": Decimal("2500")})) == "₽2,500.00 $2,500.00"


# The catalogue of translations


def po_entries() -> list[dict]:
    """Every entry of the Russian catalogue but its header: {"msgid": ..., "msgstr": ...} and the like."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if match := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            entries.append({key: value.replace('\\"', '"') for key, value in fields.items()})
    return entries


def compiled_translation(entry: dict) -> str:
    """What the compiled catalogue gives for `entry` (five of a plural; in its context, if any)."""
    if "msgctxt" in entry:
        if "msgid_plural" in entry:
            return translation.npgettext(entry["msgctxt"], entry["msgid"], entry["msgid_plural"], 5)
        return translation.pgettext(entry["msgctxt"], entry["msgid"])
    if "msgid_plural" in entry:
        return translation.ngettext(entry["msgid"], entry["msgid_plural"], 5)
    return translation.gettext(entry["msgid"])


def test_every_string_has_a_russian_translation_and_the_catalogue_is_compiled():
    entries = po_entries()
    assert len(entries) > 150
    assert [e["msgid"] for e in entries if not all(v for k, v in e.items() if k.startswith("msgstr"))] == []
    assert not re.search(r"^#,.*\bfuzzy\b", PO_FILE.read_text(encoding="utf-8"), re.MULTILINE)  # compile skips them
    with translation.override("ru"):
        compiled = {(e.get("msgctxt"), e["msgid"]): compiled_translation(e) for e in entries}
    expected = {(e.get("msgctxt"), e["msgid"]): e.get("msgstr[2]", e.get("msgstr")) for e in entries}
    assert compiled == expected, "run `manage.py compilemessages` after editing the .po"
