"""The receipt handed over when a customer pays at the desk (a day pass, most often)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.documents.receipt_pdf import (
    Receipt,
    ReceiptLine,
    ReceiptVat,
    render_receipt_pdf,
)
from telecentre_desk.domain.invoice_document import Address, Seller
from telecentre_desk.domain.money import ZERO
from telecentre_desk.domain.vat import Line, compute_totals
from telecentre_desk.i18n import _
from telecentre_desk.services.billing_settings import BillingSettingsView, read_billing_settings
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.payments import balances_in
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import Invoice, Payment


def payment_receipt_pdf(store: Store, payment_id: int) -> bytes:
    """A one-page PDF receipt for a payment (not for a reversal)."""
    with store.read() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(_("This payment no longer exists. Refresh the list."))
        if payment.amount <= 0:
            raise ValidationError({"payment": _("A reversal gives money back: it has no receipt.")})
        receipt = _receipt(session, payment)
    return render_receipt_pdf(receipt)


def seller_of(settings: BillingSettingsView) -> Seller:
    return Seller(
        settings.name,
        settings.legal_form,
        Address(settings.address_line, settings.postal_code, settings.city),
        settings.siret,
        settings.vat_number,
        settings.share_capital,
        settings.rcs,
        settings.email,
        settings.phone,
    )


def _receipt(session: Session, payment: Payment) -> Receipt:
    invoice = session.get_one(Invoice, payment.invoice_id)
    assert invoice.number and invoice.issue_date
    totals = compute_totals(
        Line(line.quantity, line.unit_price, line.vat_category, line.vat_rate, line.discount)
        for line in invoice.lines
    )
    mentions = tuple(
        dict.fromkeys(
            line.vat_exemption_reason for line in invoice.lines if line.vat_exemption_reason
        )
    )
    # The balance right after this payment, not today's: a reprint shows the same receipt.
    later = session.scalars(
        select(Payment.amount).where(Payment.invoice_id == invoice.id, Payment.id > payment.id)
    )
    after = balances_in(session, [invoice.id])[invoice.id] + sum(later, ZERO)
    return Receipt(
        number=f"R-{payment.id:06d}",
        seller=seller_of(read_billing_settings(session)),
        customer=invoice.buyer_name,
        paid_on=payment.paid_on,
        method=payment.method.value,
        reference=payment.reference,
        amount=payment.amount,
        invoice_number=invoice.number,
        invoice_date=invoice.issue_date,
        lines=tuple(
            ReceiptLine(line.description, line.quantity, line.net) for line in invoice.lines
        ),
        invoice_net=totals.net,
        invoice_gross=totals.gross,
        vat_groups=tuple(
            ReceiptVat(group.rate, group.basis, group.vat) for group in totals.groups if group.vat
        ),
        exemption_mentions=mentions,
        balance_after=after,
    )
