"""A local HTTP server that receives a shop's outgoing webhooks, as the shop's own system would.

Every post is kept with its raw body and headers (`received`); `answer_next` queues HTTP statuses to
answer (200 once they run out) and `down()` stops it, as a receiver that is offline.
"""

import threading

import pytest

from .local_server import JsonServer


class WebhookReceiver(JsonServer):
    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[dict, bytes]] = []  # (headers, raw body)
        self.answer_next: list[int] = []

    @property
    def url(self) -> str:
        return f"{self.base}/hooks/shop"

    def answer(self, method, path, headers, query, body) -> tuple[int, dict]:
        with self.lock:
            self.received.append((dict(headers), body))
            return (self.answer_next.pop(0) if self.answer_next else 200), {}


@pytest.fixture
def webhook_receiver():
    receiver = WebhookReceiver().up()
    yield receiver
    receiver.down()
