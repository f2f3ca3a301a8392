"""Reading bookings: the calendar's week, the day's list, upcoming bookings with filters,
and one booking in full. Plain frozen dataclasses, safe to hand to the interface thread.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import Equipment
from telecentre_desk.domain.recurrence import Recurrence
from telecentre_desk.domain.scheduling import (
    MAX_LENGTH,
    BookingStatus,
    Interval,
    OrganiserKind,
    equipment_of,
    organiser_name,
)
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services.booking_billing import (
    BookingConsumptionInfo,
    read_booking_consumption,
)
from telecentre_desk.services.booking_rooms import (
    ClosureInfo,
    RoomBookingInfo,
    read_calendar,
    read_rooms,
)
from telecentre_desk.services.errors import NotFound
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import (
    Booking,
    BookingGuest,
    BookingSeries,
    Member,
    Organisation,
    Room,
)
from telecentre_desk.storage.models import Closure as ClosureRow
from telecentre_desk.storage.types import utc_now


@dataclass(frozen=True)
class BookingInfo:
    id: int
    room_id: int
    room_name: str
    starts_at: datetime
    ends_at: datetime
    held_from: datetime
    held_until: datetime
    title: str
    status: BookingStatus
    organiser_kind: OrganiserKind
    organiser_name: str
    member_id: int | None = None
    organisation_id: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    attendees: int = 1
    equipment: tuple[Equipment, ...] = ()
    meeting_link: str = ""
    volunteer_help: bool = False
    test_call_at: datetime | None = None
    note: str = ""
    series_id: int | None = None
    occurrence_date: date | None = None
    detached: bool = False
    closed_override: str = ""
    cancelled_late: bool = False

    @property
    def interval(self) -> Interval:
        return Interval(self.starts_at, self.ends_at)

    @property
    def in_series(self) -> bool:
        return self.series_id is not None

    @property
    def local_day(self) -> date:
        return self.starts_at.astimezone(PARIS).date()


@dataclass(frozen=True)
class GuestInfo:
    name: str
    email: str = ""
    remote: bool = True


@dataclass(frozen=True)
class SeriesInfo:
    id: int
    room_id: int
    recurrence: Recurrence
    exceptions: tuple[date, ...]
    occurrences: int  # bookings of the series that hold the room


@dataclass(frozen=True)
class BookingDetails:
    booking: BookingInfo
    guests: tuple[GuestInfo, ...]
    consumption: BookingConsumptionInfo | None
    series: SeriesInfo | None


@dataclass(frozen=True)
class CalendarDay:
    day: date
    hours: tuple[time, time] | None  # first opening and last closing; None when closed
    holiday: str | None
    spans: tuple[tuple[time, time], ...] = ()  # each opening span (two around a lunch break)


@dataclass(frozen=True)
class CalendarData:
    """What the calendar widget draws for ``days`` (one read transaction)."""

    rooms: tuple[RoomBookingInfo, ...]
    days: tuple[CalendarDay, ...]
    bookings: tuple[BookingInfo, ...]
    closures: tuple[ClosureInfo, ...]
    loaded_at: datetime = field(default_factory=utc_now)


# -- the calendar ------------------------------------------------------------------------------
def calendar_data(
    store: Store, first_day: date, days: int = 7, room_ids: Collection[int] | None = None
) -> CalendarData:
    """Rooms, opening hours, bookings and closures from ``first_day`` for ``days`` days."""
    start, end = day_span(first_day, days)
    with store.read() as session:
        rooms = [
            room
            for room in read_rooms(session)
            if room.bookable and (room_ids is None or room.id in room_ids)
        ]
        calendar = read_calendar(session, Interval(start, end))
        day_list = [first_day + timedelta(days=n) for n in range(days)]
        closures = session.execute(
            select(ClosureRow, Room.name)
            .outerjoin(Room, ClosureRow.room_id == Room.id)
            .where(ClosureRow.ends_at > start, ClosureRow.starts_at < end)
            .order_by(ClosureRow.starts_at)
        ).all()
        bookings = read_bookings(session, start, end, [room.id for room in rooms])
    return CalendarData(
        rooms=tuple(rooms),
        days=tuple(
            CalendarDay(
                day,
                calendar.day_hours(day),
                calendar.holiday(day),
                tuple(calendar.day_spans(day)),
            )
            for day in day_list
        ),
        bookings=tuple(bookings),
        closures=tuple(
            ClosureInfo(row.id, row.room_id, name, row.starts_at, row.ends_at, row.reason)
            for row, name in closures
        ),
    )


def bookings_between(
    store: Store,
    start: datetime,
    end: datetime,
    *,
    room_ids: Collection[int] | None = None,
    include_cancelled: bool = True,
) -> list[BookingInfo]:
    with store.read() as session:
        return read_bookings(session, start, end, room_ids, include_cancelled=include_cancelled)


def bookings_on(
    store: Store, day: date, *, room_ids: Collection[int] | None = None
) -> list[BookingInfo]:
    """The bookings of ``day`` (Paris time), cancelled ones included, by start."""
    start, end = day_span(day, 1)
    return bookings_between(store, start, end, room_ids=room_ids)


def read_bookings(
    session: Session,
    start: datetime,
    end: datetime,
    room_ids: Collection[int] | None = None,
    *,
    include_cancelled: bool = True,
) -> list[BookingInfo]:
    statement = _info_select().where(
        Booking.starts_at < end,
        Booking.starts_at > start - MAX_LENGTH,  # an index range, not a table scan
        Booking.ends_at > start,
    )
    if not include_cancelled:
        statement = statement.where(Booking.status != BookingStatus.CANCELLED)
    rows = _infos(session, statement.order_by(Booking.starts_at, Booking.room_id, Booking.id))
    # The rooms are filtered here, not in SQL: with "room_id IN (...)" SQLite picks the
    # room index and reads every booking of those rooms (100 ms for 50,000 bookings).
    if room_ids is not None:
        wanted = set(room_ids)
        rows = [row for row in rows if row.room_id in wanted]
    return rows


def day_span(first_day: date, days: int) -> tuple[datetime, datetime]:
    """UTC instants of local midnight on ``first_day`` and ``days`` days later."""
    return (
        datetime.combine(first_day, time(0), tzinfo=PARIS),
        datetime.combine(first_day + timedelta(days=days), time(0), tzinfo=PARIS),
    )


# -- upcoming bookings -------------------------------------------------------------------------
@dataclass(frozen=True)
class UpcomingFilter:
    room_id: int | None = None
    status: BookingStatus | None = None  # None: all but cancelled
    text: str = ""  # words of the title, organiser or contact
    days: int = 30
    volunteer_help_only: bool = False


def upcoming_bookings(
    store: Store, filters: UpcomingFilter = UpcomingFilter(), *, limit: int = 500
) -> list[BookingInfo]:
    """Bookings not yet over within ``filters.days``, soonest first."""
    now = utc_now()
    statement = _info_select().where(
        Booking.ends_at > now, Booking.starts_at < now + timedelta(days=max(1, filters.days))
    )
    if filters.room_id is not None:
        statement = statement.where(Booking.room_id == filters.room_id)
    if filters.status is None:
        statement = statement.where(Booking.status != BookingStatus.CANCELLED)
    else:
        statement = statement.where(Booking.status == filters.status)
    if filters.volunteer_help_only:
        statement = statement.where(Booking.volunteer_help)
    with store.read() as session:
        rows = _infos(session, statement.order_by(Booking.starts_at, Booking.id))
    words = fold(filters.text).split()
    if words:
        rows = [row for row in rows if all(word in _haystack(row) for word in words)]
    return rows[:limit]


def _haystack(info: BookingInfo) -> str:
    return fold(
        " ".join(
            (info.title, info.organiser_name, info.contact_name, info.contact_email, info.room_name)
        )
    )


# -- one booking -------------------------------------------------------------------------------
def get_booking(store: Store, booking_id: int) -> BookingDetails:
    with store.read() as session:
        return read_details(session, booking_id)


def read_details(session: Session, booking_id: int) -> BookingDetails:
    infos = _infos(session, _info_select().where(Booking.id == booking_id))
    if not infos:
        raise NotFound(_("This booking does not exist (any more). Press F5 to refresh."))
    info = infos[0]
    guests = session.scalars(
        select(BookingGuest).where(BookingGuest.booking_id == booking_id).order_by(BookingGuest.id)
    ).all()
    series = read_series(session, info.series_id) if info.series_id is not None else None
    return BookingDetails(
        info,
        tuple(GuestInfo(g.name, g.email, g.remote) for g in guests),
        read_booking_consumption(session, booking_id),
        series,
    )


def read_series(session: Session, series_id: int) -> SeriesInfo:
    row = session.get(BookingSeries, series_id)
    if row is None:
        raise NotFound(_("This series does not exist (any more). Press F5 to refresh."))
    holding = session.scalar(
        select(func.count())
        .select_from(Booking)
        .where(Booking.series_id == series_id, Booking.status != BookingStatus.CANCELLED)
    )
    return SeriesInfo(
        row.id,
        row.room_id,
        recurrence_of(row),
        tuple(exception.on_date for exception in row.exceptions),
        int(holding or 0),
    )


def recurrence_of(row: BookingSeries) -> Recurrence:
    return Recurrence(
        frequency=row.frequency,
        first_date=row.first_date,
        start_time=row.start_time,
        end_time=row.end_time,
        interval=row.interval,
        until=row.until,
        count=row.count,
        last_weekday=row.last_weekday,
    )


def booking_info(session: Session, booking_id: int) -> BookingInfo:
    infos = _infos(session, _info_select().where(Booking.id == booking_id))
    if not infos:
        raise NotFound(_("This booking does not exist (any more). Press F5 to refresh."))
    return infos[0]


# -- private -----------------------------------------------------------------------------------


_INFO_COLUMNS: tuple[Any, ...] = (
    Booking.id,
    Booking.room_id,
    Room.name.label("room_name"),
    Booking.starts_at,
    Booking.ends_at,
    Booking.held_from,
    Booking.held_until,
    Booking.title,
    Booking.status,
    Booking.member_id,
    Booking.organisation_id,
    Booking.contact_name,
    Booking.contact_email,
    Booking.contact_phone,
    Booking.attendees,
    Booking.equipment,
    Booking.meeting_link,
    Booking.volunteer_help,
    Booking.test_call_at,
    Booking.note,
    Booking.series_id,
    Booking.occurrence_date,
    Booking.detached,
    Booking.closed_override,
    Booking.cancelled_late,
    Member.first_name,
    Member.last_name,
    Organisation.name.label("organisation_name"),
)


def _info_select() -> Select[Any]:
    """Plain columns, not ORM objects: a week of 500 bookings loads several times faster."""
    return (
        select(*_INFO_COLUMNS)
        .join(Room, Booking.room_id == Room.id)
        .outerjoin(Member, Booking.member_id == Member.id)
        .outerjoin(Organisation, Booking.organisation_id == Organisation.id)
    )


def _infos(session: Session, statement: Select[Any]) -> list[BookingInfo]:
    return [_info(row) for row in session.connection().execute(statement)]


def _info(row: Any) -> BookingInfo:
    if row.member_id is not None:
        kind = OrganiserKind.MEMBER
    elif row.organisation_id is not None:
        kind = OrganiserKind.ORGANISATION
    else:
        kind = OrganiserKind.GUEST
    return BookingInfo(
        id=row.id,
        room_id=row.room_id,
        room_name=row.room_name,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        held_from=row.held_from,
        held_until=row.held_until,
        title=row.title,
        status=row.status,
        organiser_kind=kind,
        organiser_name=organiser_name(
            row.first_name, row.last_name, row.organisation_name, row.contact_name
        ),
        member_id=row.member_id,
        organisation_id=row.organisation_id,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        contact_phone=row.contact_phone,
        attendees=row.attendees,
        equipment=equipment_of(row.equipment or []),
        meeting_link=row.meeting_link,
        volunteer_help=row.volunteer_help,
        test_call_at=row.test_call_at,
        note=row.note,
        series_id=row.series_id,
        occurrence_date=row.occurrence_date,
        detached=row.detached,
        closed_override=row.closed_override,
        cancelled_late=row.cancelled_late,
    )


# -- what the booking form offers --------------------------------------------------------------
@dataclass(frozen=True)
class OrganisationChoice:
    id: int
    name: str


@dataclass(frozen=True)
class BookingChoices:
    rooms: tuple[RoomBookingInfo, ...]
    organisations: tuple[OrganisationChoice, ...]


def booking_choices(store: Store) -> BookingChoices:
    """The bookable rooms and the active organisations, for the booking form."""
    with store.read() as session:
        rooms = tuple(room for room in read_rooms(session) if room.bookable)
        organisations = session.execute(
            select(Organisation.id, Organisation.name)
            .where(~Organisation.archived)
            .order_by(Organisation.name, Organisation.id)
        ).all()
    return BookingChoices(rooms, tuple(OrganisationChoice(row[0], row[1]) for row in organisations))
