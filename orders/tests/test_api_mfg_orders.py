"""Orders of the manufacturing service API (spec "Orders")."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from catalog.services import calculate_price
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import MFG
from config.testing.endpoints import (
    BadPayloadCase,
    CreateCase,
    DetailCase,
    ListCase,
    OwnedCase,
    StaffOnlyCase,
    UpdateCase,
)
from config.testing.signals import announced
from files.tests.factories import DemoModelFileFactory, ModelFileFactory
from orders.api import views
from orders.models import Order
from orders.signals import order_placed, order_status_changed
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

ORDER_FIELDS = {"order_id", "user_id", "service_id", "file_id", "quantity", "status", "total_price", "created_at"}
REQUEST = {"service_id": "cnc-milling", "material_id": "alum_D16", "material_form": "sheet", "quantity": 2}


class TestPlaceOrder:
    def test_order_is_priced_by_the_calculator_from_the_model(self, user):
        model = ModelFileFactory(owner=user)
        payload = {**REQUEST, "file_id": model.pk, "special_instructions": "Handle with care"}
        response = client_for(user).post("/api/mfg/orders", payload, format="json")
        assert response.status_code == 200, response.content
        body = response.json()
        assert set(body) == ORDER_FIELDS
        expected = calculate_price(user, file_id=model.pk, **REQUEST)["total_price"]
        assert body["total_price"] == float(expected) > 0
        assert (body["user_id"], body["file_id"], body["quantity"], body["status"]) == (user.pk, model.pk, 2, "pending")
        order = Order.objects.get(pk=body["order_id"])
        assert order.special_instructions == "Handle with care"
        assert Decimal(order.calculation_inputs["length"]) == 30  # measured from the model
        assert Decimal(str(order.price_details["total_price"])) == Decimal(str(expected))

    def test_a_part_that_prices_at_zero_is_never_ordered(self, user):
        """Issue 14: painting one small part comes out at 0 ₽; it may be quoted, not ordered."""
        model = ModelFileFactory(owner=user)
        painting = {"service_id": "painting", "material_id": "alum_D16", "material_form": "sheet", "quantity": 1}
        assert calculate_price(user, file_id=model.pk, **painting)["total_price"] == 0
        response = client_for(user).post("/api/mfg/orders", {**painting, "file_id": model.pk}, format="json")
        assert "too small for the automatic price" in MFG.assert_error(response, 400)["message"]
        assert not Order.objects.exists()

    def test_a_customer_is_charged_in_full_whatever_they_lower(self, user):
        """docs/calculator.md 18: multipliers below their defaults and sizes under the model's do not count."""
        model = ModelFileFactory(owner=user)
        full = calculate_price(user, file_id=model.pk, **REQUEST, n_dimensions=60)
        lowered = {"k_complexity": 0.01, "k_otk": "0.01", "k_type": 0, "k_process": 0, "length": "0.001", "width": 1}
        payload = {**REQUEST, "n_dimensions": 60, **lowered, "file_id": model.pk}
        response = client_for(user).post("/api/mfg/orders", payload, format="json")
        # Two 30×20×10 parts: 1.01·17.09 + 5.1186635·1610.725·1.3584375 = 11217.25 each, 22434.50 in all.
        assert response.json()["total_price"] == float(full["total_price"]) == 22435
        order = Order.objects.get(pk=response.json()["order_id"])
        assert order.total_price == full["total_price"]
        assert {name: Decimal(str(order.calculation_inputs[name])) for name in ("k_complexity", "k_otk", "length")} == {
            "k_complexity": Decimal("1.25"),
            "k_otk": 1,
            "length": 30,
        }
        assert "k_type" not in order.calculation_inputs and order.price_details["k_type"] is None

    def test_staff_may_lower_the_price_of_an_order(self, staff):
        model = ModelFileFactory(owner=staff)
        full = calculate_price(staff, file_id=model.pk, **REQUEST)["total_price"]
        payload = {**REQUEST, "k_otk": "0.5", "height": 5, "file_id": model.pk}
        response = client_for(staff).post("/api/mfg/orders", payload, format="json")
        order = Order.objects.get(pk=response.json()["order_id"])
        assert order.total_price < full
        assert (Decimal(order.calculation_inputs["k_otk"]), Decimal(order.calculation_inputs["height"])) == (
            Decimal("0.5"),
            5,
        )

    def test_the_order_is_announced_once_placed(self, user):
        model = ModelFileFactory(owner=user)
        with announced(order_placed) as sent:
            response = client_for(user).post("/api/mfg/orders", {**REQUEST, "file_id": model.pk}, format="json")
        assert [announcement["order"].pk for announcement in sent] == [response.json()["order_id"]]

    def test_someone_elses_file_is_404_and_nothing_is_written(self, user):
        other_file = ModelFileFactory()
        with announced(order_placed) as sent:
            response = client_for(user).post("/api/mfg/orders", {**REQUEST, "file_id": other_file.pk}, format="json")
        MFG.assert_error(response, 404)
        assert not Order.objects.exists() and not sent

    def test_a_demo_file_cannot_be_ordered(self, user):
        response = client_for(user).post(
            "/api/mfg/orders", {**REQUEST, "file_id": DemoModelFileFactory().pk}, format="json"
        )
        MFG.assert_error(response, 404)

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"service_id": "welding"}, "service_id"),
            ({"quantity": 0}, "quantity"),
            ({"file_id": "abc"}, "file_id"),
            ({"material_id": "unobtainium"}, "material_id"),
            ({"length": "1e-999999999"}, "length"),
            ({"k_otk": "NaN"}, "k_otk"),
            ({"k_complexity": "Infinity"}, "k_complexity"),
            ({"height": 1e308}, "height"),
            ({"quantity": 100_001}, "quantity"),
        ],
    )
    def test_bad_input_is_422_naming_the_field(self, user, change, field):
        model = ModelFileFactory(owner=user)
        response = client_for(user).post("/api/mfg/orders", {**REQUEST, "file_id": model.pk, **change}, format="json")
        MFG.assert_error(response, 422, field)
        assert not Order.objects.exists()

    def test_file_id_is_required(self, user):
        MFG.assert_error(client_for(user).post("/api/mfg/orders", REQUEST, format="json"), 422, "file_id")

    def test_anonymous_cannot_order(self):
        MFG.assert_error(client_for().post("/api/mfg/orders", REQUEST, format="json"), 401)


