"""The daily reminder of customers' important dates (issue 13): Telegram to the shop, and a webhook."""

import datetime

import pytest

from accounts.models import TelegramLink
from catalog.tests.shop_factories import shop_for, shop_owner
from crm import shop_customers, tasks
from crm.models import ImportantDate, ShopCustomer, WebhookDelivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 12)


@pytest.fixture
def shop():
    return shop_for(shop_owner())


@pytest.fixture
def maria(shop):
    return ShopCustomer.objects.create(shop=shop, phone="+77017654321", name="Мария")


def birthday(customer, date=datetime.date(1990, 5, 15), reminder_days=3):
    return ImportantDate.objects.create(
        customer=customer, date_type="birthday", date=date, description="День рождения", reminder_days=reminder_days
    )


@pytest.mark.parametrize(
    ("date", "today", "expected"),
    [
        ((1990, 5, 15), (2026, 5, 12), (2026, 5, 15)),
        ((1990, 5, 15), (2026, 5, 16), (2027, 5, 15)),
        ((1990, 1, 2), (2026, 12, 31), (2027, 1, 2)),
        ((1992, 2, 29), (2026, 2, 1), (2026, 2, 28)),
    ],
)
def test_next_occurrence(date, today, expected):
    assert shop_customers.next_occurrence(datetime.date(*date), datetime.date(*today)) == datetime.date(*expected)


def test_the_linked_shop_owner_is_told_once_per_occurrence(shop, maria, fake_telegram):
    TelegramLink.objects.create(phone=shop.phone, chat_id=4242)
    birthday(maria)
    assert shop_customers.remind_important_dates(TODAY) == 1
    assert fake_telegram.messages_to(4242) == [
        "Reminder: День рождения of Мария (+77017654321) is in 3 days, 15.05.2026."
    ]
    assert shop_customers.remind_important_dates(TODAY + datetime.timedelta(days=1)) == 0
    assert len(fake_telegram.messages_to(4242)) == 1


def test_dates_further_than_their_reminder_days_wait(shop, maria, fake_telegram):
    TelegramLink.objects.create(phone=shop.phone, chat_id=4242)
    birthday(maria, reminder_days=2)
    assert shop_customers.remind_important_dates(TODAY) == 0
    assert shop_customers.remind_important_dates(TODAY + datetime.timedelta(days=1)) == 1
    assert fake_telegram.messages_to(4242) == [
        "Reminder: День рождения of Мария (+77017654321) is in 2 days, 15.05.2026."
    ]


def test_the_webhook_is_queued_with_the_date(shop, maria, django_capture_on_commit_callbacks, webhook_receiver):
    WebhookEndpoint.objects.create(shop=shop, url=webhook_receiver.url)
    date = birthday(maria)
    with django_capture_on_commit_callbacks(execute=True):
        assert shop_customers.remind_important_dates(TODAY) == 1  # no Telegram link: the webhook still goes
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "customer.important_date" and delivery.status == "delivered"
    assert delivery.payload["data"] == {
        "customer_id": maria.pk,
        "phone": "+77017654321",
        "name": "Мария",
        "email": "",
        "important_date_id": date.pk,
        "date_type": "birthday",
        "date": "2026-05-15",
        "description": "День рождения",
        "days_left": 3,
    }


def test_telegram_down_retries_tomorrow_without_a_second_webhook(shop, maria, fake_telegram):
    TelegramLink.objects.create(phone=shop.phone, chat_id=4242)
    WebhookEndpoint.objects.create(shop=shop, url="http://127.0.0.1:9/")
    date = birthday(maria)
    fake_telegram.fail_next = [(502, "Bad Gateway")]
    assert shop_customers.remind_important_dates(TODAY) == 0
    date.refresh_from_db()
    assert date.last_reminded_for is None
    assert shop_customers.remind_important_dates(TODAY + datetime.timedelta(days=1)) == 1
    refused, sent = fake_telegram.messages_to(4242)  # the fake keeps the refused call too
    assert sent == "Reminder: День рождения of Мария (+77017654321) is in 2 days, 15.05.2026."
    assert WebhookDelivery.objects.count() == 1


def test_the_beat_task_uses_the_shops_day(shop, maria, fake_telegram, time_machine):
    TelegramLink.objects.create(phone=shop.phone, chat_id=4242)
    birthday(maria, reminder_days=0)
    time_machine.move_to(datetime.datetime(2026, 5, 14, 20, 0, tzinfo=datetime.UTC))  # 15 May, 01:00 in Almaty
    assert tasks.remind_important_dates_task.delay().get() == 1
    assert fake_telegram.messages_to(4242) == ["Reminder: День рождения of Мария (+77017654321) is today, 15.05.2026."]
