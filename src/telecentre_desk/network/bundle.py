"""Writing an exchange bundle: CSV resources, the manifest that pins them, its signature.

The resources depend only on the data and the period, so two exports of the same
data give the same resource bytes; the creation time lives in the manifest alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from telecentre_desk.network import csvcodec, signing, strictzip
from telecentre_desk.network.format import (
    EXCHANGE_KEY,
    FORMAT_NAME,
    FORMAT_VERSION,
    MANIFEST_NAME,
    SIGNATURE_NAME,
)
from telecentre_desk.network.period import Period
from telecentre_desk.network.schemas import RESOURCES, SUPPRESSION_THRESHOLD

Rows = Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class BundleContents:
    centre_code: str
    period: Period
    created: datetime  # aware
    generator: str  # "Telecentre Desk 0.1.0"
    tables: Mapping[str, Rows]  # resource name -> rows, for every resource of the format


@dataclass(frozen=True)
class WrittenBundle:
    data: bytes  # the ZIP file
    manifest: bytes  # datapackage.json, as signed
    signature: bytes
    resources: Mapping[str, bytes]  # resource name -> CSV bytes
    rows: Mapping[str, int]

    @property
    def manifest_sha256(self) -> str:
        return hashlib.sha256(self.manifest).hexdigest()


def sha256_hash(data: bytes) -> str:
    """The Data Package form of a hash: ``sha256:`` and the hex digest."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def bundle_file_name(centre_code: str, period: Period) -> str:
    return f"{centre_code.lower()}-{period.label.lower()}.telecentre-exchange.zip"


def write_bundle(contents: BundleContents, private_key: bytes) -> WrittenBundle:
    resources = {
        spec.name: csvcodec.encode(spec, contents.tables.get(spec.name, ())) for spec in RESOURCES
    }
    rows = {spec.name: len(contents.tables.get(spec.name, ())) for spec in RESOURCES}
    public = signing.public_of(private_key)
    manifest = manifest_bytes(contents, resources, rows, signing.fingerprint(public))
    return assemble(manifest, resources, private_key, rows)


def assemble(
    manifest: bytes,
    resources: Mapping[str, bytes],
    private_key: bytes,
    rows: Mapping[str, int] | None = None,
    paths: Mapping[str, str] | None = None,
) -> WrittenBundle:
    """Sign ``manifest`` and zip it with the resources (paths default to data/NAME.csv)."""
    signature = signing.sign(private_key, manifest)
    entries = [(MANIFEST_NAME, manifest), (SIGNATURE_NAME, signature)]
    entries += [
        ((paths or {}).get(name, f"data/{name}.csv"), data) for name, data in resources.items()
    ]
    return WrittenBundle(strictzip.write(entries), manifest, signature, resources, rows or {})


def manifest_bytes(
    contents: BundleContents,
    resources: Mapping[str, bytes],
    rows: Mapping[str, int],
    signer_fingerprint: str,
) -> bytes:
    period = contents.period
    created = contents.created.astimezone(UTC).replace(microsecond=0)
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"telecentre-exchange-{contents.centre_code.lower()}-{period.label.lower()}",
        "title": f"Telecentre network exchange — {contents.centre_code} — {period.label}",
        "created": created.isoformat().replace("+00:00", "Z"),
        EXCHANGE_KEY: {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "centre_code": contents.centre_code,
            "period": period.label,
            "period_start": period.start.isoformat(),
            "period_end": period.end.isoformat(),
            "generator": contents.generator,
            "signer_fingerprint": signer_fingerprint,
            "signature_file": SIGNATURE_NAME,
            "suppression_threshold": SUPPRESSION_THRESHOLD,
        },
        "resources": [
            {
                "name": spec.name,
                "path": spec.path,
                "profile": "tabular-data-resource",
                "title": spec.title,
                "description": spec.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(resources[spec.name]),
                "hash": sha256_hash(resources[spec.name]),
                "rows": rows[spec.name],
                "schema": spec.schema(),
            }
            for spec in RESOURCES
        ],
    }
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
