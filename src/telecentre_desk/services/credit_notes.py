"""Credit notes: the only way to correct an issued invoice, in full or in part.

A credit-note draft copies lines of the invoice it corrects; each of its lines keeps
the *position* of the invoice line it credits, which is how the quantities already
credited are counted (never more than the invoice, over all its credit notes). The
draft is issued like an invoice, by ``invoice_issue.issue_invoice``, in its own series.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.domain.money import ZERO, cents
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.vat import Line
from telecentre_desk.i18n import _, format_number
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import Invoice, InvoiceLine


@dataclass(frozen=True)
class CreditNoteDraft:
    invoice_id: int  # the new credit-note draft
    changes: ChangeSet


@dataclass(frozen=True)
class _Credited:
    quantity: Decimal
    discount: Decimal


def draft_credit_note(
    store: Store,
    actor: Actor,
    invoice_id: int,
    quantities: Mapping[int, Decimal] | None = None,
) -> CreditNoteDraft:
    """A credit-note draft for the issued invoice ``invoice_id``.

    ``quantities`` maps the invoice's line ids to the quantity to credit (a partial
    credit; a line left out or at zero is not credited); ``None`` credits everything
    not credited yet.
    """
    require(actor, Permission.ISSUE_INVOICES)
    with store.write() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFound(_("This invoice no longer exists. Refresh the list."))
        _check_creditable(invoice)
        credited = _credited_by_position(session, invoice, include_drafts=True)
        chosen = _chosen_quantities(invoice, credited, quantities)
        note = Invoice(
            kind=DocumentKind.CREDIT_NOTE,
            status=InvoiceStatus.DRAFT,
            member_id=invoice.member_id,
            organisation_id=invoice.organisation_id,
            guest_id=invoice.guest_id,
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
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            corrects_invoice_id=invoice.id,
        )
        for line in invoice.lines:
            quantity = chosen.get(line.id, ZERO)
            if quantity > 0:
                note.lines.append(_credit_line(line, quantity, credited.get(line.position)))
        session.add(note)
        session.flush()
        audit.record(
            session,
            actor,
            "draft_credit_note",
            "invoice",
            note.id,
            {
                "corrects": invoice.number,
                "lines": {str(line_id): str(qty) for line_id, qty in chosen.items()},
            },
        )
        note_id, member_id = note.id, note.member_id
    return CreditNoteDraft(note_id, changed(members=[member_id]))


def check_credit_within_invoice(session: Session, credit_note: Invoice) -> None:
    """At issue: the credit note, with the ones issued before it, stays within its invoice."""
    if credit_note.corrects_invoice_id is None:
        raise ValidationError({"corrects": _("A credit note must cite the invoice it corrects.")})
    invoice = session.get_one(Invoice, credit_note.corrects_invoice_id)
    _check_creditable(invoice)
    credited = _credited_by_position(session, invoice, include_drafts=False)
    remaining = {line.position: line.quantity for line in invoice.lines}
    for line in credit_note.lines:
        already = credited[line.position].quantity if line.position in credited else ZERO
        if line.position not in remaining or line.quantity > remaining[line.position] - already:
            raise ValidationError(
                {
                    "lines": _(
                        "This credit note credits more of “{description}” than is left on "
                        "{number}. Delete the draft and make a new credit note."
                    ).format(description=line.description, number=invoice.number)
                }
            )


def _check_creditable(invoice: Invoice) -> None:
    if invoice.kind is DocumentKind.CREDIT_NOTE:
        raise ValidationError(
            {"invoice": _("A credit note cannot itself be credited. Credit the invoice instead.")}
        )
    if invoice.status is not InvoiceStatus.ISSUED:
        raise ValidationError(
            {
                "invoice": _(
                    "This invoice is still a draft: change or delete it instead of issuing a "
                    "credit note."
                )
            }
        )


def _credited_by_position(
    session: Session, invoice: Invoice, *, include_drafts: bool
) -> dict[int, _Credited]:
    query = (
        select(InvoiceLine.position, InvoiceLine.quantity, InvoiceLine.discount)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.corrects_invoice_id == invoice.id, Invoice.kind == DocumentKind.CREDIT_NOTE)
    )
    if not include_drafts:
        query = query.where(Invoice.status == InvoiceStatus.ISSUED)
    credited: dict[int, _Credited] = {}
    for position, quantity, discount in session.execute(query):
        before = credited.get(position, _Credited(ZERO, ZERO))
        credited[position] = _Credited(before.quantity + quantity, before.discount + discount)
    return credited


def _chosen_quantities(
    invoice: Invoice, credited: Mapping[int, _Credited], quantities: Mapping[int, Decimal] | None
) -> dict[int, Decimal]:
    by_id = {line.id: line for line in invoice.lines}
    left = {
        line.id: line.quantity
        - (credited[line.position].quantity if line.position in credited else ZERO)
        for line in invoice.lines
    }
    if quantities is None:
        chosen = {line_id: quantity for line_id, quantity in left.items() if quantity > 0}
        if not chosen:
            raise ValidationError(
                {"lines": _("{number} is already fully credited.").format(number=invoice.number)}
            )
        return chosen
    problems: dict[str, str] = {}
    for line_id, quantity in quantities.items():
        if line_id not in by_id:
            problems[f"line_{line_id}"] = _(
                "This line is not on {number}. Refresh and choose again."
            ).format(number=invoice.number)
        elif quantity < 0:
            problems[f"line_{line_id}"] = _("A quantity to credit cannot be negative.")
        elif quantity > left[line_id]:
            problems[f"line_{line_id}"] = _(
                "At most {left} of “{description}” can still be credited."
            ).format(left=format_number(left[line_id]), description=by_id[line_id].description)
    if problems:
        raise ValidationError(problems)
    chosen = {line_id: quantity for line_id, quantity in quantities.items() if quantity > 0}
    if not chosen:
        raise ValidationError({"lines": _("Choose at least one quantity to credit.")})
    return chosen


def _credit_line(line: InvoiceLine, quantity: Decimal, credited: _Credited | None) -> InvoiceLine:
    """A copy of ``line`` for ``quantity``, with its share of the line's discount.

    The share is prorated to the quantity; the credit that takes the last of the line
    takes the rest of the discount, so the credit notes together credit it exactly.
    """
    already = credited or _Credited(ZERO, ZERO)
    if quantity == line.quantity - already.quantity:
        discount = line.discount - already.discount
    else:
        discount = cents(line.discount * quantity / line.quantity)
    return InvoiceLine(
        position=line.position,
        family=line.family,
        description=line.description,
        quantity=quantity,
        unit_code=line.unit_code,
        unit_price=line.unit_price,
        discount=discount,
        vat_category=line.vat_category,
        vat_rate=line.vat_rate,
        vat_exemption_reason=line.vat_exemption_reason,
        vat_exemption_code=line.vat_exemption_code,
        net=Line(quantity, line.unit_price, line.vat_category, line.vat_rate, discount).net,
        period_start=line.period_start,
        period_end=line.period_end,
    )
