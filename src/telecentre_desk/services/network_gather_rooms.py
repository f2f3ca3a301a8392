"""The export's room use (from bookings) and revenue (from issued invoices and credit notes).

Both are reads. Who booked or bought is never published: a row is published only when
at least 5 different bookers (or customers) are behind it; otherwise its figures are
left empty and the row says ``suppressed``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoicing import DocumentKind, InvoiceStatus, LineFamily
from telecentre_desk.domain.kinds import RoomKind
from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.i18n import PARIS
from telecentre_desk.network.period import Period
from telecentre_desk.network.schemas import SUPPRESSION_THRESHOLD
from telecentre_desk.storage.invoice_models import BilledItem, Invoice, InvoiceLine
from telecentre_desk.storage.models import Booking, Member, Room
from telecentre_desk.storage.offer_models import Consumption

Row = dict[str, Any]
CENTS = Decimal("0.01")
_HOURS = Decimal("0.01")
_BOOKED_KINDS = {RoomKind.MEETING_ROOM: "meeting_room", RoomKind.VISIO_ROOM: "visio_room"}
_FAMILIES = {
    LineFamily.DESK_USE: "desk",
    LineFamily.SUBSCRIPTION: "subscription",
    LineFamily.CARNET: "carnet",
    LineFamily.OTHER: "other",
}


def room_use_rows(session: Session, period: Period, own_code: str) -> list[Row]:
    """Per day (Paris), room kind and booker type: hours booked (cancelled excluded),
    bookings held, cancellations, no-shows, for meeting and visio rooms."""
    start, end = _utc_bounds(period)
    found = session.execute(
        select(
            Booking.starts_at,
            Booking.ends_at,
            Booking.status,
            Booking.member_id,
            Booking.organisation_id,
            Booking.contact_name,
            Room.kind,
            Member.home_centre_code,
        )
        .join(Room, Room.id == Booking.room_id)
        .outerjoin(Member, Member.id == Booking.member_id)
        .where(
            Booking.starts_at >= start,
            Booking.starts_at < end,
            Room.kind.in_(list(_BOOKED_KINDS)),
        )
    ).all()
    groups: dict[tuple[date, str, str], _RoomFigures] = defaultdict(_RoomFigures)
    for starts, ends, status, member, organisation, contact, kind, home in found:
        if member is not None:
            booker: tuple[str, Hashable] = ("member", member)
            booker_type = "network_visitor" if home and home != own_code else "member"
        elif organisation is not None:
            booker, booker_type = ("organisation", organisation), "organisation"
        else:
            booker, booker_type = ("external", contact.strip().casefold()), "external"
        key = (starts.astimezone(PARIS).date(), _BOOKED_KINDS[kind], booker_type)
        figures = groups[key]
        figures.bookers.add(booker)
        if status is BookingStatus.CANCELLED:
            figures.cancellations += 1
            continue
        figures.bookings += 1
        figures.seconds += int((ends - starts).total_seconds())
        if status is BookingStatus.NO_SHOW:
            figures.no_shows += 1
    rows: list[Row] = []
    for (day, kind_name, booker_type), figures in sorted(groups.items()):
        shown = len(figures.bookers) >= SUPPRESSION_THRESHOLD
        hours = (Decimal(figures.seconds) / 3600).quantize(_HOURS, ROUND_HALF_UP)
        rows.append(
            {
                "date": day,
                "room_kind": kind_name,
                "booker_type": booker_type,
                "hours_booked": hours if shown else None,
                "bookings": figures.bookings if shown else None,
                "cancellations": figures.cancellations if shown else None,
                "no_shows": figures.no_shows if shown else None,
                "suppressed": not shown,
            }
        )
    return rows


def _utc_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as UTC instants, from its first Paris midnight to the one after its end."""
    first = datetime.combine(period.start, time(0), tzinfo=PARIS).astimezone(UTC)
    after = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=PARIS)
    return first, after.astimezone(UTC)


