import pytest

from crm.models import SyncItem
from crm.tests.factories import CallRequestFactory, SyncItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["callrequest", "syncitem", "bitrixevent", "customer"])
def test_changelists_load_with_search(admin_client, model):
    CallRequestFactory()
    SyncItemFactory(status="failed", error_message="insufficient_scope")
    assert admin_client.get(f"/admin/crm/{model}/", {"q": "1"}).status_code == 200


def test_requeue_action_replays_failed_items(admin_client):
    failed = SyncItemFactory(status="failed", attempts=5, error_message="gave up")
    done = SyncItemFactory(status="completed")
    admin_client.post("/admin/crm/syncitem/", {"action": "requeue", "_selected_action": [failed.pk, done.pk]})
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error_message) == ("pending", 0, "")
    assert SyncItem.objects.get(pk=done.pk).status == "completed"


def test_call_request_status_actions(admin_client):
    call_request = CallRequestFactory()
    admin_client.post("/admin/crm/callrequest/", {"action": "mark_contacted", "_selected_action": [call_request.pk]})
    call_request.refresh_from_db()
    assert call_request.status == "contacted"


def test_the_customer_list_says_what_it_holds(admin_client):
    page = admin_client.get("/admin/crm/customer/").content.decode()
    note = page[page.index('id="what-it-holds"') :]
    assert note.index("Customer records of the product configurator") < note.index("</p>")
    assert '<a href="/admin/accounts/user/">Users</a>' in note and '<a href="/admin/crm/shopcustomer/">' in note
    assert "<h2>Customer records" not in page  # a note under the buttons, not a subtitle they cover
