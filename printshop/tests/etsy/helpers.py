"""Linking a seller through the fake Etsy, as the dashboard does: login, consent, callback."""

from printshop.etsy import linking


def link_seller(fake_etsy, user=None, **seller):
    """A seller added to the fake Etsy and signed in through the real OAuth flow: (shop, seller)."""
    ids = fake_etsy.add_seller(**seller)
    login = linking.start_login()
    code = fake_etsy.consent(login.auth_url, ids["user_id"])
    shop = linking.complete_login(code=code, verifier=login.code_verifier, state=login.state, user=user)
    return shop, ids
