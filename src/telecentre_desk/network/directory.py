"""The network's directory: its centres, their public keys and the clearing tariffs.

The coordinator signs it with the coordinator key; each centre imports it. The
first import pins the coordinator's key (after the person importing compares its
fingerprint with the one the coordinator gave them); from then on a directory
signed by any other key is refused. The file is a strict-profile ZIP holding
``directory.json`` and its detached Ed25519 signature ``directory.json.sig``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from telecentre_desk.i18n import _
from telecentre_desk.network import signing, strictzip
from telecentre_desk.network.clearing import ClearingTariff, TariffFormatError
from telecentre_desk.network.errors import DirectoryRefused, NetworkRefusal
from telecentre_desk.network.format import parse_version

DIRECTORY_FORMAT = "telecentre-network-directory"
DIRECTORY_VERSION = "1.0"
DOCUMENT_NAME = "directory.json"
SIGNATURE_NAME = "directory.json.sig"
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")


@dataclass(frozen=True)
class DirectoryCentre:
    code: str
    name: str
    commune: str
    insee_code: str
    public_key: bytes  # raw 32 bytes
    clearing_tariff: ClearingTariff | None = None  # None: the network's
    revoked_passports: frozenset[str] = field(default_factory=frozenset)

    @property
    def fingerprint(self) -> str:
        return signing.fingerprint(self.public_key)


@dataclass(frozen=True)
class Directory:
    network: str
    issued: date
    coordinator_key: bytes
    clearing_tariff: ClearingTariff
    centres: tuple[DirectoryCentre, ...]

    def centre(self, code: str) -> DirectoryCentre | None:
        return next((centre for centre in self.centres if centre.code == code), None)

    def keys(self) -> dict[str, bytes]:
        return {centre.code: centre.public_key for centre in self.centres}

    def tariff_for(self, code: str) -> ClearingTariff:
        """The clearing tariff a visit to centre ``code`` is counted at."""
        centre = self.centre(code)
        return centre.clearing_tariff if centre and centre.clearing_tariff else self.clearing_tariff

    @property
    def coordinator_fingerprint(self) -> str:
        return signing.fingerprint(self.coordinator_key)


@dataclass(frozen=True)
class SignedDirectory:
    """The exact signed bytes, kept so that a stored directory can be checked again."""

    document: bytes
    signature: bytes
    directory: Directory


def document(
    network: str,
    issued: date,
    coordinator_key: bytes,
    clearing_tariff: ClearingTariff,
    centres: Sequence[DirectoryCentre],
) -> bytes:
    """The directory.json bytes the coordinator signs."""
    data: dict[str, Any] = {
        "format": DIRECTORY_FORMAT,
        "version": DIRECTORY_VERSION,
        "network": network,
        "issued": issued.isoformat(),
        "coordinator_key": signing.b64(coordinator_key),
        "clearing_tariff": clearing_tariff.to_json(),
        "centres": [_centre_json(centre) for centre in sorted(centres, key=lambda c: c.code)],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _centre_json(centre: DirectoryCentre) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": centre.code,
        "name": centre.name,
        "commune": centre.commune,
        "insee_code": centre.insee_code,
        "public_key": signing.b64(centre.public_key),
        "revoked_passports": sorted(centre.revoked_passports),
    }
    if centre.clearing_tariff is not None:
        item["clearing_tariff"] = centre.clearing_tariff.to_json()
    return item


def write_directory(document_bytes: bytes, coordinator_private_key: bytes) -> bytes:
    signature = signing.sign(coordinator_private_key, document_bytes)
    return strictzip.write([(DOCUMENT_NAME, document_bytes), (SIGNATURE_NAME, signature)])


def read_directory(data: bytes, pinned_key: bytes | None) -> SignedDirectory:
    """Check and parse a directory file.

    With ``pinned_key`` (the coordinator key of earlier imports) the signature must be
    by that key. Without one, the file must be signed by the key it names; whether
    to trust that key is the caller's decision (compare the fingerprint).
    """
    try:
        entries = strictzip.read(data, strictzip.Limits(total_bytes=4_000_000, entries=2))
    except NetworkRefusal as refusal:
        raise DirectoryRefused(refusal.reason, refusal.message) from None
    body, signature = entries.get(DOCUMENT_NAME), entries.get(SIGNATURE_NAME)
    if body is None or signature is None or set(entries) != {DOCUMENT_NAME, SIGNATURE_NAME}:
        raise DirectoryRefused(
            "not_a_directory",
            _("This file is not a network directory (directory.json and its signature)."),
        )
    return verify_document(body, signature, pinned_key)


def verify_document(body: bytes, signature: bytes, pinned_key: bytes | None) -> SignedDirectory:
    directory = parse_document(body)
    key = pinned_key if pinned_key is not None else directory.coordinator_key
    if pinned_key is not None and directory.coordinator_key != pinned_key:
        raise _other_key()
    if not signing.verify(key, signature, body):
        if pinned_key is not None:
            raise _other_key()
        raise DirectoryRefused(
            "bad_signature",
            _("The directory's signature does not match: the file was altered. It is refused."),
        )
    return SignedDirectory(body, signature, directory)


def _other_key() -> DirectoryRefused:
    return DirectoryRefused(
        "other_key",
        _(
            "This directory is not signed by the coordinator key this centre trusts. It is "
            "refused: ask the coordinator for the genuine file."
        ),
    )


def parse_document(body: bytes) -> Directory:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad(_("it is not valid UTF-8 JSON")) from None
    if not isinstance(data, dict) or data.get("format") != DIRECTORY_FORMAT:
        raise DirectoryRefused(
            "not_a_directory", _("This file is not a network directory (unknown format).")
        )
    try:
        major, _minor = parse_version(data.get("version"))
    except NetworkRefusal:
        raise _bad(_("its version is missing")) from None
    if major != 1:
        raise DirectoryRefused(
            "unknown_major_version",
            _(
                "This directory uses version {version} of its format, which this version of "
                "Telecentre Desk does not know. Update the application."
            ).format(version=data.get("version")),
        )
    try:
        centres = tuple(_centre(item) for item in data["centres"])
        directory = Directory(
            network=str(data["network"]),
            issued=date.fromisoformat(data["issued"]),
            coordinator_key=signing.unb64(data["coordinator_key"], signing.KEY_BYTES),
            clearing_tariff=ClearingTariff.from_json(data["clearing_tariff"]),
            centres=centres,
        )
    except (KeyError, TypeError, ValueError, signing.KeyFormatError, TariffFormatError):
        raise _bad(_("an entry is missing or malformed")) from None
    codes = [centre.code for centre in centres]
    if len(set(codes)) != len(codes):
        raise _bad(_("a centre code appears twice"))
    return directory


def _centre(item: Any) -> DirectoryCentre:
    code = item["code"]
    if not isinstance(code, str) or not _CODE.match(code):
        raise ValueError("centre code")
    revoked = item.get("revoked_passports", [])
    if not isinstance(revoked, list) or not all(isinstance(r, str) for r in revoked):
        raise ValueError("revoked passports")
    tariff = item.get("clearing_tariff")
    return DirectoryCentre(
        code=code,
        name=str(item["name"]),
        commune=str(item.get("commune", "")),
        insee_code=str(item.get("insee_code", "")),
        public_key=signing.unb64(item["public_key"], signing.KEY_BYTES),
        clearing_tariff=ClearingTariff.from_json(tariff) if tariff is not None else None,
        revoked_passports=frozenset(revoked),
    )


def _bad(detail: str) -> DirectoryRefused:
    return DirectoryRefused(
        "bad_directory",
        _("The directory file is not valid: {detail}. Ask the coordinator for it again.").format(
            detail=detail
        ),
    )
