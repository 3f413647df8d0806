"""Secrets at rest (printer access codes, Etsy tokens): Fernet, with keys that can rotate.

`PRINTSHOP_ENCRYPTION_KEYS` is a comma-separated list of Fernet keys: the first encrypts, every one
decrypts, so a new key goes first and an old one is dropped once `rotate_secrets` has re-encrypted
the rows. Without the setting (development, tests) one key is derived from `SECRET_KEY`, so a
secret written there is still never stored in the clear.
"""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class SecretUnreadable(Exception):
    """A stored secret none of the configured keys decrypts (the key was dropped too early)."""


def _keys() -> list[bytes]:
    configured = [key.strip() for key in settings.PRINTSHOP_ENCRYPTION_KEYS if key.strip()]
    if configured:
        return [key.encode() for key in configured]
    digest = hashlib.sha256(b"printshop-vault:" + settings.SECRET_KEY.encode()).digest()
    return [base64.urlsafe_b64encode(digest)]


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(key) for key in _keys()])


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode() if secret else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise SecretUnreadable("A stored secret cannot be decrypted with PRINTSHOP_ENCRYPTION_KEYS") from None


def rotate(token: str) -> str:
    """The same secret encrypted with the first key."""
    return _fernet().rotate(token.encode()).decode() if token else ""
