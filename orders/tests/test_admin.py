import pytest

from crm.models import SyncItem
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_changelist_and_change_page(admin_client):
    order = OrderFactory(special_instructions="needle")
    assert b"needle" not in admin_client.get("/admin/orders/order/", {"q": "nothing-matches"}).content
    assert admin_client.get("/admin/orders/order/", {"q": order.user.username}).status_code == 200
    assert admin_client.get(f"/admin/orders/order/{order.pk}/change/").status_code == 200


def test_mark_status_action_goes_through_the_service(admin_client):
    order = OrderFactory()
    admin_client.post("/admin/orders/order/", {"action": "mark_completed", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == "completed"
    assert SyncItem.objects.filter(entity_type="deal", entity_id=order.pk).exists()
