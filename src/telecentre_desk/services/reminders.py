"""Chasing unpaid invoices: reminder letters in three levels, and the record of each sent.

A letter goes to one customer and lists the overdue invoices it is about; each of
them moves up one level (1: friendly reminder, 2: formal reminder, 3: formal
notice). Levels only go up, one at a time: an invoice cannot get a formal notice
before its two reminders, nor the same level twice (the table's unique key).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from telecentre_desk.documents.reminder_pdf import (
    LEVELS,
    ReminderItem,
    ReminderLetter,
    render_reminder_pdf,
)
from telecentre_desk.domain.invoice_document import Address, Buyer
from telecentre_desk.domain.money import ZERO
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.billing_settings import read_billing_settings
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.payments import (
    balances_in,
    customer_key,
    paris_today,
    payable_invoice,
    reminder_levels,
)
from telecentre_desk.services.receipts import seller_of
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import Invoice, Reminder


@dataclass(frozen=True)
class ReminderResult:
    level: int
    invoice_ids: tuple[int, ...]
    pdf: bytes  # the letter to print or send
    changes: ChangeSet


def send_reminder(
    store: Store,
    actor: Actor,
    invoice_ids: Sequence[int],
    level: int,
    *,
    sent_on: date | None = None,
) -> ReminderResult:
    """Record that a letter of ``level`` goes out for these invoices, and make the letter."""
    require(actor, Permission.ISSUE_INVOICES)
    day = sent_on or paris_today()
    with store.write() as session:
        invoices = _checked(session, invoice_ids, level, day)
        for invoice in invoices:
            session.add(
                Reminder(invoice_id=invoice.id, level=level, sent_on=day, created_by=actor.user_id)
            )
        letter = _letter(session, invoices, level, day, actor.display_name)
        audit.record(
            session,
            actor,
            "reminder.send",
            "invoice",
            ",".join(str(invoice.id) for invoice in invoices),
            {"level": level, "numbers": [invoice.number for invoice in invoices]},
        )
        # Made inside the transaction: if the letter cannot be made, no reminder is recorded
        # as sent (a one-page PDF holds the write lock for a few milliseconds only).
        pdf = render_reminder_pdf(letter)
        members = [invoice.member_id for invoice in invoices]
        ids = tuple(invoice.id for invoice in invoices)
    return ReminderResult(level, ids, pdf, changed(members=members))


def preview_reminder(
    store: Store, invoice_ids: Sequence[int], level: int, *, on: date | None = None
) -> bytes:
    """The letter as it would go out, without recording anything."""
    day = on or paris_today()
    with store.read() as session:
        invoices = _checked(session, invoice_ids, level, day)
        letter = _letter(session, invoices, level, day, "")
    return render_reminder_pdf(letter)


def next_level(store: Store, invoice_id: int) -> int | None:
    """The level of the next letter for this invoice, or None after a formal notice."""
    with store.read() as session:
        if session.get(Invoice, invoice_id) is None:
            raise NotFound(_("This invoice no longer exists. Refresh the list."))
        current = reminder_levels(session).get(invoice_id, 0)
    return current + 1 if current < LEVELS[-1] else None


def _checked(session: Session, invoice_ids: Sequence[int], level: int, day: date) -> list[Invoice]:
    if level not in LEVELS:
        raise ValidationError({"level": _("A reminder level is 1, 2 or 3.")})
    if not invoice_ids:
        raise ValidationError({"invoices": _("Choose at least one unpaid invoice.")})
    invoices = [payable_invoice(session, invoice_id) for invoice_id in dict.fromkeys(invoice_ids)]
    if len({customer_key(invoice) for invoice in invoices}) > 1:
        raise ValidationError(
            {"invoices": _("A letter goes to one customer: choose invoices of one customer only.")}
        )
    remaining = balances_in(session, [invoice.id for invoice in invoices])
    levels = reminder_levels(session)
    for invoice in invoices:
        assert invoice.due_date is not None
        if remaining[invoice.id] <= ZERO:
            raise ValidationError(
                {
                    "invoices": _("Invoice {number} is paid: no reminder is needed.").format(
                        number=invoice.number
                    )
                }
            )
        if invoice.due_date >= day:
            raise ValidationError(
                {
                    "invoices": _(
                        "Invoice {number} is not late yet: wait until after its due date."
                    ).format(number=invoice.number)
                }
            )
        current = levels.get(invoice.id, 0)
        if level != current + 1:
            raise ValidationError(
                {
                    "level": _(
                        "Invoice {number} has had reminder level {current}: the next letter is "
                        "level {next}, one step at a time."
                    ).format(number=invoice.number, current=current, next=current + 1)
                }
            )
    return invoices


def _letter(
    session: Session, invoices: list[Invoice], level: int, day: date, signatory: str
) -> ReminderLetter:
    settings = read_billing_settings(session)
    remaining = balances_in(session, [invoice.id for invoice in invoices])
    first = invoices[0]
    buyer = Buyer(
        first.buyer_name,
        Address(
            first.buyer_address_line,
            first.buyer_postal_code,
            first.buyer_city,
            first.buyer_country_code,
        ),
        first.buyer_is_company,
        first.buyer_siret,
        first.buyer_vat_number,
    )
    items = []
    for invoice in sorted(invoices, key=lambda row: (row.due_date or day, row.number or "")):
        assert invoice.issue_date and invoice.due_date and invoice.number
        items.append(
            ReminderItem(
                invoice.number,
                invoice.issue_date,
                invoice.due_date,
                invoice.gross_total or ZERO,
                remaining[invoice.id],
            )
        )
    return ReminderLetter(
        level,
        seller_of(settings),
        buyer,
        day,
        tuple(items),
        settings.late_payment_rate,
        settings.iban,
        settings.bic,
        signatory,
    )