class _RoomFigures:
    def __init__(self) -> None:
        self.bookers: set[tuple[str, Hashable]] = set()
        self.bookings = self.cancellations = self.no_shows = self.seconds = 0


def revenue_rows(session: Session, period: Period) -> list[Row]:
    """Per month of issue, family and VAT rate: net and VAT of issued invoices minus issued
    credit notes, and how many of each. Drafts are never counted."""
    found = session.execute(
        select(
            Invoice.id,
            Invoice.kind,
            Invoice.issue_date,
            Invoice.member_id,
            Invoice.organisation_id,
            Invoice.guest_id,
            Invoice.buyer_name,
            InvoiceLine.id,
            InvoiceLine.family,
            InvoiceLine.vat_rate,
            InvoiceLine.net,
        )
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .where(
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.issue_date >= period.start,
            Invoice.issue_date <= period.end,
        )
    ).all()
    visio_lines = _visio_room_lines(
        session, [r[7] for r in found if r[8] is LineFamily.ROOM_BOOKING]
    )
    # Net per (row key, document): VAT is computed per document and rate, then summed.
    nets: dict[tuple[date, str, Decimal], dict[int, Decimal]] = defaultdict(dict)
    kinds: dict[int, DocumentKind] = {}
    customers: dict[tuple[date, str, Decimal], set[Hashable]] = defaultdict(set)
    for (invoice_id, kind, issued, member, organisation, guest, buyer, line_id, family, rate,
         net) in found:  # fmt: skip
        assert issued is not None
        if family is LineFamily.ROOM_BOOKING:
            name = "visio_room" if line_id in visio_lines else "meeting_room"
        else:
            name = _FAMILIES[family]
        key = (issued.replace(day=1), name, Decimal(rate).quantize(CENTS))
        per_document = nets[key]
        per_document[invoice_id] = per_document.get(invoice_id, Decimal(0)) + Decimal(net)
        kinds[invoice_id] = kind
        customers[key].add(_customer(member, organisation, guest, buyer))
    rows: list[Row] = []
    for key in sorted(nets):
        month, family_name, rate = key
        net_total = vat_total = Decimal(0)
        for invoice_id, net in nets[key].items():
            sign = -1 if kinds[invoice_id] is DocumentKind.CREDIT_NOTE else 1
            net_total += sign * net
            vat_total += sign * (net * rate / 100).quantize(CENTS, ROUND_HALF_UP)
        invoices = sum(1 for i in nets[key] if kinds[i] is DocumentKind.INVOICE)
        shown = len(customers[key]) >= SUPPRESSION_THRESHOLD
        rows.append(
            {
                "month": month,
                "family": family_name,
                "vat_rate": rate,
                "net_amount": net_total.quantize(CENTS) if shown else None,
                "vat_amount": vat_total.quantize(CENTS) if shown else None,
                "invoices": invoices if shown else None,
                "credit_notes": len(nets[key]) - invoices if shown else None,
                "suppressed": not shown,
            }
        )
    return rows


def _customer(
    member: int | None, organisation: int | None, guest: int | None, buyer: str
) -> Hashable:
    if member is not None:
        return ("member", member)
    if organisation is not None:
        return ("organisation", organisation)
    if guest is not None:
        return ("guest", guest)
    return ("buyer", buyer.strip().casefold())


def _visio_room_lines(session: Session, line_ids: list[int]) -> set[int]:
    """The room-booking lines that bill a booking of a visio room."""
    if not line_ids:
        return set()
    found = session.scalars(
        select(BilledItem.line_id)
        .join(Consumption, Consumption.id == BilledItem.consumption_id)
        .join(Booking, Booking.id == Consumption.booking_id)
        .join(Room, Room.id == Booking.room_id)
        .where(BilledItem.line_id.in_(line_ids), Room.kind == RoomKind.VISIO_ROOM)
    ).all()
    return set(found)
