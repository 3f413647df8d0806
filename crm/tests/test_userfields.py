"""Our `UF_CRM_*` user fields are created on the portal before the first write (reference §3.5)."""

import pytest
from django.core.cache import cache

from accounts.tests.factories import UserFactory
from crm import sync
from crm.choices import SyncStatus
from crm.models import SyncItem

pytestmark = pytest.mark.django_db

OURS = {"deal": ["UF_CRM_MODEL_FILE"], "contact": ["UF_CRM_APP_USER_ID", "UF_CRM_APP_IS_ADMIN"]}


@pytest.fixture
def new_portal(bitrix):
    """A portal that has never seen us: none of our fields, nothing checked yet."""
    cache.clear()
    for fields in bitrix.userfields.values():
        fields.clear()
    return bitrix


def field_names(portal) -> dict[str, list[str]]:
    return {entity: [f["FIELD_NAME"] for f in fields] for entity, fields in portal.userfields.items() if fields}


def queue_contact():
    sync.enqueue("contact", UserFactory().pk)


def test_the_first_drain_adds_our_fields_without_the_prefix_bitrix_adds(new_portal):
    queue_contact()
    assert sync.drain().successful == 1
    assert field_names(new_portal) == OURS
    sent = [params["cmd"] for method, params in new_portal.calls if method == "batch"][1]
    assert "fields%5BFIELD_NAME%5D=MODEL_FILE" in sent["deal:UF_CRM_MODEL_FILE"]
    deal_field = new_portal.userfields["deal"][0]
    assert (deal_field["USER_TYPE_ID"], deal_field["XML_ID"]) == ("disk_file", "UF_CRM_MODEL_FILE")
    assert {f["USER_TYPE_ID"] for f in new_portal.userfields["contact"]} == {"string"}


def test_the_portal_is_asked_once_a_day_not_every_drain(new_portal):
    queue_contact()
    sync.drain()
    asked = new_portal.methods_called().count("crm.contact.fields")
    queue_contact()
    sync.drain()
    assert asked == 1 and new_portal.methods_called().count("crm.contact.fields") == 1


def test_fields_the_portal_has_are_not_added_again(new_portal):
    new_portal.userfields["contact"].append({"FIELD_NAME": "UF_CRM_APP_USER_ID", "USER_TYPE_ID": "integer"})
    queue_contact()
    sync.drain()
    added = [params["fields"]["FIELD_NAME"] for method, params in new_portal.calls if method.endswith("userfield.add")]
    assert sorted(added) == ["APP_IS_ADMIN", "MODEL_FILE"]


def test_an_idle_drain_does_not_call_the_portal(new_portal):
    sync.drain()
    assert new_portal.requests == 0


def test_a_refused_field_is_logged_and_asked_for_again_while_the_sync_goes_on(new_portal, settings, caplog):
    settings.BITRIX_DEAL_FILE_FIELD = "UF_CRM_A_NAME_FAR_TOO_LONG"
    queue_contact()
    assert sync.drain().successful == 1
    assert field_names(new_portal) == {"contact": OURS["contact"]}
    assert "refused user field deal:UF_CRM_A_NAME_FAR_TOO_LONG" in caplog.text
    queue_contact()
    sync.drain()
    assert new_portal.methods_called().count("crm.deal.fields") == 2


def test_a_portal_that_fails_the_check_does_not_hold_up_the_queue(new_portal, caplog):
    new_portal.fail_next.append((503, "INTERNAL_SERVER_ERROR"))
    queue_contact()
    assert sync.drain().successful == 1
    assert "user fields not checked" in caplog.text
    assert SyncItem.objects.get().status == SyncStatus.COMPLETED
    assert field_names(new_portal) == {}
