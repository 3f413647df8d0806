"""A local HTTP server that plays Ollama (`/api/chat`, `/api/tags`), OpenAI (`/v1/chat/completions`,
`/v1/models`, Bearer key) and Anthropic (`/v1/messages`, `/v1/models`, `x-api-key` and
`anthropic-version`), checking what each requires. Tests read `requests` and set `fail_next`."""

import json

import pytest

from .local_server import JsonServer

KEY = "sk-test-0123456789abcd"


class FakeAi(JsonServer):
    def __init__(self):
        self.requests: list[tuple[str, str, dict, dict]] = []  # (method, path, headers, body)
        self.fail_next: list[int] = []
        self.reply = "There are 12 resistors in Drawer 3."

    def answer(self, method, path, headers, query, raw) -> tuple[int, dict]:
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        self.requests.append((method, path, headers, body))
        if self.fail_next:
            status = self.fail_next.pop(0)
            return status, {"error": {"message": f"fake failure {status}", "type": "server_error"}}
        if path == "/api/chat":
            if body.get("stream") is not False or not body.get("model"):
                return 400, {"error": "model and stream: false are required"}
            return 200, {"model": body["model"], "message": {"role": "assistant", "content": self.reply}, "done": True}
        if path == "/api/tags":
            return 200, {"models": [{"name": "llama3.2:latest"}, {"name": "qwen2.5:7b"}]}
        if path.startswith("/v1/") and "anthropic-version" in headers:
            if headers.get("x-api-key") != KEY:
                return 401, {"type": "error", "error": {"type": "authentication_error", "message": "invalid x-api-key"}}
            if path == "/v1/models":
                return 200, {"data": [{"id": "claude-sonnet-4-5", "type": "model"}], "has_more": False}
            if not body.get("max_tokens") or any(m.get("role") == "system" for m in body.get("messages", [])):
                return 400, {"type": "error", "error": {"type": "invalid_request_error", "message": "bad messages"}}
            return 200, {"type": "message", "role": "assistant", "content": [{"type": "text", "text": self.reply}]}
        if path.startswith("/v1/"):
            if headers.get("authorization") != f"Bearer {KEY}":
                return 401, {"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}
            if path == "/v1/models":
                return 200, {"object": "list", "data": [{"id": "gpt-4o-mini", "object": "model"}]}
            return 200, {"choices": [{"index": 0, "message": {"role": "assistant", "content": self.reply}}]}
        return 404, {"error": "no such route"}


@pytest.fixture
def fake_ai():
    fake = FakeAi().up()
    yield fake
    fake.down()
