"""Issue 14: the home page's cards lead somewhere that works, and know whether you are signed in."""

import re

import pytest

pytestmark = pytest.mark.django_db


def card_links(client) -> list[str]:
    page = client.get("/").content.decode()
    cards = page[page.index('class="cards"') :]
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', cards)]


def test_signed_out_cards_lead_to_sign_in_and_then_to_the_page(client):
    links = card_links(client)
    assert any(link.startswith("/accounts/login/?next=/mfg/models/") for link in links)
    for link in links:
        assert client.get(link).status_code == 200, link


def test_signed_in_cards_lead_straight_to_the_pages(client, user):
    client.force_login(user)
    links = card_links(client)
    assert "/mfg/models/" in links and not any("login" in link for link in links)
    assert "/accounts/orders/" in links  # the one My orders, manufacturing and configured products
    for link in links:
        assert client.get(link).status_code == 200, link
