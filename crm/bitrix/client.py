"""A Bitrix24 REST client over an incoming-webhook URL (reference/bitrix24.md §1, §8)."""

import time
from dataclasses import dataclass, field

import requests

from . import php
from .errors import RATE_LIMITED, BitrixError, BitrixTransientError, classify
from .ratelimit import RateLimiter

BATCH_LIMIT = 50
RATE_LIMIT_BACKOFF = (0.5, 1, 2, 4, 8)


@dataclass
class BatchResult:
    """Per-command results and errors of a `batch` call: a 200 batch can still hold errors."""

    results: dict = field(default_factory=dict)
    errors: dict[str, BitrixError] = field(default_factory=dict)


class BitrixClient:
    def __init__(
        self,
        webhook_url: str,
        *,
        timeout: float = 10,
        rate_limiter: RateLimiter | None = None,
        rate_limit_backoff=RATE_LIMIT_BACKOFF,
        sleep=time.sleep,
        verify_tls: bool = True,
    ):
        self.base_url = webhook_url.rstrip("/") + "/"
        self.timeout = timeout
        self.rate_limiter = rate_limiter or RateLimiter(per_second=2)
        self.rate_limit_backoff = tuple(rate_limit_backoff)
        self.sleep = sleep
        self.session = requests.Session()
        self.session.verify = verify_tls

    def call(self, method: str, params: dict | None = None):
        """The `result` of one method call; a rate-limit answer is retried after short pauses."""
        return self._answer(method, params or {})["result"]

    def list_all(self, method: str, params: dict | None = None) -> list:
        """Every row of a list method, following Bitrix24's fixed pages of 50 (`next`/`start`)."""
        rows, start = [], 0
        while start is not None:
            answer = self._answer(method, {**(params or {}), "start": start})
            rows.extend(answer["result"])
            start = answer.get("next")
        return rows

    def _answer(self, method: str, params: dict) -> dict:
        for pause in (*self.rate_limit_backoff, None):
            try:
                return self._post(method, params)
            except BitrixTransientError as error:
                if error.code != RATE_LIMITED or pause is None:
                    raise
                self.sleep(pause)
        raise AssertionError("unreachable")

    def batch(self, commands: dict, halt: bool = False) -> BatchResult:
        """Run `{key: (method, params)}` in `batch` requests of at most 50 commands each.

        Results and errors come back under the caller's keys (Bitrix24 itself answers with strings).
        """
        outcome = BatchResult()
        keys = {str(key): key for key in commands}
        names = list(keys)
        for start in range(0, len(names), BATCH_LIMIT):
            chunk = names[start : start + BATCH_LIMIT]
            cmd = {name: f"{commands[keys[name]][0]}?{php.encode(commands[keys[name]][1])}" for name in chunk}
            answer = self.call("batch", {"halt": int(halt), "cmd": cmd})
            for name, result in (answer.get("result") or {}).items():
                outcome.results[keys[name]] = result
            for name, error in (answer.get("result_error") or {}).items():
                code, description = error.get("error", "ERROR"), error.get("error_description", "")
                outcome.errors[keys[name]] = classify(400, code, description)
        return outcome

    def download(self, url: str) -> tuple[bytes, str]:
        """Fetch a document URL Bitrix24 handed out (invoice PDFs); returns content and type."""
        self.rate_limiter.acquire()
        try:
            response = self.session.get(url, timeout=max(self.timeout, 30))
        except requests.RequestException as exc:
            raise BitrixTransientError("CONNECTION_ERROR", type(exc).__name__) from None
        if response.status_code >= 400:
            raise classify(response.status_code, f"HTTP_{response.status_code}", "document download failed")
        return response.content, response.headers.get("Content-Type", "application/octet-stream")

    def _post(self, method: str, params: dict):
        self.rate_limiter.acquire()
        try:
            response = self.session.post(f"{self.base_url}{method}.json", json=params, timeout=self.timeout)
        except requests.Timeout:
            raise BitrixTransientError("TIMEOUT", f"{method} timed out") from None
        except requests.RequestException as exc:  # the message would name the secret URL: keep it out
            raise BitrixTransientError("CONNECTION_ERROR", f"{method}: {type(exc).__name__}") from None
        try:
            body = response.json()
        except ValueError:
            raise classify(response.status_code, "ERROR_UNEXPECTED_ANSWER", f"{method}: not JSON") from None
        if isinstance(body, dict) and "error" in body:
            raise classify(response.status_code, str(body["error"]), str(body.get("error_description", "")))
        if response.status_code >= 400 or not isinstance(body, dict) or "result" not in body:
            raise classify(response.status_code, f"HTTP_{response.status_code}", f"{method}: unexpected answer")
        return body
