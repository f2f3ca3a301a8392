"""Is a room free? The conflict check every booking write runs inside its own transaction.

The check and the insert happen in the same ``store.write()`` (BEGIN IMMEDIATE
takes the write lock first), so two PCs booking one slot at once are
serialised: the second sees the first's booking and gets the conflict. What a
booking holds includes the room's buffers and the test call; the centre's
opening hours, public holidays and closures count too. A refusal names the
booking it collides with and offers the nearest free slots (and other rooms
free at that time).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.centre_calendar import CentreCalendar, ClosedPeriod
from telecentre_desk.domain.free_slots import BusyTimes, nearest_free_slots
from telecentre_desk.domain.scheduling import (
    HOLDING_STATUSES,
    MAX_BUFFER_MINUTES,
    MAX_LENGTH,
    TEST_CALL_EARLIEST,
    BookingStatus,
    Interval,
    held_interval,
    organiser_name,
)
from telecentre_desk.i18n import PARIS, _, format_date
from telecentre_desk.services.booking_rooms import (
    RoomBookingInfo,
    calendar_window,
    read_calendar,
    read_room,
    read_rooms,
)
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Booking, Member, Organisation
from telecentre_desk.storage.types import utc_now

# The longest a booking can hold a room: its own length, both buffers and a test call.
# Bounds the index range the overlap query scans.
MAX_HELD = MAX_LENGTH + 2 * timedelta(minutes=MAX_BUFFER_MINUTES) + TEST_CALL_EARLIEST


@dataclass(frozen=True)
class Collision:
    """A booking in the way."""

    booking_id: int
    title: str
    organiser: str
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    held: Interval

    def describe(self) -> str:
        return _("{organiser} (“{title}”), {start}–{end}").format(
            organiser=self.organiser or _("someone"),
            title=self.title or _("no title"),
            start=_clock(self.starts_at),
            end=_clock(self.ends_at),
        )


@dataclass(frozen=True)
class RoomChoice:
    room_id: int
    name: str
    capacity: int


@dataclass(frozen=True)
class SlotCheck:
    """What stands in the way of booking ``wanted`` in ``room_id`` (nothing when free)."""

    room_id: int
    room_name: str
    wanted: Interval
    collisions: tuple[Collision, ...] = ()
    closed: ClosedPeriod | None = None
    suggestions: tuple[Interval, ...] = ()
    other_rooms: tuple[RoomChoice, ...] = ()

    @property
    def free(self) -> bool:
        return not self.collisions and self.closed is None

    def message(self) -> str:
        if self.collisions:
            first = self.collisions[0]
            return _(
                "{room} is already booked then: {booking}. Choose another time or room."
            ).format(room=self.room_name, booking=first.describe())
        if self.closed is not None:
            return self.closed.message
        return ""


class BookingConflict(ServiceError):
    """The slot is taken or closed; ``check`` says by what and offers other slots."""

    def __init__(self, check: SlotCheck) -> None:
        self.check = check
        super().__init__(check.message())


def check_slot(
    store: Store,
    room_id: int,
    start: datetime,
    end: datetime,
    *,
    exclude_booking_id: int | None = None,
    test_call_at: datetime | None = None,
    suggest: bool = True,
) -> SlotCheck:
    """Ask (read-only) whether ``room_id`` is free from ``start`` to ``end``."""
    with store.read() as session:
        room = read_room(session, room_id)
        exclude = () if exclude_booking_id is None else (exclude_booking_id,)
        wanted = Interval(start, end)
        return check_in_session(
            session, room, wanted, exclude=exclude, test_call_at=test_call_at, suggest=suggest
        )


def check_in_session(
    session: Session,
    room: RoomBookingInfo,
    wanted: Interval,
    *,
    exclude: Collection[int] = (),
    test_call_at: datetime | None = None,
    calendar: CentreCalendar | None = None,
    suggest: bool = True,
    now: datetime | None = None,
    attendees: int = 1,
) -> SlotCheck:
    """The conflict check, inside the caller's transaction (the write that inserts)."""
    held = held_interval(wanted, room.buffers, test_call_at)
    collisions = tuple(collisions_in(session, room.id, held, exclude))
    calendar = calendar or read_calendar(session, calendar_window(wanted))
    used = Interval(min(wanted.start, test_call_at or wanted.start), wanted.end)
    closed = calendar.closed_reason(used, room.id)
    check = SlotCheck(room.id, room.name, wanted, collisions, closed)
    if check.free or not suggest:
        return check
    return SlotCheck(
        room.id,
        room.name,
        wanted,
        collisions,
        closed,
        _suggestions(session, room, wanted, exclude, calendar, now or utc_now()),
        _other_rooms(session, room, wanted, calendar, exclude, attendees),
    )


