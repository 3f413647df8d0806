import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from config.testing.signals import announced
from files.choices import PreviewStatus
from orders.signals import order_status_changed
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def test_changelist_and_change_page(admin_client):
    order = OrderFactory(special_instructions="needle")
    assert b"needle" not in admin_client.get("/admin/orders/order/", {"q": "nothing-matches"}).content
    assert admin_client.get("/admin/orders/order/", {"q": order.user.username}).status_code == 200
    assert admin_client.get(f"/admin/orders/order/{order.pk}/change/").status_code == 200


def test_mark_status_action_goes_through_the_service(admin_client):
    order = OrderFactory()
    with announced(order_status_changed) as sent:
        admin_client.post("/admin/orders/order/", {"action": "mark_completed", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == "completed"
    assert [announcement["order"].pk for announcement in sent] == [order.pk]


def test_the_model_preview_is_served_by_the_admin_not_by_media_url(admin_client):
    order = OrderFactory()
    order.file.preview.save("p.png", ContentFile(b"\x89PNG"), save=False)
    order.file.preview_status = PreviewStatus.READY
    order.file.save()
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    url = reverse("admin:files_modelfile_preview", args=[order.file_id])
    assert f'src="{url}"' in page
    assert admin_client.get(url).status_code == 200
