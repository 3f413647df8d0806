"""Who is calling, as every counter (rate limits, failed logins) identifies them; how webhooks are signed."""

import hashlib
import hmac

from rest_framework.throttling import BaseThrottle

_ident = BaseThrottle()


def client_address(request) -> str:
    """The caller's address: REMOTE_ADDR, or X-Forwarded-For behind REST_FRAMEWORK["NUM_PROXIES"] proxies.

    DRF's rule, so throttles and the login lockout count the same caller; works on a Django request too.
    """
    if request is None:
        return ""
    return _ident.get_ident(request) or ""


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of body>`, the X-Webhook-Signature of webhooks sent and received."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(sent: str, secret: str, body: bytes) -> bool:
    return hmac.compare_digest(sent.encode(), signature(secret, body).encode())
