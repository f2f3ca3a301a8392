"""Reading an exchange bundle fully in memory: everything checked, or a named refusal.

Nothing is written anywhere: the caller gets a :class:`ParsedBundle` (plain data,
ready to store) or a :class:`BundleRefused` whose ``reason`` names the problem.
Order of the checks: the container (strict ZIP), the manifest's format and major
version, the signature by the key the directory lists for the centre, then each
resource's size, hash, encoding, columns, values and row count, and finally
that the tables agree with the manifest (centre, period).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from telecentre_desk.i18n import _
from telecentre_desk.network import csvcodec, signing, strictzip
from telecentre_desk.network.bundle import sha256_hash
from telecentre_desk.network.csvcodec import Row
from telecentre_desk.network.errors import BundleRefused
from telecentre_desk.network.format import (
    EXCHANGE_KEY,
    FORMAT_NAME,
    MANIFEST_NAME,
    SIGNATURE_NAME,
    check_version,
)
from telecentre_desk.network.period import Period, PeriodError
from telecentre_desk.network.schemas import BY_NAME, RESOURCES, ResourceSpec

MAX_MANIFEST_BYTES = 1_000_000


@dataclass(frozen=True)
class ParsedBundle:
    format_version: str
    centre_code: str
    period: Period
    created: str
    generator: str
    signer_fingerprint: str
    manifest_sha256: str
    tables: Mapping[str, tuple[Row, ...]]  # every resource this reader knows
    ignored_resources: tuple[str, ...]  # resources of a later minor version


DEFAULT_LIMITS = strictzip.Limits()


def read_bundle(
    data: bytes, keys: Mapping[str, bytes], limits: strictzip.Limits = DEFAULT_LIMITS
) -> ParsedBundle:
    """Check and parse ``data``; ``keys`` maps centre codes to their raw public keys."""
    entries = strictzip.read(data, limits)
    manifest_bytes = entries.get(MANIFEST_NAME)
    signature = entries.get(SIGNATURE_NAME)
    if manifest_bytes is None:
        raise BundleRefused(
            "missing_manifest",
            _("The file holds no datapackage.json: it is not an exchange bundle."),
        )
    if signature is None:
        raise BundleRefused(
            "unsigned",
            _("The bundle is not signed (no datapackage.json.sig). It is refused."),
        )
    manifest = _parse_manifest(manifest_bytes)
    exchange = manifest[EXCHANGE_KEY]
    major, minor = check_version(exchange.get("version"))
    centre_code = _text(exchange, "centre_code")
    _check_signature(centre_code, keys, signature, manifest_bytes)
    period = _period(exchange)
    listed = _listed_resources(manifest)
    tables: dict[str, tuple[Row, ...]] = {}
    for name, (path, size, digest, rows) in listed.items():
        body = entries.get(path)
        if body is None:
            raise BundleRefused(
                "missing_resource",
                _("The bundle lists {path} but does not hold it (truncated?).").format(path=path),
            )
        if len(body) != size or sha256_hash(body) != digest:
            raise BundleRefused(
                "hash_mismatch",
                _(
                    "The content of {path} does not match the hash the manifest gives for "
                    "it: the file was altered after signing. It is refused."
                ).format(path=path),
            )
        spec = BY_NAME.get(name)
        if spec is None:
            continue  # a resource of a later minor version: ignored
        if path != spec.path:
            raise _bad_manifest(_("the resource {name} is not at {path}").format(
                name=name, path=spec.path
            ))  # fmt: skip
        parsed = csvcodec.decode(spec, body, bundle_minor=minor)
        if len(parsed) != rows:
            raise BundleRefused(
                "row_count_mismatch",
                _("{path} has {found} rows where the manifest says {expected}.").format(
                    path=path, found=len(parsed), expected=rows
                ),
            )
        tables[name] = tuple(parsed)
    _check_entries(entries, {path for path, *_rest in listed.values()})
    missing = [spec.name for spec in RESOURCES if spec.name not in tables]
    if missing:
        raise BundleRefused(
            "missing_resource",
            _("The bundle lacks the resource(s) {names}, which its format requires.").format(
                names=", ".join(missing)
            ),
        )
    _check_consistency(tables, centre_code, period)
    return ParsedBundle(
        format_version=f"{major}.{minor}",
        centre_code=centre_code,
        period=period,
        created=str(manifest.get("created", "")),
        generator=str(exchange.get("generator", "")),
        signer_fingerprint=str(exchange.get("signer_fingerprint", "")),
        manifest_sha256=hashlib.sha256(manifest_bytes).hexdigest(),
        tables=tables,
        ignored_resources=tuple(name for name in listed if name not in BY_NAME),
    )


def _parse_manifest(data: bytes) -> dict[str, Any]:
    if len(data) > MAX_MANIFEST_BYTES:
        raise _bad_manifest(_("it is larger than 1 MB"))
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _bad_manifest(_("it is not valid UTF-8 JSON")) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get(EXCHANGE_KEY), dict):
        raise BundleRefused(
            "unknown_format",
            _("This data package is not a network exchange bundle (no “exchange” section)."),
        )
    if manifest[EXCHANGE_KEY].get("format") != FORMAT_NAME:
        raise BundleRefused(
            "unknown_format",
            _("This data package is of the format “{found}”, not a network exchange bundle.")
            .format(found=str(manifest[EXCHANGE_KEY].get("format"))[:60]),
        )  # fmt: skip
    return manifest


def _check_signature(
    centre_code: str, keys: Mapping[str, bytes], signature: bytes, manifest: bytes
) -> None:
    key = keys.get(centre_code)
    if key is None:
        raise BundleRefused(
            "unknown_centre",
            _(
                "The bundle comes from the centre “{code}”, which is not in the network "
                "directory: its signature cannot be checked. Import the latest directory, "
                "or ask the coordinator."
            ).format(code=centre_code),
        )
    if not signing.verify(key, signature, manifest):
        raise BundleRefused(
            "bad_signature",
            _(
                "The signature does not match: the bundle was altered after signing, or it "
                "was signed by a key other than the one the directory lists for “{code}”. "
                "It is refused."
            ).format(code=centre_code),
        )


def _period(exchange: Mapping[str, Any]) -> Period:
    try:
        period = Period.parse(_text(exchange, "period"))
    except PeriodError as error:
        raise _bad_manifest(str(error)) from None
    if (exchange.get("period_start"), exchange.get("period_end")) != (
        period.start.isoformat(),
        period.end.isoformat(),
    ):
        raise _bad_manifest(_("its period's first and last days do not match the period"))
    return period


def _listed_resources(manifest: Mapping[str, Any]) -> dict[str, tuple[str, int, str, int]]:
    """name -> (path, bytes, hash, rows) of every resource the manifest lists."""
    resources = manifest.get("resources")
    if not isinstance(resources, list):
        raise _bad_manifest(_("it lists no resources"))
    listed: dict[str, tuple[str, int, str, int]] = {}
    for item in resources:
        if not isinstance(item, dict):
            raise _bad_manifest(_("a resource is not described"))
        name, path = item.get("name"), item.get("path")
        size, digest, rows = item.get("bytes"), item.get("hash"), item.get("rows")
        valid = (
            isinstance(name, str)
            and isinstance(path, str)
            and isinstance(size, int)
            and isinstance(rows, int)
            and isinstance(digest, str)
            and digest.startswith("sha256:")
        )
        if not valid:
            raise _bad_manifest(
                _("the resource “{name}” lacks its path, bytes, hash or rows").format(
                    name=str(name)[:40]
                )
            )
        assert isinstance(name, str) and isinstance(path, str) and isinstance(digest, str)
        assert isinstance(size, int) and isinstance(rows, int)
        strictzip.check_name(path)
        if name in listed or path in (MANIFEST_NAME, SIGNATURE_NAME):
            raise _bad_manifest(_("the resource “{name}” is listed twice").format(name=name))
        listed[name] = (path, size, digest, rows)
    return listed


def _check_entries(entries: Mapping[str, bytes], listed_paths: set[str]) -> None:
    extra = set(entries) - listed_paths - {MANIFEST_NAME, SIGNATURE_NAME}
    if extra:
        raise BundleRefused(
            "unexpected_file",
            _("The bundle holds {path}, which its manifest does not list. It is refused.").format(
                path=sorted(extra)[0]
            ),
        )


def _check_consistency(
    tables: Mapping[str, tuple[Row, ...]], centre_code: str, period: Period
) -> None:
    centre = tables["centre"]
    if len(centre) != 1 or centre[0]["centre_code"] != centre_code:
        raise BundleRefused(
            "inconsistent",
            _("The centre profile does not describe the centre “{code}” of the manifest.")
            .format(code=centre_code),
        )  # fmt: skip
    for spec in RESOURCES:
        column = next((f.name for f in spec.fields if f.type in ("date", "yearmonth")), None)
        rows = tables[spec.name]
        if column is not None:
            for line, row in enumerate(rows, start=2):
                day = row[column]
                if isinstance(day, date) and not _within(day, period, spec):
                    raise BundleRefused(
                        "inconsistent",
                        _("In {path}, line {line}: {day} is outside the period {period}.")
                        .format(path=spec.path, line=line, day=day, period=period.label),
                    )  # fmt: skip
        _check_unique(spec, rows)


def _within(day: date, period: Period, spec: ResourceSpec) -> bool:
    if any(f.type == "yearmonth" for f in spec.fields):
        return period.start.replace(day=1) <= day <= period.end
    return day in period


def _check_unique(spec: ResourceSpec, rows: tuple[Row, ...]) -> None:
    if not spec.primary_key:
        return
    seen: set[tuple[object, ...]] = set()
    for line, row in enumerate(rows, start=2):
        key = tuple(row[name] for name in spec.primary_key)
        if key in seen:
            raise BundleRefused(
                "inconsistent",
                _("In {path}, line {line}: a second row for {key}.").format(
                    path=spec.path, line=line, key=", ".join(str(k) for k in key)
                ),
            )
        seen.add(key)


def _text(section: Mapping[str, Any], key: str) -> str:
    value = section.get(key)
    if not isinstance(value, str) or not value:
        raise _bad_manifest(_("it has no “{key}”").format(key=key))
    return value


def _bad_manifest(detail: str) -> BundleRefused:
    return BundleRefused(
        "bad_manifest",
        _("The bundle's manifest (datapackage.json) is not valid: {detail}.").format(detail=detail),
    )
