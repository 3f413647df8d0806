"""Receipts into orders against the fake Etsy: paging, incremental, idempotent, retried."""

from datetime import timedelta

import pytest
from django.utils import timezone

from printshop.etsy.client import EtsyTransientError
from printshop.etsy.sync import sync_shop
from printshop.models import EtsyShop, Order, OrderItem
from printshop.tasks import sync_etsy_shop_task, sync_etsy_shops_task

from .helpers import link_seller

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(fake_etsy):
    return link_seller(fake_etsy)[0]


def receipt_queries(fake_etsy):
    return [query for _, path, query in fake_etsy.calls if path.endswith("/receipts")]


def test_every_page_is_synced(fake_etsy, shop):
    receipts = [fake_etsy.add_receipt(shop.etsy_shop_id) for _ in range(205)]
    result = sync_shop(shop)
    assert (result.created, result.updated) == (205, 0)
    assert [q["offset"] for q in receipt_queries(fake_etsy)] == ["0", "100", "200"]
    assert "min_last_modified" not in receipt_queries(fake_etsy)[0]
    assert set(Order.objects.values_list("etsy_receipt_id", flat=True)) == {r["receipt_id"] for r in receipts}
    assert OrderItem.objects.count() == 410
    order = Order.objects.get(etsy_receipt_id=receipts[0]["receipt_id"])
    assert str(order.total_amount) == "42.480" and order.currency == "USD" and order.status == "paid"
    assert [item.title for item in order.items.all()][0] == "Custom Name Desk Plate - 3D Printed"


def test_running_again_duplicates_nothing(fake_etsy, shop):
    for _ in range(3):
        fake_etsy.add_receipt(shop.etsy_shop_id)
    sync_shop(shop)
    EtsyShop.objects.filter(pk=shop.pk).update(synced_until=None)  # even a full re-read
    shop.refresh_from_db()
    result = sync_shop(shop)
    assert (result.created, result.updated) == (0, 3)
    assert Order.objects.count() == 3 and OrderItem.objects.count() == 6


def test_sync_is_incremental_and_keeps_our_own_fields(fake_etsy, shop, settings):
    settings.ETSY_SYNC_OVERLAP_SECONDS = 0
    first = fake_etsy.add_receipt(shop.etsy_shop_id)
    sync_shop(shop)
    Order.objects.filter(etsy_receipt_id=first["receipt_id"]).update(production_status="in_progress", notes="mine")
    shop.refresh_from_db()
    cursor = int(shop.synced_until.timestamp())
    fake_etsy.change_receipt(shop.etsy_shop_id, first["receipt_id"], status="Completed", is_shipped=True)
    second = fake_etsy.add_receipt(shop.etsy_shop_id)
    fake_etsy.calls.clear()
    # within the same second as the cursor; put the changes after it, as a later change would be
    for receipt in fake_etsy.receipts[shop.etsy_shop_id]:
        if receipt["receipt_id"] in (first["receipt_id"], second["receipt_id"]):
            receipt["update_timestamp"] = receipt["updated_timestamp"] = cursor + 10
    result = sync_shop(shop)
    assert receipt_queries(fake_etsy)[0]["min_last_modified"] == str(cursor)
    assert (result.created, result.updated) == (1, 1)
    changed = Order.objects.get(etsy_receipt_id=first["receipt_id"])
    assert changed.status == "completed" and changed.is_shipped
    assert changed.production_status == "in_progress" and changed.notes == "mine"


def test_an_older_receipt_is_not_asked_for_again(fake_etsy, shop, settings):
    settings.ETSY_SYNC_OVERLAP_SECONDS = 0
    an_hour_ago = int(timezone.now().timestamp()) - 3600
    fake_etsy.add_receipt(shop.etsy_shop_id, update_timestamp=an_hour_ago, updated_timestamp=an_hour_ago)
    sync_shop(shop)
    fake_etsy.calls.clear()
    assert sync_shop(shop).updated == 0 and receipt_queries(fake_etsy)[0]["min_last_modified"]


