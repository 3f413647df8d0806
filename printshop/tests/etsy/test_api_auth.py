"""/auth/login, /auth/callback, /auth/logout, /auth/user against the fake Etsy (spec "Authentication Endpoints")."""

from urllib.parse import parse_qs, urlsplit

import pytest

from accounts.tests.factories import UserFactory
from config.testing.clients import client_for
from config.testing.coverage import hand_tested
from config.testing.dialects import PRINTSHOP
from printshop.api import etsy_views as views
from printshop.etsy.client import code_challenge
from printshop.models import EtsyShop

from .factories import EtsyShopFactory

pytestmark = pytest.mark.django_db

LOGIN, CALLBACK = "/api/printshop/auth/login", "/api/printshop/auth/callback"
LOGOUT, ME = "/api/printshop/auth/logout", "/api/printshop/auth/user"


def sign_in(fake_etsy, client, **seller):
    ids = fake_etsy.add_seller(**seller)
    login = client.get(LOGIN).json()
    code = fake_etsy.consent(login["auth_url"], ids["user_id"])
    payload = {"code": code, "code_verifier": login["code_verifier"], "state": login["state"]}
    return client.post(CALLBACK, payload, format="json"), ids


@hand_tested(
    views.EtsyLoginView,
    views.EtsyCallbackView,
    views.EtsyLogoutView,
    views.EtsyUserView,
    why="an OAuth round trip through the fake Etsy and a token's life, not rows of a resource",
)
class TestEtsySignIn:
    def test_login_answers_etsys_authorization_url(self, fake_etsy):
        response = client_for().get(LOGIN)
        assert response.status_code == 200
        body = response.json()
        query = {k: v[0] for k, v in parse_qs(urlsplit(body["auth_url"]).query).items()}
        assert query["code_challenge"] == code_challenge(body["code_verifier"])
        assert query["state"] == body["state"] and query["code_challenge_method"] == "S256"
        assert "transactions_r" in query["scope"].split()

    def test_callback_answers_a_jwt_good_on_every_api(self, fake_etsy):
        response, ids = sign_in(fake_etsy, client_for(), shop_name="LayerLab", first_name="Robin")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["user"] == {
            "id": EtsyShop.objects.get().user_id,
            "etsy_user_id": str(ids["user_id"]),
            "username": "LayerLab",
            "first_name": "Robin",
            "shop_id": str(ids["shop_id"]),
            "shop_name": "LayerLab",
            "created_at": body["user"]["created_at"],
            "updated_at": body["user"]["updated_at"],
        }
        bearer = {"HTTP_AUTHORIZATION": f"Bearer {body['token']}"}
        assert client_for().get(ME, **bearer).json()["shop_name"] == "LayerLab"
        assert client_for().get("/api/mfg/profile", **bearer).status_code == 200  # one identity

    def test_signed_in_user_of_another_api_links_their_shop(self, fake_etsy):
        user = UserFactory()
        response, _ = sign_in(fake_etsy, client_for(user))
        assert response.status_code == 200 and response.json()["user"]["id"] == user.pk
        assert EtsyShop.objects.get().user == user

    def test_a_shop_linked_to_another_account_is_409(self, fake_etsy):
        _, ids = sign_in(fake_etsy, client_for())
        login = client_for().get(LOGIN).json()
        code = fake_etsy.consent(login["auth_url"], ids["user_id"])
        payload = {"code": code, "code_verifier": login["code_verifier"]}
        PRINTSHOP.assert_error(client_for(UserFactory()).post(CALLBACK, payload, format="json"), 409)

    @pytest.mark.parametrize(
        ("payload", "field"),
        [({}, "code"), ({"code": "x"}, "code_verifier"), ({"code": "x", "code_verifier": "short"}, "code_verifier")],
    )
    def test_bad_callback_payload_is_400(self, fake_etsy, payload, field):
        PRINTSHOP.assert_error(client_for().post(CALLBACK, payload, format="json"), 400, field)

    def test_refused_code_and_forged_state_are_400(self, fake_etsy):
        login = client_for().get(LOGIN).json()
        bad_code = {"code": "nope", "code_verifier": login["code_verifier"]}
        PRINTSHOP.assert_error(client_for().post(CALLBACK, bad_code, format="json"), 400)
        forged = {**bad_code, "state": "forged"}
        PRINTSHOP.assert_error(client_for().post(CALLBACK, forged, format="json"), 400)
        assert not EtsyShop.objects.exists()

    def test_etsy_down_is_503(self, fake_etsy):
        login = client_for().get(LOGIN).json()
        fake_etsy.down()
        payload = {"code": "any", "code_verifier": login["code_verifier"]}
        PRINTSHOP.assert_error(client_for().post(CALLBACK, payload, format="json"), 503)

    @pytest.mark.parametrize("setting", ["ETSY_KEYSTRING", "ETSY_SHARED_SECRET", "ETSY_REDIRECT_URI"])
    def test_unconfigured_etsy_is_503_naming_the_setting(self, settings, setting):
        settings.ETSY_KEYSTRING, settings.ETSY_SHARED_SECRET, settings.ETSY_REDIRECT_URI = "k", "s", "https://x/cb"
        setattr(settings, setting, "")
        body = PRINTSHOP.assert_error(client_for().get(LOGIN), 503)
        assert setting in body["error"]
        payload = {"code": "x", "code_verifier": "v" * 43}
        assert setting in PRINTSHOP.assert_error(client_for().post(CALLBACK, payload, format="json"), 503)["error"]

    def test_logout_revokes_the_token(self):
        user = UserFactory()
        client = client_for(user)
        response = client.post(LOGOUT)
        assert response.status_code == 200 and response.json() == {"message": "Logged out successfully"}
        PRINTSHOP.assert_error(client.get(ME), 401)

    def test_user_without_a_shop(self):
        user = UserFactory()
        body = client_for(user).get(ME).json()
        assert body["id"] == user.pk and body["shop_id"] is None and body["etsy_user_id"] is None

    def test_user_with_a_shop(self):
        shop = EtsyShopFactory(shop_name="Layered", first_name="Sam")
        body = client_for(shop.user).get(ME).json()
        assert (body["shop_name"], body["first_name"], body["shop_id"]) == ("Layered", "Sam", str(shop.etsy_shop_id))

    def test_user_and_logout_need_a_token(self):
        PRINTSHOP.assert_error(client_for().get(ME), 401)
        PRINTSHOP.assert_error(client_for().post(LOGOUT), 401)
