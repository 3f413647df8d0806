"""Bearer tokens: revoked, outdated, inactive or malformed ones are refused with 401."""

import pytest
from rest_framework_simplejwt.tokens import AccessToken as SignedAccessToken

from accounts.services import issue_access_token, revoke_access_token
from accounts.tests.factories import UserFactory
from config.testing.dialects import MFG

pytestmark = pytest.mark.django_db


def bearer(token) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_revoked_token_is_refused(client):
    user = UserFactory()
    token = issue_access_token(user)
    assert client.get("/api/mfg/profile", **bearer(token)).status_code == 200
    revoke_access_token(token)
    MFG.assert_error(client.get("/api/mfg/profile", **bearer(token)), 401)


def test_revoking_one_token_leaves_the_users_other_tokens_working(client):
    user = UserFactory()
    kept, revoked = issue_access_token(user), issue_access_token(user)
    revoke_access_token(revoked)
    assert client.get("/api/mfg/profile", **bearer(kept)).status_code == 200


def test_a_password_change_revokes_older_tokens(client):
    user = UserFactory()
    token = issue_access_token(user)
    user.set_password("another-long-password-42")
    user.save()
    MFG.assert_error(client.get("/api/mfg/profile", **bearer(token)), 401)


def test_an_inactive_user_is_refused(client):
    user = UserFactory()
    token = issue_access_token(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    MFG.assert_error(client.get("/api/mfg/profile", **bearer(token)), 401)


@pytest.mark.parametrize("claim", ["jti", "user_id"])
def test_a_signed_token_missing_an_identity_claim_is_401_not_500(client, claim):
    token = SignedAccessToken.for_user(UserFactory())
    del token[claim]
    MFG.assert_error(client.get("/api/mfg/profile", **bearer(token)), 401)


def test_a_token_of_a_deleted_user_is_refused(client):
    user = UserFactory()
    token = issue_access_token(user)
    user.delete()
    MFG.assert_error(client.get("/api/mfg/profile", **bearer(token)), 401)
