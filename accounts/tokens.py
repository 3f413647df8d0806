"""Access tokens that can be revoked: logout blacklists the token's `jti`."""

from rest_framework_simplejwt.tokens import AccessToken as SimpleAccessToken
from rest_framework_simplejwt.tokens import BlacklistMixin


class AccessToken(BlacklistMixin, SimpleAccessToken):
    """An access token recorded as outstanding when issued and refused once blacklisted."""