class TestCustomerOrders(ListCase, DetailCase, OwnedCase, CreateCase, BadPayloadCase):
    expect = MFG
    list_url = "/api/mfg/orders"
    detail_url = "/api/mfg/orders/{pk}"
    id_field = "order_id"
    views = (views.OrderListCreateView, views.OrderDetailView)
    bad_fields = ("quantity", "material_form")

    def make(self, owner):
        return OrderFactory(user=owner)

    def create_payload(self, caller):
        return {**REQUEST, "file_id": ModelFileFactory(owner=caller).pk}

    def bad_payload(self, caller):
        return {**REQUEST, "file_id": ModelFileFactory(owner=caller).pk, "quantity": 0, "material_form": "cube"}

    def test_list_items_have_the_documented_fields(self, user):
        order = OrderFactory(user=user)
        (item,) = client_for(user).get(self.list_url).json()
        assert set(item) == ORDER_FIELDS and item["order_id"] == order.pk and item["total_price"] == 1500.0

    def test_detail_nests_the_file(self, user):
        order = OrderFactory(user=user)
        body = client_for(user).get(self.url(order)).json()
        assert set(body) == ORDER_FIELDS | {"file"}
        assert body["file"] == {
            "id": order.file.pk,
            "filename": order.file.filename,
            "original_filename": "box.stl",
        }

    def test_staff_see_only_their_own_orders_here(self, staff):
        OrderFactory()
        assert client_for(staff).get(self.list_url).json() == []


@hand_tested(views.OrderInvoiceView, why="answers the invoice file, not a JSON row")
class TestInvoices:
    def test_download(self, user):
        order = OrderFactory(user=user, bitrix_deal_id=77)
        order.invoice_file.save("x.pdf", ContentFile(b"%PDF-1"))
        response = client_for(user).get(f"/api/mfg/orders/{order.pk}/invoice")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert f'filename="invoice_order_{order.pk}.pdf"' in response["Content-Disposition"]
        assert b"".join(response.streaming_content) == b"%PDF-1"

    def test_a_docx_invoice_is_served_as_what_it_is(self, user):
        order = OrderFactory(user=user, bitrix_deal_id=77)
        order.invoice_file.save("x.docx", ContentFile(b"PK\x03\x04"))
        response = client_for(user).get(f"/api/mfg/orders/{order.pk}/invoice")
        assert f'filename="invoice_order_{order.pk}.docx"' in response["Content-Disposition"]
        assert response["Content-Type"] != "application/pdf"

    def test_an_invoice_lost_from_storage_is_404(self, user):
        order = OrderFactory(user=user, bitrix_deal_id=77)
        order.invoice_file.save("x.pdf", ContentFile(b"%PDF-1"))
        order.invoice_file.storage.delete(order.invoice_file.name)
        MFG.assert_error(client_for(user).get(f"/api/mfg/orders/{order.pk}/invoice"), 404)

    def test_no_invoice_yet_is_404(self, user):
        MFG.assert_error(client_for(user).get(f"/api/mfg/orders/{OrderFactory(user=user).pk}/invoice"), 404)

    def test_another_users_invoice_is_404(self, user):
        order = OrderFactory(bitrix_deal_id=78)
        MFG.assert_error(client_for(user).get(f"/api/mfg/orders/{order.pk}/invoice"), 404)

    def test_anonymous(self):
        order = OrderFactory()
        MFG.assert_error(client_for().get(f"/api/mfg/orders/{order.pk}/invoice"), 401)


