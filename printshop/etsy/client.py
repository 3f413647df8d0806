"""An Etsy Open API v3 client: OAuth 2.0 with PKCE, the signed-in user, their shop, receipts.

Every call sends `x-api-key: keystring:shared_secret` (Etsy asks for both since 2025) and, for a
shop's data, the shop's OAuth bearer token. Etsy down, 429 and 5xx are transient: the call is
retried after the pauses of ETSY_RETRY_BACKOFF (a `Retry-After` is honoured up to the longest
pause), then `EtsyTransientError` leaves the rest to the caller (a Celery retry, or a 503). Any
other 4xx is permanent. Tokens and secrets are never put in an exception, a log or a repr.
"""

import base64
import hashlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.utils import timezone

from config.errors import Unavailable

RECEIPTS_PAGE_SIZE = 100  # Etsy's largest page for getShopReceipts


class EtsyError(Exception):
    """A call Etsy (or the road to it) refused; `http_status` is None when nothing answered."""

    transient = False

    def __init__(self, message: str, http_status: int | None = None, retry_after: float | None = None):
        self.http_status = http_status
        self.retry_after = retry_after
        super().__init__(message)


class EtsyTransientError(EtsyError):
    """Etsy unreachable, rate limiting (429) or failing (5xx): try again later."""

    transient = True


class EtsyPermanentError(EtsyError):
    """A 4xx other than 429: a bad code, a revoked grant, a missing scope. Retrying will not help."""


class EtsyAuthError(EtsyPermanentError):
    """The bearer token was refused (401): refresh it, or the seller must link the shop again."""


@dataclass(frozen=True)
class EtsyApp:
    """Our Etsy app's credentials and Etsy's addresses, from settings."""

    keystring: str
    shared_secret: str = field(repr=False)
    redirect_uri: str
    api_base_url: str
    oauth_url: str
    scopes: str
    timeout: float
    retry_backoff: tuple[float, ...]

    @classmethod
    def from_settings(cls) -> "EtsyApp":
        """The configured app, or `Unavailable` naming the first missing setting (a 503)."""
        for name in ("ETSY_KEYSTRING", "ETSY_SHARED_SECRET", "ETSY_REDIRECT_URI"):
            if not getattr(settings, name):
                raise Unavailable("Etsy is not configured", setting=name)
        return cls(
            keystring=settings.ETSY_KEYSTRING,
            shared_secret=settings.ETSY_SHARED_SECRET,
            redirect_uri=settings.ETSY_REDIRECT_URI,
            api_base_url=settings.ETSY_API_BASE_URL.rstrip("/"),
            oauth_url=settings.ETSY_OAUTH_URL,
            scopes=settings.ETSY_SCOPES,
            timeout=settings.ETSY_TIMEOUT_SECONDS,
            retry_backoff=tuple(settings.ETSY_RETRY_BACKOFF),
        )

    @property
    def api_key(self) -> str:
        return f"{self.keystring}:{self.shared_secret}"

    @property
    def token_url(self) -> str:
        return f"{self.api_base_url}/public/oauth/token"


@dataclass(frozen=True)
class Tokens:
    """An OAuth grant: Etsy's access token starts with the user's id (`12345678.xxxx`)."""

    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_at: datetime

    @property
    def etsy_user_id(self) -> int | None:
        prefix = self.access_token.partition(".")[0]
        return int(prefix) if prefix.isdigit() else None


def new_code_verifier() -> str:
    """A PKCE code verifier (RFC 7636 §4.1): 43-128 unreserved characters."""
    return secrets.token_urlsafe(64)[:96]


