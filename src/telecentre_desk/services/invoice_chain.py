"""Checking that no issued document was altered, removed or slipped in afterwards.

Each issued document stores the SHA-256 of its canonical snapshot chained to the
previous document's hash, and the hash of the PDF made at issue. Anyone who changes
a row behind the application's back (the triggers dropped, a hex editor) breaks a
link that this walk finds and names.

What it cannot prove alone: someone who rewrites the *last* documents and recomputes
their hashes leaves a consistent chain. The hashes printed elsewhere (the audit log,
the accountant's exports, a copy of the file) are what anchor the end of the chain.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoice_document import GENESIS_HASH, InvoiceDocument
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.i18n import _
from telecentre_desk.services.invoice_snapshot import document_from_json
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import (
    Invoice,
    InvoiceArchive,
    InvoiceLine,
    InvoiceSeries,
)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int  # documents found sound before the first broken one (all of them when ok)
    broken_number: str | None
    reason: str  # empty when ok


class _Broken(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def verify_chain(store: Store) -> ChainReport:
    """Walk every issued document in chain order; report the first one that is not intact."""
    try:
        with store.read() as session:
            problems = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            if problems != ["ok"]:
                return _damaged("; ".join(problems[:5]))
            return _walk(session)
    except DatabaseError as error:  # a page so damaged that SQLite cannot even read it
        return _damaged(str(error.orig))


def _walk(session: Session) -> ChainReport:
    documents = session.scalars(
        select(Invoice).where(Invoice.status == InvoiceStatus.ISSUED).order_by(Invoice.chain_index)
    ).all()
    previous_hash = GENESIS_HASH
    for checked, invoice in enumerate(documents):
        try:
            _check_document(session, invoice, checked + 1, previous_hash)
        except _Broken as broken:
            return ChainReport(False, checked, invoice.number or str(invoice.id), broken.reason)
        previous_hash = invoice.content_hash or ""
    gap = _numbering_gap(session)
    if gap is not None:
        return ChainReport(False, len(documents), gap[0], gap[1])
    return ChainReport(True, len(documents), None, "")


def _damaged(details: str) -> ChainReport:
    return ChainReport(
        False,
        0,
        None,
        _(
            "The database file is damaged ({details}). Restore the last backup and keep the "
            "damaged file for the record."
        ).format(details=details),
    )


def _check_document(session: Session, invoice: Invoice, index: int, previous_hash: str) -> None:
    if invoice.chain_index != index:
        raise _Broken(
            _(
                "a document is missing from the chain before this one (expected place {index})."
            ).format(index=index)
        )
    if invoice.previous_hash != previous_hash:
        raise _Broken(_("its link to the previous document does not match: one was altered."))
    archive = session.get(InvoiceArchive, invoice.id)
    if archive is None:
        raise _Broken(_("its archived content and PDF are missing."))
    content = archive.document_json.encode("utf-8")
    if hashlib.sha256(previous_hash.encode("ascii") + content).hexdigest() != invoice.content_hash:
        raise _Broken(_("its archived content no longer matches its hash: it was altered."))
    if hashlib.sha256(archive.pdf).hexdigest() != archive.pdf_sha256:
        raise _Broken(_("its PDF was altered after issue."))
    try:
        document = document_from_json(content)
    except (ValueError, KeyError, TypeError) as error:
        raise _Broken(_("its archived content cannot be read: it was altered.")) from error
    _check_row_against_snapshot(session, invoice, document)


def _check_row_against_snapshot(
    session: Session, invoice: Invoice, document: InvoiceDocument
) -> None:
    if (document.number, document.issue_date) != (invoice.number, invoice.issue_date):
        raise _Broken(_("its number or issue date differs from the issued document."))
    buyer = document.buyer
    row_terms = (
        invoice.kind,
        invoice.due_date,
        invoice.period_start,
        invoice.period_end,
        invoice.buyer_name,
        invoice.buyer_address_line,
        invoice.buyer_postal_code,
        invoice.buyer_city,
        invoice.buyer_siret,
        invoice.buyer_vat_number,
    )
    snapshot_terms = (
        document.kind,
        document.terms.due_date,
        document.period_start,
        document.period_end,
        buyer.name,
        buyer.address.line,
        buyer.address.postal_code,
        buyer.address.city,
        buyer.siret,
        buyer.vat_number,
    )
    if row_terms != snapshot_terms:
        raise _Broken(
            _(
                "its customer, period or due date in the database no longer match the issued "
                "document."
            )
        )
    totals = document.totals
    if (invoice.net_total, invoice.vat_total, invoice.gross_total) != (
        totals.net,
        totals.vat,
        totals.gross,
    ):
        raise _Broken(_("its totals in the database differ from the issued document."))
    rows = session.scalars(
        select(InvoiceLine)
        .where(InvoiceLine.invoice_id == invoice.id)
        .order_by(InvoiceLine.position)
    ).all()
    stored = [
        (row.description, row.quantity, row.unit_price, row.discount, row.net, row.vat_rate)
        for row in rows
    ]
    issued = [
        (line.description, line.quantity, line.unit_price, line.discount, line.net, line.vat.rate)
        for line in document.lines
    ]
    categories_differ = [row.vat_category for row in rows] != [
        line.vat.category for line in document.lines
    ]
    if stored != issued or categories_differ:
        raise _Broken(_("its lines in the database differ from the issued document."))


def _numbering_gap(session: Session) -> tuple[str, str] | None:
    """The first series whose issued numbers are not exactly 1..last_number."""
    for series in session.scalars(select(InvoiceSeries).order_by(InvoiceSeries.id)):
        sequences = list(
            session.scalars(
                select(Invoice.sequence)
                .where(Invoice.series_id == series.id)
                .order_by(Invoice.sequence)
            )
        )
        expected = list(range(1, series.last_number + 1))
        if sequences != expected:
            missing = sorted(set(expected) - {s for s in sequences if s is not None})
            label = f"{series.prefix}-{series.year}"
            return label, _(
                "the series {series} has a gap or a duplicate in its numbers (first missing: "
                "{missing})."
            ).format(series=label, missing=missing[0] if missing else "-")
    return None
