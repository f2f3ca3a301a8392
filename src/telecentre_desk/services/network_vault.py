"""Where the centre's network secrets live: the system keyring, or an encrypted file.

The private signing key and the network secret are kept with ``keyring``
(service "telecentre-desk", one user name per secret and centre code). Where the
system has no usable keyring (a headless Linux, a locked-down PC), they go to
``network-keys.json`` in the data folder, encrypted with AES-256-GCM under a key
derived by scrypt from a passphrase the user types each time it is needed.
Nothing secret is ever written in clear, and nothing secret is kept in the database.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import keyring.errors
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from telecentre_desk.i18n import _
from telecentre_desk.network.signing import KeyFormatError, b64, unb64
from telecentre_desk.services.errors import ServiceError

SERVICE_NAME = "telecentre-desk"
KEY_FILE_NAME = "network-keys.json"
KEY_FILE_FORMAT = "telecentre-desk-key-file"
MIN_PASSPHRASE = 10
_AAD = b"telecentre-desk-key-file-v1"
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**15, 8, 1


class PassphraseNeeded(ServiceError):
    """The keys are in the encrypted file: ask the user for its passphrase and try again.

    ``creating`` is True when no file exists yet: the user chooses a new passphrase.
    """

    def __init__(self, message: str, *, creating: bool) -> None:
        self.creating = creating
        super().__init__(message)


class WrongPassphrase(PassphraseNeeded):
    pass


@dataclass(frozen=True)
class KeyAccess:
    """What a call may use to reach the secrets: the passphrase the user typed, if any."""

    passphrase: str | None = field(default=None, repr=False)


NO_PASSPHRASE = KeyAccess()


def keyring_problem() -> str | None:
    """None if a system keyring is usable; else a sentence saying what happens instead."""
    backend = keyring.get_keyring()
    usable = not isinstance(backend, keyring.backends.fail.Keyring)
    if usable and type(backend).__name__ == "ChainerBackend":
        usable = bool(getattr(backend, "backends", ()))
    if usable:
        return None
    return _(
        "This computer has no system keyring. The centre's keys are kept in an encrypted "
        "file in the data folder instead, protected by a passphrase you choose: keep it "
        "somewhere safe, it is asked for each export."
    )


def username(name: str, centre_code: str) -> str:
    return f"{name}/{centre_code}"


class Vault:
    """Read and write named secrets (bytes) for one centre."""

    def __init__(self, data_root: Path, centre_code: str, access: KeyAccess) -> None:
        self.file = data_root / KEY_FILE_NAME
        self.centre_code = centre_code
        self.access = access

    @property
    def storage(self) -> str:
        """ "file" when the encrypted file is (or will be) used, else "keyring"."""
        return "file" if self.file.exists() or keyring_problem() else "keyring"

    def get(self, name: str) -> bytes | None:
        if self.storage == "keyring":
            try:
                stored = keyring.get_password(SERVICE_NAME, username(name, self.centre_code))
            except keyring.errors.KeyringError as error:
                raise _keyring_failed(error) from error
            return None if stored is None else _decode(stored)
        if not self.file.exists():
            return None
        stored_b64 = self._read_file().get(username(name, self.centre_code))
        return None if stored_b64 is None else _decode(stored_b64)

    def put(self, name: str, secret: bytes) -> str:
        """Store ``secret``; returns where ("keyring" or "file")."""
        if self.storage == "keyring":
            try:
                keyring.set_password(SERVICE_NAME, username(name, self.centre_code), b64(secret))
                return "keyring"
            except keyring.errors.KeyringError as error:
                raise _keyring_failed(error) from error
        entries = self._read_file() if self.file.exists() else self._new_file_entries()
        entries[username(name, self.centre_code)] = b64(secret)
        self._write_file(entries)
        return "file"

    # -- the encrypted file --------------------------------------------------------
    def _passphrase(self, *, creating: bool) -> str:
        passphrase = self.access.passphrase
        if passphrase is None:
            raise PassphraseNeeded(_passphrase_message(creating), creating=creating)
        return passphrase

    def _new_file_entries(self) -> dict[str, str]:
        passphrase = self._passphrase(creating=True)
        if len(passphrase) < MIN_PASSPHRASE:
            raise PassphraseNeeded(
                _(
                    "Choose a passphrase of at least {count} characters: a short sentence "
                    "is easy to remember and hard to guess."
                ).format(count=MIN_PASSPHRASE),
                creating=True,
            )
        return {}

    def _read_file(self) -> dict[str, str]:
        passphrase = self._passphrase(creating=False)
        try:
            envelope = json.loads(self.file.read_text(encoding="utf-8"))
            kdf = envelope["kdf"]
            salt, nonce = unb64(kdf["salt"]), unb64(envelope["nonce"])
            ciphertext = unb64(envelope["ciphertext"])
            key = _derive(passphrase, salt, int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        except (OSError, ValueError, KeyError, TypeError, KeyFormatError) as error:
            raise ServiceError(
                _(
                    "The key file {path} cannot be read ({reason}). Restore it from a backup."
                ).format(path=self.file, reason=error)
            ) from error
        try:
            plain = AESGCM(key).decrypt(nonce, ciphertext, _AAD)
        except InvalidTag:
            raise WrongPassphrase(
                _("This passphrase does not open the centre's key file. Check it and try again."),
                creating=False,
            ) from None
        entries: dict[str, str] = json.loads(plain.decode("utf-8"))["entries"]
        return entries

    def _write_file(self, entries: dict[str, str]) -> None:
        passphrase = self._passphrase(creating=not self.file.exists())
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        key = _derive(passphrase, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
        plain = json.dumps({"entries": entries}, sort_keys=True).encode("utf-8")
        envelope: dict[str, Any] = {
            "format": KEY_FILE_FORMAT,
            "version": 1,
            "kdf": {"name": "scrypt", "n": _SCRYPT_N, "r": _SCRYPT_R, "p": _SCRYPT_P,
                    "salt": b64(salt)},
            "cipher": "AES-256-GCM",
            "nonce": b64(nonce),
            "ciphertext": b64(AESGCM(key).encrypt(nonce, plain, _AAD)),
        }  # fmt: skip
        temporary = self.file.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(envelope, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.file)


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _decode(stored: str) -> bytes:
    try:
        return unb64(stored)
    except KeyFormatError:
        raise ServiceError(
            _("A network secret in the keyring is damaged. Enter it again.")
        ) from None


def _passphrase_message(creating: bool) -> str:
    if creating:
        return _(
            "This computer has no system keyring. Choose a passphrase to protect the "
            "centre's keys in an encrypted file (at least {count} characters), and keep it "
            "somewhere safe: it is asked for each export."
        ).format(count=MIN_PASSPHRASE)
    return _("Type the passphrase that protects the centre's keys.")


def _keyring_failed(error: Exception) -> ServiceError:
    return ServiceError(
        _(
            "The system keyring did not answer ({reason}). Unlock it (sign in to the "
            "desktop session) and try again."
        ).format(reason=error)
    )
