"""Notifications of a printer's events and of spools running low: written with the event, sent after
commit by email and webhooks (signed JSON, Slack, Discord), retried while the receiver is down,
failures shown to staff and replayed from admin."""

import json
from datetime import timedelta

import pytest
import requests
import time_machine
from django.core import mail

from accounts.tests.factories import UserFactory
from config.outbound import inside_private_network
from config.testing.clients import client_for

from ..choices import NotificationEvent
from ..models import Filament, NotificationAttempt, NotificationDelivery, ScheduledPrint
from ..services import delivery as sender
from ..services import notifications
from ..services.filaments import update_filament
from .conftest import SignedReceiver
from .printer_events import NOW, event, hear
from .test_api_printers import add_printer

pytestmark = pytest.mark.django_db

PRINT_EVENTS = ("print_start", "print_complete", "print_failed", "material_change")


@pytest.fixture
def printer():
    return add_printer(UserFactory(email="maker@example.com"), name="X1C by the door")


def want(printer, **changes):
    """The printer's settings: email and `url` on unless told otherwise, every switch as given."""
    return notifications.update_settings(notifications.settings_for(printer), **{"email_enabled": True, **changes})


def posted(receiver) -> list[dict]:
    return [json.loads(body) for _, body in receiver.received]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_event_is_emailed_to_the_owner_and_posted_signed_after_commit(printer, signed_receiver):
    want(printer, webhook_url=signed_receiver.url)
    hear(printer, *(event(printer, kind) for kind in PRINT_EVENTS), event(printer, "printer_offline"))

    bodies = posted(signed_receiver)
    assert [body["event"] for body in bodies] == list(PRINT_EVENTS)  # online/offline have no switch
    for headers, _ in signed_receiver.received:
        assert headers["X-Webhook-Signature"].startswith("sha256=")  # the receiver answered 200: it matched
        assert headers["X-Webhook-Event"] in PRINT_EVENTS
    complete = bodies[1]
    assert complete["printer"] == {"id": printer.pk, "name": "X1C by the door", "serial_number": printer.serial_number}
    assert complete["message"] == "X1C by the door finished printing Custom Bracket."
    assert complete["data"] == {"job_name": "Custom Bracket", "task_id": "77"}
    assert complete["timestamp"] == "2025-03-01T09:00:00Z"
    assert bodies[3]["data"]["after"] == {"material_type": "PETG", "color": "#00AE42", "brand": ""}
    assert bodies[3]["message"] == "Slot 2 of X1C by the door now holds PETG #00AE42."

    assert [message.to for message in mail.outbox] == [["maker@example.com"]] * 4
    assert [message.subject for message in mail.outbox] == [
        "Print started on X1C by the door",
        "Print complete on X1C by the door",
        "Print failed on X1C by the door",
        "Material changed on X1C by the door",
    ]
    deliveries = NotificationDelivery.objects.all()
    assert {(d.channel, d.status, d.attempts) for d in deliveries} == {
        ("email", "delivered", 1),
        ("webhook", "delivered", 1),
    }
    assert deliveries.count() == 8 and NotificationAttempt.objects.count() == 8


@pytest.mark.parametrize("kind", PRINT_EVENTS)
def test_a_switch_off_sends_nothing_for_its_event(printer, signed_receiver, kind, django_capture_on_commit_callbacks):
    want(printer, webhook_url=signed_receiver.url, **{f"notify_{kind}": False})
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, *(event(printer, each) for each in PRINT_EVENTS))
    sent = {body["event"] for body in posted(signed_receiver)}
    assert sent == set(PRINT_EVENTS) - {kind}
    assert len(mail.outbox) == 3
    assert not NotificationDelivery.objects.filter(event=kind).exists()


def test_no_channel_or_no_settings_sends_nothing(printer, signed_receiver, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))  # never changed: the defaults have no channel
        want(printer, email_enabled=False, webhook_url="")
        hear(printer, event(printer, "print_failed"))
        want(
            printer,
            webhook_url=signed_receiver.url,
            notify_print_start=False,
            notify_print_complete=False,
            notify_print_failed=False,
            notify_material_change=False,
        )
        hear(printer, *(event(printer, kind, at=NOW + timedelta(minutes=1)) for kind in PRINT_EVENTS))
    assert NotificationDelivery.objects.count() == 0 and mail.outbox == [] and signed_receiver.received == []


