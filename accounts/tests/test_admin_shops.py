"""Staff see the retail shops and the phones linked to the Telegram bot in admin (issue 13, "Staff")."""

import pytest
from django.apps import apps
from django.contrib import admin

from accounts.models import Shop, TelegramLink
from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def make_shop(name, phone):
    return Shop.objects.create(owner=UserFactory(), name=name, phone=phone)


# Every model the shop API keeps, and where staff find it: its own admin, or an inline of its owner's.
SHOP_MODELS = [
    "accounts.Shop",
    "accounts.TelegramLink",
    "catalog.Product",
    "catalog.ProductPhoto",
    "orders.ShopOrder",
    "orders.ShopOrderItem",
    "orders.ShopOrderStatusChange",
    "orders.ShopOrderIssue",
    "orders.ShopOrderPhoto",
    "orders.ShopPayment",
    "orders.ProductionTask",
    "crm.ShopCustomer",
    "crm.ImportantDate",
    "crm.WebhookEndpoint",
    "crm.WebhookDelivery",
    "crm.WebhookAttempt",
    "inventory.WarehouseItem",
    "inventory.SupplyDelivery",
    "inventory.SupplyDeliveryLine",
    "inventory.ProductComponent",
]


@pytest.mark.parametrize("label", SHOP_MODELS)
def test_every_model_of_the_shop_is_in_admin(label):
    model = apps.get_model(label)
    inlined = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
    assert model in admin.site._registry or model in inlined, f"{label} has no admin"


def test_shops_list_with_their_telegram_chat_and_storefront(admin_client):
    linked = make_shop(name="Розы у дома", phone="+77011234567")
    make_shop(name="Тюльпаны", phone="+77019999999")
    TelegramLink.objects.create(phone=linked.phone, chat_id=4242)
    page = admin_client.get("/admin/accounts/shop/").content.decode()
    assert "Розы у дома" in page and "4242" in page and "not linked" in page
    assert f"/shop/{linked.pk}/" in page
    change = admin_client.get(f"/admin/accounts/shop/{linked.pk}/change/")
    assert change.status_code == 200 and "4242" in change.content.decode()
    assert admin_client.get("/admin/accounts/shop/add/").status_code == 403


def test_a_shop_is_renamed_but_its_sign_in_phone_stays(admin_client):
    shop = make_shop(name="Old", phone="+77011234567")
    response = admin_client.post(
        f"/admin/accounts/shop/{shop.pk}/change/", {"name": "Новое имя", "phone": "+77000000000"}
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert (shop.name, shop.phone) == ("Новое имя", "+77011234567")


def test_telegram_links_are_searchable_and_can_be_removed(admin_client):
    link = TelegramLink.objects.create(phone="+77011234567", chat_id=4242)
    TelegramLink.objects.create(phone="+77019999999", chat_id=5151)
    page = admin_client.get("/admin/accounts/telegramlink/?q=4567").content.decode()
    assert "4242" in page and "5151" not in page
    assert "5151" not in admin_client.get("/admin/accounts/telegramlink/?phone=%2B77011234567").content.decode()
    assert admin_client.get("/admin/accounts/telegramlink/add/").status_code == 403
    admin_client.post(f"/admin/accounts/telegramlink/{link.pk}/delete/", {"post": "yes"})
    assert not TelegramLink.objects.filter(pk=link.pk).exists()
