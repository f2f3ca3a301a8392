"""The issued invoices and credit notes of a period, as the accountant's exports read them.

One plain record per issued document, with its VAT groups recomputed from its
frozen lines the EN 16931 way (the same rule that made its stored totals). The
sales journal, the FEC extract and the VAT summary are all made from these.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.domain.vat import Line, VatGroup, compute_totals
from telecentre_desk.services.payments import customer_key
from telecentre_desk.storage.invoice_models import Invoice


@dataclass(frozen=True)
class SoldDocument:
    id: int
    kind: DocumentKind
    number: str
    issue_date: date
    customer_key: str
    customer_name: str
    corrects_number: str  # a credit note's original invoice; empty for an invoice
    net: Decimal  # positive for both kinds: ``sign`` says which way it counts
    vat: Decimal
    gross: Decimal
    groups: tuple[VatGroup, ...]

    @property
    def sign(self) -> int:
        """+1 for an invoice, -1 for a credit note (it reverses a sale)."""
        return -1 if self.kind is DocumentKind.CREDIT_NOTE else 1


def issued_documents(session: Session, start: date, end: date) -> list[SoldDocument]:
    """Issued documents with an issue date from ``start`` to ``end`` inclusive, in number order
    within each day (the series' own order)."""
    rows = session.scalars(
        select(Invoice)
        .where(
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.issue_date >= start,
            Invoice.issue_date <= end,
        )
        .options(selectinload(Invoice.lines))
        .order_by(Invoice.issue_date, Invoice.chain_index)
    ).all()
    cited = {row.corrects_invoice_id for row in rows if row.corrects_invoice_id}
    numbers: dict[int, str | None] = {
        invoice_id: number
        for invoice_id, number in session.execute(
            select(Invoice.id, Invoice.number).where(Invoice.id.in_(cited))
        )
    }
    documents = []
    for row in rows:
        assert row.number is not None and row.issue_date is not None
        totals = compute_totals(
            Line(line.quantity, line.unit_price, line.vat_category, line.vat_rate, line.discount)
            for line in row.lines
        )
        documents.append(
            SoldDocument(
                row.id,
                row.kind,
                row.number,
                row.issue_date,
                customer_key(row),
                row.buyer_name,
                numbers.get(row.corrects_invoice_id or 0) or "",
                totals.net,
                totals.vat,
                totals.gross,
                totals.groups,
            )
        )
    return documents
