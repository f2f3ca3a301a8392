"""Ed25519 keys and signatures, in the forms the format uses and openssl reads.

Public keys travel as PEM (SubjectPublicKeyInfo, what ``openssl pkeyutl -pubin``
takes) or as the raw 32 bytes in base64; a signature is the raw 64 bytes. A
key's fingerprint is the SHA-256 of its raw 32 bytes, written in hex groups so
people can compare it by reading it aloud.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

SIGNATURE_BYTES = 64
KEY_BYTES = 32


class KeyFormatError(ValueError):
    """Bytes or text that are not an Ed25519 key of the expected form."""


def new_private_key() -> bytes:
    """A fresh private key, as its raw 32 bytes (what the keyring stores, base64-encoded)."""
    key = Ed25519PrivateKey.generate()
    return key.private_bytes(
        serialization.Encoding.Raw,
        serialization.PrivateFormat.Raw,
        serialization.NoEncryption(),
    )


def private_key(raw: bytes) -> Ed25519PrivateKey:
    if len(raw) != KEY_BYTES:
        raise KeyFormatError("an Ed25519 private key has 32 bytes")
    return Ed25519PrivateKey.from_private_bytes(raw)


def public_of(raw_private: bytes) -> bytes:
    return raw_public(private_key(raw_private).public_key())


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign(raw_private: bytes, data: bytes) -> bytes:
    return private_key(raw_private).sign(data)


def verify(raw_public_key: bytes, signature: bytes, data: bytes) -> bool:
    """True if ``signature`` is the Ed25519 signature of ``data`` by that key."""
    if len(signature) != SIGNATURE_BYTES or len(raw_public_key) != KEY_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(raw_public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def public_pem(raw_public_key: bytes) -> bytes:
    key = Ed25519PublicKey.from_public_bytes(raw_public_key)
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_pem(pem: bytes) -> bytes:
    """The raw 32 bytes of a PEM public key; :class:`KeyFormatError` if it is not Ed25519."""
    try:
        key = serialization.load_pem_public_key(pem)
    except (ValueError, TypeError) as error:
        raise KeyFormatError(str(error)) from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFormatError("not an Ed25519 public key")
    return raw_public(key)


def fingerprint(raw_public_key: bytes) -> str:
    """``3f2a 9c01 …`` (16 groups of 4 hex digits): SHA-256 of the raw public key."""
    digest = hashlib.sha256(raw_public_key).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def same_fingerprint(typed: str, raw_public_key: bytes) -> bool:
    """Compare a fingerprint someone typed (any spacing or case) with a key's."""
    compact = "".join(typed.split()).lower().removeprefix("sha256:")
    return compact == hashlib.sha256(raw_public_key).hexdigest()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, expected_length: int | None = None) -> bytes:
    """Strict base64 decoding; :class:`KeyFormatError` on anything else."""
    if not isinstance(text, str):
        raise KeyFormatError("not base64 text")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise KeyFormatError("not base64 text") from None
    if expected_length is not None and len(data) != expected_length:
        raise KeyFormatError(f"expected {expected_length} bytes")
    return data
