"""The yearly archive of the desk closings: one dated file that can be checked on its own.

A ZIP holding ``closings.json`` (every closing of the year with its totals and
hashes), ``payments.json`` (every payment those closings cover) and
``manifest.json`` (when and by whom it was made, the year's totals, and the
SHA-256 of the two other files). ``verify_closing_archive`` re-reads such a file
without the database: it checks the files' hashes and recomputes each closing's
hash from its payments, so a changed archive is detected.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from sqlalchemy import select

from telecentre_desk.domain.invoicing import PaymentMethod
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _, format_date
from telecentre_desk.services import audit
from telecentre_desk.services.accounting_exports import write_atomically
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.desk_closing import (
    ClosedPayment,
    MethodTotals,
    chained_hash,
    closed_payment,
    closing_content,
    totals_of,
    verify_closings,
)
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import DeskClosing, Payment
from telecentre_desk.storage.models import Centre
from telecentre_desk.storage.types import utc_now

FORMAT = "telecentre-desk/desk-closings/1"


@dataclass(frozen=True)
class ArchiveResult:
    path: Path
    closings: int
    payments: int
    sha256: str  # of the whole file, to note down or send apart


@dataclass(frozen=True)
class ArchiveReport:
    ok: bool
    year: int | None
    closings: int
    reason: str  # translated; empty when ok


def write_closing_archive(store: Store, actor: Actor, year: int, out_dir: Path) -> ArchiveResult:
    """Archive the closings of ``year`` into ``out_dir`` (refused if the chain is broken)."""
    require(actor, Permission.ISSUE_INVOICES)
    report = verify_closings(store)
    if not report.ok:
        raise ServiceError(
            _(
                "The closings cannot be archived: {reason} Run “closings verify” for details."
            ).format(reason=report.reason)
        )
    start, end = date(year, 1, 1), date(year, 12, 31)
    with store.read() as session:
        centre = session.get(Centre, 1)
        siren = (centre.siret if centre else "")[:9]
        closings = list(
            session.scalars(
                select(DeskClosing)
                .where(DeskClosing.day >= start, DeskClosing.day <= end)
                .order_by(DeskClosing.chain_index)
            )
        )
        ids = [closing.id for closing in closings]
        payments = [
            (row.closing_id, closed_payment(row))
            for row in session.scalars(
                select(Payment).where(Payment.closing_id.in_(ids)).order_by(Payment.id)
            )
        ]
        closings_json = _dump([_closing_record(closing) for closing in closings])
    if not closings:
        raise ServiceError(
            _("No desk closing in {year}: there is nothing to archive.").format(year=year)
        )
    payments_json = _dump([_payment_record(closing_id, row) for closing_id, row in payments])
    totals = totals_of(row for _closing, row in payments)
    manifest = {
        "format": FORMAT,
        "year": year,
        "siren": siren,
        "created_at": utc_now().isoformat(),
        "created_by": actor.display_name,
        "closings": len(closings),
        "payments": len(payments),
        "totals": _totals_record(totals),
        "files": {
            "closings.json": hashlib.sha256(closings_json).hexdigest(),
            "payments.json": hashlib.sha256(payments_json).hexdigest(),
        },
    }
    data = _zip(
        {
            "manifest.json": _dump(manifest),
            "closings.json": closings_json,
            "payments.json": payments_json,
        }
    )
    target = out_dir / f"clotures-caisse-{year}{'-' + siren if siren else ''}.zip"
    write_atomically(target, data)
    digest = hashlib.sha256(data).hexdigest()
    with store.write() as session:
        audit.record(
            session,
            actor,
            "desk.archive",
            "desk_closing",
            year,
            {"path": str(target), "sha256": digest},
        )
    return ArchiveResult(target, len(closings), len(payments), digest)


def verify_closing_archive(path: Path) -> ArchiveReport:
    """Check an archive file on its own: its files' hashes, then each closing's hash."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = {
                name: archive.read(name)
                for name in ("manifest.json", "closings.json", "payments.json")
            }
        manifest = json.loads(files["manifest.json"])
        if manifest.get("format") != FORMAT:
            return ArchiveReport(False, None, 0, _("This file is not an archive of desk closings."))
        year = int(manifest["year"])
        for name, expected in manifest["files"].items():
            if hashlib.sha256(files[name]).hexdigest() != expected:
                return ArchiveReport(
                    False,
                    year,
                    0,
                    _("The file {name} of the archive was changed.").format(name=name),
                )
        closings = json.loads(files["closings.json"])
        payments = json.loads(files["payments.json"])
        checked = 0
        previous: str | None = None
        for closing in closings:
            reason = _broken(closing, payments, previous)
            if reason:
                return ArchiveReport(False, year, checked, reason)
            previous = closing["content_hash"]
            checked += 1
    except (
        OSError,
        KeyError,
        ValueError,
        TypeError,
        InvalidOperation,
        zipfile.BadZipFile,
    ) as error:
        return ArchiveReport(
            False, None, 0, _("This archive cannot be read ({reason}).").format(reason=error)
        )
    return ArchiveReport(True, year, checked, "")


