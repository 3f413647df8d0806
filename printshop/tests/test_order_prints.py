"""Issue 12: an Etsy order's lines become print jobs, and the printer finishing them completes the order."""

import pytest

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import PRINTSHOP

from ..api.etsy_views import OrderScheduleView
from ..choices import PrintStatus, ProductionStatus
from ..models import Order, ScheduledPrint
from ..services import queue
from .etsy.factories import EtsyShopFactory, OrderFactory, OrderItemFactory
from .printer_events import event, hear
from .test_api_printers import add_printer

pytestmark = pytest.mark.django_db

ORDERS = "/api/printshop/orders"


@pytest.fixture
def seller():
    owner = UserFactory()
    order = OrderFactory(shop=EtsyShopFactory(user=owner))
    OrderItemFactory(order=order, title="Planter", quantity=2)
    OrderItemFactory(order=order, title="Saucer")
    return owner, order, add_printer(owner), client_for(owner)


def schedule(client, order, printer, **options):
    body = {"printer_id": printer.pk, "material_type": "PLA", "estimated_duration_minutes": 90, **options}
    return client.post(f"{ORDERS}/{order.pk}/schedule", body, format="json")


@hand_tested(OrderScheduleView, why="one job per order line, ownership of the order and the printer")
class TestSchedulingAnOrder:
    def test_each_line_becomes_a_queued_job_and_the_order_goes_into_production(
        self, seller, django_assert_max_num_queries
    ):
        owner, order, printer, client = seller
        with django_assert_max_num_queries(20):
            answer = schedule(client, order, printer, priority=2)
        assert answer.status_code == 201, answer.content
        body = answer.json()
        assert body["order_id"] == order.pk and body["production_status"] == ProductionStatus.IN_PROGRESS
        jobs = body["scheduled_prints"]
        assert [job["job_name"] for job in jobs] == [
            f"Planter × 2 (order {order.etsy_receipt_id})",
            f"Saucer (order {order.etsy_receipt_id})",
        ]
        assert {job["order_id"] for job in jobs} == {order.pk}
        assert all(job["status"] == "queued" and job["priority"] == 2 for job in jobs)
        assert jobs[1]["scheduled_start"] > jobs[0]["scheduled_start"]  # one after the other, with changeover
        with django_assert_max_num_queries(3):  # identity, COUNT, the page with each job's order line
            listed = client.get("/api/printshop/bambu/scheduled-prints").json()
        assert {job["order_item_id"] for job in listed["scheduled_prints"]} == set(
            order.items.values_list("pk", flat=True)
        )
        with django_assert_max_num_queries(4):  # identity, the printer, the running job, those waiting
            in_queue = client.get(f"/api/printshop/bambu/scheduled-prints/{printer.pk}/queue").json()
        assert [job["order_id"] for job in in_queue] == [order.pk, order.pk]

    def test_scheduling_again_adds_only_lines_without_a_live_job(self, seller):
        owner, order, printer, client = seller
        first = schedule(client, order, printer).json()["scheduled_prints"]
        PRINTSHOP.assert_error(schedule(client, order, printer), 409)
        assert ScheduledPrint.objects.count() == 2
        queue.cancel(ScheduledPrint.objects.get(pk=first[1]["id"]))
        again = schedule(client, order, printer).json()["scheduled_prints"]
        assert [job["job_name"] for job in again] == [first[1]["job_name"]]

    def test_another_sellers_order_or_printer_is_not_found_and_nothing_is_queued(self, seller):
        owner, order, printer, client = seller
        stranger = client_for(UserFactory())
        someone_elses_printer = add_printer(UserFactory(), serial="01P00A999999999")
        PRINTSHOP.assert_error(schedule(stranger, order, someone_elses_printer), 404)
        PRINTSHOP.assert_error(schedule(client, order, someone_elses_printer), 404)
        assert not ScheduledPrint.objects.exists()
        assert Order.objects.get(pk=order.pk).production_status == ProductionStatus.PENDING

    def test_bad_options_are_refused_in_the_dialect(self, seller):
        owner, order, printer, client = seller
        PRINTSHOP.assert_error(schedule(client, order, printer, priority=0), 400)
        PRINTSHOP.assert_error(client.post(f"{ORDERS}/{order.pk}/schedule", {}, format="json"), 400)
        assert not ScheduledPrint.objects.exists()


def test_the_printer_finishing_every_line_completes_the_order(seller):
    owner, order, printer, client = seller
    schedule(client, order, printer)
    first, second = ScheduledPrint.objects.order_by("scheduled_start", "id")
    hear(printer, event(printer, "print_start", job_name=first.job_name))
    hear(printer, event(printer, "print_complete", job_name=first.job_name))
    assert Order.objects.get(pk=order.pk).production_status == ProductionStatus.IN_PROGRESS
    second = queue.move(ScheduledPrint.objects.get(pk=second.pk), PrintStatus.SCHEDULED)  # no PLA loaded: by hand
    queue.move(second, PrintStatus.STARTED)
    hear(printer, event(printer, "print_complete", job_name=second.job_name))
    assert ScheduledPrint.objects.filter(status=PrintStatus.COMPLETED).count() == 2
    assert Order.objects.get(pk=order.pk).production_status == ProductionStatus.COMPLETED
