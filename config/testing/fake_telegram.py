"""A local HTTP server that plays Telegram's Bot API (https://core.telegram.org/bots/api).

`POST /bot<token>/<method>` with a JSON body; answers `{"ok": true, "result": ...}`, or
`{"ok": false, "error_code", "description"}` with that HTTP status (a wrong token is 401
"Unauthorized", as Telegram answers). Tests read what was sent (`sent`) and inject failures
(`fail_next`).
"""

import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOKEN = "123456:TEST-bot-token"
WEBHOOK_SECRET = "telegram-webhook-secret"


class FakeTelegram:
    def __init__(self):
        self.lock = threading.Lock()
        self.message_ids = itertools.count(1)
        self.sent: list[tuple[str, dict]] = []  # (method, payload) of every call
        self.fail_next: list[tuple[int, str]] = []  # (HTTP status, description), consumed per call
        self.server = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def messages_to(self, chat_id: int) -> list[str]:
        sent = [payload for method, payload in self.sent if method == "sendMessage"]
        return [payload["text"] for payload in sent if payload["chat_id"] == chat_id]

    def handle(self, path: str, payload: dict) -> tuple[int, dict]:
        prefix, _, method = path.strip("/").partition("/")
        if prefix != f"bot{TOKEN}":
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        with self.lock:
            self.sent.append((method, payload))
            if self.fail_next:
                status, description = self.fail_next.pop(0)
                return status, {"ok": False, "error_code": status, "description": description}
        if method == "sendMessage":
            if not isinstance(payload.get("chat_id"), int) or not payload.get("text"):
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message text is empty"}
            message = {
                "message_id": next(self.message_ids),
                "date": int(time.time()),
                "chat": {"id": payload["chat_id"], "type": "private"},
                "text": payload["text"],
            }
            return 200, {"ok": True, "result": message}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}

    def up(self) -> "FakeTelegram":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    payload = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    payload = {}
                status, body = fake.handle(self.path, payload)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def down(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_telegram(settings):
    """The Telegram bot switched on, talking to the local fake Bot API."""
    fake = FakeTelegram().up()
    settings.TELEGRAM_API_URL = fake.base
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_BOT_USERNAME = "test_shop_bot"
    settings.TELEGRAM_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.OTP_DELIVERY = "telegram"
    yield fake
    fake.down()
