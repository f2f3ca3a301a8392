"""Printing the day: the day sheet of every room's bookings, and a room's door card."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.documents.day_sheet import DaySheet, SheetBooking, SheetRoom, write_day_sheet
from telecentre_desk.documents.door_card import DoorCard, DoorSlot, write_door_card
from telecentre_desk.domain.centre_calendar import CentreCalendar
from telecentre_desk.domain.scheduling import BookingStatus, Interval
from telecentre_desk.i18n import PARIS, _, format_date
from telecentre_desk.services.booking_queries import BookingInfo, day_span, read_bookings
from telecentre_desk.services.booking_rooms import (
    RoomBookingInfo,
    read_calendar,
    read_room,
    read_rooms,
)
from telecentre_desk.services.errors import NotFound, ServiceError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import BookingGuest, Centre
from telecentre_desk.storage.types import utc_now


def day_sheet(store: Store, day: date) -> DaySheet:
    """What the day sheet prints: every bookable room, busy or not, and its bookings."""
    start, end = day_span(day, 1)
    with store.read() as session:
        calendar = read_calendar(session, Interval(start, end))
        rooms = [room for room in read_rooms(session) if room.bookable]
        bookings = read_bookings(session, start, end, [room.id for room in rooms])
        remote = _remote_counts(session, [b.id for b in bookings])
        sheet_rooms = tuple(
            SheetRoom(
                room.name,
                room.floor,
                room.capacity,
                room.setup_minutes,
                room.cleanup_minutes,
                tuple(
                    _sheet_booking(b, remote.get(b.id, 0)) for b in bookings if b.room_id == room.id
                ),
            )
            for room in rooms
        )
        return DaySheet(
            centre_name=_centre_name(session),
            day=day,
            hours=_hours(calendar, day),
            closures=tuple(
                _("Closed: {reason}").format(reason=closure.reason)
                + ("" if closure.room_id is None else f" ({_room_name(rooms, closure.room_id)})")
                for closure in calendar.closures
            ),
            rooms=sheet_rooms,
            printed_at=utc_now(),
        )


def write_day_sheet_pdf(store: Store, day: date, out_path: Path) -> Path:
    sheet = day_sheet(store, day)
    return _written(out_path, lambda: write_day_sheet(sheet, out_path))


def door_card(store: Store, room_id: int, day: date) -> DoorCard:
    start, end = day_span(day, 1)
    with store.read() as session:
        room = read_room(session, room_id)
        calendar = read_calendar(session, Interval(start, end))
        bookings = [
            b
            for b in read_bookings(session, start, end, [room_id])
            if b.status is not BookingStatus.CANCELLED
        ]
        closed = calendar.closed_reason(Interval(start, end), room_id)
        hours = calendar.day_hours(day)
        closed_reason = ""
        if hours is None and not bookings:
            closed_reason = closed.message if closed is not None else _("Closed")
        return DoorCard(
            centre_name=_centre_name(session),
            room_name=room.name,
            day=day,
            slots=tuple(_door_slots(day, calendar.day_spans(day), bookings)),
            closed_reason=closed_reason,
        )


def write_door_card_pdf(store: Store, room_id: int, day: date, out_path: Path) -> Path:
    card = door_card(store, room_id, day)
    return _written(out_path, lambda: write_door_card(card, out_path))


# -- private -----------------------------------------------------------------------------------
def _sheet_booking(info: BookingInfo, remote_guests: int) -> SheetBooking:
    contact = " ".join(part for part in (info.contact_phone, info.contact_email) if part)
    return SheetBooking(
        starts_at=info.starts_at,
        ends_at=info.ends_at,
        title=info.title,
        organiser=info.organiser_name,
        contact=contact,
        attendees=info.attendees,
        status=info.status.label,
        active=info.status is not BookingStatus.CANCELLED,
        equipment=tuple(item.label for item in info.equipment),
        volunteer_help=info.volunteer_help,
        test_call_at=info.test_call_at,
        meeting_link=info.meeting_link,
        remote_guests=remote_guests,
        note=info.note,
    )


def _door_slots(
    day: date, spans: Sequence[tuple[time, time]], bookings: list[BookingInfo]
) -> list[DoorSlot]:
    """Booked slots, and the free times between them within each opening span (a lunch
    break is neither free nor booked: it is left off the card)."""
    booked = sorted(bookings, key=lambda b: b.starts_at)
    slots = [DoorSlot(b.starts_at, b.ends_at, True, b.title) for b in booked]
    for opens, closes in spans:
        cursor = datetime.combine(day, opens, tzinfo=PARIS)
        closing = datetime.combine(day, closes, tzinfo=PARIS)
        for booking in booked:
            if booking.ends_at <= cursor or booking.starts_at >= closing:
                continue
            if booking.starts_at > cursor:
                slots.append(DoorSlot(cursor, booking.starts_at, booked=False))
            cursor = max(cursor, booking.ends_at)
        if cursor < closing:
            slots.append(DoorSlot(cursor, closing, booked=False))
    return sorted(slots, key=lambda slot: (slot.starts_at, not slot.booked))


def _hours(calendar: CentreCalendar, day: date) -> str:
    holiday = calendar.holiday(day)
    if holiday is not None:
        return _("closed: public holiday ({name})").format(name=holiday)
    spans = calendar.weekly.get(day.weekday(), [])
    if not spans:
        return _("closed on {weekday}").format(weekday=format_date(day, "EEEE"))
    return _("open {hours}").format(
        hours=", ".join(f"{a.strftime('%H:%M')}–{b.strftime('%H:%M')}" for a, b in spans)
    )


def _remote_counts(session: Session, booking_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    if not booking_ids:
        return counts
    for booking_id in session.scalars(
        select(BookingGuest.booking_id).where(
            BookingGuest.booking_id.in_(booking_ids), BookingGuest.remote
        )
    ):
        counts[booking_id] = counts.get(booking_id, 0) + 1
    return counts


def _centre_name(session: Session) -> str:
    name = session.scalar(select(Centre.name))
    if name is None:
        raise NotFound(_("The centre is not set up yet."))
    return str(name)


def _room_name(rooms: list[RoomBookingInfo], room_id: int) -> str:
    return next((room.name for room in rooms if room.id == room_id), "")


def _written(out_path: Path, write: Callable[[], None]) -> Path:
    out_path = Path(out_path)
    try:
        out_path.parent.mkdir(parents=True, exist_ok=True)
        write()
    except OSError as error:
        raise ServiceError(
            _("Cannot write the file {path} ({reason}). Choose another name or folder.").format(
                path=out_path, reason=error.strerror or error
            )
        ) from error
    return out_path
