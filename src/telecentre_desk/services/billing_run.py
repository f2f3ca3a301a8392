"""The billing run: a period's consumption, subscriptions and carnet sales, into drafts.

One draft per customer (a member, an organisation, or a booking's outside guest)
and period. What is billed and to whom was decided when it was consumed or sold
(``consumption``, ``subscription`` and ``carnet`` carry the price and the payer);
this run only gathers it, groups it into readable lines and records in
``billed_item`` what each line bills. Those unique keys make billing one thing twice
impossible: a second run skips everything already on a draft or an issued invoice
and adds what is new to the customer's existing draft of the period.

Set-based, for a month of a large centre: a handful of SELECTs, then bulk INSERTs,
in one write transaction.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoice_document import DocumentKind, UnitCode
from telecentre_desk.domain.invoicing import InvoiceStatus, LineFamily
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.money import cents, prorate
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.domain.tariffs import Coverage
from telecentre_desk.domain.vat import VatTreatment
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.billing_lines import (
    UNIT_CODES,
    carnet_description,
    subscription_description,
    usage_description,
    vat_for,
)
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import BilledItem, Invoice, InvoiceLine
from telecentre_desk.storage.models import Booking, Centre, Member, Organisation, Room
from telecentre_desk.storage.offer_models import Carnet, Consumption, Subscription, Tariff
from telecentre_desk.storage.types import utc_now

MAX_PERIOD_DAYS = 366


@dataclass(frozen=True)
class BillingRunResult:
    drafts_created: int
    drafts_updated: int
    lines_added: int
    changes: ChangeSet
    # Consumption recorded without a price (no tariff set then): not billed, say so.
    unpriced: int = 0
    invoice_ids: tuple[int, ...] = ()  # the drafts created or completed


# A customer: ("member", id), ("organisation", id) or ("guest", "name|email").
CustomerKey = tuple[str, object]


@dataclass
class _Line:
    family: LineFamily
    description: str
    quantity: Decimal
    unit: UnitCode
    unit_price: Decimal
    vat: VatTreatment
    period_start: date
    period_end: date
    # What the line bills: ("consumption", id, None), ("carnet", id, None) or
    # ("subscription", id, first day of the month).
    items: list[tuple[str, int, date | None]] = field(default_factory=list)

    @property
    def net(self) -> Decimal:
        return cents(self.quantity * self.unit_price)


@dataclass
class _Gathered:
    lines: dict[CustomerKey, list[_Line]] = field(default_factory=lambda: defaultdict(list))
    guests: dict[CustomerKey, tuple[str, str]] = field(default_factory=dict)  # name, email
    unpriced: int = 0


def run_billing(
    store: Store, actor: Actor, period_start: date, period_end: date
) -> BillingRunResult:
    """Draft the invoices of ``period_start``..``period_end`` (included), usually a month."""
    require(actor, Permission.ISSUE_INVOICES)
    _check_period(period_start, period_end)
    with store.write() as session:
        mode = session.get_one(Centre, 1).vat_mode
        gathered = _Gathered()
        _gather_consumption(session, gathered, mode, period_start, period_end)
        _gather_subscriptions(session, gathered, mode, period_start, period_end)
        _gather_carnets(session, gathered, mode, period_start, period_end)
        written = _write(session, gathered, period_start, period_end)
        audit.record(
            session,
            actor,
            "run_billing",
            "invoice",
            "",
            {
                "period_start": period_start.isoformat(),
                "period_end": period_end.isoformat(),
                "drafts_created": written.created,
                "drafts_updated": written.updated,
                "lines_added": written.lines,
            },
        )
        return BillingRunResult(
            drafts_created=written.created,
            drafts_updated=written.updated,
            lines_added=written.lines,
            changes=changed(members=list(written.members)),
            unpriced=gathered.unpriced,
            invoice_ids=tuple(written.invoice_ids),
        )


def _check_period(period_start: date, period_end: date) -> None:
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after its first day.")})
    if (period_end - period_start).days >= MAX_PERIOD_DAYS:
        raise ValidationError(
            {"period_end": _("Bill at most one year at a time (usually one month).")}
        )


# -- gathering ---------------------------------------------------------------------------------
def _gather_consumption(
    session: Session, gathered: _Gathered, mode: VatMode, first: date, last: date
) -> None:
    """Presences paid at use (walk-ins' day passes included) and room bookings."""
    billed = exists().where(BilledItem.consumption_id == Consumption.id)
    timely_cancelled = and_(
        Booking.status == BookingStatus.CANCELLED, Booking.cancelled_late.is_(False)
    )
    rows = session.execute(
        select(
            Consumption.id,
            Consumption.member_id,
            Consumption.payer_organisation_id,
            Consumption.service_date,
            Consumption.billed_unit,
            Consumption.billed_quantity,
            Consumption.unit_price,
            Consumption.vat_rate,
            Consumption.booking_id,
            Booking.status,
            Booking.cancelled_late,
            Booking.organisation_id,
            Booking.contact_name,
            Booking.contact_email,
            Room.name,
        )
        .outerjoin(Booking, Booking.id == Consumption.booking_id)
        .outerjoin(Room, Room.id == Booking.room_id)
        .where(
            Consumption.service_date >= first,
            Consumption.service_date <= last,
            Consumption.billed_unit.is_not(None),
            Consumption.billed_quantity > 0,
            ~billed,
            or_(Consumption.booking_id.is_(None), ~timely_cancelled),
        )
        .order_by(Consumption.service_date, Consumption.id)
    ).all()
    groups: dict[tuple[Any, ...], _Line] = {}
    shared_desk = _("Shared desk")
    for row in rows:
        (cid, member_id, payer_id, day, unit, quantity, price, rate, booking_id) = row[:9]
        (status, late, booking_org, contact_name, contact_email, room_name) = row[9:]
        if unit is None or quantity <= 0:
            continue
        customer = _consumption_customer(member_id, payer_id, booking_org)
        if customer is None:
            customer = _guest_key(contact_name, contact_email)
            gathered.guests[customer] = (contact_name.strip(), contact_email.strip())
        if booking_id is None:
            family, label, note = LineFamily.DESK_USE, shared_desk, ""
        else:
            family, label = LineFamily.ROOM_BOOKING, room_name or _("Room")
            note = _booking_note(status, late)
        month = day.replace(day=1)
        key = (customer, family, label, note, unit, price, rate, month)
        line = groups.get(key)
        if line is None:
            line = groups[key] = _Line(
                family=family,
                description="",
                quantity=Decimal(0),
                unit=UNIT_CODES[unit],
                unit_price=price,
                vat=vat_for(mode, rate),
                period_start=day,
                period_end=day,
            )
            gathered.lines[customer].append(line)
        line.quantity += quantity
        line.period_start = min(line.period_start, day)
        line.period_end = max(line.period_end, day)
        line.items.append(("consumption", cid, None))
    for (_customer, _family, label, note, unit, _p, _r, month), line in groups.items():
        line.description = usage_description(label, unit, int(line.quantity), month, note)
    gathered.unpriced = _count_unpriced(session, first, last)


def _count_unpriced(session: Session, first: date, last: date) -> int:
    """Consumption paid at use that no tariff priced (nothing to bill: the manager should know)."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Consumption)
            .where(
                Consumption.service_date >= first,
                Consumption.service_date <= last,
                Consumption.coverage == Coverage.PAY_AT_USE,
                Consumption.billed_unit.is_(None),
            )
        )
        or 0
    )


def _consumption_customer(
    member_id: int | None, payer_id: int | None, booking_org: int | None
) -> CustomerKey | None:
    if payer_id is not None:
        return ("organisation", payer_id)
    if member_id is not None:
        return ("member", member_id)
    if booking_org is not None:
        return ("organisation", booking_org)
    return None


def _guest_key(name: str, email: str) -> CustomerKey:
    return ("guest", f"{' '.join(name.split()).casefold()}|{email.strip().casefold()}")


def _booking_note(status: BookingStatus | None, late: bool | None) -> str:
    if status is BookingStatus.CANCELLED and late:
        return _("late cancellation")
    if status is BookingStatus.NO_SHOW:
        return _("no-show")
    return ""


def _gather_subscriptions(
    session: Session, gathered: _Gathered, mode: VatMode, first: date, last: date
) -> None:
    """Each month of the period a subscription runs in, prorated to the day when partial.

    The month is billed whole (its days of subscription), even when the period covers
    only part of it: ``billed_item`` keys a subscription's month once and for all.
    """
    months = list(_months(first, last))
    rows = session.execute(
        select(
            Subscription.id,
            Subscription.member_id,
            Subscription.payer_organisation_id,
            Subscription.starts_on,
            Subscription.ends_on,
            Subscription.monthly_price,
            Subscription.vat_rate,
            Tariff.name,
        )
        .join(Tariff, Tariff.id == Subscription.tariff_id)
        .where(
            Subscription.starts_on <= months[-1][1],
            or_(Subscription.ends_on.is_(None), Subscription.ends_on >= months[0][0]),
        )
        .order_by(Subscription.id)
    ).all()
    done = set(
        session.execute(
            select(BilledItem.subscription_id, BilledItem.month).where(
                BilledItem.subscription_id.is_not(None),
                BilledItem.month >= months[0][0],
                BilledItem.month <= months[-1][0],
            )
        )
    )
    for sid, member_id, payer_id, starts_on, ends_on, price, rate, name in rows:
        customer: CustomerKey = (
            ("organisation", payer_id) if payer_id is not None else ("member", member_id)
        )
        for month_start, month_end in months:
            if (sid, month_start) in done:
                continue
            start = max(starts_on, month_start)
            end = min(ends_on or month_end, month_end)
            if end < start:
                continue
            days = (end - start).days + 1
            total = (month_end - month_start).days + 1
            gathered.lines[customer].append(
                _Line(
                    family=LineFamily.SUBSCRIPTION,
                    description=subscription_description(name, month_start, start, end),
                    quantity=Decimal(1),
                    unit=UnitCode.MONTH,
                    unit_price=prorate(price, days, total),
                    vat=vat_for(mode, rate),
                    period_start=start,
                    period_end=end,
                    items=[("subscription", sid, month_start)],
                )
            )


def _months(first: date, last: date) -> Iterator[tuple[date, date]]:
    """(first day, last day) of each calendar month the period touches."""
    month = first.replace(day=1)
    while month <= last:
        end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
        yield month, end
        month = end + timedelta(days=1)


def _gather_carnets(
    session: Session, gathered: _Gathered, mode: VatMode, first: date, last: date
) -> None:
    """Carnets sold in the period, at the price they were sold at, billed once."""
    rows = session.execute(
        select(
            Carnet.id,
            Carnet.member_id,
            Carnet.payer_organisation_id,
            Carnet.purchased_on,
            Carnet.price,
            Carnet.vat_rate,
            Tariff.name,
        )
        .join(Tariff, Tariff.id == Carnet.tariff_id)
        .where(
            Carnet.purchased_on >= first,
            Carnet.purchased_on <= last,
            ~exists().where(BilledItem.carnet_id == Carnet.id),
        )
        .order_by(Carnet.purchased_on, Carnet.id)
    ).all()
    for cid, member_id, payer_id, bought, price, rate, name in rows:
        customer: CustomerKey = (
            ("organisation", payer_id) if payer_id is not None else ("member", member_id)
        )
        gathered.lines[customer].append(
            _Line(
                family=LineFamily.CARNET,
                description=carnet_description(name, bought),
                quantity=Decimal(1),
                unit=UnitCode.ONE,
                unit_price=price,
                vat=vat_for(mode, rate),
                period_start=bought,
                period_end=bought,
                items=[("carnet", cid, None)],
            )
        )


# -- writing -----------------------------------------------------------------------------------
@dataclass
class _Written:
    created: int = 0
    updated: int = 0
    lines: int = 0
    members: set[int] = field(default_factory=set)
    invoice_ids: list[int] = field(default_factory=list)


def _write(session: Session, gathered: _Gathered, first: date, last: date) -> _Written:
    written = _Written()
    customers = [key for key, lines in gathered.lines.items() if lines]
    if not customers:
        return written
    existing = _existing_drafts(session, first, last)
    new = [key for key in customers if key not in existing]
    buyers = _buyers(session, new, gathered.guests)
    now = utc_now()
    created_ids = _insert_drafts(session, [buyers[key] for key in new], first, last, now)
    invoice_of = {**existing, **dict(zip(new, created_ids, strict=True))}
    positions = _last_positions(session, list(existing.values()))
    line_rows: list[dict[str, Any]] = []
    line_items: list[list[tuple[str, int, date | None]]] = []
    for key in customers:
        invoice_id = invoice_of[key]
        position = positions.get(invoice_id, 0)
        for line in _ordered(gathered.lines[key]):
            position += 1
            line_rows.append(_line_row(invoice_id, position, line))
            line_items.append(line.items)
    line_ids = list(
        session.scalars(
            insert(InvoiceLine).returning(InvoiceLine.id, sort_by_parameter_order=True),
            line_rows,
        )
    )
    item_rows = [
        {
            "line_id": line_id,
            "consumption_id": source_id if kind == "consumption" else None,
            "carnet_id": source_id if kind == "carnet" else None,
            "subscription_id": source_id if kind == "subscription" else None,
            "month": month,
        }
        for line_id, items in zip(line_ids, line_items, strict=True)
        for kind, source_id, month in items
    ]
    session.execute(insert(BilledItem), item_rows)
    written.created = len(new)
    written.updated = len(customers) - len(new)
    written.lines = len(line_rows)
    written.members = {int(key[1]) for key in customers if key[0] == "member"}  # type: ignore[call-overload]
    written.invoice_ids = [invoice_of[key] for key in customers]
    return written


_FAMILY_ORDER = {
    LineFamily.SUBSCRIPTION: 0,
    LineFamily.CARNET: 1,
    LineFamily.DESK_USE: 2,
    LineFamily.ROOM_BOOKING: 3,
    LineFamily.OTHER: 4,
}


def _ordered(lines: Iterable[_Line]) -> list[_Line]:
    """Subscriptions first, then carnets, desk use and rooms, each in date order."""
    return sorted(lines, key=lambda line: (_FAMILY_ORDER[line.family], line.period_start))


def _line_row(invoice_id: int, position: int, line: _Line) -> dict[str, Any]:
    return {
        "invoice_id": invoice_id,
        "position": position,
        "family": line.family,
        "description": line.description[:300],
        "quantity": line.quantity,
        "unit_code": line.unit,
        "unit_price": line.unit_price,
        "discount": Decimal(0),
        "vat_category": line.vat.category,
        "vat_rate": line.vat.rate,
        "vat_exemption_reason": line.vat.exemption_reason,
        "vat_exemption_code": line.vat.exemption_code,
        "net": line.net,
        "period_start": line.period_start,
        "period_end": line.period_end,
    }


def _existing_drafts(session: Session, first: date, last: date) -> dict[CustomerKey, int]:
    """The period's invoice drafts, by customer (a guest's is known by what it bills)."""
    drafts = session.execute(
        select(Invoice.id, Invoice.member_id, Invoice.organisation_id)
        .where(
            Invoice.status == InvoiceStatus.DRAFT,
            Invoice.kind == DocumentKind.INVOICE,
            Invoice.period_start == first,
            Invoice.period_end == last,
        )
        .order_by(Invoice.id)
    ).all()
    found: dict[CustomerKey, int] = {}
    unlinked: list[int] = []
    for invoice_id, member_id, organisation_id in drafts:
        if member_id is not None:
            found.setdefault(("member", member_id), invoice_id)
        elif organisation_id is not None:
            found.setdefault(("organisation", organisation_id), invoice_id)
        else:
            unlinked.append(invoice_id)
    if unlinked:
        guests = session.execute(
            select(InvoiceLine.invoice_id, Booking.contact_name, Booking.contact_email)
            .join(BilledItem, BilledItem.line_id == InvoiceLine.id)
            .join(Consumption, Consumption.id == BilledItem.consumption_id)
            .join(Booking, Booking.id == Consumption.booking_id)
            .where(InvoiceLine.invoice_id.in_(unlinked))
            .order_by(InvoiceLine.invoice_id)
        ).all()
        for invoice_id, name, email in guests:
            found.setdefault(_guest_key(name, email), invoice_id)
    return found


def _last_positions(session: Session, invoice_ids: list[int]) -> dict[int, int]:
    if not invoice_ids:
        return {}
    return {
        invoice_id: int(position or 0)
        for invoice_id, position in session.execute(
            select(InvoiceLine.invoice_id, func.max(InvoiceLine.position))
            .where(InvoiceLine.invoice_id.in_(invoice_ids))
            .group_by(InvoiceLine.invoice_id)
        )
    }


def _insert_drafts(
    session: Session, buyers: list[dict[str, Any]], first: date, last: date, now: Any
) -> list[int]:
    if not buyers:
        return []
    rows = [
        {
            **buyer,
            "kind": DocumentKind.INVOICE,
            "status": InvoiceStatus.DRAFT,
            "period_start": first,
            "period_end": last,
            "note": "",
            "created_at": now,
        }
        for buyer in buyers
    ]
    return list(
        session.scalars(insert(Invoice).returning(Invoice.id, sort_by_parameter_order=True), rows)
    )


def _buyers(
    session: Session, keys: list[CustomerKey], guests: dict[CustomerKey, tuple[str, str]]
) -> dict[CustomerKey, dict[str, Any]]:
    """The buyer fields copied onto each new draft (corrected there if needed)."""
    member_ids = [int(key[1]) for key in keys if key[0] == "member"]  # type: ignore[call-overload]
    org_ids = [int(key[1]) for key in keys if key[0] == "organisation"]  # type: ignore[call-overload]
    members = {
        row.id: row
        for row in session.execute(
            select(
                Member.id,
                Member.first_name,
                Member.last_name,
                Member.address_line,
                Member.postal_code,
                Member.city,
                Member.email,
            ).where(Member.id.in_(member_ids))
        )
    }
    organisations = {
        row.id: row
        for row in session.execute(
            select(
                Organisation.id,
                Organisation.name,
                Organisation.address_line,
                Organisation.postal_code,
                Organisation.city,
                Organisation.siret,
                Organisation.vat_number,
                Organisation.billing_email,
            ).where(Organisation.id.in_(org_ids))
        )
    }
    buyers: dict[CustomerKey, dict[str, Any]] = {}
    for key in keys:
        kind, ident = key
        if kind == "member":
            m = members[ident]
            buyers[key] = buyer_fields(
                member_id=m.id,
                name=f"{m.first_name} {m.last_name}".strip(),
                address_line=m.address_line,
                postal_code=m.postal_code,
                city=m.city,
                email=m.email,
            )
        elif kind == "organisation":
            o = organisations[ident]
            buyers[key] = buyer_fields(
                organisation_id=o.id,
                name=o.name,
                address_line=o.address_line,
                postal_code=o.postal_code,
                city=o.city,
                email=o.billing_email,
                is_company=True,
                siret=o.siret,
                vat_number=o.vat_number,
            )
        else:
            name, email = guests[key]
            buyers[key] = buyer_fields(name=name, email=email)
    return buyers


def buyer_fields(
    *,
    name: str,
    member_id: int | None = None,
    organisation_id: int | None = None,
    address_line: str = "",
    postal_code: str = "",
    city: str = "",
    email: str = "",
    is_company: bool = False,
    siret: str = "",
    vat_number: str = "",
) -> dict[str, Any]:
    """The customer link and buyer columns of an ``invoice`` row."""
    return {
        "member_id": member_id,
        "organisation_id": organisation_id,
        "guest_id": None,
        "buyer_name": name[:200],
        "buyer_address_line": address_line,
        "buyer_postal_code": postal_code,
        "buyer_city": city,
        "buyer_country_code": "FR",
        "buyer_is_company": is_company,
        "buyer_siret": siret,
        "buyer_vat_number": vat_number,
        "buyer_email": email,
        "buyer_reference": "",
    }
