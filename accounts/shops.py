"""The retail shop a signed-in user works for (the shop API's tenant)."""

from config.errors import Forbidden


def shop_of(user):
    """The caller's shop; an account without one may not write shop rows."""
    shop = getattr(user, "shop", None)
    if shop is None:
        raise Forbidden("This account has no shop: sign in with the shop's phone")
    return shop
