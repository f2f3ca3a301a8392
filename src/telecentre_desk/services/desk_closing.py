"""The desk's daily closing: what was taken at the desk, per method, sealed in a hash chain.

Closing a day totals the payments taken at the desk that day, stamps them with
the closing (database triggers then refuse any change to them) and chains the
closing to the previous one like issued invoices are chained: SHA-256 of the
previous closing's hash followed by the canonical JSON of this closing, which
lists every payment it covers. Changing a closed payment or a closing's totals
behind the application's back breaks the chain, and ``verify_closings`` names
the first closing that no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoice_document import GENESIS_HASH
from telecentre_desk.domain.invoicing import PaymentMethod
from telecentre_desk.domain.money import ZERO
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _, format_date
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.payments import paris_today
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import DeskClosing, Payment


@dataclass(frozen=True)
class MethodTotals:
    cash: Decimal = ZERO
    cheque: Decimal = ZERO
    card: Decimal = ZERO
    transfer: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.cash + self.cheque + self.card + self.transfer

    def __add__(self, other: MethodTotals) -> MethodTotals:
        return MethodTotals(
            self.cash + other.cash,
            self.cheque + other.cheque,
            self.card + other.card,
            self.transfer + other.transfer,
        )


@dataclass(frozen=True)
class ClosedPayment:
    """What a closing's hash covers of each payment (also what its yearly archive holds)."""

    id: int
    invoice_id: int
    paid_on: date
    amount: Decimal
    method: PaymentMethod
    reference: str
    reverses_payment_id: int | None


def closed_payment(row: Payment) -> ClosedPayment:
    return ClosedPayment(
        row.id,
        row.invoice_id,
        row.paid_on,
        row.amount,
        row.method,
        row.reference,
        row.reverses_payment_id,
    )


@dataclass(frozen=True)
class ClosingView:
    id: int
    day: date
    totals: MethodTotals
    payment_count: int
    chain_index: int
    content_hash: str


@dataclass(frozen=True)
class ClosingResult:
    closing: ClosingView
    changes: ChangeSet


@dataclass(frozen=True)
class PeriodTotals:
    start: date
    end: date  # inclusive
    totals: MethodTotals
    payment_count: int
    days_closed: int


@dataclass(frozen=True)
class ClosingReport:
    ok: bool
    checked: int
    broken_day: date | None
    reason: str  # translated; empty when ok


def close_day(store: Store, actor: Actor, day: date) -> ClosingResult:
    """Close the desk for ``day``: once only, and not before the day has come."""
    require(actor, Permission.TAKE_PAYMENTS)
    if day > paris_today():
        raise ValidationError({"day": _("This day has not come yet: close it at its end.")})
    with store.write() as session:
        if session.scalar(select(DeskClosing.id).where(DeskClosing.day == day)) is not None:
            raise ValidationError(
                {
                    "day": _("The desk of {day} is already closed.").format(
                        day=format_date(day, "long")
                    )
                }
            )
        stamped = list(
            session.scalars(
                select(Payment)
                .where(Payment.paid_on == day, Payment.taken_at_desk.is_(True))
                .order_by(Payment.id)
            )
        )
        rows = [closed_payment(row) for row in stamped]
        last = session.scalar(select(DeskClosing).order_by(DeskClosing.chain_index.desc()))
        chain_index = last.chain_index + 1 if last else 1
        previous_hash = last.content_hash if last else GENESIS_HASH
        totals = totals_of(rows)
        closing = DeskClosing(
            day=day,
            cash_total=totals.cash,
            cheque_total=totals.cheque,
            card_total=totals.card,
            transfer_total=totals.transfer,
            payment_count=len(rows),
            chain_index=chain_index,
            previous_hash=previous_hash,
            content_hash=chained_hash(
                previous_hash, closing_content(day, totals, len(rows), chain_index, rows)
            ),
            closed_by=actor.user_id,
        )
        session.add(closing)
        session.flush()
        for row in stamped:
            row.closing_id = closing.id
        audit.record(
            session,
            actor,
            "desk.close",
            "desk_closing",
            closing.id,
            {"day": day.isoformat(), "total": str(totals.total), "payments": len(rows)},
        )
        return ClosingResult(_view(closing), ChangeSet())


def closings(store: Store, *, year: int | None = None) -> list[ClosingView]:
    with store.read() as session:
        query = select(DeskClosing).order_by(DeskClosing.day)
        if year is not None:
            query = query.where(
                DeskClosing.day >= date(year, 1, 1), DeskClosing.day <= date(year, 12, 31)
            )
        return [_view(row) for row in session.scalars(query)]


def period_totals(store: Store, start: date, end: date) -> PeriodTotals:
    """The sum of the closings from ``start`` to ``end`` (inclusive)."""
    with store.read() as session:
        rows = list(
            session.scalars(
                select(DeskClosing).where(DeskClosing.day >= start, DeskClosing.day <= end)
            )
        )
    return _sum(start, end, rows)


