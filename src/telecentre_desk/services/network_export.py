"""Exporting a period to the network: readiness, the preview of what leaves, the export,
and the history of exports (kept in AppSetting).

What leaves the centre is exactly the bundle's six CSV tables; the preview shows
them cell by cell, as the file will hold them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from telecentre_desk import __version__
from telecentre_desk.atomic_files import write_atomically
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.network import csvcodec, signing
from telecentre_desk.network.bundle import BundleContents, bundle_file_name, write_bundle
from telecentre_desk.network.errors import BundleRefused
from telecentre_desk.network.period import Period
from telecentre_desk.network.reader import read_bundle
from telecentre_desk.network.schemas import RESOURCES
from telecentre_desk.services import audit, network_settings
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.network_directory import current_directory
from telecentre_desk.services.network_gather import GatheredPeriod, gather_period
from telecentre_desk.services.network_keys import centre_code, key_status, unlock
from telecentre_desk.services.network_vault import NO_PASSPHRASE, KeyAccess, PassphraseNeeded
from telecentre_desk.services.store import Store
from telecentre_desk.storage.types import utc_now

GENERATOR = f"Telecentre Desk {__version__}"
HISTORY_LIMIT = 200
HIDDEN = "••••••"  # a pseudonym the preview cannot compute without the secret


@dataclass(frozen=True)
class Readiness:
    centre_code: str
    directory_imported: bool
    centre_in_directory: bool
    key_created: bool
    secret_set: bool

    @property
    def problems(self) -> tuple[str, ...]:
        """What to do before the first export, in order, as sentences."""
        steps: list[str] = []
        if not self.centre_code:
            steps.append(_("Enter this centre's network code (the coordinator gives it)."))
        if not self.directory_imported:
            steps.append(_("Import the network directory the coordinator sent."))
        elif self.centre_code and not self.centre_in_directory:
            steps.append(
                _(
                    "The directory does not list this centre ({code}): check the code, or "
                    "ask the coordinator to add the centre."
                ).format(code=self.centre_code)
            )
        if not self.key_created:
            steps.append(_("Create the centre's key and send its public key to the coordinator."))
        if not self.secret_set:
            steps.append(_("Enter the network secret the network gave you."))
        return tuple(steps)

    @property
    def ready(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class ResourcePreview:
    name: str
    title: str  # translated
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # cells exactly as the CSV holds them
    filled_from: str | None


@dataclass(frozen=True)
class ExportPreview:
    period: Period
    readiness: Readiness
    resources: tuple[ResourcePreview, ...]
    suppressed_cells: int
    visits_without_id: int
    open_presences_skipped: int
    pseudonyms_shown: bool  # False: the secret was not available to compute them


@dataclass(frozen=True)
class ExportResult:
    path: Path
    period: Period
    file_bytes: int
    rows: dict[str, int]
    manifest_sha256: str
    fingerprint: str
    changes: ChangeSet = field(default_factory=ChangeSet)


@dataclass(frozen=True)
class ExportRecord:
    at: datetime
    period: str
    file_name: str
    path: str
    file_bytes: int
    rows: dict[str, int]
    manifest_sha256: str
    by: str


def export_readiness(store: Store) -> Readiness:
    status = key_status(store)
    directory = current_directory(store)
    return Readiness(
        centre_code=status.centre_code,
        directory_imported=directory is not None,
        centre_in_directory=bool(directory and directory.centre(status.centre_code)),
        key_created=status.public_key is not None,
        secret_set=status.secret_check is not None,
    )


def preview_export(
    store: Store, actor: Actor, period: Period, access: KeyAccess = NO_PASSPHRASE
) -> ExportPreview:
    """Every cell that would leave the centre for ``period``. Pseudonyms are shown when the
    network secret can be read without a passphrase; amounts once the directory is in."""
    require(actor, Permission.EXPORT_NETWORK)
    readiness = export_readiness(store)
    directory = current_directory(store)
    code = readiness.centre_code
    secret: bytes | None = None
    if readiness.key_created and readiness.secret_set:
        try:
            secret = unlock(store, access, need_secret=False).network_secret
        except (PassphraseNeeded, ServiceError):
            secret = None  # the preview still shows everything else
    with store.read() as session:
        gathered = gather_period(
            session, code or "?", period, directory.tariff_for(code) if directory else None, secret
        )
    return ExportPreview(
        period=period,
        readiness=readiness,
        resources=_previews(gathered),
        suppressed_cells=gathered.suppressed_cells,
        visits_without_id=gathered.visits_without_id,
        open_presences_skipped=gathered.open_presences_skipped,
        pseudonyms_shown=secret is not None,
    )


def _previews(gathered: GatheredPeriod) -> tuple[ResourcePreview, ...]:
    previews = []
    for spec in RESOURCES:
        rows = tuple(
            tuple(
                HIDDEN
                if f.name == "pseudonym" and row.get(f.name) is None
                else csvcodec.format_cell(f, row.get(f.name))
                for f in spec.fields
            )
            for row in gathered.tables[spec.name]
        )
        previews.append(
            ResourcePreview(spec.name, _(spec.title), spec.field_names, rows, spec.filled_from)
        )
    return tuple(previews)


def export_period(
    store: Store,
    actor: Actor,
    period: Period,
    out_path: Path,
    access: KeyAccess = NO_PASSPHRASE,
    *,
    now: datetime | None = None,
) -> ExportResult:
    """Write the signed bundle of ``period`` to ``out_path`` and record it in the history.

    The figures are read in one read transaction; signing and writing the file happen
    outside any transaction (the desk's writer is not held meanwhile); the history entry
    is one write transaction at the end.
    """
    require(actor, Permission.EXPORT_NETWORK)
    readiness = export_readiness(store)
    if not readiness.ready:
        raise ValidationError({"setup": "\n".join(readiness.problems)})
    directory = current_directory(store)
    assert directory is not None
    unlocked = unlock(store, access, need_secret=True)
    code = unlocked.centre_code
    with store.read() as session:
        gathered = gather_period(
            session, code, period, directory.tariff_for(code), unlocked.network_secret
        )
    created = now or utc_now()
    contents = BundleContents(code, period, created, GENERATOR, gathered.tables)
    bundle = write_bundle(contents, unlocked.signing_key)
    public = signing.public_of(unlocked.signing_key)
    try:  # what we send must be what any reader of the format accepts
        read_bundle(bundle.data, {code: public})
    except BundleRefused as refusal:  # pragma: no cover - a bug of the writer
        raise ServiceError(
            _("The export could not be checked ({reason}); nothing was written.").format(
                reason=refusal.message
            )
        ) from refusal
    target = _write_atomically(Path(out_path), bundle.data)
    record = {
        "at": created.isoformat(),
        "period": period.label,
        "file_name": target.name,
        "path": str(target),
        "file_bytes": len(bundle.data),
        "rows": dict(bundle.rows),
        "manifest_sha256": bundle.manifest_sha256,
        "by": actor.display_name,
    }
    with store.write() as session:
        history: list[dict[str, Any]] = list(
            network_settings.get(session, network_settings.EXPORT_HISTORY, [])
        )
        history = [*history, record][-HISTORY_LIMIT:]
        network_settings.put(session, network_settings.EXPORT_HISTORY, history)
        audit.record(
            session,
            actor,
            "export_network",
            "centre",
            1,
            {"period": period.label, "manifest_sha256": bundle.manifest_sha256},
        )
    return ExportResult(
        path=target,
        period=period,
        file_bytes=len(bundle.data),
        rows=dict(bundle.rows),
        manifest_sha256=bundle.manifest_sha256,
        fingerprint=signing.fingerprint(public),
    )


def default_file_name(store: Store, period: Period) -> str:
    return bundle_file_name(centre_code(store) or "centre", period)


def export_history(store: Store, actor: Actor) -> tuple[ExportRecord, ...]:
    """The exports made from this centre, newest first."""
    require(actor, Permission.EXPORT_NETWORK)
    with store.read() as session:
        history = network_settings.get(session, network_settings.EXPORT_HISTORY, [])
    records = [
        ExportRecord(
            at=datetime.fromisoformat(item["at"]),
            period=item["period"],
            file_name=item["file_name"],
            path=item["path"],
            file_bytes=int(item["file_bytes"]),
            rows={str(k): int(v) for k, v in item["rows"].items()},
            manifest_sha256=item["manifest_sha256"],
            by=item["by"],
        )
        for item in history
    ]
    return tuple(reversed(records))


def _write_atomically(path: Path, data: bytes) -> Path:
    """Write next to the target, then rename: a crash never leaves half a bundle."""
    target = path.expanduser().resolve()
    try:
        write_atomically(target, data)
    except OSError as error:
        raise ServiceError(
            _("Cannot write the export to {path}: {reason}. Choose another folder.").format(
                path=target, reason=error.strerror or error
            )
        ) from error
    return target
