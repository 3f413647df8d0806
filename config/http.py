"""Who is calling, as every counter (rate limits, failed logins) identifies them."""

from rest_framework.throttling import BaseThrottle

_ident = BaseThrottle()


def client_address(request) -> str:
    """The caller's address: REMOTE_ADDR, or X-Forwarded-For behind REST_FRAMEWORK["NUM_PROXIES"] proxies.

    DRF's rule, so throttles and the login lockout count the same caller; works on a Django request too.
    """
    if request is None:
        return ""
    return _ident.get_ident(request) or ""