def test_rate_limited_then_answered(fake_etsy, shop):
    fake_etsy.add_receipt(shop.etsy_shop_id)
    fake_etsy.fail_next.extend([429, 500])
    assert sync_shop(shop).created == 1


def test_etsy_failing_throughout_keeps_the_cursor_and_what_was_written(fake_etsy, shop):
    for _ in range(150):
        fake_etsy.add_receipt(shop.etsy_shop_id)
    real_handle = fake_etsy.handle

    def fail_second_page(method, path, query, form, headers):
        if path.endswith("/receipts") and query.get("offset") == "100":
            return 429, {"error": "Too many requests"}
        return real_handle(method, path, query, form, headers)

    fake_etsy.handle = fail_second_page
    with pytest.raises(EtsyTransientError):
        sync_shop(shop)
    shop.refresh_from_db()
    assert shop.synced_until is None and "429" in shop.last_sync_error
    assert Order.objects.count() == 100
    fake_etsy.handle = real_handle
    assert sync_shop(shop).created == 50
    shop.refresh_from_db()
    assert shop.synced_until and shop.last_sync_error == ""


def test_token_refused_mid_life_is_refreshed_once(fake_etsy, shop):
    fake_etsy.add_receipt(shop.etsy_shop_id)
    fake_etsy.expire_tokens()  # our clock still thinks the token is good
    assert sync_shop(shop).created == 1
    assert any(form.get("grant_type") == "refresh_token" for _, path, form in fake_etsy.calls if "oauth" in path)


def test_token_expiring_soon_is_refreshed_before_syncing(fake_etsy, shop):
    EtsyShop.objects.filter(pk=shop.pk).update(token_expires_at=timezone.now() + timedelta(seconds=30))
    shop.refresh_from_db()
    fake_etsy.add_receipt(shop.etsy_shop_id)
    assert sync_shop(shop).created == 1
    receipts = f"/v3/application/shops/{shop.etsy_shop_id}/receipts"
    assert fake_etsy.paths_called()[-2:] == ["/v3/public/oauth/token", receipts]


def test_unreadable_receipt_is_reported_and_the_cursor_waits(fake_etsy, shop):
    fake_etsy.add_receipt(shop.etsy_shop_id)
    fake_etsy.add_receipt(shop.etsy_shop_id, grandtotal={"amount": 1, "divisor": 0, "currency_code": "USD"})
    result = sync_shop(shop)
    assert result.created == 1 and len(result.unreadable) == 1
    shop.refresh_from_db()
    assert shop.synced_until is None and "Unreadable amount" in shop.last_sync_error


def test_task_retries_while_etsy_is_down_then_syncs(fake_etsy, shop, settings):
    fake_etsy.add_receipt(shop.etsy_shop_id)
    fake_etsy.fail_next.extend([503] * (len(settings.ETSY_RETRY_BACKOFF) + 1))  # outlasts the client's tries
    # eagerly, a retry runs at once (Celery's apply()); a worker would wait the back-off first
    assert sync_etsy_shop_task.apply(args=[shop.pk], throw=False).get() == 1
    assert Order.objects.count() == 1


def test_task_leaves_a_shop_that_needs_a_new_sign_in(fake_etsy, shop):
    EtsyShop.objects.filter(pk=shop.pk).update(needs_relink=True)
    fake_etsy.add_receipt(shop.etsy_shop_id)
    assert sync_etsy_shop_task.delay(shop.pk).get() is None
    assert Order.objects.count() == 0


def test_beat_task_syncs_every_linked_shop(fake_etsy, shop):
    other, _ = link_seller(fake_etsy, shop_name="Other")
    fake_etsy.add_receipt(shop.etsy_shop_id)
    fake_etsy.add_receipt(other.etsy_shop_id)
    assert sync_etsy_shops_task.delay().get() == 2
    assert Order.objects.count() == 2 and Order.objects.filter(shop=other).count() == 1
