"""A webhook receiver that checks the print shop's signatures, as the owner's own system would."""

import threading

import pytest

from config.http import signature_matches
from config.testing.local_server import JsonServer

WEBHOOK_SECRET = "printshop-test-webhook-secret"


class SignedReceiver(JsonServer):
    """Keeps every post (headers, raw body); answers 401 to a body its signature does not match,
    then the statuses queued in `answer_next`, then 200."""

    def __init__(self, secret: str = WEBHOOK_SECRET):
        self.secret = secret
        self.lock = threading.Lock()
        self.received: list[tuple[dict, bytes]] = []
        self.answer_next: list[int] = []

    @property
    def url(self) -> str:
        return f"{self.base}/hooks/printshop"

    def answer(self, method, path, headers, query, body):
        with self.lock:
            self.received.append((dict(headers), body))
            if not signature_matches(headers.get("X-Webhook-Signature", ""), self.secret, body):
                return 401, {"error": "bad signature"}
            return (self.answer_next.pop(0) if self.answer_next else 200), {}


@pytest.fixture
def local_webhooks(settings):
    """Notification webhooks signed with the receivers' secret, and allowed to 127.0.0.1."""
    settings.PRINTSHOP_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.PRINTSHOP_WEBHOOK_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture
def signed_receiver(local_webhooks):
    receiver = SignedReceiver().up()
    yield receiver
    receiver.down()