def _broken(closing: dict[str, Any], payments: list[dict[str, Any]], previous: str | None) -> str:
    day = date.fromisoformat(closing["day"])
    label = format_date(day, "long")
    if previous is not None and closing["previous_hash"] != previous:
        return _("The closing of {day} does not follow the one before it.").format(day=label)
    rows = [_payment(row) for row in payments if row["closing"] == closing["id"]]
    stored = MethodTotals(*(Decimal(closing["totals"][key]) for key in _METHOD_KEYS))
    if totals_of(rows) != stored or len(rows) != closing["payment_count"]:
        return _("The totals of the closing of {day} no longer match its payments.").format(
            day=label
        )
    content = closing_content(day, stored, closing["payment_count"], closing["chain_index"], rows)
    if chained_hash(closing["previous_hash"], content) != closing["content_hash"]:
        return _("The closing of {day} was changed after it was made.").format(day=label)
    return ""


_METHOD_KEYS = ("cash", "cheque", "card", "transfer")


def _closing_record(closing: DeskClosing) -> dict[str, Any]:
    return {
        "id": closing.id,
        "day": closing.day.isoformat(),
        "chain_index": closing.chain_index,
        "payment_count": closing.payment_count,
        "totals": _totals_record(
            MethodTotals(
                closing.cash_total, closing.cheque_total, closing.card_total, closing.transfer_total
            )
        ),
        "previous_hash": closing.previous_hash,
        "content_hash": closing.content_hash,
        "closed_at": closing.closed_at.isoformat(),
    }


def _payment_record(closing_id: int | None, row: ClosedPayment) -> dict[str, Any]:
    return {
        "closing": closing_id,
        "id": row.id,
        "invoice_id": row.invoice_id,
        "paid_on": row.paid_on.isoformat(),
        "amount": str(row.amount),
        "method": row.method.value,
        "reference": row.reference,
        "reverses": row.reverses_payment_id,
    }


def _payment(record: dict[str, Any]) -> ClosedPayment:
    return ClosedPayment(
        int(record["id"]),
        int(record["invoice_id"]),
        date.fromisoformat(record["paid_on"]),
        Decimal(record["amount"]),
        PaymentMethod(record["method"]),
        str(record["reference"]),
        record["reverses"],
    )


def _totals_record(totals: MethodTotals) -> dict[str, str]:
    return {
        "cash": str(totals.cash),
        "cheque": str(totals.cheque),
        "card": str(totals.card),
        "transfer": str(totals.transfer),
    }


def _dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            # A fixed date inside the ZIP: the manifest carries the real one.
            archive.writestr(
                zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)),
                data,
                compress_type=zipfile.ZIP_DEFLATED,
            )
    return buffer.getvalue()
