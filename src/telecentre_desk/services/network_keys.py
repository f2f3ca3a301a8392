"""The centre's Ed25519 key pair and the network secret: creating, storing, reading.

The private key is created the first time it is needed (``network key`` or the
first export) and kept in the vault (keyring, or the encrypted file); only the
public key is recorded in the database, so its fingerprint can be shown without
unlocking anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.network import pseudonyms, signing
from telecentre_desk.services import audit, network_settings
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.network_vault import (
    NO_PASSPHRASE,
    KeyAccess,
    Vault,
    keyring_problem,
)
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre

SIGNING_KEY = "network-signing-key"
NETWORK_SECRET = "network-secret"


@dataclass(frozen=True)
class KeyStatus:
    centre_code: str
    public_key: bytes | None
    storage: str  # "keyring", "file" or "" (no key yet)
    keyring_problem: str | None  # why the encrypted file is used, if it is
    secret_check: str | None  # 8 hex digits identifying the network secret, if set

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key) if self.public_key else ""


@dataclass(frozen=True)
class CentreKey:
    public_key: bytes
    created: bool
    storage: str
    changes: ChangeSet = field(default_factory=ChangeSet)

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key)

    @property
    def pem(self) -> bytes:
        return signing.public_pem(self.public_key)


@dataclass(frozen=True)
class SecretSaved:
    check: str
    storage: str
    changes: ChangeSet = field(default_factory=ChangeSet)


@dataclass(frozen=True)
class Unlocked:
    """The centre's secrets for one use case; never leaves the services."""

    centre_code: str
    signing_key: bytes = field(repr=False)
    network_secret: bytes | None = field(repr=False)


def data_root(store: Store) -> Path:
    """The folder of the centre's database (where the encrypted key file goes)."""
    database = store.engine.url.database
    if not database or database == ":memory:":
        raise ServiceError(_("This database has no folder to keep the centre's key file in."))
    return Path(database).resolve().parent


def centre_code(store: Store) -> str:
    with store.read() as session:
        code = session.scalar(select(Centre.network_centre_code))
    return code or ""


def require_centre_code(store: Store) -> str:
    code = centre_code(store)
    if not code:
        raise ValidationError(
            {
                "centre_code": _(
                    "Enter this centre's network code first (the coordinator gives it, "
                    "for example 77-ROZ)."
                )
            }
        )
    return code


def key_status(store: Store) -> KeyStatus:
    with store.read() as session:
        code = session.scalar(select(Centre.network_centre_code)) or ""
        public = network_settings.get(session, network_settings.PUBLIC_KEY)
        storage = network_settings.get(session, network_settings.KEY_STORAGE, "")
        check = network_settings.get(session, network_settings.SECRET_CHECK)
    return KeyStatus(
        centre_code=code,
        public_key=signing.unb64(public) if public else None,
        storage=storage if public else "",
        keyring_problem=keyring_problem(),
        secret_check=check,
    )


def ensure_centre_key(store: Store, actor: Actor, access: KeyAccess = NO_PASSPHRASE) -> CentreKey:
    """The centre's key pair, created (and stored in the vault) if it does not exist yet."""
    require(actor, Permission.EXPORT_NETWORK)
    code = require_centre_code(store)
    vault = Vault(data_root(store), code, access)
    with store.read() as session:
        recorded = network_settings.get(session, network_settings.PUBLIC_KEY)
    stored = vault.get(SIGNING_KEY) if recorded is None or vault.storage == "keyring" else None
    if recorded is not None:
        if vault.storage == "keyring" and stored is None:
            raise _key_lost(code)
        return CentreKey(signing.unb64(recorded), created=False, storage=vault.storage)
    created = stored is None
    private = stored if stored is not None else signing.new_private_key()
    storage = vault.put(SIGNING_KEY, private) if created else vault.storage
    public = signing.public_of(private)
    with store.write() as session:
        network_settings.put(session, network_settings.PUBLIC_KEY, signing.b64(public))
        network_settings.put(session, network_settings.KEY_STORAGE, storage)
        audit.record(
            session,
            actor,
            "create_network_key",
            "centre",
            1,
            {"fingerprint": signing.fingerprint(public), "storage": storage},
        )
    return CentreKey(public, created=True, storage=storage)


def set_network_secret(
    store: Store, actor: Actor, text: str, access: KeyAccess = NO_PASSPHRASE
) -> SecretSaved:
    """Keep the network secret the network handed out (``tdns1-…``)."""
    require(actor, Permission.EXPORT_NETWORK)
    try:
        secret = pseudonyms.parse_secret(text)
    except pseudonyms.SecretFormatError:
        raise ValidationError(
            {
                "secret": _(
                    "This is not a network secret. Copy it exactly as the network gave it: "
                    "it starts with tdns1- followed by groups of letters and digits."
                )
            }
        ) from None
    code = require_centre_code(store)
    storage = Vault(data_root(store), code, access).put(NETWORK_SECRET, secret)
    check = secret_check(secret)
    with store.write() as session:
        network_settings.put(session, network_settings.SECRET_CHECK, check)
        audit.record(session, actor, "set_network_secret", "centre", 1, {"check": check})
    return SecretSaved(check, storage)


def secret_check(secret: bytes) -> str:
    """8 hex digits that identify a secret without revealing it (to compare between centres)."""
    return hashlib.sha256(b"telecentre-network-secret-check\n" + secret).hexdigest()[:8]


def unlock(store: Store, access: KeyAccess, *, need_secret: bool) -> Unlocked:
    """The private key (and the network secret) for a use case that signs."""
    code = require_centre_code(store)
    vault = Vault(data_root(store), code, access)
    private = vault.get(SIGNING_KEY)
    with store.read() as session:
        recorded = network_settings.get(session, network_settings.PUBLIC_KEY)
    if recorded is not None and private is None:
        raise _key_lost(code)
    if private is None or recorded is None:
        raise ServiceError(
            _(
                "This centre has no network key yet. Create it in the Network view "
                "(or with “network key”) before exporting or issuing passports."
            )
        )
    if signing.b64(signing.public_of(private)) != recorded:
        raise _key_lost(code)
    secret = vault.get(NETWORK_SECRET)
    if need_secret and secret is None:
        raise ValidationError(
            {
                "secret": _(
                    "Enter the network secret first: the network gives it to every centre, "
                    "it keys the visitors' pseudonyms."
                )
            }
        )
    return Unlocked(code, private, secret)


def _key_lost(code: str) -> ServiceError:
    return ServiceError(
        _(
            "The private key of centre {code} is not in this computer's keyring or key file "
            "any more. Restore the keyring or the key file from a backup; otherwise the "
            "coordinator must register a new key for the centre."
        ).format(code=code)
    )
