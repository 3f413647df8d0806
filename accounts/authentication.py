"""Bearer-token authentication for every API: one query finds the user and whether the token is revoked."""

from django.db.models import Exists
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import AccessToken as SignedAccessToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from .models import User


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's checks, with the blacklist lookup folded into the user's SELECT (issue 10).

    simplejwt reads the blacklist while decoding and the user afterwards: two queries per request.
    Here the signature, expiry and type are checked without the database, then one query returns
    the user annotated with whether this token's `jti` was blacklisted (logout).
    """

    def get_validated_token(self, raw_token):
        try:
            token = SignedAccessToken(raw_token)
        except TokenError as error:
            raise InvalidToken({"detail": str(error), "messages": []}) from None
        if not token.get(api_settings.JTI_CLAIM) or not token.get(api_settings.USER_ID_CLAIM):
            raise InvalidToken("Token contained no recognizable identification")
        return token

    def get_user(self, validated_token):
        revoked = BlacklistedToken.objects.filter(token__jti=validated_token[api_settings.JTI_CLAIM])
        user = (
            User.objects.annotate(revoked=Exists(revoked))
            .filter(**{api_settings.USER_ID_FIELD: validated_token[api_settings.USER_ID_CLAIM]})
            .first()
        )
        if user is None:
            raise AuthenticationFailed("User not found", code="user_not_found")
        if user.revoked:
            raise InvalidToken("Token is blacklisted")
        if not user.is_active:
            raise AuthenticationFailed("User is inactive", code="user_inactive")
        if validated_token.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
            raise AuthenticationFailed("The user's password has been changed.", code="password_changed")
        return user


class JWTScheme(SimpleJWTScheme):
    """The docs describe this authentication as simplejwt's bearer scheme, under the same name."""

    target_class = JWTAuthentication
