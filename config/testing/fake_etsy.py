"""A local HTTP server that plays Etsy's Open API v3 and its OAuth 2.0 token endpoint.

Wire format as Etsy's: `POST /v3/public/oauth/token` (form body, `authorization_code` with PKCE and
`refresh_token` grants), `GET /v3/application/users/me`, `/users/{id}`, `/shops/{id}` and
`/shops/{id}/receipts` (`limit`, `offset`, `min_last_modified`, `sort_on`, `sort_order`; answers
`{"count", "results"}`). Every call must carry `x-api-key: keystring:shared_secret`; API calls a
live bearer token of the shop's owner. Errors are `{"error": ...}` with Etsy's statuses.

Tests play the seller (`add_seller`, `consent(auth_url)` for the code Etsy would redirect with),
add receipts (`add_receipt`), make Etsy fail (`fail_next.append(429)`, `down()`), expire tokens
(`expire_tokens()`) and read what was asked (`calls`).
"""

import base64
import copy
import hashlib
import itertools
import json
import secrets
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest

from .local_server import JsonServer

KEYSTRING = "testkeystring1234567890"
SHARED_SECRET = "testsharedsecret"
REDIRECT_URI = "https://dashboard.example.com/etsy/callback"
SAMPLE_RECEIPT = json.loads((Path(__file__).parents[2] / "printshop" / "etsy" / "sample_receipt.json").read_text())


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


