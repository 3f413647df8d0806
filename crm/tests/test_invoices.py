"""Invoices: Bitrix24 generates them on the deal; the CRM fetches them onto the order (reference §7)."""

import pytest
from django.core.files.base import ContentFile

from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import MFG
from crm.api import mfg_views as views
from crm.tasks import fetch_missing_invoices_task
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def refresh_url(order):
    return f"/api/mfg/orders/{order.pk}/invoice/refresh"


@hand_tested(
    views.OrderInvoiceRefreshView,
    why="an action on the caller's order that answers 503 while Bitrix24 is off, not a resource",
)
class TestInvoiceRefresh:
    def test_refresh_pulls_the_invoice_from_bitrix(self, bitrix, user, django_capture_on_commit_callbacks):
        order = OrderFactory(user=user, bitrix_deal_id=900)
        bitrix.add_invoice(deal_id=900, title="Contract")
        invoice = bitrix.add_invoice(deal_id=900, title="Invoice #12")
        client = client_for(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(refresh_url(order))
        assert response.json() == {"message": "Invoice refresh initiated"}
        order.refresh_from_db()
        assert order.invoice_url == invoice["pdfUrlMachine"]
        assert order.invoice_file.name.endswith(f"invoice_order_{order.pk}_deal_900.pdf")
        assert b"".join(client.get(f"/api/mfg/orders/{order.pk}/invoice").streaming_content).startswith(b"%PDF")

    def test_a_newer_invoice_replaces_the_one_kept(self, bitrix, user, django_capture_on_commit_callbacks):
        order = OrderFactory(user=user, bitrix_deal_id=903)
        order.invoice_file.save("older.pdf", ContentFile(b"%PDF-old"))
        older = order.invoice_file.name
        bitrix.add_invoice(deal_id=903)
        with django_capture_on_commit_callbacks(execute=True):
            client_for(user).post(refresh_url(order))
        order.refresh_from_db()
        assert order.invoice_file.name != older and not order.invoice_file.storage.exists(older)

    def test_refresh_says_when_bitrix_is_off(self, user):
        order = OrderFactory(user=user)
        body = MFG.assert_error(client_for(user).post(refresh_url(order)), 503)
        assert "off" in body["message"]

    def test_another_users_order_is_404(self, user):
        MFG.assert_error(client_for(user).post(refresh_url(OrderFactory(bitrix_deal_id=78))), 404)

    def test_anonymous(self):
        MFG.assert_error(client_for().post(refresh_url(OrderFactory())), 401)


def test_missing_invoices_are_fetched_by_the_beat_task(bitrix):
    with_invoice, without = OrderFactory(bitrix_deal_id=901), OrderFactory(bitrix_deal_id=902)
    OrderFactory(status="completed")  # listed as missing an invoice, but Bitrix24 has no deal to ask about
    bitrix.add_invoice(deal_id=901)
    assert fetch_missing_invoices_task() == 1
    with_invoice.refresh_from_db()
    without.refresh_from_db()
    assert with_invoice.invoice_file and not without.invoice_file
    asked = [params["filter"]["entityId"] for method, params in bitrix.calls if method.endswith("document.list")]
    assert sorted(int(deal_id) for deal_id in asked) == [901, 902]