class TestMissingInvoices(ListCase, StaffOnlyCase):
    expect = MFG
    list_url = "/api/mfg/orders/invoices/missing"
    views = (views.MissingInvoicesView,)

    def make(self, owner):
        return OrderFactory(user=owner, bitrix_deal_id=OrderFactory._meta.model.objects.count() + 1000)

    def test_lists_every_order_without_an_invoice_saying_whether_it_has_a_deal(self, staff):
        with_deal = self.make(staff)
        without_deal = OrderFactory(status="completed")  # the CRM is off, or has not seen it yet
        body = client_for(staff).get(self.list_url).json()
        assert body == [
            {
                "order_id": without_deal.pk,
                "user_id": without_deal.user_id,
                "status": "completed",
                "created_at": body[0]["created_at"],
                "has_deal": False,
            },
            {
                "order_id": with_deal.pk,
                "user_id": staff.pk,
                "status": "pending",
                "created_at": body[1]["created_at"],
                "has_deal": True,
            },
        ]

    def test_invoiced_and_cancelled_orders_are_not_listed(self, staff):
        wanted = OrderFactory(status="processing")
        OrderFactory(status="cancelled")
        OrderFactory(bitrix_deal_id=4242, invoice_file="invoices/invoice_order_1_deal_4242.pdf")
        assert [entry["order_id"] for entry in client_for(staff).get(self.list_url).json()] == [wanted.pk]


class TestAdminOrders(ListCase, DetailCase, StaffOnlyCase, UpdateCase):
    expect = MFG
    list_url = "/api/mfg/admin/orders"
    detail_url = "/api/mfg/admin/orders/{pk}"
    id_field = "order_id"
    views = (views.AdminOrderListView, views.AdminOrderDetailView)
    update_method = "put"
    update_payload = {"status": "processing"}

    def make(self, owner):
        return OrderFactory(user=owner)

    def test_staff_see_everyones_orders(self, staff):
        orders = [OrderFactory(), OrderFactory()]
        body = client_for(staff).get(self.list_url).json()
        assert {o["order_id"] for o in body} == {o.pk for o in orders} and all(set(o) == ORDER_FIELDS for o in body)
        detail = client_for(staff).get(self.url(orders[0])).json()
        assert detail["file"]["id"] == orders[0].file_id

    @pytest.mark.parametrize("status", ["processing", "completed", "cancelled"])
    def test_status_update_is_announced(self, staff, status):
        order = OrderFactory(bitrix_deal_id=55)
        with announced(order_status_changed) as sent:
            response = client_for(staff).put(self.url(order), {"status": status}, format="json")
        assert response.json() == {"message": "Order updated successfully"}
        order.refresh_from_db()
        assert order.status == status
        assert [(announcement["order"].pk, announcement["order"].status) for announcement in sent] == [
            (order.pk, status)
        ]

    def test_bad_status_is_422(self, staff):
        order = OrderFactory()
        MFG.assert_error(client_for(staff).put(self.url(order), {"status": "shipped"}, format="json"), 422, "status")
        order.refresh_from_db()
        assert order.status == "pending"

    def test_customers_cannot_change_status(self, user):
        order = OrderFactory(user=user)
        MFG.assert_error(client_for(user).put(self.url(order), {"status": "completed"}, format="json"), 403)

    def test_missing_order_is_404_on_update(self, staff):
        MFG.assert_error(client_for(staff).put(self.url(pk=424242), {"status": "completed"}, format="json"), 404)


def test_total_price_is_a_decimal_to_the_cent():
    assert Order._meta.get_field("total_price").decimal_places == 2
    assert isinstance(OrderFactory().total_price, Decimal)
