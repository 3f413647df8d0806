"""The Etsy client against the local fake Etsy: OAuth with PKCE, the seller, receipts, failures."""

from urllib.parse import parse_qs, urlsplit

import pytest

from config.errors import Unavailable
from config.testing.fake_etsy import KEYSTRING, REDIRECT_URI
from printshop.etsy.client import (
    EtsyApp,
    EtsyAuthError,
    EtsyClient,
    EtsyPermanentError,
    EtsyTransientError,
    authorization_url,
    code_challenge,
    new_code_verifier,
)


def test_code_challenge_is_rfc7636_s256():
    rfc7636_appendix_b = ("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    assert code_challenge(rfc7636_appendix_b[0]) == rfc7636_appendix_b[1]
    verifier = new_code_verifier()
    assert 43 <= len(verifier) <= 128 and verifier != new_code_verifier()


@pytest.mark.parametrize("missing", ["ETSY_KEYSTRING", "ETSY_SHARED_SECRET", "ETSY_REDIRECT_URI"])
def test_unconfigured_app_names_the_missing_setting(fake_etsy, settings, missing):
    setattr(settings, missing, "")
    with pytest.raises(Unavailable) as refused:
        EtsyApp.from_settings()
    assert refused.value.setting == missing and missing in refused.value.message


def test_authorization_url_is_etsys_pkce_url(settings):
    settings.ETSY_KEYSTRING, settings.ETSY_SHARED_SECRET, settings.ETSY_REDIRECT_URI = "key", "secret", REDIRECT_URI
    verifier = new_code_verifier()
    url = authorization_url(EtsyApp.from_settings(), state="st4te", verifier=verifier)
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://www.etsy.com/oauth/connect"
    assert query == {
        "response_type": "code",
        "client_id": "key",
        "redirect_uri": REDIRECT_URI,
        "scope": settings.ETSY_SCOPES,
        "state": "st4te",
        "code_challenge": code_challenge(verifier),
        "code_challenge_method": "S256",
    }
    assert "transactions_r" in query["scope"].split()


def signed_in(fake_etsy):
    seller = fake_etsy.add_seller(shop_name="LayerLab")
    verifier = new_code_verifier()
    app = EtsyApp.from_settings()
    code = fake_etsy.consent(authorization_url(app, state="s", verifier=verifier), seller["user_id"])
    tokens = EtsyClient(app).exchange_code(code, verifier)
    return seller, app, tokens


def test_code_exchange_refresh_and_the_sellers_data(fake_etsy):
    seller, app, tokens = signed_in(fake_etsy)
    assert tokens.etsy_user_id == seller["user_id"]
    client = EtsyClient(app, tokens.access_token)
    assert client.me() == seller
    assert client.shop(seller["shop_id"])["shop_name"] == "LayerLab"
    assert client.user(seller["user_id"])["first_name"] == "Alex"
    renewed = EtsyClient(app).refresh(tokens.refresh_token)
    assert renewed.access_token != tokens.access_token
    with pytest.raises(EtsyPermanentError):  # a refresh token works once (rotation)
        EtsyClient(app).refresh(tokens.refresh_token)
    token_call = next(form for method, path, form in fake_etsy.calls if path.endswith("/oauth/token"))
    assert token_call["client_id"] == KEYSTRING and token_call["grant_type"] == "authorization_code"


def test_wrong_verifier_is_a_permanent_refusal(fake_etsy):
    seller = fake_etsy.add_seller()
    app = EtsyApp.from_settings()
    code = fake_etsy.consent(authorization_url(app, state="s", verifier=new_code_verifier()), seller["user_id"])
    with pytest.raises(EtsyPermanentError) as refused:
        EtsyClient(app).exchange_code(code, new_code_verifier())
    assert refused.value.http_status == 400 and not refused.value.transient


def test_api_key_is_keystring_colon_shared_secret(fake_etsy, settings):
    seller, app, tokens = signed_in(fake_etsy)
    settings.ETSY_SHARED_SECRET = "wrong"
    with pytest.raises(EtsyPermanentError) as refused:
        EtsyClient(EtsyApp.from_settings(), tokens.access_token).me()
    assert refused.value.http_status == 403


def test_expired_token_is_an_auth_error(fake_etsy):
    seller, app, tokens = signed_in(fake_etsy)
    fake_etsy.expire_tokens()
    with pytest.raises(EtsyAuthError):
        EtsyClient(app, tokens.access_token).me()


def test_receipts_are_paged_by_offset_and_incremental(fake_etsy):
    seller, app, tokens = signed_in(fake_etsy)
    receipts = [
        fake_etsy.add_receipt(
            seller["shop_id"], update_timestamp=1_760_000_000 + n, updated_timestamp=1_760_000_000 + n
        )
        for n in range(7)
    ]
    client = EtsyClient(app, tokens.access_token)
    pages = list(client.receipts(seller["shop_id"], page_size=3))
    assert [len(page) for page in pages] == [3, 3, 1]
    assert [r["receipt_id"] for page in pages for r in page] == [r["receipt_id"] for r in receipts]
    since = receipts[5]["update_timestamp"]
    changed = list(client.receipts(seller["shop_id"], min_last_modified=since))
    assert [r["receipt_id"] for page in changed for r in page] == [r["receipt_id"] for r in receipts[5:]]
    queries = [q for _, path, q in fake_etsy.calls if path.endswith("/receipts")]
    assert [q["offset"] for q in queries[:3]] == ["0", "3", "6"] and queries[-1]["min_last_modified"] == str(since)


@pytest.mark.parametrize("status", [429, 500, 503])
def test_transient_failures_are_retried(fake_etsy, status):
    seller, app, tokens = signed_in(fake_etsy)
    fake_etsy.fail_next.extend([status, status])
    assert EtsyClient(app, tokens.access_token).me() == seller


def test_retry_after_is_honoured_up_to_the_longest_pause(fake_etsy, settings):
    settings.ETSY_RETRY_BACKOFF = [1, 2]
    seller, app, tokens = signed_in(fake_etsy)
    fake_etsy.fail_next.extend([429, 429])
    fake_etsy.retry_after = "30"
    pauses = []
    assert EtsyClient(app, tokens.access_token, sleep=pauses.append).me() == seller
    assert pauses == [2, 2]


def test_transient_failure_outlasting_the_retries_is_raised(fake_etsy):
    seller, app, tokens = signed_in(fake_etsy)
    fake_etsy.fail_next.extend([429] * 4)
    with pytest.raises(EtsyTransientError) as failed:
        EtsyClient(app, tokens.access_token).me()
    assert failed.value.http_status == 429


def test_etsy_down_is_transient_and_says_nothing_secret(fake_etsy):
    seller, app, tokens = signed_in(fake_etsy)
    fake_etsy.down()
    with pytest.raises(EtsyTransientError) as failed:
        EtsyClient(app, tokens.access_token).me()
    assert failed.value.http_status is None
    assert tokens.access_token not in str(failed.value) and app.shared_secret not in str(failed.value)
    assert app.shared_secret not in repr(app) and tokens.access_token not in repr(tokens)


def test_not_found_is_permanent(fake_etsy):
    seller, app, tokens = signed_in(fake_etsy)
    with pytest.raises(EtsyPermanentError) as refused:
        EtsyClient(app, tokens.access_token).shop(1)
    assert refused.value.http_status == 404