def code_challenge(verifier: str) -> str:
    """The S256 challenge of a verifier: base64url of its SHA-256, without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_url(app: EtsyApp, *, state: str, verifier: str) -> str:
    """Where the seller grants us access; Etsy redirects to ETSY_REDIRECT_URI with `code` and `state`."""
    query = {
        "response_type": "code",
        "client_id": app.keystring,
        "redirect_uri": app.redirect_uri,
        "scope": app.scopes,
        "state": state,
        "code_challenge": code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    return f"{app.oauth_url}?{urlencode(query)}"


def _retry_after(response) -> float | None:
    try:
        return float(response.headers.get("Retry-After", ""))
    except ValueError:
        return None


def _message(response) -> str:
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    if isinstance(body, dict):
        return str(body.get("error_description") or body.get("error") or f"HTTP {response.status_code}")
    return f"HTTP {response.status_code}"


class EtsyClient:
    """Calls Etsy as our app, and as one seller when given their access token."""

    def __init__(self, app: EtsyApp, access_token: str = "", *, sleep=time.sleep, session=None):
        self.app = app
        self.access_token = access_token
        self.sleep = sleep
        self.session = session or requests.Session()

    # -- OAuth ----------------------------------------------------------------------------
    def exchange_code(self, code: str, verifier: str) -> Tokens:
        """Trade the authorization code (and the verifier whose challenge we sent) for tokens."""
        return self._tokens(
            {
                "grant_type": "authorization_code",
                "client_id": self.app.keystring,
                "redirect_uri": self.app.redirect_uri,
                "code": code,
                "code_verifier": verifier,
            }
        )

    def refresh(self, refresh_token: str) -> Tokens:
        return self._tokens(
            {"grant_type": "refresh_token", "client_id": self.app.keystring, "refresh_token": refresh_token}
        )

    def _tokens(self, form: dict) -> Tokens:
        body = self._call("POST", self.app.token_url, data=form, authorized=False)
        try:
            return Tokens(
                access_token=str(body["access_token"]),
                refresh_token=str(body["refresh_token"]),
                expires_at=timezone.now() + timedelta(seconds=int(body["expires_in"])),
            )
        except (KeyError, TypeError, ValueError):
            raise EtsyPermanentError("Etsy answered the token request without tokens") from None

    # -- the seller's data ----------------------------------------------------------------
    def me(self) -> dict:
        """`{user_id, shop_id}` of the token's owner (getMe)."""
        return self._get("/application/users/me")

    def user(self, user_id: int) -> dict:
        return self._get(f"/application/users/{int(user_id)}")

    def shop(self, shop_id: int) -> dict:
        return self._get(f"/application/shops/{int(shop_id)}")

    def receipts_page(
        self, shop_id: int, *, offset: int = 0, limit: int = RECEIPTS_PAGE_SIZE, min_last_modified: int | None = None
    ) -> tuple[list[dict], int]:
        """One page of getShopReceipts and the count of all that match.

        Sorted by creation, oldest first: a receipt changed while we page only joins the set (its
        last-modified time moves up) and never leaves it, so a page boundary can repeat a receipt
        but never skip one (sorted by `updated`, a change would shift the rest past us).
        """
        params = {"limit": limit, "offset": offset, "sort_on": "created", "sort_order": "asc"}
        if min_last_modified is not None:
            params["min_last_modified"] = int(min_last_modified)
        body = self._get(f"/application/shops/{int(shop_id)}/receipts", params)
        return list(body.get("results") or []), int(body.get("count") or 0)

    def receipts(
        self, shop_id: int, *, min_last_modified: int | None = None, page_size: int = RECEIPTS_PAGE_SIZE
    ) -> Iterator[list[dict]]:
        """Every receipt changed since `min_last_modified` (a Unix time; all when None), page by page."""
        offset = 0
        while True:
            page, count = self.receipts_page(
                shop_id, offset=offset, limit=page_size, min_last_modified=min_last_modified
            )
            if page:
                yield page
            offset += len(page)
            if not page or offset >= count:
                return

    # -- HTTP -----------------------------------------------------------------------------
    def _get(self, path: str, params: dict | None = None) -> dict:
        return self._call("GET", f"{self.app.api_base_url}{path}", params=params)

    def _call(self, method: str, url: str, *, params=None, data=None, authorized: bool = True) -> dict:
        longest = max(self.app.retry_backoff, default=0)
        for pause in (*self.app.retry_backoff, None):
            try:
                return self._send(method, url, params=params, data=data, authorized=authorized)
            except EtsyTransientError as error:
                if pause is None:
                    raise
                self.sleep(pause if error.retry_after is None else min(max(pause, error.retry_after), longest))
        raise AssertionError("unreachable")

    def _send(self, method, url, *, params, data, authorized) -> dict:
        headers = {"x-api-key": self.app.api_key, "Accept": "application/json"}
        if authorized:
            headers["Authorization"] = f"Bearer {self.access_token}"
        try:
            response = self.session.request(
                method, url, params=params, data=data, headers=headers, timeout=self.app.timeout
            )
        except requests.Timeout:
            raise EtsyTransientError("Etsy did not answer in time") from None
        except requests.RequestException as exc:
            raise EtsyTransientError(f"Etsy is unreachable ({type(exc).__name__})") from None
        status = response.status_code
        if status == 429 or status >= 500:
            raise EtsyTransientError(f"Etsy answered {status}: {_message(response)}", status, _retry_after(response))
        if status == 401:
            raise EtsyAuthError(f"Etsy refused the token: {_message(response)}", status)
        if status >= 400:
            raise EtsyPermanentError(f"Etsy refused the request ({status}): {_message(response)}", status)
        try:
            body = response.json()
        except ValueError:
            raise EtsyTransientError(f"Etsy answered {status} without JSON", status) from None
        if not isinstance(body, dict):
            raise EtsyPermanentError("Etsy answered with something other than an object", status)
        return body
