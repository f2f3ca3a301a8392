"""PINs and passwords: what is acceptable, and scrypt hashing (never stored in clear)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

# n=2**14, r=8: about 16 MiB and a few tens of milliseconds per check.
_N, _R, _P = 2**14, 8, 1
_PREFIX = "scrypt"


def hash_secret(secret: str) -> str:
    salt = os.urandom(16)
    digest = _scrypt(secret, salt, _N, _R, _P)
    return "$".join([_PREFIX, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_secret(secret: str, stored: str) -> bool:
    try:
        prefix, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if prefix != _PREFIX:
        return False
    computed = _scrypt(secret, _unb64(salt), int(n), int(r), int(p))
    return hmac.compare_digest(computed, _unb64(digest))


def secret_problem(secret: str) -> str | None:
    """None if acceptable: a PIN of at least 4 digits, or a password of at least 8 characters.

    Returns a key naming the problem; the service turns it into a sentence.
    """
    if secret.isdigit():
        return None if len(secret) >= 4 else "pin_too_short"
    return None if len(secret) >= 8 else "password_too_short"


def _scrypt(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(secret.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))
