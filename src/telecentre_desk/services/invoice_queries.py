"""Reading invoices and credit notes: the list of a period, one document with its lines.

Issued documents show the totals frozen at issue; a draft's totals are computed
from its lines the way issuing will compute them (EN 16931, domain/vat.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoice_document import DocumentKind, UnitCode
from telecentre_desk.domain.invoicing import InvoiceStatus, LineFamily
from telecentre_desk.domain.text import fold
from telecentre_desk.domain.vat import Line, Totals, VatCategory, compute_totals
from telecentre_desk.i18n import _
from telecentre_desk.services.billing_settings import missing_legal_identity_in
from telecentre_desk.services.errors import NotFound
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import BilledItem, Invoice, InvoiceLine


@dataclass(frozen=True)
class InvoiceSummary:
    id: int
    kind: DocumentKind
    status: InvoiceStatus
    number: str | None  # None for a draft
    customer_name: str
    member_id: int | None
    organisation_id: int | None
    period_start: date
    period_end: date
    issue_date: date | None
    due_date: date | None
    net_total: Decimal
    vat_total: Decimal
    gross_total: Decimal

    @property
    def is_draft(self) -> bool:
        return self.status is InvoiceStatus.DRAFT


@dataclass(frozen=True)
class InvoiceLineView:
    id: int
    position: int
    family: LineFamily
    description: str
    quantity: Decimal
    unit: UnitCode
    unit_price: Decimal
    discount: Decimal
    vat_category: VatCategory
    vat_rate: Decimal
    vat_exemption_reason: str
    net: Decimal
    period_start: date | None
    period_end: date | None
    billed_items: int  # consumption, carnets or subscription months it bills


@dataclass(frozen=True)
class InvoiceDetail:
    summary: InvoiceSummary
    buyer_name: str
    buyer_address_line: str
    buyer_postal_code: str
    buyer_city: str
    buyer_country_code: str
    buyer_is_company: bool
    buyer_siret: str
    buyer_vat_number: str
    buyer_email: str
    buyer_reference: str
    note: str
    lines: tuple[InvoiceLineView, ...]
    corrects_invoice_id: int | None
    corrects_number: str | None
    corrects_issue_date: date | None
    # What to check before issuing: a company without SIREN, a missing address...
    warnings: tuple[str, ...]

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def editable(self) -> bool:
        return self.summary.is_draft


def list_invoices(
    store: Store,
    *,
    status: InvoiceStatus | None = None,
    kind: DocumentKind | None = None,
    period_start: date | None = None,
    period_end: date | None = None,
    customer_text: str = "",
) -> list[InvoiceSummary]:
    """Documents whose service period overlaps the given dates, customer name matching
    ``customer_text`` (accents and case ignored); drafts first, then by number."""
    statement = select(Invoice)
    if status is not None:
        statement = statement.where(Invoice.status == status)
    if kind is not None:
        statement = statement.where(Invoice.kind == kind)
    if period_start is not None:
        statement = statement.where(Invoice.period_end >= period_start)
    if period_end is not None:
        statement = statement.where(Invoice.period_start <= period_end)
    wanted = fold(customer_text.strip())
    with store.read() as session:
        invoices = [
            invoice
            for invoice in session.scalars(statement.order_by(Invoice.id))
            if not wanted or wanted in fold(invoice.buyer_name)
        ]
        totals = _draft_totals(session, [i.id for i in invoices if i.status is InvoiceStatus.DRAFT])
        summaries = [_summary(invoice, totals.get(invoice.id)) for invoice in invoices]
    return sorted(
        summaries,
        key=lambda s: (
            not s.is_draft,
            s.issue_date or date.min,
            s.number or "",
            fold(s.customer_name),
        ),
    )


def get_invoice(store: Store, invoice_id: int) -> InvoiceDetail:
    with store.read() as session:
        return invoice_detail(session, invoice_id)


def invoice_detail(session: Session, invoice_id: int) -> InvoiceDetail:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(_("This invoice does not exist (any more)."))
    counts: dict[int, int] = defaultdict(int)
    for (line_id,) in session.execute(
        select(BilledItem.line_id).where(BilledItem.line_id.in_([li.id for li in invoice.lines]))
    ):
        counts[line_id] += 1
    lines = tuple(_line_view(line, counts[line.id]) for line in invoice.lines)
    totals = None if invoice.status is InvoiceStatus.ISSUED else _totals_of(invoice.lines)
    corrects = (
        session.get(Invoice, invoice.corrects_invoice_id) if invoice.corrects_invoice_id else None
    )
    return InvoiceDetail(
        summary=_summary(invoice, totals),
        buyer_name=invoice.buyer_name,
        buyer_address_line=invoice.buyer_address_line,
        buyer_postal_code=invoice.buyer_postal_code,
        buyer_city=invoice.buyer_city,
        buyer_country_code=invoice.buyer_country_code,
        buyer_is_company=invoice.buyer_is_company,
        buyer_siret=invoice.buyer_siret,
        buyer_vat_number=invoice.buyer_vat_number,
        buyer_email=invoice.buyer_email,
        buyer_reference=invoice.buyer_reference,
        note=invoice.note,
        lines=lines,
        corrects_invoice_id=invoice.corrects_invoice_id,
        corrects_number=corrects.number if corrects else None,
        corrects_issue_date=corrects.issue_date if corrects else None,
        warnings=_warnings(session, invoice) if invoice.status is InvoiceStatus.DRAFT else (),
    )


def _warnings(session: Session, invoice: Invoice) -> tuple[str, ...]:
    warnings: list[str] = []
    if invoice.buyer_is_company and not invoice.buyer_siret.strip():
        warnings.append(
            _(
                "This customer is a company without a SIREN: its SIREN is a mandatory "
                "mention. Add it to the buyer before issuing."
            )
        )
    address = (invoice.buyer_address_line, invoice.buyer_postal_code, invoice.buyer_city)
    if not all(part.strip() for part in address):
        warnings.append(
            _("The buyer's address is incomplete (street, postal code and town): add it.")
        )
    if not invoice.lines:
        warnings.append(_("This draft has no lines yet."))
    missing = missing_legal_identity_in(session)
    if missing:
        warnings.append(
            _(
                "The centre's legal identity is incomplete ({missing}): fill it in the "
                "billing settings before issuing."
            ).format(missing=", ".join(missing))
        )
    return tuple(warnings)


def _draft_totals(session: Session, invoice_ids: Sequence[int]) -> dict[int, Totals]:
    """Totals of many drafts from one query of their lines."""
    if not invoice_ids:
        return {}
    by_invoice: dict[int, list[Line]] = defaultdict(list)
    rows = session.execute(
        select(
            InvoiceLine.invoice_id,
            InvoiceLine.quantity,
            InvoiceLine.unit_price,
            InvoiceLine.vat_category,
            InvoiceLine.vat_rate,
            InvoiceLine.discount,
        ).where(InvoiceLine.invoice_id.in_(invoice_ids))
    )
    for invoice_id, quantity, price, category, rate, discount in rows:
        by_invoice[invoice_id].append(Line(quantity, price, category, rate, discount))
    return {
        invoice_id: compute_totals(by_invoice.get(invoice_id, ())) for invoice_id in invoice_ids
    }


def _totals_of(lines: Sequence[InvoiceLine]) -> Totals:
    return compute_totals(
        Line(li.quantity, li.unit_price, li.vat_category, li.vat_rate, li.discount) for li in lines
    )


def _summary(invoice: Invoice, totals: Totals | None) -> InvoiceSummary:
    if totals is not None:
        net, vat, gross = totals.net, totals.vat, totals.gross
    else:
        zero = Decimal("0.00")
        net = invoice.net_total if invoice.net_total is not None else zero
        vat = invoice.vat_total if invoice.vat_total is not None else zero
        gross = invoice.gross_total if invoice.gross_total is not None else zero
    return InvoiceSummary(
        id=invoice.id,
        kind=invoice.kind,
        status=invoice.status,
        number=invoice.number,
        customer_name=invoice.buyer_name,
        member_id=invoice.member_id,
        organisation_id=invoice.organisation_id,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        net_total=net,
        vat_total=vat,
        gross_total=gross,
    )


def _line_view(line: InvoiceLine, billed_items: int) -> InvoiceLineView:
    return InvoiceLineView(
        id=line.id,
        position=line.position,
        family=line.family,
        description=line.description,
        quantity=line.quantity,
        unit=line.unit_code,
        unit_price=line.unit_price,
        discount=line.discount,
        vat_category=line.vat_category,
        vat_rate=line.vat_rate,
        vat_exemption_reason=line.vat_exemption_reason,
        net=line.net,
        period_start=line.period_start,
        period_end=line.period_end,
        billed_items=billed_items,
    )
