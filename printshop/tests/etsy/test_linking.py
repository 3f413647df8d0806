"""Signing in with Etsy: one platform identity per seller, tokens encrypted and kept fresh."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from config.errors import Conflict, Rejected, Unavailable
from printshop.etsy import linking
from printshop.models import EtsyShop

from .helpers import link_seller

pytestmark = pytest.mark.django_db


def test_first_sign_in_creates_a_platform_user_and_keeps_tokens_encrypted(fake_etsy):
    shop, ids = link_seller(fake_etsy, shop_name="LayerLab", first_name="Robin")
    assert shop.etsy_user_id == ids["user_id"] and shop.etsy_shop_id == ids["shop_id"]
    assert shop.shop_name == "LayerLab" and shop.first_name == "Robin" and shop.currency == "USD"
    assert shop.user.username == "LayerLab" and not shop.user.has_usable_password()
    assert shop.user.email == f"seller{ids['user_id']}@example.com"
    row = EtsyShop.objects.values("access_token_encrypted", "refresh_token_encrypted").get()
    assert shop.access_token.startswith(f"{ids['user_id']}.")
    assert shop.access_token not in row["access_token_encrypted"]
    assert shop.refresh_token not in row["refresh_token_encrypted"]
    assert shop.token_expires_at > timezone.now() + timedelta(minutes=50)


def test_signing_in_again_is_the_same_user(fake_etsy):
    shop, ids = link_seller(fake_etsy)
    login = linking.start_login()
    code = fake_etsy.consent(login.auth_url, ids["user_id"])
    again = linking.complete_login(code=code, verifier=login.code_verifier)
    assert again.pk == shop.pk and again.user_id == shop.user_id
    assert again.access_token != shop.access_token
    assert EtsyShop.objects.count() == 1


def test_signed_in_user_links_the_shop_to_themselves(fake_etsy):
    user = UserFactory()
    shop, _ = link_seller(fake_etsy, user=user)
    assert shop.user == user


def test_a_shop_linked_to_someone_else_is_refused(fake_etsy):
    shop, ids = link_seller(fake_etsy)
    login = linking.start_login()
    code = fake_etsy.consent(login.auth_url, ids["user_id"])
    with pytest.raises(Conflict):
        linking.complete_login(code=code, verifier=login.code_verifier, user=UserFactory())
    assert EtsyShop.objects.get().user_id == shop.user_id


def test_a_registered_email_is_never_taken_over(fake_etsy):
    UserFactory(email="taken@example.com", username="LayerLab")
    shop, _ = link_seller(fake_etsy, shop_name="LayerLab", primary_email="taken@example.com")
    assert shop.user.email == "" and shop.user.username == "LayerLab-2"


def test_state_must_name_the_verifier(fake_etsy):
    ids = fake_etsy.add_seller()
    first, second = linking.start_login(), linking.start_login()
    code = fake_etsy.consent(first.auth_url, ids["user_id"])
    with pytest.raises(Rejected):
        linking.complete_login(code=code, verifier=first.code_verifier, state=second.state)
    with pytest.raises(Rejected):
        linking.complete_login(code=code, verifier=first.code_verifier, state="forged")


def test_a_bad_code_is_refused(fake_etsy):
    login = linking.start_login()
    with pytest.raises(Rejected) as refused:
        linking.complete_login(code="nope", verifier=login.code_verifier)
    assert "code is not valid" in refused.value.message


def test_etsy_down_at_the_callback_is_unavailable(fake_etsy):
    login = linking.start_login()
    fake_etsy.down()
    with pytest.raises(Unavailable):
        linking.complete_login(code="any", verifier=login.code_verifier)


def test_unconfigured_etsy_names_the_setting(settings):
    settings.ETSY_KEYSTRING = ""
    with pytest.raises(Unavailable) as off:
        linking.start_login()
    assert off.value.setting == "ETSY_KEYSTRING"


def test_token_refreshed_before_expiry(fake_etsy, settings):
    shop, ids = link_seller(fake_etsy)
    old = shop.access_token
    EtsyShop.objects.filter(pk=shop.pk).update(token_expires_at=timezone.now() + timedelta(seconds=60))
    shop.refresh_from_db()
    client = linking.client_for(shop)
    assert client.access_token != old and client.me()["user_id"] == ids["user_id"]
    shop.refresh_from_db()
    assert shop.access_token == client.access_token and shop.token_expires_at > timezone.now() + timedelta(minutes=50)
    assert linking.client_for(shop).access_token == client.access_token  # fresh: not refreshed again


def test_refused_refresh_asks_for_a_new_sign_in(fake_etsy):
    shop, _ = link_seller(fake_etsy)
    fake_etsy.refresh_tokens.clear()  # the seller revoked our access on Etsy
    with pytest.raises(Rejected):
        linking.client_for(shop, force_refresh=True)
    shop.refresh_from_db()
    assert shop.needs_relink
    with pytest.raises(Rejected):
        linking.client_for(shop)
