"""Coordinator mode: importing the bundles centres send, each file all or nothing.

A file is read and checked entirely in memory by the format's reader (strict ZIP,
signature by the key the directory lists, hashes, columns, values) before anything
touches the database; then it is stored in one write transaction of its own. A file
the reader refuses leaves no trace: nothing is stored and nothing is written to disk.

Rules for a bundle of a centre and period already imported:
- the same bundle (same signed manifest): nothing changes ("already imported");
- another bundle (a correction): it replaces the first only with ``replace=True``,
  so that the person importing has confirmed it;
- a bundle whose period overlaps another period of the same centre (a month inside an
  imported quarter) is refused: the dashboard would count those days twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.network.reader import ParsedBundle
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.network_verify import known_keys, verify_file
from telecentre_desk.services.store import Store
from telecentre_desk.storage.network_models import (
    NetworkBundle,
    NetworkCentreProfile,
    NetworkMembers,
    NetworkOccupancyDay,
    NetworkRevenue,
    NetworkRoomUse,
    NetworkVisit,
)


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    REPLACED = "replaced"
    ALREADY_IMPORTED = "already_imported"
    NEEDS_CONFIRMATION = "needs_confirmation"  # a correction: ask, then import with replace
    REFUSED = "refused"


@dataclass(frozen=True)
class ImportOutcome:
    file_name: str
    status: ImportStatus
    message: str  # translated: what happened, or why the file is refused
    reason: str = ""  # the refusal's code (see network.errors), "" otherwise
    centre_code: str = ""
    period: str = ""
    bundle_id: int | None = None

    @property
    def stored(self) -> bool:
        return self.status in (ImportStatus.IMPORTED, ImportStatus.REPLACED)


@dataclass(frozen=True)
class ImportReport:
    outcomes: tuple[ImportOutcome, ...]
    changes: ChangeSet = field(default_factory=ChangeSet)


@dataclass(frozen=True)
class ImportedBundle:
    id: int
    centre_code: str
    centre_name: str
    period: str
    format_version: str
    manifest_sha256: str
    file_name: str
    imported_at: datetime
    visits: int
    days: int


def import_bundles(
    store: Store,
    actor: Actor,
    files: Sequence[Path],
    *,
    replace: bool = False,
    extra_keys: Mapping[str, bytes] | None = None,
) -> ImportReport:
    """Import each file in its own transaction; one outcome per file, in order.

    Coordinating the network's exchange is the job of whoever may export it: the
    manager (``EXPORT_NETWORK``); a front-desk role never sees other centres' figures.
    """
    require(actor, Permission.EXPORT_NETWORK)
    keys = known_keys(store, extra_keys)
    outcomes = [_import_file(store, actor, Path(path), keys, replace) for path in files]
    return ImportReport(tuple(outcomes))


def _import_file(
    store: Store, actor: Actor, path: Path, keys: Mapping[str, bytes], replace: bool
) -> ImportOutcome:
    checked = verify_file(path, keys)
    if not checked.ok or checked.bundle is None:
        return ImportOutcome(path.name, ImportStatus.REFUSED, checked.message, checked.reason)
    bundle = checked.bundle
    label = bundle.period.label
    described = {"centre_code": bundle.centre_code, "period": label}
    code = bundle.centre_code
    with store.write() as session:
        existing = session.scalar(
            select(NetworkBundle).where(
                NetworkBundle.centre_code == bundle.centre_code,
                NetworkBundle.period_label == label,
            )
        )
        if existing is not None and existing.manifest_sha256 == bundle.manifest_sha256:
            return ImportOutcome(
                path.name,
                ImportStatus.ALREADY_IMPORTED,
                _("{code}, {period}: already imported; nothing changed.").format(
                    code=bundle.centre_code, period=label
                ),
                bundle_id=existing.id,
                centre_code=code,
                period=label,
            )
        if existing is not None and not replace:
            return ImportOutcome(
                path.name,
                ImportStatus.NEEDS_CONFIRMATION,
                _(
                    "{code}, {period} was already imported from another file (on {day}). "
                    "Confirm to replace it with this one."
                ).format(
                    code=bundle.centre_code,
                    period=label,
                    day=existing.imported_at.date().isoformat(),
                ),
                bundle_id=existing.id,
                centre_code=code,
                period=label,
            )
        overlapping = _overlapping(session, bundle, label)
        if overlapping:
            return ImportOutcome(
                path.name,
                ImportStatus.REFUSED,
                _(
                    "{code}, {period} overlaps the period {other} already imported for this "
                    "centre: its days would be counted twice. Nothing was imported."
                ).format(code=bundle.centre_code, period=label, other=overlapping),
                "overlapping_period",
                centre_code=code,
                period=label,
            )
        if existing is not None:
            session.execute(delete(NetworkBundle).where(NetworkBundle.id == existing.id))
        bundle_id = store_bundle(session, bundle, path.name, actor.user_id)
        action = "replace_network_bundle" if existing is not None else "import_network_bundle"
        audit.record(
            session,
            actor,
            action,
            "network_bundle",
            bundle_id,
            {**described, "manifest_sha256": bundle.manifest_sha256, "file": path.name},
        )
    status = ImportStatus.REPLACED if existing is not None else ImportStatus.IMPORTED
    message = (
        _("{code}, {period}: replaced by this corrected file.")
        if existing is not None
        else _("{code}, {period}: imported.")
    ).format(code=bundle.centre_code, period=label)
    return ImportOutcome(
        path.name, status, message, centre_code=code, period=label, bundle_id=bundle_id
    )


def _overlapping(session: Session, bundle: ParsedBundle, label: str) -> str:
    """The label of another imported period of the centre that shares days, or ""."""
    other = session.scalar(
        select(NetworkBundle.period_label).where(
            NetworkBundle.centre_code == bundle.centre_code,
            NetworkBundle.period_label != label,
            NetworkBundle.period_start <= bundle.period.end,
            NetworkBundle.period_end >= bundle.period.start,
        )
    )
    return other or ""


def store_bundle(
    session: Session, bundle: ParsedBundle, file_name: str, user_id: int | None
) -> int:
    """Insert a checked bundle and its resources (bulk inserts: a centre-year is ~400 rows)."""
    tables = bundle.tables
    code = bundle.centre_code
    profile = tables["centre"][0]
    record = NetworkBundle(
        centre_code=code,
        centre_name=str(profile["name"]),
        period_label=bundle.period.label,
        period_start=bundle.period.start,
        period_end=bundle.period.end,
        format_version=bundle.format_version,
        manifest_sha256=bundle.manifest_sha256,
        signer_fingerprint=bundle.signer_fingerprint[:100],
        created=bundle.created[:40],
        generator=bundle.generator[:100],
        file_name=file_name[:255],
        imported_by=user_id,
    )
    session.add(record)
    session.flush()
    bundle_id = record.id
    _insert(
        session,
        NetworkCentreProfile,
        [
            {
                "bundle_id": bundle_id,
                "centre_code": code,
                "name": profile["name"],
                "insee_code": profile["insee_code"] or "",
                **{
                    name: profile[name]
                    for name in (
                        "desks",
                        "rooms_open_space",
                        "rooms_office",
                        "rooms_meeting",
                        "rooms_visio",
                        "rooms_lounge",
                        "visio_rooms",
                    )
                },
                "opening_hours": profile["opening_hours"] or "",
                "services": profile["services"] or "",
            }
        ],
    )
    _insert(
        session,
        NetworkOccupancyDay,
        [
            {
                "bundle_id": bundle_id,
                "centre_code": code,
                "day": row["date"],
                "open": row["open"],
                "closed_reason": row["closed_reason"] or "",
                "unique_visitors": row["unique_visitors"],
                "desk_hours_used": row["desk_hours_used"],
                "desk_hours_available": row["desk_hours_available"],
                "peak": row["peak"],
            }
            for row in tables["occupancy"]
        ],
    )
    _insert(
        session,
        NetworkVisit,
        [
            {
                "bundle_id": bundle_id,
                "host_centre_code": code,
                "home_centre_code": row["home_centre_code"],
                "pseudonym": row["pseudonym"] or "",
                "day": row["date"],
                "duration_minutes": row["duration_minutes"],
                "tariff": row["tariff"],
                "quantity": row["quantity"],
                "amount_due": row["amount_due"],
            }
            for row in tables["network_visits"]
        ],
    )
    _insert(
        session,
        NetworkRoomUse,
        [
            {
                "bundle_id": bundle_id,
                "centre_code": code,
                "day": row["date"],
                **{
                    name: row[name]
                    for name in (
                        "room_kind",
                        "booker_type",
                        "hours_booked",
                        "bookings",
                        "cancellations",
                        "no_shows",
                        "suppressed",
                    )
                },
            }
            for row in tables["room_use"]
        ],
    )
    _insert(
        session,
        NetworkRevenue,
        [
            {
                "bundle_id": bundle_id,
                "centre_code": code,
                **{
                    name: row[name]
                    for name in (
                        "month",
                        "family",
                        "vat_rate",
                        "net_amount",
                        "vat_amount",
                        "invoices",
                        "credit_notes",
                        "suppressed",
                    )
                },
            }
            for row in tables["revenue"]
        ],
    )
    _insert(
        session,
        NetworkMembers,
        [
            {
                "bundle_id": bundle_id,
                "centre_code": code,
                "category": row["category"],
                "registered_members": row["registered_members"],
                "members_present": row["members_present"],
                "suppressed": row["suppressed"],
            }
            for row in tables["members_by_category"]
        ],
    )
    return bundle_id


def _insert(session: Session, model: type[Any], rows: list[dict[str, Any]]) -> None:
    """A Core executemany on the session's connection: the ORM's bulk path costs more than
    the database itself for the ~700 rows of a centre-year."""
    if rows:
        session.connection().execute(model.__table__.insert(), rows)


def imported_bundles(store: Store, actor: Actor) -> tuple[ImportedBundle, ...]:
    """The bundles imported so far, by centre then period."""
    require(actor, Permission.EXPORT_NETWORK)
    with store.read() as session:
        visits = dict(
            session.execute(
                select(NetworkVisit.bundle_id, func.count()).group_by(NetworkVisit.bundle_id)
            ).all()
        )
        days = dict(
            session.execute(
                select(NetworkOccupancyDay.bundle_id, func.count()).group_by(
                    NetworkOccupancyDay.bundle_id
                )
            ).all()
        )
        bundles = session.scalars(
            select(NetworkBundle).order_by(NetworkBundle.centre_code, NetworkBundle.period_start)
        ).all()
        return tuple(
            ImportedBundle(
                id=b.id,
                centre_code=b.centre_code,
                centre_name=b.centre_name,
                period=b.period_label,
                format_version=b.format_version,
                manifest_sha256=b.manifest_sha256,
                file_name=b.file_name,
                imported_at=b.imported_at,
                visits=int(visits.get(b.id, 0)),
                days=int(days.get(b.id, 0)),
            )
            for b in bundles
        )
