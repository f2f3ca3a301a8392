"""Issuing an invoice or a credit note: number, snapshot, PDF, hash chain, in one transaction.

Everything happens inside one ``store.write()`` (BEGIN IMMEDIATE): the number taken
from the series, the frozen row, the archived snapshot and PDF, the link in the hash
chain and the audit event are committed together or not at all. A crash, a refusal or
a full disk while the PDF is made leaves the draft as it was and the number unused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.identifiers import normalise_digits
from telecentre_desk.domain.invoice_document import GENESIS_HASH, DocumentKind, InvoiceDocument
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services import audit
from telecentre_desk.services.billing_settings import missing_legal_identity_in
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.credit_notes import check_credit_within_invoice
from telecentre_desk.services.errors import (
    NeedsConfirmation,
    NotFound,
    ServiceError,
    ValidationError,
)
from telecentre_desk.services.invoice_numbering import take_next_number
from telecentre_desk.services.invoice_snapshot import build_document, document_from_json
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import BillingSettings, Invoice, InvoiceArchive
from telecentre_desk.storage.types import utc_now

__all__ = [
    "IssueBatchResult",
    "IssueResult",
    "Renderer",
    "archived_document",
    "archived_pdf",
    "build_document",
    "issue_all_drafts",
    "issue_invoice",
]

Renderer = Callable[[InvoiceDocument], bytes]


@dataclass(frozen=True)
class IssueResult:
    invoice_id: int
    number: str
    changes: ChangeSet


@dataclass(frozen=True)
class IssueBatchResult:
    issued: tuple[IssueResult, ...]
    not_issued: tuple[int, ...]  # ids of the drafts left as drafts, in id order
    refusal: str  # why the batch stopped; empty when every draft was issued
    changes: ChangeSet

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(result.number for result in self.issued)


def render_invoice_pdf(document: InvoiceDocument) -> bytes:
    """The real renderer (Factur-X PDF), imported when first needed: it loads reportlab."""
    from telecentre_desk.documents.invoice_pdf import render_invoice_pdf as render

    return render(document)


def paris_today() -> date:
    return datetime.now(PARIS).date()


def issue_invoice(
    store: Store,
    actor: Actor,
    invoice_id: int,
    *,
    today: date | None = None,
    confirm_missing_siren: bool = False,
    render: Renderer = render_invoice_pdf,
) -> IssueResult:
    """Give the draft ``invoice_id`` its number and freeze it, with its PDF, for good."""
    require(actor, Permission.ISSUE_INVOICES)
    issue_date = today or paris_today()
    with store.write() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFound(_("This invoice no longer exists. Refresh the list."))
        _check_issuable(session, invoice, confirm_missing_siren=confirm_missing_siren)
        taken = take_next_number(session, invoice.kind, issue_date)
        document = build_document(session, invoice, number=taken.number, issue_date=issue_date)
        pdf = _render(render, document, taken.number)
        previous_hash, chain_index = _chain_tail(session)
        content_hash = document.chained_hash(previous_hash)
        totals = document.totals
        # The lines' stored nets are made to agree with the snapshot while the invoice is
        # still a draft: once it is issued, the triggers refuse any change to its lines.
        for line, document_line in zip(invoice.lines, document.lines, strict=True):
            line.net = document_line.net
        session.flush()
        session.add(
            InvoiceArchive(
                invoice_id=invoice.id,
                document_json=document.canonical_bytes().decode("utf-8"),
                pdf=pdf,
                pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            )
        )
        # One UPDATE turns the draft into an issued document: after it, the row is frozen.
        invoice.status = InvoiceStatus.ISSUED
        invoice.series_id = taken.series_id
        invoice.sequence = taken.sequence
        invoice.number = taken.number
        invoice.issue_date = issue_date
        invoice.due_date = document.terms.due_date
        invoice.net_total = totals.net
        invoice.vat_total = totals.vat
        invoice.gross_total = totals.gross
        invoice.chain_index = chain_index
        invoice.previous_hash = previous_hash
        invoice.content_hash = content_hash
        invoice.issued_at = utc_now()
        invoice.issued_by = actor.user_id
        audit.record(
            session,
            actor,
            "issue_credit_note" if invoice.kind is DocumentKind.CREDIT_NOTE else "issue_invoice",
            "invoice",
            invoice.id,
            {"number": taken.number, "gross": str(totals.gross), "hash": content_hash},
        )
        member_id = invoice.member_id
    return IssueResult(invoice_id, taken.number, changed(members=[member_id]))


def issue_all_drafts(
    store: Store,
    actor: Actor,
    *,
    today: date | None = None,
    confirm_missing_siren: bool = False,
    render: Renderer = render_invoice_pdf,
) -> IssueBatchResult:
    """Issue every draft in id order, each in its own transaction; stop at the first refusal.

    What was issued stays issued (each is complete on its own); the refusal names the
    draft that stopped the batch and why, and the drafts after it are left untouched.
    """
    require(actor, Permission.ISSUE_INVOICES)
    with store.read() as session:
        drafts = list(
            session.execute(
                select(Invoice.id, Invoice.buyer_name)
                .where(Invoice.status == InvoiceStatus.DRAFT)
                .order_by(Invoice.id)
            )
        )
    issued: list[IssueResult] = []
    changes = ChangeSet()
    for position, (draft_id, buyer_name) in enumerate(drafts):
        try:
            result = issue_invoice(
                store,
                actor,
                draft_id,
                today=today,
                confirm_missing_siren=confirm_missing_siren,
                render=render,
            )
        except ServiceError as error:
            refusal = _("The draft for {buyer} was not issued: {reason}").format(
                buyer=buyer_name, reason=error.message
            )
            left = tuple(row[0] for row in drafts[position:])
            return IssueBatchResult(tuple(issued), left, refusal, changes)
        issued.append(result)
        changes = changes | result.changes
    return IssueBatchResult(tuple(issued), (), "", changes)


def archived_pdf(store: Store, invoice_id_or_number: int | str) -> bytes:
    """The PDF made when the document was issued, exactly as it was stored."""
    with store.read() as session:
        pdf = session.scalar(
            select(InvoiceArchive.pdf)
            .join(Invoice, Invoice.id == InvoiceArchive.invoice_id)
            .where(_identified(invoice_id_or_number))
        )
    if pdf is None:
        raise _not_issued(invoice_id_or_number)
    return pdf


def archived_document(store: Store, invoice_id_or_number: int | str) -> InvoiceDocument:
    """The issued document as it was frozen (its archived snapshot), with today's logo."""
    with store.read() as session:
        row = session.execute(
            select(InvoiceArchive.document_json, BillingSettings.logo_png)
            .join(Invoice, Invoice.id == InvoiceArchive.invoice_id)
            .outerjoin(BillingSettings, BillingSettings.id == 1)
            .where(_identified(invoice_id_or_number))
        ).first()
    if row is None:
        raise _not_issued(invoice_id_or_number)
    return document_from_json(row.document_json, logo_png=row.logo_png)


