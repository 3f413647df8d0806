"""Staff read Etsy shops and orders in admin; tokens never appear there."""

import pytest

from .factories import CommunicationFactory, EtsyShopFactory, OrderFactory, OrderItemFactory, OrderNoteFactory

pytestmark = pytest.mark.django_db


def test_shop_pages_never_show_the_tokens(admin_client):
    shop = EtsyShopFactory(shop_name="LayerLab")
    for url in ("/admin/printshop/etsyshop/", f"/admin/printshop/etsyshop/{shop.pk}/change/"):
        page = admin_client.get(url).content.decode()
        assert "LayerLab" in page
        for secret in (shop.access_token, shop.refresh_token, shop.access_token_encrypted):
            assert secret not in page


def test_order_pages_show_items_notes_and_messages(admin_client):
    order = OrderFactory(buyer_name="Jordan Sample")
    OrderItemFactory(order=order, title="Desk plate")
    OrderNoteFactory(order=order, content="Printed fine")
    CommunicationFactory(order=order, message="When does it ship?")
    assert admin_client.get("/admin/printshop/order/", {"q": "Jordan"}).status_code == 200
    page = admin_client.get(f"/admin/printshop/order/{order.pk}/change/").content.decode()
    assert "Desk plate" in page and "Printed fine" in page and "When does it ship?" in page
