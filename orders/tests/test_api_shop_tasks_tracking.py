"""Production tasks (spec "Production") and public tracking (spec "Tracking")."""

import pytest

from catalog.tests.shop_factories import ShopFactory, shop_for
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import SHOP
from config.testing.endpoints import BadPayloadCase, ListCase
from orders import shop as services
from orders.api import shop_views
from orders.models import ProductionTask
from orders.tests.shop_factories import ProductionTaskFactory, ShopOrderFactory

TASKS = "/api/shop/production/tasks"


class TestTaskEndpoints(ListCase, BadPayloadCase):
    expect = SHOP
    list_url = TASKS
    views = (shop_views.TaskListCreateView,)
    max_list_queries = 4
    bad_fields = ("task_type", "priority")

    def caller(self):
        return ShopFactory().owner

    def make(self, owner):
        return ProductionTaskFactory(shop=shop_for(owner))

    def bad_payload(self, caller):
        return {"task_type": "funeral", "priority": "asap"}


@pytest.fixture
def owner(db):
    return ShopFactory().owner


@pytest.mark.django_db
class TestTasks:
    def test_a_task_for_an_own_order_is_pending(self, owner):
        order = ShopOrderFactory(shop=owner.shop)
        body = {
            "order_id": order.pk,
            "task_type": "bouquet",
            "priority": "urgent",
            "deadline": "2024-12-26T14:00:00",
            "items": [{"product_name": "Букет роз", "quantity": 1, "special_requests": "Добавить открытку"}],
        }
        response = client_for(owner).post(TASKS, body, format="json")
        assert response.status_code == 201, response.content
        task = ProductionTask.objects.get()
        assert (task.shop, task.order, task.status, task.priority) == (owner.shop, order, "pending", "urgent")
        assert response.json()["items"] == body["items"] and response.json()["deadline"] == "2024-12-26T14:00:00Z"

    def test_another_shops_order_is_404_and_nothing_is_made(self, owner):
        theirs = ShopOrderFactory()
        response = client_for(owner).post(TASKS, {"order_id": theirs.pk, "task_type": "event"}, format="json")
        SHOP.assert_error(response, 404)
        assert not ProductionTask.objects.exists()

    @pytest.mark.parametrize(
        ("query", "expected"), [("status=pending", 2), ("task_type=wedding", 1), ("priority=high", 1)]
    )
    def test_filters(self, owner, query, expected):
        ProductionTaskFactory(shop=owner.shop, task_type="wedding", priority="high")
        ProductionTaskFactory(shop=owner.shop)
        ProductionTaskFactory(task_type="wedding", priority="high")  # another shop's
        assert len(SHOP.items(client_for(owner).get(f"{TASKS}?{query}"))) == expected


@hand_tested(shop_views.TrackingView, why="public by unguessable token: privacy of the answer is the test")
@pytest.mark.django_db
class TestTracking:
    def test_only_the_documented_fields_with_the_address_masked(self):
        order = ShopOrderFactory(
            status="delivery",
            address="г. Алматы, пр. Достык 89, кв. 45",
            delivery_from="2024-12-26T14:00:00Z",
            delivery_to="2024-12-26T16:00:00Z",
        )
        response = client_for().get(f"/api/shop/tracking/{order.tracking_token}")
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == {
            "status",
            "updated_at",
            "delivery_method",
            "delivery_window",
            "address",
            "photos",
            "tracking_token",
        }
        assert body["address"] == "г. Алматы, пр. ***** 89"
        assert body["delivery_window"] == {"from": "2024-12-26T14:00:00Z", "to": "2024-12-26T16:00:00Z"}
        text = response.content.decode()
        assert "кв" not in body["address"]
        for secret in (order.recipient_name, order.customer_phone, order.recipient_phone, "Достык"):
            assert secret not in text

    def test_an_unknown_token_is_404(self):
        ShopOrderFactory()
        SHOP.assert_error(client_for().get("/api/shop/tracking/not-a-real-token"), 404)

    def test_tokens_are_unguessable(self):
        tokens = {ShopOrderFactory().tracking_token for _ in range(5)}
        assert len(tokens) == 5 and all(len(token) >= 22 for token in tokens)

    @pytest.mark.parametrize(
        ("address", "masked"),
        [
            ("г. Алматы, пр. Достык 89, кв. 45", "г. Алматы, пр. ***** 89"),
            ("ул. Абая 10", "ул. ***** 10"),
            ("Сатпаева 22, офис 5", "***** 22"),
            ("пр. Аль-Фараби Нурлы Тау 77/7", "пр. ***** 77/7"),
            ("пр. Достык 89 кв. 45", "пр. ***** 89"),
            ("пр. Достык 89, кв45", "пр. ***** 89"),
            ("ул. Абая 10 Apt. 3, для Айгуль", "ул. ***** 10, *****"),
            ("", ""),
        ],
    )
    def test_masking(self, address, masked):
        assert services.mask_address(address) == masked
