"""Keyed pseudonyms of network members and the network secret that keys them.

A visitor's network member id never leaves the centre: the bundle carries
HMAC-SHA256(network secret, id). Every centre holds the secret, so a home centre
computes the pseudonyms of its own members and recognises them in the
coordinator's figures; a reader without the secret (a funder, the open-data
portal) cannot link a pseudonym to a person, nor guess it from the id alone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import unicodedata

SECRET_BYTES = 32
_PREFIX = "tdns1-"  # "telecentre desk network secret", version 1


class SecretFormatError(ValueError):
    """Text that is not a network secret as the network hands it out."""


def normalise_member_id(member_id: str) -> str:
    """Ids are compared as people type them: NFC, no surrounding spaces, upper case."""
    return unicodedata.normalize("NFC", member_id).strip().upper()


def pseudonym(secret: bytes, member_id: str) -> str:
    """64 lower-case hex digits."""
    message = normalise_member_id(member_id).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def secret_text(secret: bytes) -> str:
    """How the secret is handed to a centre: ``tdns1-`` and base32 in groups of four."""
    body = base64.b32encode(secret).decode("ascii").rstrip("=")
    return _PREFIX + "-".join(body[i : i + 4] for i in range(0, len(body), 4))


def parse_secret(text: str) -> bytes:
    """The secret's bytes from its text (spaces, dashes and case do not matter)."""
    compact = "".join(text.split()).lower()
    if not compact.startswith(_PREFIX):
        raise SecretFormatError("missing prefix")
    body = compact.removeprefix(_PREFIX).replace("-", "").upper()
    body += "=" * (-len(body) % 8)
    try:
        secret = base64.b32decode(body)
    except (binascii.Error, ValueError):
        raise SecretFormatError("not base32") from None
    if len(secret) != SECRET_BYTES:
        raise SecretFormatError("wrong length")
    return secret