def _identified(invoice_id_or_number: int | str) -> ColumnElement[bool]:
    if isinstance(invoice_id_or_number, int):
        return Invoice.id == invoice_id_or_number
    return Invoice.number == invoice_id_or_number.strip()


def _not_issued(invoice_id_or_number: int | str) -> NotFound:
    return NotFound(
        _("No issued invoice or credit note has the number {number}.").format(
            number=invoice_id_or_number
        )
    )


# -- the checks before a number is taken -------------------------------------------------------
def _check_issuable(session: Session, invoice: Invoice, *, confirm_missing_siren: bool) -> None:
    if invoice.status is not InvoiceStatus.DRAFT:
        raise ValidationError(
            {"status": _("{number} is already issued.").format(number=invoice.number)}
        )
    missing = missing_legal_identity_in(session)
    if missing:
        raise ValidationError(
            {
                "seller": _(
                    "The centre's legal identity is incomplete, so nothing was issued. "
                    "Fill in: {fields} (Settings, Invoicing), then issue again."
                ).format(fields=", ".join(missing))
            }
        )
    if not invoice.lines:
        raise ValidationError(
            {"lines": _("This draft has no line. Add a line or delete the draft.")}
        )
    if invoice.kind is DocumentKind.CREDIT_NOTE:
        check_credit_within_invoice(session, invoice)
    if (
        invoice.buyer_is_company
        and len(normalise_digits(invoice.buyer_siret)) < 9
        and not confirm_missing_siren
    ):
        raise NeedsConfirmation(
            _(
                "{buyer} is a company but its SIREN is missing; the law asks for it on the "
                "invoice. Add it to the customer, or confirm to issue without it."
            ).format(buyer=invoice.buyer_name)
        )


def _render(render: Renderer, document: InvoiceDocument, number: str) -> bytes:
    try:
        return render(document)
    except OSError as error:
        # Raised inside the write transaction: it rolls back, the number stays unused.
        raise ServiceError(
            _(
                "The PDF of {number} could not be written ({reason}), so nothing was issued. "
                "Free some disk space, then issue again."
            ).format(number=number, reason=error.strerror or error)
        ) from error


def _chain_tail(session: Session) -> tuple[str, int]:
    """The hash the next document chains to, and its place in the chain."""
    last_index = session.scalar(select(func.max(Invoice.chain_index)))
    if last_index is None:
        return GENESIS_HASH, 1
    last_hash = session.scalar(
        select(Invoice.content_hash).where(Invoice.chain_index == last_index)
    )
    assert last_hash is not None
    return last_hash, last_index + 1
