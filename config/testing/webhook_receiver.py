"""A local HTTP server that receives a shop's outgoing webhooks, as the shop's own system would.

Every post is kept with its raw body and headers (`received`); `answer_next` queues HTTP statuses to
answer (200 once they run out) and `down()` stops it, as a receiver that is offline.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class WebhookReceiver:
    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[dict, bytes]] = []  # (headers, raw body)
        self.answer_next: list[int] = []
        self.server = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/shop"

    def up(self, port: int = 0) -> "WebhookReceiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.received.append((dict(self.headers), body))
                    status = receiver.answer_next.pop(0) if receiver.answer_next else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def down(self) -> int:
        port = self.server.server_address[1]
        self.server.shutdown()
        self.server.server_close()
        return port


@pytest.fixture
def webhook_receiver():
    receiver = WebhookReceiver().up()
    yield receiver
    if receiver.server.socket.fileno() != -1:
        receiver.down()