class FakeEtsy(JsonServer):
    def __init__(self):
        self.lock = threading.Lock()
        self.ids = itertools.count(5_000_000_001)
        self.users: dict[int, dict] = {}
        self.shops: dict[int, dict] = {}
        self.receipts: dict[int, list[dict]] = {}  # shop id -> receipts in creation order
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}  # token -> {user_id, expires}
        self.refresh_tokens: dict[str, int] = {}
        self.calls: list[tuple[str, str, dict]] = []  # (method, path, query or form)
        self.fail_next: list[int] = []  # HTTP statuses answered instead, one per call
        self.retry_after: str | None = None  # sent with an injected 429
        self.expires_in = 3600

    @property
    def api_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v3"

    @property
    def oauth_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/oauth/connect"

    def paths_called(self) -> list[str]:
        return [path for _, path, _ in self.calls]

    # -- sellers, consent, receipts -------------------------------------------------------
    def add_seller(self, *, user_id=None, shop_id=None, shop_name="PrintFarmCo", first_name="Alex", **user) -> dict:
        user_id = user_id or next(self.ids)
        shop_id = shop_id or next(self.ids)
        self.users[user_id] = {
            "user_id": user_id,
            "primary_email": user.get("primary_email", f"seller{user_id}@example.com"),
            "first_name": first_name,
            "last_name": user.get("last_name", "Maker"),
            "image_url_75x75": None,
            "shop_id": shop_id,
        }
        self.shops[shop_id] = {
            "shop_id": shop_id,
            "user_id": user_id,
            "shop_name": shop_name,
            "currency_code": user.get("currency_code", "USD"),
            "url": f"https://www.etsy.com/shop/{shop_name}",
            "title": f"{shop_name} 3D prints",
        }
        self.receipts[shop_id] = []
        return {"user_id": user_id, "shop_id": shop_id}

    def consent(self, auth_url: str, user_id: int) -> str:
        """The seller approves our app at the authorization URL: the code Etsy redirects with."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(auth_url).query).items()}
        assert auth_url.startswith(self.oauth_url + "?"), auth_url
        assert query["response_type"] == "code" and query["client_id"] == KEYSTRING
        assert query["redirect_uri"] == REDIRECT_URI and "transactions_r" in query["scope"].split()
        assert query["code_challenge_method"] == "S256" and query["state"]
        code = secrets.token_urlsafe(24)
        self.codes[code] = {"user_id": user_id, "challenge": query["code_challenge"], "redirect_uri": REDIRECT_URI}
        return code

    def add_receipt(self, shop_id: int, **fields) -> dict:
        """A receipt shaped like the sample, with fresh ids, made now (Etsy's clock is ours)."""
        receipt = copy.deepcopy(SAMPLE_RECEIPT)
        now = int(time.time())
        receipt_id = next(self.ids)
        seller = self.shops[shop_id]["user_id"]
        receipt.update(
            receipt_id=receipt_id,
            seller_user_id=seller,
            create_timestamp=now,
            created_timestamp=now,
            update_timestamp=now,
            updated_timestamp=now,
        )
        for transaction in receipt["transactions"]:
            transaction.update(transaction_id=next(self.ids), receipt_id=receipt_id, seller_user_id=seller)
        receipt.update(fields)
        with self.lock:
            self.receipts[shop_id].append(receipt)
        return receipt

    def change_receipt(self, shop_id: int, receipt_id: int, **fields) -> dict:
        """The buyer or seller changes a receipt on Etsy: its last-modified time moves on."""
        receipt = next(r for r in self.receipts[shop_id] if r["receipt_id"] == receipt_id)
        now = int(time.time())
        receipt.update(fields, update_timestamp=now, updated_timestamp=now)
        return receipt

    def expire_tokens(self):
        for token in self.access_tokens.values():
            token["expires"] = 0

    # -- Etsy's behaviour -----------------------------------------------------------------
    def handle(self, method: str, path: str, query: dict, form: dict, headers) -> tuple[int, dict]:
        self.calls.append((method, path, form if method == "POST" else query))
        if self.fail_next:
            status = self.fail_next.pop(0)
            return status, {"error": "Too many requests" if status == 429 else "Internal error"}
        if headers.get("x-api-key") != f"{KEYSTRING}:{SHARED_SECRET}":
            return 403, {"error": "Invalid API key: should be in the format 'keystring:shared_secret'."}
        if method == "POST" and path == "/v3/public/oauth/token":
            return self._token(form)
        if method != "GET" or not path.startswith("/v3/application/"):
            return 404, {"error": "Resource not found"}
        user_id = self._bearer(headers.get("Authorization", ""))
        if user_id is None:
            return 401, {"error": "invalid_token", "error_description": "access token is not valid"}
        return self._application(path.removeprefix("/v3/application/").split("/"), query, user_id)

    def _bearer(self, authorization: str) -> int | None:
        token = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if token is None or token["expires"] < time.time():
            return None
        return token["user_id"]

    def _issue(self, user_id: int) -> dict:
        access = f"{user_id}.{secrets.token_urlsafe(32)}"
        refresh = f"{user_id}.{secrets.token_urlsafe(32)}"
        self.access_tokens[access] = {"user_id": user_id, "expires": time.time() + self.expires_in}
        self.refresh_tokens[refresh] = user_id
        return {"access_token": access, "token_type": "Bearer", "expires_in": self.expires_in, "refresh_token": refresh}

    def _token(self, form: dict) -> tuple[int, dict]:
        if form.get("client_id") != KEYSTRING:
            return 400, {"error": "invalid_client", "error_description": "client_id is not valid"}
        grant = form.get("grant_type")
        if grant == "authorization_code":
            code = self.codes.pop(form.get("code", ""), None)
            if code is None or form.get("redirect_uri") != code["redirect_uri"]:
                return 400, {"error": "invalid_grant", "error_description": "code is not valid"}
            if _challenge(form.get("code_verifier", "")) != code["challenge"]:
                return 400, {"error": "invalid_grant", "error_description": "code_verifier is not valid"}
            return 200, self._issue(code["user_id"])
        if grant == "refresh_token":
            user_id = self.refresh_tokens.pop(form.get("refresh_token", ""), None)
            if user_id is None:
                return 400, {"error": "invalid_grant", "error_description": "refresh_token is not valid"}
            return 200, self._issue(user_id)
        return 400, {"error": "unsupported_grant_type"}

    def _application(self, parts: list[str], query: dict, user_id: int) -> tuple[int, dict]:
        if parts == ["users", "me"]:
            return 200, {"user_id": user_id, "shop_id": self.users[user_id]["shop_id"]}
        if len(parts) == 2 and parts[0] == "users" and parts[1].isdigit():
            user = self.users.get(int(parts[1]))
            if user is None:
                return 404, {"error": "User not found"}
            shown = {k: v for k, v in user.items() if k != "shop_id"}
            return 200, shown if int(parts[1]) == user_id else {**shown, "primary_email": None}
        if len(parts) >= 2 and parts[0] == "shops" and parts[1].isdigit():
            shop = self.shops.get(int(parts[1]))
            if shop is None:
                return 404, {"error": f"Shop {parts[1]} not found"}
            if parts[2:] == []:
                return 200, shop
            if parts[2:] == ["receipts"]:
                if shop["user_id"] != user_id:
                    return 403, {"error": f"User {user_id} does not own Shop {shop['shop_id']}"}
                return self._receipts(shop["shop_id"], query)
        return 404, {"error": "Resource not found"}

    def _receipts(self, shop_id: int, query: dict) -> tuple[int, dict]:
        try:
            limit = int(query.get("limit", 25))
            offset = int(query.get("offset", 0))
            since = int(query.get("min_last_modified", 0))
        except ValueError:
            return 400, {"error": "Expected an integer"}
        if not 1 <= limit <= 100 or offset < 0:
            return 400, {"error": "limit must be between 1 and 100"}
        sort_on = query.get("sort_on", "created")
        if sort_on not in ("created", "updated", "receipt_id"):
            return 400, {"error": "Invalid sort_on"}
        key = {"created": "create_timestamp", "updated": "update_timestamp", "receipt_id": "receipt_id"}[sort_on]
        with self.lock:
            rows = [r for r in self.receipts[shop_id] if r["update_timestamp"] >= since]
        rows.sort(key=lambda r: (r[key], r["receipt_id"]), reverse=query.get("sort_order", "desc") in ("desc", "down"))
        return 200, {"count": len(rows), "results": copy.deepcopy(rows[offset : offset + limit])}

    # -- HTTP -----------------------------------------------------------------------------
    def answer(self, method, path, headers, query, body):
        status, answer = self.handle(
            method, path, {name: values[-1] for name, values in query.items()}, dict(parse_qsl(body.decode())), headers
        )
        retry = {"Retry-After": self.retry_after} if status == 429 and self.retry_after is not None else {}
        return status, answer, retry


@pytest.fixture
def fake_etsy(settings):
    """Etsy switched on, pointing at the local fake, with no real pauses between retries."""
    fake = FakeEtsy().up()
    settings.ETSY_KEYSTRING = KEYSTRING
    settings.ETSY_SHARED_SECRET = SHARED_SECRET
    settings.ETSY_REDIRECT_URI = REDIRECT_URI
    settings.ETSY_API_BASE_URL = fake.api_base_url
    settings.ETSY_OAUTH_URL = fake.oauth_url
    settings.ETSY_RETRY_BACKOFF = [0, 0, 0]
    yield fake
    fake.down()
