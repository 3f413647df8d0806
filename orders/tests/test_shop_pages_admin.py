"""The customer's tracking page for shop orders, and the shop order admin."""

import pytest

from catalog.tests.shop_factories import ProductFactory
from config.testing.signals import announced
from orders import shop as services
from orders.choices import ShopOrderStatus
from orders.signals import shop_order_status_changed
from orders.tests.shop_factories import ProductionTaskFactory, ShopOrderFactory

pytestmark = pytest.mark.django_db
S = ShopOrderStatus


class TestTrackingPage:
    def test_the_page_shows_the_timeline_and_window_without_names_or_phones(self, client):
        order = ShopOrderFactory(delivery_from="2024-12-26T08:00:00Z", delivery_to="2024-12-26T10:00:00Z")
        services.change_status(order, S.PAID)
        page = client.get(f"/track/{order.tracking_token}/")
        assert page.status_code == 200
        html = page.content.decode()
        steps = [(step["status"], step["done"]) for step in page.context["steps"]]
        assert steps == [
            ("new", True),
            ("paid", True),
            ("assembled", False),
            ("delivery", False),
            ("delivered", False),
            ("completed", False),
        ]
        assert 'id="delivery-window">26 Dec 2024, 13:00 – 15:00' in html  # Asia/Almaty, UTC+5 since March 2024
        assert "г. Алматы, пр. ***** 89" in html
        for secret in (order.recipient_name, order.customer_phone, order.recipient_phone, "Достык"):
            assert secret not in html

    def test_a_pickup_order_shows_the_pickup_step_and_an_issue_is_flagged(self, client):
        order = ShopOrderFactory(delivery_method="self_pickup", address="")
        services.report_issue(order, issue_type="quality_issue", comment="wilted")
        page = client.get(f"/track/{order.tracking_token}/")
        statuses = [step["status"] for step in page.context["steps"]]
        assert "self_pickup" in statuses and "delivery" not in statuses and statuses[-1] == "issue"
        assert 'id="order-issue"' in page.content.decode() and "wilted" not in page.content.decode()

    def test_an_unknown_token_is_404(self, client):
        assert client.get("/track/nope/").status_code == 404


class TestAdmin:
    def test_changelists_and_change_pages(self, admin_client):
        order = ShopOrderFactory()
        task = ProductionTaskFactory(order=order, shop=order.shop)
        product = ProductFactory()
        for url in (
            "/admin/orders/shoporder/",
            f"/admin/orders/shoporder/{order.pk}/change/",
            "/admin/orders/shoppayment/",
            "/admin/orders/productiontask/",
            f"/admin/orders/productiontask/{task.pk}/change/",
            "/admin/catalog/product/",
            f"/admin/catalog/product/{product.pk}/change/",
        ):
            assert admin_client.get(url).status_code == 200, url
        assert order.tracking_token in admin_client.get(f"/admin/orders/shoporder/{order.pk}/change/").content.decode()

    def test_status_actions_go_through_the_service_and_its_table(self, admin_client):
        fresh = ShopOrderFactory()
        done = ShopOrderFactory(status=S.COMPLETED)
        with announced(shop_order_status_changed) as sent:
            response = admin_client.post(
                "/admin/orders/shoporder/",
                {"action": "move_to_paid", "_selected_action": [fresh.pk, done.pk]},
                follow=True,
            )
        fresh.refresh_from_db()
        done.refresh_from_db()
        assert (fresh.status, done.status) == (S.PAID, S.COMPLETED)
        assert [(kwargs["old_status"], kwargs["new_status"]) for kwargs in sent] == [("new", "paid")]
        text = response.content.decode()
        assert "1 order(s) moved to paid" in text and f"#{done.pk}" in text

    def test_staff_correct_delivery_details_but_not_status_or_amounts(self, admin_client):
        order = ShopOrderFactory(recipient_name="Old", delivery_method="delivery")
        assert admin_client.get("/admin/orders/shoporder/add/").status_code == 403
        form = {
            "recipient_phone": order.recipient_phone,
            "recipient_name": "Айгуль",
            "address": "ул. Абая 10",
            "delivery_method": "delivery",
            "status": "completed",
            "total": 1,
        }
        inlines = {
            f"{prefix}-{key}": value
            for prefix in ("items", "status_changes", "issues", "payments", "photos")
            for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        }
        response = admin_client.post(f"/admin/orders/shoporder/{order.pk}/change/", {**form, **inlines})
        assert response.status_code == 302, response.content.decode()[:2000]
        order.refresh_from_db()
        assert (order.recipient_name, order.address, order.status, order.total) == (
            "Айгуль",
            "ул. Абая 10",
            "new",
            27000,
        )

    def test_staff_report_an_issue_with_its_type_and_the_order_moves_through_the_service(self, admin_client):
        order = ShopOrderFactory(status=S.ASSEMBLED)
        form = {
            "recipient_phone": order.recipient_phone,
            "recipient_name": order.recipient_name,
            "address": order.address,
            "delivery_method": order.delivery_method,
        }
        inlines = {
            f"{prefix}-{key}": value
            for prefix in ("items", "status_changes", "issues", "payments", "photos")
            for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()
        }
        issue = {"issues-TOTAL_FORMS": 1, "issues-0-issue_type": "wrong_address", "issues-0-comment": "Дом снесён"}
        with announced(shop_order_status_changed) as sent:
            response = admin_client.post(f"/admin/orders/shoporder/{order.pk}/change/", {**form, **inlines, **issue})
        assert response.status_code == 302, response.content.decode()[:2000]
        order.refresh_from_db()
        assert order.status == S.ISSUE
        assert list(order.issues.values_list("issue_type", "comment")) == [("wrong_address", "Дом снесён")]
        assert [(kwargs["old_status"], kwargs["new_status"]) for kwargs in sent] == [("assembled", "issue")]
        actions = admin_client.get("/admin/orders/shoporder/").content.decode()
        assert "move_to_paid" in actions and "move_to_issue" not in actions