_COLLISIONS = (
    select(
        Booking.id,
        Booking.title,
        Booking.starts_at,
        Booking.ends_at,
        Booking.status,
        Booking.held_from,
        Booking.held_until,
        Booking.contact_name,
        Member.first_name,
        Member.last_name,
        Organisation.name,
    )
    .outerjoin(Member, Booking.member_id == Member.id)
    .outerjoin(Organisation, Booking.organisation_id == Organisation.id)
    .where(
        Booking.room_id == bindparam("room_id"),
        Booking.held_from < bindparam("end"),
        Booking.held_from > bindparam("earliest"),  # keeps the index range scan short
        Booking.held_until > bindparam("start"),
        Booking.status.in_(HOLDING_STATUSES),
        Booking.id != bindparam("exclude"),
    )
    .order_by(Booking.held_from, Booking.id)
)  # built once: building it costs more than running it


def collisions_in(
    session: Session, room_id: int, held: Interval, exclude: Collection[int] = ()
) -> list[Collision]:
    """Bookings of ``room_id`` holding it during ``held``, earliest first."""
    params = {
        "room_id": room_id,
        "start": held.start,
        "end": held.end,
        "earliest": held.start - MAX_HELD,
        "exclude": next(iter(exclude), 0),
    }
    rows = session.connection().execute(_COLLISIONS, params)
    return [
        Collision(
            booking_id=row[0],
            title=row[1],
            organiser=organiser_name(row[8], row[9], row[10], row[7]),
            starts_at=row[2],
            ends_at=row[3],
            status=row[4],
            held=Interval(row[5], row[6]),
        )
        for row in rows
        if row[0] not in exclude  # more than one excluded: the rest are filtered here
    ]


def _suggestions(
    session: Session,
    room: RoomBookingInfo,
    wanted: Interval,
    exclude: Collection[int],
    calendar: CentreCalendar,
    now: datetime,
) -> tuple[Interval, ...]:
    window = calendar_window(wanted)
    busy = BusyTimes([c.held for c in collisions_in(session, room.id, window, exclude)])
    slots = nearest_free_slots(
        wanted, busy, calendar, room.buffers, room_id=room.id, not_before=now
    )
    return tuple(slots)


def _other_rooms(
    session: Session,
    room: RoomBookingInfo,
    wanted: Interval,
    calendar: CentreCalendar,
    exclude: Collection[int],
    attendees: int,
) -> tuple[RoomChoice, ...]:
    """Other bookable rooms large enough and free at the wanted time."""
    choices: list[RoomChoice] = []
    for other in read_rooms(session):
        too_small = 0 < other.capacity < attendees
        if other.id == room.id or not other.bookable or too_small:
            continue
        held = held_interval(wanted, other.buffers)
        if calendar.is_open(wanted, other.id) and not collisions_in(
            session, other.id, held, exclude
        ):
            choices.append(RoomChoice(other.id, other.name, other.capacity))
    return tuple(choices)


def describe_interval(interval: Interval) -> str:
    """ "Tuesday 3 March, 10:00–11:00" (across days: both dates)."""
    start, end = interval.start.astimezone(PARIS), interval.end.astimezone(PARIS)
    if start.date() == end.date() or end == datetime.combine(
        start.date() + timedelta(days=1), datetime.min.time(), tzinfo=PARIS
    ):
        return _("{day}, {start}–{end}").format(
            day=format_date(start.date(), "full"), start=_clock(start), end=_clock(end)
        )
    return _("{start_day} {start} to {end_day} {end}").format(
        start_day=format_date(start.date()),
        start=_clock(start),
        end_day=format_date(end.date()),
        end=_clock(end),
    )


def _clock(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")