def monthly_totals(store: Store, year: int) -> list[PeriodTotals]:
    """Twelve rows, January to December, from the closings of ``year``."""
    with store.read() as session:
        rows = list(
            session.scalars(
                select(DeskClosing).where(
                    DeskClosing.day >= date(year, 1, 1), DeskClosing.day <= date(year, 12, 31)
                )
            )
        )
    months = []
    for month in range(1, 13):
        start = date(year, month, 1)
        end = date(year + (month == 12), month % 12 + 1, 1).replace(day=1)
        last = date.fromordinal(end.toordinal() - 1)
        months.append(_sum(start, last, [row for row in rows if start <= row.day <= last]))
    return months


def yearly_totals(store: Store, year: int) -> PeriodTotals:
    return period_totals(store, date(year, 1, 1), date(year, 12, 31))


def verify_closings(store: Store) -> ClosingReport:
    """Recompute every closing from its payments and the chain; name the first broken link."""
    with store.read() as session:
        chain = list(session.scalars(select(DeskClosing).order_by(DeskClosing.chain_index)))
        previous = GENESIS_HASH
        for checked, closing in enumerate(chain):
            reason = _broken(session, closing, previous, checked + 1)
            if reason:
                return ClosingReport(False, checked, closing.day, reason)
            previous = closing.content_hash
    return ClosingReport(True, len(chain), None, "")


# -- the content that is hashed ------------------------------------------------------------------
def closing_content(
    day: date,
    totals: MethodTotals,
    payment_count: int,
    chain_index: int,
    payments: Iterable[ClosedPayment],
) -> bytes:
    """Canonical JSON (sorted keys, no spaces) of a closing and every payment it covers."""
    content = {
        "day": day.isoformat(),
        "chain_index": chain_index,
        "payment_count": payment_count,
        "totals": {
            "cash": _text(totals.cash),
            "cheque": _text(totals.cheque),
            "card": _text(totals.card),
            "transfer": _text(totals.transfer),
        },
        "payments": [
            {
                "id": row.id,
                "invoice_id": row.invoice_id,
                "paid_on": row.paid_on.isoformat(),
                "amount": _text(row.amount),
                "method": row.method.value,
                "reference": row.reference,
                "reverses": row.reverses_payment_id,
            }
            for row in payments
        ],
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def chained_hash(previous_hash: str, content: bytes) -> str:
    return hashlib.sha256(previous_hash.encode("ascii") + content).hexdigest()


def _broken(session: Session, closing: DeskClosing, previous: str, position: int) -> str:
    day = format_date(closing.day, "long")
    if closing.chain_index != position:
        return _(
            "The closing of {day} is out of place in the chain (a closing is missing)."
        ).format(day=day)
    if closing.previous_hash != previous:
        return _("The closing of {day} does not follow the one before it.").format(day=day)
    rows = [
        closed_payment(row)
        for row in session.scalars(
            select(Payment).where(Payment.closing_id == closing.id).order_by(Payment.id)
        )
    ]
    stored = _stored_totals(closing)
    if totals_of(rows) != stored or len(rows) != closing.payment_count:
        return _("The totals of the closing of {day} no longer match its payments.").format(day=day)
    content = closing_content(closing.day, stored, closing.payment_count, position, rows)
    if chained_hash(previous, content) != closing.content_hash:
        return _("The closing of {day} was changed after it was made.").format(day=day)
    return ""


def totals_of(rows: Iterable[ClosedPayment]) -> MethodTotals:
    sums = dict.fromkeys(PaymentMethod, ZERO)
    for row in rows:
        sums[row.method] += row.amount
    return MethodTotals(
        sums[PaymentMethod.CASH],
        sums[PaymentMethod.CHEQUE],
        sums[PaymentMethod.CARD],
        sums[PaymentMethod.TRANSFER],
    )


def _stored_totals(closing: DeskClosing) -> MethodTotals:
    return MethodTotals(
        closing.cash_total, closing.cheque_total, closing.card_total, closing.transfer_total
    )


def _view(closing: DeskClosing) -> ClosingView:
    return ClosingView(
        closing.id,
        closing.day,
        _stored_totals(closing),
        closing.payment_count,
        closing.chain_index,
        closing.content_hash,
    )


def _sum(start: date, end: date, rows: list[DeskClosing]) -> PeriodTotals:
    totals = MethodTotals()
    for row in rows:
        totals = totals + _stored_totals(row)
    return PeriodTotals(start, end, totals, sum(row.payment_count for row in rows), len(rows))


def _text(amount: Decimal) -> str:
    # 3, 3.0 and 3.00 are one amount: the hash must not depend on the column's scale.
    return format(amount.normalize(), "f")
