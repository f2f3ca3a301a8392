"""Money received against issued invoices: record, reverse, and what each customer still owes.

A payment is never deleted or edited: a mistake is undone by a reversal, a negative
row citing the payment it cancels, so the history of the till stays whole. The
balance of an invoice is its gross total, minus the payments, minus the issued
credit notes that cite it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.invoicing import InvoiceStatus, PaymentMethod
from telecentre_desk.domain.money import CENT, ZERO
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _, format_date, format_money
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NeedsConfirmation, NotFound, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import DeskClosing, Invoice, Payment, Reminder

REFERENCE_MAX = 100


class OverpaymentError(NeedsConfirmation):
    """The payment is more than what remains to pay: the interface asks to confirm it,
    then calls again with ``allow_overpayment=True``."""

    def __init__(self, amount: Decimal, balance: Decimal) -> None:
        self.amount = amount
        self.balance = balance
        super().__init__(
            _(
                "This payment ({amount}) is more than what remains to pay ({balance}). "
                "Check the amount, or confirm it as an overpayment."
            ).format(amount=format_money(amount), balance=format_money(balance))
        )


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    invoice_id: int
    amount: Decimal  # negative for a reversal
    balance: Decimal  # what remains to pay on the invoice afterwards (negative: overpaid)
    changes: ChangeSet


@dataclass(frozen=True)
class PaymentView:
    id: int
    invoice_id: int
    invoice_number: str
    paid_on: date
    amount: Decimal
    method: PaymentMethod
    reference: str
    taken_at_desk: bool
    reverses_payment_id: int | None
    reversed: bool  # a later row reverses this one
    closed: bool  # part of a desk closing: frozen
    recorded_at: datetime


@dataclass(frozen=True)
class CustomerBalance:
    key: str  # "member:12", "organisation:3", "guest:5" or "name:<buyer name>"
    name: str
    invoiced: Decimal  # gross of the issued invoices
    credited: Decimal  # gross of the issued credit notes citing them
    paid: Decimal
    balance: Decimal  # invoiced - credited - paid
    invoice_count: int


@dataclass(frozen=True)
class UnpaidInvoice:
    invoice_id: int
    number: str
    customer_key: str
    customer_name: str
    is_company: bool
    issue_date: date
    due_date: date
    gross: Decimal
    balance: Decimal
    days_late: int  # 0 when not yet due
    reminder_level: int  # 0 when no reminder was sent yet


def paris_today() -> date:
    return datetime.now(PARIS).date()


# -- writing -------------------------------------------------------------------------------------
def record_payment(
    store: Store,
    actor: Actor,
    invoice_id: int,
    amount: Decimal,
    method: PaymentMethod,
    paid_on: date,
    *,
    reference: str = "",
    taken_at_desk: bool = False,
    allow_overpayment: bool = False,
) -> PaymentResult:
    """Record money received for an issued invoice, in full or in part.

    A payment above what remains to pay raises :class:`OverpaymentError` unless
    ``allow_overpayment`` (the user confirmed it). A day whose desk is closed takes
    no more payments.
    """
    require(actor, Permission.TAKE_PAYMENTS)
    value = _checked_amount(amount)
    try:
        method = PaymentMethod(method)
    except ValueError:
        raise ValidationError(
            {"method": _("Choose how it was paid: cash, cheque, card or bank transfer.")}
        ) from None
    reference = reference.strip()
    problems: dict[str, str] = {}
    if method is PaymentMethod.CHEQUE and not reference:
        problems["reference"] = _("Type the cheque number, so the cheque can be found later.")
    if len(reference) > REFERENCE_MAX:
        problems["reference"] = _("The reference is too long (at most {count} characters).").format(
            count=REFERENCE_MAX
        )
    if taken_at_desk and method is PaymentMethod.TRANSFER:
        problems["method"] = _(
            "A bank transfer is not taken at the desk: untick “taken at the desk”."
        )
    if paid_on > paris_today():
        problems["paid_on"] = _("The payment date is in the future: give the day it was paid.")
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        invoice = payable_invoice(session, invoice_id)
        _refuse_closed_day(session, paid_on)
        remaining = balances_in(session, [invoice.id])[invoice.id]
        if value > remaining and not allow_overpayment:
            raise OverpaymentError(value, remaining)
        payment = Payment(
            invoice_id=invoice.id,
            paid_on=paid_on,
            amount=value,
            method=method,
            reference=reference,
            taken_at_desk=taken_at_desk,
            recorded_by=actor.user_id,
        )
        session.add(payment)
        session.flush()
        audit.record(
            session,
            actor,
            "payment.record",
            "payment",
            payment.id,
            {
                "invoice": invoice.number,
                "amount": str(value),
                "method": method.value,
                "paid_on": paid_on.isoformat(),
                "overpayment": value > remaining,
            },
        )
        return PaymentResult(
            payment.id, invoice.id, value, remaining - value, _invoice_changes(invoice)
        )


def reverse_payment(
    store: Store, actor: Actor, payment_id: int, *, on: date | None = None
) -> PaymentResult:
    """Undo a mistaken payment with a negative row citing it, dated ``on`` (today)."""
    require(actor, Permission.TAKE_PAYMENTS)
    day = on or paris_today()
    with store.write() as session:
        original = session.get(Payment, payment_id)
        if original is None:
            raise NotFound(_("This payment no longer exists. Refresh the list."))
        if original.reverses_payment_id is not None:
            raise ValidationError(
                {"payment": _("This row already cancels a payment: it cannot be reversed.")}
            )
        already = session.scalar(
            select(Payment.id).where(Payment.reverses_payment_id == original.id)
        )
        if already is not None:
            raise ValidationError({"payment": _("This payment was already reversed.")})
        if day < original.paid_on:
            raise ValidationError(
                {"paid_on": _("A reversal cannot be dated before the payment it cancels.")}
            )
        _refuse_closed_day(session, day)
        invoice = session.get_one(Invoice, original.invoice_id)
        reversal = Payment(
            invoice_id=original.invoice_id,
            paid_on=day,
            amount=-original.amount,
            method=original.method,
            reference=original.reference,
            taken_at_desk=original.taken_at_desk,
            reverses_payment_id=original.id,
            recorded_by=actor.user_id,
        )
        session.add(reversal)
        session.flush()
        audit.record(
            session,
            actor,
            "payment.reverse",
            "payment",
            reversal.id,
            {"reverses": original.id, "amount": str(reversal.amount)},
        )
        remaining = balances_in(session, [invoice.id])[invoice.id]
        return PaymentResult(
            reversal.id, invoice.id, reversal.amount, remaining, _invoice_changes(invoice)
        )


# -- reading -------------------------------------------------------------------------------------
def balance(store: Store, invoice_id: int) -> Decimal:
    """What remains to pay on an issued invoice (negative when overpaid)."""
    with store.read() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFound(_("This invoice no longer exists. Refresh the list."))
        return balances_in(session, [invoice_id])[invoice_id]


def balances(store: Store, invoice_ids: Iterable[int]) -> dict[int, Decimal]:
    """Balances of many invoices in one read; unknown ids are left out."""
    wanted = list(dict.fromkeys(invoice_ids))
    with store.read() as session:
        known = set(session.scalars(select(Invoice.id).where(Invoice.id.in_(wanted))))
        return balances_in(session, [i for i in wanted if i in known])


def payments_of(store: Store, invoice_id: int) -> list[PaymentView]:
    """The payments and reversals of an invoice, oldest first."""
    with store.read() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFound(_("This invoice no longer exists. Refresh the list."))
        rows = session.scalars(
            select(Payment).where(Payment.invoice_id == invoice_id).order_by(Payment.id)
        ).all()
        reversed_ids = {row.reverses_payment_id for row in rows if row.reverses_payment_id}
        return [
            PaymentView(
                row.id,
                row.invoice_id,
                invoice.number or "",
                row.paid_on,
                row.amount,
                row.method,
                row.reference,
                row.taken_at_desk,
                row.reverses_payment_id,
                row.id in reversed_ids,
                row.closing_id is not None,
                row.recorded_at,
            )
            for row in rows
        ]


def customer_balances(store: Store) -> list[CustomerBalance]:
    """What each customer was invoiced, credited and paid; largest debt first."""
    with store.read() as session:
        invoices = _issued_invoices(session)
        paid = _paid_by_invoice(session)
        credited = _credited_by_invoice(session)
        totals: dict[str, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO, ZERO])
        names: dict[str, str] = {}
        counts: dict[str, int] = defaultdict(int)
        for invoice in invoices:
            key = customer_key(invoice)
            names[key] = invoice.buyer_name
            counts[key] += 1
            row = totals[key]
            row[0] += invoice.gross_total or ZERO
            row[1] += credited.get(invoice.id, ZERO)
            row[2] += paid.get(invoice.id, ZERO)
    result = [
        CustomerBalance(key, names[key], inv, cred, pay, inv - cred - pay, counts[key])
        for key, (inv, cred, pay) in totals.items()
    ]
    result.sort(key=lambda row: (-row.balance, row.name.casefold()))
    return result


def unpaid_invoices(store: Store, *, today: date) -> list[UnpaidInvoice]:
    """Issued invoices with something left to pay, by due date (oldest first)."""
    with store.read() as session:
        invoices = _issued_invoices(session)
        remaining = balances_in(session, [invoice.id for invoice in invoices])
        levels = reminder_levels(session)
        result = []
        for invoice in invoices:
            left = remaining[invoice.id]
            if left <= ZERO:
                continue
            assert invoice.due_date is not None and invoice.issue_date is not None
            result.append(
                UnpaidInvoice(
                    invoice.id,
                    invoice.number or "",
                    customer_key(invoice),
                    invoice.buyer_name,
                    invoice.buyer_is_company,
                    invoice.issue_date,
                    invoice.due_date,
                    invoice.gross_total or ZERO,
                    left,
                    max(0, (today - invoice.due_date).days),
                    levels.get(invoice.id, 0),
                )
            )
    result.sort(key=lambda row: (row.due_date, row.number))
    return result


# -- shared with reminders, receipts and closings ----------------------------------------------
def customer_key(invoice: Invoice) -> str:
    if invoice.member_id is not None:
        return f"member:{invoice.member_id}"
    if invoice.organisation_id is not None:
        return f"organisation:{invoice.organisation_id}"
    if invoice.guest_id is not None:
        return f"guest:{invoice.guest_id}"
    return f"name:{invoice.buyer_name.strip().casefold()}"


def reminder_levels(session: Session) -> dict[int, int]:
    rows = session.execute(
        select(Reminder.invoice_id, func.max(Reminder.level)).group_by(Reminder.invoice_id)
    ).all()
    return {invoice_id: int(level) for invoice_id, level in rows}


def balances_in(session: Session, invoice_ids: list[int]) -> dict[int, Decimal]:
    if not invoice_ids:
        return {}
    gross = {
        invoice_id: value or ZERO
        for invoice_id, value in session.execute(
            select(Invoice.id, Invoice.gross_total).where(Invoice.id.in_(invoice_ids))
        )
    }
    paid = _paid_by_invoice(session, invoice_ids)
    credited = _credited_by_invoice(session, invoice_ids)
    return {
        invoice_id: gross[invoice_id] - paid.get(invoice_id, ZERO) - credited.get(invoice_id, ZERO)
        for invoice_id in invoice_ids
    }


def _paid_by_invoice(session: Session, invoice_ids: list[int] | None = None) -> dict[int, Decimal]:
    query = select(Payment.invoice_id, Payment.amount)
    if invoice_ids is not None:
        query = query.where(Payment.invoice_id.in_(invoice_ids))
    # Summed in Python: SQLite would add the amounts as floats.
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for invoice_id, value in session.execute(query):
        sums[invoice_id] += value
    return dict(sums)


def _credited_by_invoice(
    session: Session, invoice_ids: list[int] | None = None
) -> dict[int, Decimal]:
    query = select(Invoice.corrects_invoice_id, Invoice.gross_total).where(
        Invoice.kind == DocumentKind.CREDIT_NOTE,
        Invoice.status == InvoiceStatus.ISSUED,
        Invoice.corrects_invoice_id.is_not(None),
    )
    if invoice_ids is not None:
        query = query.where(Invoice.corrects_invoice_id.in_(invoice_ids))
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for invoice_id, value in session.execute(query):
        if invoice_id is not None:  # always, by the WHERE above
            sums[invoice_id] += value or ZERO
    return dict(sums)


def _issued_invoices(session: Session) -> list[Invoice]:
    return list(
        session.scalars(
            select(Invoice)
            .where(Invoice.kind == DocumentKind.INVOICE, Invoice.status == InvoiceStatus.ISSUED)
            .order_by(Invoice.due_date, Invoice.number)
        )
    )


def _checked_amount(amount: object) -> Decimal:
    message = _("Type an amount above zero, in euros with at most two decimals (e.g. 12,50).")
    if isinstance(amount, float) or not isinstance(amount, Decimal | int | str):
        raise ValidationError({"amount": message})
    try:
        value = Decimal(amount)
    except InvalidOperation:
        raise ValidationError({"amount": message}) from None
    if not value.is_finite() or value <= 0 or value != value.quantize(CENT):
        raise ValidationError({"amount": message})
    return value.quantize(CENT)


def payable_invoice(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(_("This invoice no longer exists. Refresh the list."))
    if invoice.status is not InvoiceStatus.ISSUED:
        raise ValidationError(
            {"invoice": _("This invoice is still a draft: issue it before recording a payment.")}
        )
    if invoice.kind is not DocumentKind.INVOICE:
        raise ValidationError(
            {"invoice": _("A credit note is not paid: record the payment on the invoice.")}
        )
    return invoice


def _refuse_closed_day(session: Session, day: date) -> None:
    closed = session.scalar(select(DeskClosing.id).where(DeskClosing.day == day))
    if closed is not None:
        raise ValidationError(
            {
                "paid_on": _(
                    "The desk of {day} is already closed: no payment can be added to it. "
                    "Date the payment today."
                ).format(day=format_date(day, "long"))
            }
        )


def _invoice_changes(invoice: Invoice) -> ChangeSet:
    # The change set has no invoice ids yet: the customer's record is what shows a balance.
    return changed(members=[invoice.member_id])
