"""Signing in with Etsy: the authorization URL, the callback that links a shop to a platform user,
and keeping the shop's tokens fresh (issue 12, "Etsy: sign-in and orders").

One identity across the APIs: a caller already signed in (on any API) links the shop to themselves;
otherwise the shop's owner signs in, and a first-time seller gets a new platform user.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils import timezone

from config.errors import Conflict, Rejected, Unavailable
from printshop.models import EtsyShop

from .client import (
    EtsyApp,
    EtsyClient,
    EtsyPermanentError,
    EtsyTransientError,
    authorization_url,
    code_challenge,
    new_code_verifier,
)

STATE_SALT = "printshop.etsy.oauth-state"
STATE_MAX_AGE_SECONDS = 15 * 60
ETSY_DOWN = "Etsy is not answering; try again in a minute"


@dataclass(frozen=True)
class LoginStart:
    auth_url: str
    state: str
    code_verifier: str


def start_login() -> LoginStart:
    """A fresh PKCE verifier, the `state` that names it (signed, valid 15 minutes) and Etsy's URL."""
    app = EtsyApp.from_settings()
    verifier = new_code_verifier()
    state = signing.dumps(code_challenge(verifier)[:16], salt=STATE_SALT, compress=True)
    return LoginStart(authorization_url(app, state=state, verifier=verifier), state, verifier)


def check_state(state: str, verifier: str) -> None:
    """A `state` must be one we issued, recently, for this very verifier."""
    try:
        named = signing.loads(state, salt=STATE_SALT, max_age=STATE_MAX_AGE_SECONDS)
    except signing.BadSignature:
        raise Rejected("The sign-in has expired or was not started here; start again", code="invalid_state") from None
    if named != code_challenge(verifier)[:16]:
        raise Rejected("The state does not belong to this code_verifier; start again", code="invalid_state")


def complete_login(*, code: str, verifier: str, state: str = "", user=None) -> EtsyShop:
    """Trade the code for tokens, read the Etsy user and shop, and link them (to `user` when signed in)."""
    app = EtsyApp.from_settings()
    if state:
        check_state(state, verifier)
    client = EtsyClient(app)
    try:
        tokens = client.exchange_code(code, verifier)
        client.access_token = tokens.access_token
        me = client.me()
        if not me.get("shop_id"):
            raise Rejected("This Etsy account has no shop to link", code="no_shop")
        etsy_user = client.user(me["user_id"])
        shop = client.shop(me["shop_id"])
    except EtsyTransientError:
        raise Unavailable(ETSY_DOWN) from None
    except EtsyPermanentError as refused:
        raise Rejected(f"Etsy refused the sign-in: {refused}", code="etsy_refused") from None
    return link_shop(etsy_user=etsy_user, shop=shop, tokens=tokens, user=user)


def link_shop(*, etsy_user: dict, shop: dict, tokens, user=None) -> EtsyShop:
    """Link the Etsy shop to `user`, or to its owner already known, or to a new platform user."""
    with transaction.atomic():
        linked = EtsyShop.objects.select_for_update().filter(etsy_user_id=etsy_user["user_id"]).first()
        if linked and user is not None and linked.user_id != user.pk:
            raise Conflict("This Etsy shop is already linked to another account", code="shop_linked")
        owner = linked.user if linked else user or _new_user(etsy_user, shop)
        linked = linked or EtsyShop(user=owner, etsy_user_id=etsy_user["user_id"])
        linked.etsy_shop_id = shop["shop_id"]
        linked.shop_name = str(shop.get("shop_name") or "")[:255]
        linked.currency = str(shop.get("currency_code") or "")[:3].upper()
        linked.first_name = str(etsy_user.get("first_name") or "")[:255]
        linked.keep_tokens(tokens)
        linked.save()
    return linked


def _new_user(etsy_user: dict, shop: dict):
    """A platform user for a first-time seller: named after the shop; their Etsy email only if unused
    (an address already registered is someone's account, never taken over by an Etsy sign-in)."""
    user_model = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", str(shop.get("shop_name") or ""))[:140] or f"etsy{etsy_user['user_id']}"
    username, n = base, 1
    while user_model.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    email = str(etsy_user.get("primary_email") or "")
    if email and user_model.objects.filter(email__iexact=email).exists():
        email = ""
    name = " ".join(part for part in (etsy_user.get("first_name"), etsy_user.get("last_name")) if part)
    return user_model.objects.create_user(username=username, email=email, password=None, full_name=name[:255])


def client_for(shop: EtsyShop, *, force_refresh: bool = False) -> EtsyClient:
    """A client acting as the shop's seller, its token refreshed first when it expires soon."""
    app = EtsyApp.from_settings()
    if shop.needs_relink:
        raise Rejected("Etsy access was revoked; sign in with Etsy again", code="etsy_relink")
    if force_refresh or shop.token_expires_at <= _refresh_deadline():
        refresh_tokens(shop, app, force=force_refresh)
    return EtsyClient(app, shop.access_token)


def _refresh_deadline():
    return timezone.now() + timedelta(seconds=settings.ETSY_TOKEN_REFRESH_MARGIN_SECONDS)


def refresh_tokens(shop: EtsyShop, app: EtsyApp, *, force: bool = False) -> None:
    """Trade the refresh token for a new grant, once even when two workers try at the same time
    (the row is locked; the second finds the fresh token). A refused refresh marks the shop for a new sign-in."""
    try:
        with transaction.atomic():
            locked = EtsyShop.objects.select_for_update().get(pk=shop.pk)
            if force and locked.access_token_encrypted != shop.access_token_encrypted:
                force = False  # someone refreshed since this shop was read
            if force or locked.token_expires_at <= _refresh_deadline():
                locked.keep_tokens(EtsyClient(app).refresh(locked.refresh_token))
                locked.save(update_fields=["access_token_encrypted", "refresh_token_encrypted", "token_expires_at"])
    except EtsyPermanentError as refused:
        EtsyShop.objects.filter(pk=shop.pk).update(needs_relink=True, last_sync_error=str(refused)[:500])
        raise Rejected("Etsy access was revoked; sign in with Etsy again", code="etsy_relink") from None
    shop.refresh_from_db()
