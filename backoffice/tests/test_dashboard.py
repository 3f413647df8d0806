"""Issue 14: the admin home says what needs staff today, and when Bitrix24 is off, in a few queries."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from accounts.tests.factories import AdminFactory
from crm.choices import CallRequestStatus, SyncStatus
from crm.tests.factories import CallRequestFactory, SyncItemFactory
from files.choices import PreviewStatus
from files.tests.factories import ModelFileFactory
from orders.choices import OrderStatus
from orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def card_values(page: str) -> dict[str, int]:
    found = re.findall(r'dashboard-value">(\d+)</span>\s*<span class="dashboard-title">([^<]+)</span>', page)
    return {title: int(value) for value, title in found}


@pytest.fixture
def signed_in(client):
    client.force_login(AdminFactory(is_superuser=True))
    return client


def test_the_home_counts_what_needs_staff(signed_in):
    OrderFactory.create_batch(2, status=OrderStatus.PENDING)
    OrderFactory(status=OrderStatus.COMPLETED)
    CallRequestFactory(status=CallRequestStatus.NEW)
    CallRequestFactory(status=CallRequestStatus.COMPLETED)
    ModelFileFactory(preview_status=PreviewStatus.FAILED)
    SyncItemFactory(status=SyncStatus.FAILED)
    values = card_values(signed_in.get(reverse("admin:index")).content.decode())
    assert values == {
        "New orders today": 3,
        "Orders pending": 2,
        "Quotes open": 0,
        "Call requests open": 1,
        "Previews failed": 1,
        "CRM queue": 0,
    }


def test_each_card_links_to_the_rows_it_counts(signed_in):
    OrderFactory(status=OrderStatus.PENDING)
    page = signed_in.get(reverse("admin:index")).content.decode()
    link = re.search(r'href="([^"]+)">\s*<span class="dashboard-value">1</span>\s*<span[^>]*>Orders pending', page)
    assert link and signed_in.get(link.group(1).replace("&amp;", "&")).status_code == 200
    assert "status=pending" in link.group(1)


def test_a_banner_says_bitrix24_is_off_and_how_much_waits(signed_in, settings):
    settings.BITRIX_WEBHOOK_URL = ""
    SyncItemFactory.create_batch(2, status=SyncStatus.PENDING)
    page = signed_in.get(reverse("admin:index")).content.decode()
    assert "Bitrix24 is not configured (set BITRIX_WEBHOOK_URL): 2 changes wait" in page
    settings.BITRIX_WEBHOOK_URL = "https://portal.example/rest/1/secret/"
    assert "dashboard-banner" not in signed_in.get(reverse("admin:index")).content.decode()


def test_the_home_costs_the_same_few_queries_however_much_there_is(signed_in, django_assert_max_num_queries):
    OrderFactory.create_batch(5)
    CallRequestFactory.create_batch(5)
    with django_assert_max_num_queries(14):  # session, user, 6 counts, the app list, recent actions
        signed_in.get(reverse("admin:index"))


def test_staff_see_only_the_cards_of_rows_they_may_view(client):
    clerk = AdminFactory()
    clerk.user_permissions.add(Permission.objects.get(codename="view_callrequest"))
    client.force_login(clerk)
    assert set(card_values(client.get(reverse("admin:index")).content.decode())) == {"Call requests open"}


def test_staff_read_the_dashboard_in_russian(signed_in, settings):
    settings.BITRIX_WEBHOOK_URL = ""
    SyncItemFactory.create_batch(2, status=SyncStatus.PENDING)
    OrderFactory(status=OrderStatus.PENDING)
    signed_in.cookies["django_language"] = "ru"
    page = signed_in.get(reverse("admin:index")).content.decode()
    assert card_values(page)["Заказы ждут"] == 1 and "Очередь CRM" in page
    assert "Битрикс24 не настроен (задайте BITRIX_WEBHOOK_URL): 2 изменения ждут в очереди CRM" in page
    assert "Orders pending" not in page