def test_the_same_event_heard_twice_is_sent_once(printer, signed_receiver, django_capture_on_commit_callbacks):
    want(printer, webhook_url=signed_receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
        hear(printer, event(printer, "print_complete"))  # a batch replayed after a sink failure
    assert sender.drain() == 0  # nothing left due: a second worker finds no work
    assert len(signed_receiver.received) == 1 and len(mail.outbox) == 1
    assert NotificationDelivery.objects.count() == 2


def test_a_receiver_down_then_up_loses_nothing(printer, local_webhooks, django_capture_on_commit_callbacks):
    receiver = SignedReceiver().up()
    port = receiver.down()
    want(printer, email_enabled=False, webhook_url=receiver.url)
    try:
        with time_machine.travel(NOW, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                hear(printer, event(printer, "print_failed"))
            delivery = NotificationDelivery.objects.get()
            assert (delivery.status, delivery.attempts) == ("pending", 1)
            assert delivery.error_message == "No answer: ConnectionError"
            assert NOW + timedelta(seconds=60) <= delivery.next_attempt_at <= NOW + timedelta(seconds=66)
            assert sender.drain() == 0  # not due yet
        receiver.up(port)
        receiver.answer_next = [503]  # up, but not ready: still transient
        with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
            assert sender.drain() == 1
        delivery.refresh_from_db()
        assert (delivery.status, delivery.attempts, delivery.error_message) == (
            "pending",
            2,
            "The receiver answered 503",
        )
        assert delivery.next_attempt_at >= NOW + timedelta(minutes=2, seconds=300)  # backs off
        with time_machine.travel(NOW + timedelta(minutes=10), tick=False):
            assert sender.drain() == 1
    finally:
        receiver.down()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error_message) == ("delivered", 3, "")
    assert [body["event"] for body in posted(receiver)] == ["print_failed", "print_failed"]
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [None, 503, 200]


def test_a_refusal_is_final_and_tries_run_out(printer, signed_receiver, django_capture_on_commit_callbacks):
    want(printer, email_enabled=False, webhook_url=signed_receiver.url)
    signed_receiver.answer_next = [410]
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_start"))
    refused = NotificationDelivery.objects.get()
    assert (refused.status, refused.attempts, refused.error_message) == ("failed", 1, "The receiver answered 410")

    signed_receiver.answer_next = [500] * 6
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
    moment = NOW
    for _ in range(5):
        moment += timedelta(hours=7)
        with time_machine.travel(moment, tick=False):
            sender.drain()
    flaky = NotificationDelivery.objects.get(event="print_complete")
    assert (flaky.status, flaky.attempts) == ("failed", 6)
    assert flaky.error_message == "Gave up after 6 tries: The receiver answered 500"


def test_a_bad_signature_is_refused_by_the_receiver(
    printer, signed_receiver, settings, django_capture_on_commit_callbacks
):
    settings.PRINTSHOP_WEBHOOK_SECRET = "not the receiver's secret"
    want(printer, email_enabled=False, webhook_url=signed_receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
    assert NotificationDelivery.objects.get().error_message == "The receiver answered 401"


def test_slack_and_discord_urls_get_their_own_shapes(
    printer, signed_receiver, monkeypatch, django_capture_on_commit_callbacks
):
    """Their hosts are outside; the post is redirected to the local receiver, path kept, to read what was sent."""
    real_post = requests.post

    def to_receiver(url, **kwargs):
        return real_post(signed_receiver.base + url.split(".com", 1)[1], **kwargs)

    monkeypatch.setattr(requests, "post", to_receiver)
    slack = "https://hooks.slack.com/services/T000/B000/XXXX"
    discord = "https://discord.com/api/webhooks/123/abc"
    other = add_printer(printer.owner, serial="01P00A999999999", name="P1S")
    want(printer, email_enabled=False, webhook_url=slack)
    want(other, email_enabled=False, webhook_url=discord)
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
        hear(other, event(other, "print_failed"))
    assert posted(signed_receiver) == [
        {"text": "*Print complete on X1C by the door*\nX1C by the door finished printing Custom Bracket."},
        {"content": "**Print failed on P1S**\nP1S stopped: Custom Bracket failed."},
    ]
    assert sender.webhook_format("https://hooks.slack.com.evil.example/services/x") == "json"
    assert sender.webhook_format("https://discord.com/channels/1") == "json"
    assert NotificationDelivery.objects.filter(status="delivered").count() == 2


def test_unconfigured_channels_fail_saying_what_to_set(printer, settings, django_capture_on_commit_callbacks):
    settings.PRINTSHOP_WEBHOOK_SECRET = ""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = ""
    want(printer, webhook_url="http://127.0.0.1:9/hook")
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
    errors = dict(NotificationDelivery.objects.values_list("channel", "error_message"))
    assert errors == {
        "email": "Email is off: set EMAIL_HOST (then replay this delivery).",
        "webhook": "Webhooks are unsigned: set PRINTSHOP_WEBHOOK_SECRET (then replay this delivery).",
    }
    assert set(NotificationDelivery.objects.values_list("status", flat=True)) == {"failed"}


def test_a_spool_updated_to_its_threshold_alerts_once(printer, signed_receiver, django_capture_on_commit_callbacks):
    want(printer, webhook_url=signed_receiver.url)
    twin = add_printer(printer.owner, serial="01P00A999999999", name="P1S")
    want(twin, webhook_url=signed_receiver.url)  # the same receiver and inbox: told once
    spool = Filament.objects.create(
        owner=printer.owner, material="PLA", color="Red", initial_amount=1000, current_amount=300, cost_per_gram=0
    )
    client = client_for(printer.owner)
    with django_capture_on_commit_callbacks(execute=True):
        for grams in (150, 90, 80):  # the second crosses the threshold; the third is low already
            answer = client.put(f"/api/printshop/filaments/{spool.pk}", {"current_amount": grams}, format="json")
            assert answer.status_code == 200
    (alert,) = posted(signed_receiver)
    assert alert["event"] == "low_stock" and alert["printer"] is None
    assert alert["message"] == "PLA Red has 90 g left (the alert is at 100 g)."
    assert alert["data"]["filament"] == {
        "id": spool.pk,
        "material": "PLA",
        "color": "Red",
        "current_amount": 90,
        "low_stock_threshold": 100,
    }
    assert [message.subject for message in mail.outbox] == ["PLA Red is running low"]
    with django_capture_on_commit_callbacks(execute=True):
        update_filament(spool, current_amount=1000)  # a new spool
        update_filament(spool, low_stock_threshold=1000)  # a higher threshold brings it low again
    assert [body["event"] for body in posted(signed_receiver)] == ["low_stock", "low_stock"]


def test_material_alerts_off_send_no_low_stock(printer, signed_receiver, django_capture_on_commit_callbacks):
    want(printer, webhook_url=signed_receiver.url, notify_material_change=False)
    spool = Filament.objects.create(
        owner=printer.owner, material="PLA", color="Red", initial_amount=1000, current_amount=300, cost_per_gram=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        update_filament(spool, current_amount=50)
    assert NotificationDelivery.objects.filter(event=NotificationEvent.LOW_STOCK).count() == 0
    assert signed_receiver.received == [] and mail.outbox == []


def test_staff_see_failures_and_replay_them(printer, admin_client, local_webhooks, django_capture_on_commit_callbacks):
    receiver = SignedReceiver().up()
    port = receiver.down()
    want(printer, email_enabled=False, webhook_url=receiver.url)
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_failed"))
    delivery = NotificationDelivery.objects.get()
    NotificationDelivery.objects.filter(pk=delivery.pk).update(status="failed", error_message="Gave up after 6 tries")
    listing = admin_client.get("/admin/printshop/notificationdelivery/", {"status__exact": "failed"})
    assert listing.status_code == 200 and "Gave up after 6 tries" in listing.content.decode()
    page = admin_client.get(f"/admin/printshop/notificationdelivery/{delivery.pk}/change/").content.decode()
    assert "No answer: ConnectionError" in page  # the attempt log
    receiver.up(port)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            answer = admin_client.post(
                "/admin/printshop/notificationdelivery/",
                {"action": "replay", "_selected_action": [delivery.pk]},
                follow=True,
            )
    finally:
        receiver.down()
    assert "1 notification(s) queued to be sent again." in answer.content.decode()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 1)
    assert len(receiver.received) == 1


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/hook", "http://localhost/hook", "http://169.254.169.254/latest", "http://10.0.0.5/x"],
)
def test_an_owners_url_into_the_servers_network_is_not_posted_to(
    printer, local_webhooks, settings, url, django_capture_on_commit_callbacks
):
    settings.PRINTSHOP_WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    want(printer, email_enabled=False, webhook_url=url)
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
    delivery = NotificationDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.error_message == "The webhook URL points into a private network; it is not posted to."
    assert inside_private_network("http://[::1]:9/x")


def test_a_printer_gone_idle_tells_its_owner_which_print_is_up_next(
    printer, signed_receiver, django_capture_on_commit_callbacks
):
    want(printer, webhook_url=signed_receiver.url)
    ScheduledPrint.objects.create(printer=printer, job_name="Custom Bracket", status="started")
    lid = ScheduledPrint.objects.create(printer=printer, job_name="Lid", file_name="lid.3mf", material_type="")
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
        hear(printer, event(printer, "print_failed", at=NOW + timedelta(minutes=1)))  # nothing new goes up
    bodies = posted(signed_receiver)
    assert [body["event"] for body in bodies] == ["print_complete", "next_print", "print_failed"]
    up_next = bodies[1]
    assert up_next["title"] == "Next print on X1C by the door"
    assert up_next["message"] == "X1C by the door is free: Lid is up next."
    assert up_next["data"] == {
        "scheduled_print_id": lid.pk,
        "job_name": "Lid",
        "file_name": "lid.3mf",
        "material_type": "",
        "material_slot": None,
    }
    assert [message.subject for message in mail.outbox][:2] == [
        "Print complete on X1C by the door",
        "Next print on X1C by the door",
    ]
    assert ScheduledPrint.objects.get(pk=lid.pk).status == "scheduled"


def test_the_next_print_obeys_the_print_complete_switch(printer, signed_receiver, django_capture_on_commit_callbacks):
    want(printer, webhook_url=signed_receiver.url, notify_print_complete=False)
    ScheduledPrint.objects.create(printer=printer, job_name="Custom Bracket", status="started")
    lid = ScheduledPrint.objects.create(printer=printer, job_name="Lid")
    with django_capture_on_commit_callbacks(execute=True):
        hear(printer, event(printer, "print_complete"))
    assert ScheduledPrint.objects.get(pk=lid.pk).status == "scheduled"  # put up all the same
    assert signed_receiver.received == [] and not NotificationDelivery.objects.exists()
