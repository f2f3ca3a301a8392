"""Importing the network's directory, signed by the coordinator, and reading it back.

The first import pins the coordinator's key once the person importing has
confirmed its fingerprint; every later directory must be signed by that key and
must not be older than the one in use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.network import signing
from telecentre_desk.network.directory import Directory, SignedDirectory, read_directory
from telecentre_desk.network.directory import verify_document as verify_directory_document
from telecentre_desk.network.errors import DirectoryRefused
from telecentre_desk.services import audit, network_settings
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.network_keys import centre_code
from telecentre_desk.services.store import Store

MAX_DIRECTORY_BYTES = 4_000_000


class CoordinatorKeyUnconfirmed(ServiceError):
    """First import: the user must compare the coordinator key's fingerprint, then confirm."""

    def __init__(self, fingerprint: str, network: str) -> None:
        self.fingerprint = fingerprint
        self.network = network
        super().__init__(
            _(
                "This is the first directory this centre imports. Check with the coordinator "
                "that their key's fingerprint is {fingerprint}, then confirm it."
            ).format(fingerprint=fingerprint)
        )


@dataclass(frozen=True)
class DirectoryCentreInfo:
    code: str
    name: str
    commune: str
    fingerprint: str


@dataclass(frozen=True)
class DirectoryInfo:
    network: str
    issued: date
    coordinator_fingerprint: str
    centres: tuple[DirectoryCentreInfo, ...]


@dataclass(frozen=True)
class DirectoryImported:
    info: DirectoryInfo
    first_import: bool
    # Whether the directory lists this centre with the centre's own key (None: no key yet).
    own_key_listed: bool | None
    changes: ChangeSet = field(default_factory=ChangeSet)


def import_directory(
    store: Store, actor: Actor, data: bytes, confirmed_fingerprint: str | None = None
) -> DirectoryImported:
    require(actor, Permission.EXPORT_NETWORK)
    if len(data) > MAX_DIRECTORY_BYTES:
        raise ServiceError(_("This file is too large to be a network directory."))
    with store.read() as session:
        pinned = _pinned_key(session)
        current = _stored(session, pinned)
        public = network_settings.get(session, network_settings.PUBLIC_KEY)
    try:
        signed = read_directory(data, pinned)
    except DirectoryRefused as refusal:
        raise ServiceError(refusal.message) from None
    directory = signed.directory
    if pinned is None:
        if confirmed_fingerprint is None:
            raise CoordinatorKeyUnconfirmed(directory.coordinator_fingerprint, directory.network)
        if not signing.same_fingerprint(confirmed_fingerprint, directory.coordinator_key):
            raise ValidationError(
                {
                    "fingerprint": _(
                        "The fingerprint you confirmed is not the one of the key that signed "
                        "this directory. Nothing was imported: ask the coordinator."
                    )
                }
            )
    if current is not None and directory.issued < current.directory.issued:
        raise ValidationError(
            {
                "directory": _(
                    "This directory ({issued}) is older than the one in use ({current}). "
                    "Nothing was imported."
                ).format(
                    issued=directory.issued.isoformat(),
                    current=current.directory.issued.isoformat(),
                )
            }
        )
    with store.write() as session:
        network_settings.put(
            session,
            network_settings.DIRECTORY,
            {"document": signing.b64(signed.document), "signature": signing.b64(signed.signature)},
        )
        if pinned is None:
            network_settings.put(
                session, network_settings.COORDINATOR_KEY, signing.b64(directory.coordinator_key)
            )
        audit.record(
            session,
            actor,
            "import_network_directory",
            "centre",
            1,
            {
                "network": directory.network,
                "issued": directory.issued.isoformat(),
                "centres": len(directory.centres),
                "coordinator": directory.coordinator_fingerprint,
            },
        )
    return DirectoryImported(
        info=_info(directory),
        first_import=pinned is None,
        own_key_listed=_own_key_listed(directory, public, store),
    )


def current_directory(store: Store) -> Directory | None:
    """The imported directory, checked again against the pinned coordinator key."""
    with store.read() as session:
        signed = _stored(session, _pinned_key(session))
    return signed.directory if signed else None


def directory_info(store: Store) -> DirectoryInfo | None:
    directory = current_directory(store)
    return _info(directory) if directory else None


def _pinned_key(session: Session) -> bytes | None:
    pinned = network_settings.get(session, network_settings.COORDINATOR_KEY)
    return signing.unb64(pinned) if pinned else None


def _stored(session: Session, pinned: bytes | None) -> SignedDirectory | None:
    stored = network_settings.get(session, network_settings.DIRECTORY)
    if not stored:
        return None
    try:
        return verify_directory_document(
            signing.unb64(stored["document"]), signing.unb64(stored["signature"]), pinned
        )
    except (DirectoryRefused, signing.KeyFormatError, KeyError, TypeError):
        raise ServiceError(
            _(
                "The network directory stored in this centre's database is damaged. Import "
                "the directory file again."
            )
        ) from None


def _info(directory: Directory) -> DirectoryInfo:
    return DirectoryInfo(
        network=directory.network,
        issued=directory.issued,
        coordinator_fingerprint=directory.coordinator_fingerprint,
        centres=tuple(
            DirectoryCentreInfo(c.code, c.name, c.commune, c.fingerprint) for c in directory.centres
        ),
    )


def _own_key_listed(directory: Directory, public: str | None, store: Store) -> bool | None:
    if public is None:
        return None
    entry = directory.centre(centre_code(store))
    return entry is not None and signing.b64(entry.public_key) == public


@dataclass(frozen=True)
class RevokedPassport:
    centre_code: str
    centre_name: str
    serial: str


def revoked_passports(store: Store) -> tuple[RevokedPassport, ...]:
    """The passports the directory in use revokes, by centre then serial (none without one).

    Not restricted: the desk refuses these passports at check-in, and a serial says
    nothing about the person."""
    directory = current_directory(store)
    if directory is None:
        return ()
    return tuple(
        RevokedPassport(centre.code, centre.name, serial)
        for centre in sorted(directory.centres, key=lambda c: c.code)
        for serial in sorted(centre.revoked_passports)
    )
