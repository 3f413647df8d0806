from decimal import Decimal

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


def test_the_change_page_shows_money_tables_and_links(admin_client):
    order = OrderFactory(
        total_price=Decimal("531.08"),
        price_details={"total_price": 531.080000000000, "mat_price": "68.3500", "k_otk": 1},
        calculation_inputs={"length": "40.0", "material_id": "alum_D16"},
    )
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "₽531.08" in page and "531.080000" not in page and "₽68.35" in page  # English money (catalog/money.py)
    assert "<th>Length, mm</th><td>40</td>" in page and "<th>Material</th><td>Aluminium D16 (alum_D16)</td>" in page
    assert "<th>Total</th><td>₽531.08</td>" in page and "<th>Material, per part</th><td>₽68.35</td>" in page
    assert "<th>Inspection factor</th><td>1</td>" in page  # factors by name, not k_otk
    assert reverse("admin:files_modelfile_change", args=[order.file_id]) in page
    assert reverse("admin:accounts_user_change", args=[order.user_id]) in page


def test_staff_choose_the_service_from_the_catalogue(admin_client):
    order = OrderFactory()
    url = f"/admin/orders/order/{order.pk}/change/"
    form = {
        "user": order.user_id,
        "file": order.file_id,
        "service_id": "bogus-service",
        "quantity": 1,
        "status": "pending",
        "special_instructions": "",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    order.refresh_from_db()
    assert order.service_id != "bogus-service"
    assert admin_client.post(url, {**form, "service_id": "cnc-lathe"}).status_code == 302
    order.refresh_from_db()
    assert order.service_id == "cnc-lathe"


def test_orders_are_found_by_model_name_and_customer_name(admin_client):
    order = OrderFactory(user__full_name="Zelda Customer", file__original_filename="gearbox-housing.step")
    other = OrderFactory()
    for query in (order.file.original_filename, "Zelda"):
        page = admin_client.get("/admin/orders/order/", {"q": query}).content.decode()
        assert f"/admin/orders/order/{order.pk}/change/" in page
        assert f"/admin/orders/order/{other.pk}/change/" not in page


def test_a_status_chosen_in_the_form_goes_through_the_service_and_into_the_history(admin_client, admin_user):
    order = OrderFactory()
    form = {
        "user": order.user_id,
        "file": order.file_id,
        "service_id": order.service_id,
        "quantity": 1,
        "status": "processing",
        "special_instructions": "",
    }
    with announced(order_status_changed) as heard:
        assert admin_client.post(f"/admin/orders/order/{order.pk}/change/", form).status_code == 302
    assert len(heard) == 1
    step = order.status_changes.get()
    assert (step.status, step.changed_by) == ("processing", admin_user)
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert 'class="status-history"' in page and "Processing (" in page


def test_the_change_page_reads_in_russian_for_russian_staff(admin_client):
    order = OrderFactory(price_details={"total_price": 2416, "k_complexity": "0.7500"}, calculation_inputs={})
    admin_client.cookies["django_language"] = "ru"
    page = admin_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    assert "<th>Итого</th><td>2\xa0416,00\xa0₽</td>" in page
    assert "<th>Коэффициент сложности</th><td>0,75</td>" in page
    assert "Заказ → модель → клиент" in page and "Расчёт цены" in page
