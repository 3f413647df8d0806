"""The Bitrix24 client against a local server speaking Bitrix24's REST format."""

from urllib.parse import parse_qsl

import pytest

from config.testing.fake_bitrix import SECRET
from crm.bitrix import php
from crm.bitrix.client import BitrixClient
from crm.bitrix.errors import BitrixPermanentError, BitrixTransientError
from crm.bitrix.ratelimit import RateLimiter


class Unlimited(RateLimiter):
    def __init__(self):
        super().__init__(per_second=10**6)


@pytest.fixture
def pauses():
    return []


@pytest.fixture
def client(fake_bitrix, pauses):
    return BitrixClient(fake_bitrix.webhook_url, rate_limiter=Unlimited(), sleep=pauses.append, timeout=2)


def test_add_and_get_round_trip(client, fake_bitrix):
    deal_id = client.call("crm.deal.add", {"fields": {"TITLE": "Order #1 - cnc-milling", "OPPORTUNITY": 10}})
    assert client.call("crm.deal.get", {"id": deal_id})["TITLE"] == "Order #1 - cnc-milling"
    assert fake_bitrix.methods_called() == ["crm.deal.add", "crm.deal.get"]


def test_php_bracket_encoding_round_trips():
    params = {"fields": {"TITLE": "A & B", "PHONE": [{"VALUE": "+7 701", "VALUE_TYPE": "WORK"}], "OPENED": True}}
    encoded = php.encode(params)
    assert "fields%5BPHONE%5D%5B0%5D%5BVALUE%5D=%2B7%20701" in encoded
    assert php.decode(parse_qsl(encoded)) == {
        "fields": {"TITLE": "A & B", "PHONE": [{"VALUE": "+7 701", "VALUE_TYPE": "WORK"}], "OPENED": "Y"}
    }


def test_batch_splits_into_fifty_command_requests_and_reports_per_command_errors(client, fake_bitrix):
    commands = {f"c{i}": ("crm.lead.add", {"fields": {"TITLE": f"Lead {i}"}}) for i in range(120)}
    commands["broken"] = ("crm.deal.get", {"id": 999999})
    outcome = client.batch(commands)
    assert fake_bitrix.methods_called().count("batch") == 3
    assert len(outcome.results) == 120 and len(fake_bitrix.entities["lead"]) == 120
    assert isinstance(outcome.errors["broken"], BitrixPermanentError)


def test_rate_limit_answers_are_retried_after_short_pauses(client, fake_bitrix, pauses):
    fake_bitrix.fail_next += [(503, "QUERY_LIMIT_EXCEEDED")] * 2
    assert client.call("crm.contact.add", {"fields": {"NAME": "Ann"}}) > 0
    assert pauses == [0.5, 1]


def test_persistent_rate_limit_becomes_a_transient_error(client, fake_bitrix, pauses):
    fake_bitrix.fail_next += [(503, "QUERY_LIMIT_EXCEEDED")] * 6
    with pytest.raises(BitrixTransientError) as caught:
        client.call("crm.contact.add", {"fields": {"NAME": "Ann"}})
    assert caught.value.code == "QUERY_LIMIT_EXCEEDED" and pauses == [0.5, 1, 2, 4, 8]
    assert not fake_bitrix.entities["contact"]


@pytest.mark.parametrize(
    ("status", "code", "error_class"),
    [
        (429, "OPERATION_TIME_LIMIT", BitrixTransientError),
        (500, "INTERNAL_SERVER_ERROR", BitrixTransientError),
        (401, "NO_AUTH_FOUND", BitrixPermanentError),
        (401, "insufficient_scope", BitrixPermanentError),
        (400, "ERROR_CORE", BitrixPermanentError),
    ],
)
def test_errors_are_classified(client, fake_bitrix, status, code, error_class):
    fake_bitrix.fail_next.append((status, code))
    with pytest.raises(error_class) as caught:
        client.call("crm.lead.add", {"fields": {}})
    assert caught.value.code == code and caught.value.http_status == status


def test_unknown_method_is_permanent(client):
    with pytest.raises(BitrixPermanentError) as caught:
        client.call("crm.nothing.here")
    assert caught.value.code == "ERROR_METHOD_NOT_FOUND"


def test_wrong_secret_is_permanent(fake_bitrix):
    client = BitrixClient(fake_bitrix.webhook_url.replace(SECRET, "wrong"), rate_limiter=Unlimited())
    with pytest.raises(BitrixPermanentError) as caught:
        client.call("crm.lead.add", {"fields": {}})
    assert caught.value.code == "INVALID_CREDENTIALS"


def test_a_portal_that_is_down_is_transient_and_the_secret_stays_out_of_the_message(client, fake_bitrix):
    fake_bitrix.down()
    with pytest.raises(BitrixTransientError) as caught:
        client.call("crm.lead.add", {"fields": {}})
    assert caught.value.code == "CONNECTION_ERROR" and SECRET not in str(caught.value)
    fake_bitrix.up()
    assert client.call("crm.lead.add", {"fields": {"TITLE": "back"}}) > 0


def test_invoice_download(client, fake_bitrix):
    document = fake_bitrix.add_invoice(deal_id=5)
    content, content_type = client.download(document["pdfUrlMachine"])
    assert content.startswith(b"%PDF") and content_type == "application/pdf"


def test_rate_limiter_holds_the_third_call_of_a_second_until_the_next(settings):
    now = [1000.25]
    waits = []

    def sleep(seconds):
        waits.append(round(seconds, 2))
        now[0] += seconds

    limiter = RateLimiter(per_second=2, key="test:rate", clock=lambda: now[0], sleep=sleep)
    for _ in range(3):
        limiter.acquire()
    assert waits == [0.75]
