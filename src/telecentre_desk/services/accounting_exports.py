"""What the centre hands its accountant: the sales journal, the FEC extract, the VAT summary.

All three read the issued invoices and credit notes only (drafts are not sales).
Credit notes count against the sales: negative in the journal, reversed in the
FEC, subtracted in the VAT summary. Files are written to a temporary file in the
target folder, then renamed: a full disk or a refused write leaves no file.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from telecentre_desk.atomic_files import write_atomically as write_whole
from telecentre_desk.domain.money import ZERO
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.vat import VatCategory
from telecentre_desk.i18n import _, format_number
from telecentre_desk.services import audit, fec
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.sales_ledger import SoldDocument, issued_documents
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre


@dataclass(frozen=True)
class ExportResult:
    path: Path
    documents: int  # invoices and credit notes in the file
    lines: int  # rows written, without the header


@dataclass(frozen=True)
class VatRow:
    category: VatCategory
    rate: Decimal
    invoiced_basis: Decimal
    invoiced_vat: Decimal
    credited_basis: Decimal
    credited_vat: Decimal

    @property
    def basis(self) -> Decimal:
        return self.invoiced_basis - self.credited_basis

    @property
    def vat(self) -> Decimal:
        return self.invoiced_vat - self.credited_vat


@dataclass(frozen=True)
class VatSummary:
    start: date
    end: date
    rows: tuple[VatRow, ...]  # one per VAT category and rate, by rate
    invoices: int
    credit_notes: int

    @property
    def basis(self) -> Decimal:
        return sum((row.basis for row in self.rows), ZERO)

    @property
    def vat(self) -> Decimal:
        return sum((row.vat for row in self.rows), ZERO)


def year_bounds(year: int) -> tuple[date, date]:
    """The fiscal year is the calendar year: the centre's books close on 31 December."""
    return date(year, 1, 1), date(year, 12, 31)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return start, date.fromordinal(following.toordinal() - 1)


# -- sales journal -------------------------------------------------------------------------------
def sales_journal_csv(store: Store, actor: Actor, start: date, end: date) -> tuple[bytes, int]:
    """The sales journal as CSV (``;``, decimal comma, UTF-8 with a BOM for spreadsheets):
    one row per invoice or credit note, credit notes negative. Returns (bytes, rows)."""
    require(actor, Permission.ISSUE_INVOICES)
    _check_period(start, end)
    with store.read() as session:
        documents = issued_documents(session, start, end)
    rates = sorted(
        {group.rate for doc in documents for group in doc.groups if group.rate}, reverse=True
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            _("Date"),
            _("Number"),
            _("Type"),
            _("Customer"),
            _("Corrects"),
            _("Net"),
            *(_("VAT {rate} %").format(rate=format_number(rate.normalize())) for rate in rates),
            _("VAT"),
            _("Gross"),
        ]
    )
    for doc in documents:
        by_rate = {group.rate: group.vat for group in doc.groups}
        writer.writerow(
            [
                doc.issue_date.isoformat(),
                doc.number,
                _("Credit note") if doc.sign < 0 else _("Invoice"),
                doc.customer_name,
                doc.corrects_number,
                _csv_amount(doc.net * doc.sign),
                *(_csv_amount(by_rate.get(rate, ZERO) * doc.sign) for rate in rates),
                _csv_amount(doc.vat * doc.sign),
                _csv_amount(doc.gross * doc.sign),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), len(documents)


def write_sales_journal(
    store: Store, actor: Actor, start: date, end: date, out: Path
) -> ExportResult:
    data, rows = sales_journal_csv(store, actor, start, end)
    write_atomically(out, data)
    _audit_export(store, actor, "export.sales_journal", out, start, end)
    return ExportResult(out, rows, rows)


# -- FEC -----------------------------------------------------------------------------------------
def fec_export(store: Store, actor: Actor, year: int) -> tuple[str, bytes, int, int]:
    """(file name, bytes, entries, lines) of the FEC extract of the sales journal of ``year``."""
    require(actor, Permission.ISSUE_INVOICES)
    start, end = year_bounds(year)
    with store.read() as session:
        centre = session.get(Centre, 1)
        siren = (centre.siret if centre else "")[:9]
        documents = issued_documents(session, start, end)
    if len(siren) != 9 or not siren.isdigit():
        raise ServiceError(
            _(
                "The FEC file is named after the centre's SIREN, which is missing. "
                "Fill in the SIRET in Settings, Billing, then export again."
            )
        )
    data, entries, lines = fec.render(documents)
    return fec.file_name(siren, end), data, entries, lines


def write_fec(store: Store, actor: Actor, year: int, out_dir: Path) -> ExportResult:
    name, data, entries, lines = fec_export(store, actor, year)
    target = out_dir / name
    write_atomically(target, data)
    start, end = year_bounds(year)
    _audit_export(store, actor, "export.fec", target, start, end)
    return ExportResult(target, entries, lines)


# -- VAT summary ---------------------------------------------------------------------------------
def vat_summary(store: Store, actor: Actor, start: date, end: date) -> VatSummary:
    """Bases and VAT per rate over a period: invoices minus credit notes."""
    require(actor, Permission.ISSUE_INVOICES)
    _check_period(start, end)
    with store.read() as session:
        documents = issued_documents(session, start, end)
    return summarise(start, end, documents)


def vat_summaries_by_month(store: Store, actor: Actor, year: int) -> list[VatSummary]:
    require(actor, Permission.ISSUE_INVOICES)
    with store.read() as session:
        documents = issued_documents(session, *year_bounds(year))
    months = []
    for month in range(1, 13):
        start, end = month_bounds(year, month)
        months.append(
            summarise(start, end, [doc for doc in documents if start <= doc.issue_date <= end])
        )
    return months


def summarise(start: date, end: date, documents: list[SoldDocument]) -> VatSummary:
    sums: dict[tuple[VatCategory, Decimal], list[Decimal]] = defaultdict(
        lambda: [ZERO, ZERO, ZERO, ZERO]
    )
    for doc in documents:
        offset = 2 if doc.sign < 0 else 0
        for group in doc.groups:
            row = sums[(group.category, group.rate)]
            row[offset] += group.basis
            row[offset + 1] += group.vat
    rows = tuple(
        VatRow(category, rate, *values)
        for (category, rate), values in sorted(sums.items(), key=lambda item: -item[0][1])
    )
    credit_notes = sum(1 for doc in documents if doc.sign < 0)
    return VatSummary(start, end, rows, len(documents) - credit_notes, credit_notes)


# -- files ---------------------------------------------------------------------------------------
def write_atomically(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all, with a message that says what to do."""
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ServiceError(
            _("Cannot write in the folder {path} ({reason}). Choose another folder.").format(
                path=folder, reason=error.strerror or error
            )
        ) from error
    try:
        write_whole(target, data)
    except OSError as error:
        raise ServiceError(
            _("Cannot write the file {path} ({reason}). Choose another name or folder.").format(
                path=target, reason=error.strerror or error
            )
        ) from error


def _audit_export(
    store: Store, actor: Actor, action: str, path: Path, start: date, end: date
) -> None:
    # Handing the books out is worth a trace: who exported which period, to where.
    with store.write() as session:
        audit.record(
            session,
            actor,
            action,
            "export",
            path.name,
            {"start": start.isoformat(), "end": end.isoformat(), "path": str(path)},
        )


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise ValidationError({"period": _("The period ends before it starts: swap the dates.")})


def _csv_amount(value: Decimal) -> str:
    value = value if value else ZERO  # never "-0,00"
    return f"{value:.2f}".replace(".", ",")
