"""Verifying exchange bundles against the network directory (and the centre's own key).

This is the reader coordinator mode builds on: ``parse_bundle`` returns the whole
bundle as plain, checked data, or refuses it with a named reason; nothing is
stored and nothing is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.network import signing
from telecentre_desk.network.errors import BundleRefused
from telecentre_desk.network.reader import ParsedBundle, read_bundle
from telecentre_desk.network.strictzip import Limits
from telecentre_desk.services.network_directory import current_directory
from telecentre_desk.services.network_keys import key_status
from telecentre_desk.services.store import Store


@dataclass(frozen=True)
class VerifyOutcome:
    name: str
    ok: bool
    reason: str  # "" when ok, else the refusal's reason code
    message: str  # the refusal, or a one-line summary of the bundle
    bundle: ParsedBundle | None = field(default=None, repr=False)


def known_keys(store: Store, extra: Mapping[str, bytes] | None = None) -> dict[str, bytes]:
    """Centre code -> public key: the directory's, this centre's own, then ``extra``."""
    keys: dict[str, bytes] = {}
    directory = current_directory(store)
    if directory is not None:
        keys.update(directory.keys())
    status = key_status(store)
    if status.public_key is not None and status.centre_code:
        keys.setdefault(status.centre_code, status.public_key)
    keys.update(extra or {})
    return keys


def parse_bundle(data: bytes, keys: Mapping[str, bytes]) -> ParsedBundle:
    """The checked contents of a bundle, or :class:`BundleRefused` naming the reason."""
    return read_bundle(data, keys)


def verify_files(
    store: Store, paths: Sequence[Path], extra_keys: Mapping[str, bytes] | None = None
) -> list[VerifyOutcome]:
    keys = known_keys(store, extra_keys)
    return [verify_file(path, keys) for path in paths]


def verify_file(path: Path, keys: Mapping[str, bytes]) -> VerifyOutcome:
    limit = Limits().total_bytes
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return VerifyOutcome(
            path.name,
            False,
            "unreadable",
            _("Cannot read {path}: {reason}.").format(path=path, reason=error.strerror or error),
        )
    return verify_bytes(path.name, data, keys)


def verify_bytes(name: str, data: bytes, keys: Mapping[str, bytes]) -> VerifyOutcome:
    try:
        bundle = parse_bundle(data, keys)
    except BundleRefused as refusal:
        return VerifyOutcome(name, False, refusal.reason, refusal.message)
    rows = sum(len(rows) for rows in bundle.tables.values())
    summary = _(
        "centre {code}, period {period}, format {version}, {rows}, signed by {fingerprint}"
    ).format(
        code=bundle.centre_code,
        period=bundle.period.label,
        version=bundle.format_version,
        rows=ngettext("{count} row", "{count} rows", rows).format(count=rows),
        fingerprint=signing.fingerprint(keys[bundle.centre_code])[:19],
    )
    return VerifyOutcome(name, True, "", summary, bundle)
