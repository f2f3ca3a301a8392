"""The centre's weekly opening hours, as a manager sets them, with the days it is closed.

Everything that depends on the hours reads them from the centre's row when it runs
(the booking conflict check, the automatic closing of presences left open, the
calendar's shading), so a change counts at once: the result names every room so the
calendar reloads. Bookings already made that now fall outside the hours are not
touched: they are listed so the desk can call the people.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.centre_calendar import ClosedKind, french_holidays
from telecentre_desk.domain.opening_hours import (
    WeeklyHours,
    default_opening_hours,
    from_json,
    hours_problems,
    normalised,
    to_json,
)
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.scheduling import HOLDING_STATUSES, Interval
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services import audit
from telecentre_desk.services.booking_rooms import ClosureInfo, read_calendar
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Booking, Centre, Room
from telecentre_desk.storage.models import Closure as ClosureRow
from telecentre_desk.storage.types import utc_now

DaySpans = tuple[tuple[time, time], ...]
HOLIDAYS_AHEAD = timedelta(days=365)


@dataclass(frozen=True)
class Holiday:
    day: date
    name: str


@dataclass(frozen=True)
class OpeningHoursInfo:
    """Monday..Sunday (seven entries, empty when closed), and what closes the centre."""

    week: tuple[DaySpans, ...]
    holidays: tuple[Holiday, ...]  # the public holidays of the next twelve months
    closures: tuple[ClosureInfo, ...]  # the exceptional closures still to come

    @property
    def weekly(self) -> WeeklyHours:
        return {day: list(spans) for day, spans in enumerate(self.week) if spans}


@dataclass(frozen=True)
class OpeningHoursResult:
    week: tuple[DaySpans, ...]
    # Bookings still to come that now fall outside the hours: the desk calls these people.
    outside_hours: tuple[int, ...]
    changes: ChangeSet


def week_of(hours: WeeklyHours) -> tuple[DaySpans, ...]:
    return tuple(tuple(sorted(hours.get(day, []))) for day in range(7))


def opening_hours(store: Store, *, today: date | None = None) -> OpeningHoursInfo:
    """The weekly hours, the coming year's public holidays and the closures to come."""
    first = today or utc_now().astimezone(PARIS).date()
    last = first + HOLIDAYS_AHEAD
    holidays = [
        Holiday(day, name)
        for year in range(first.year, last.year + 1)
        for day, name in sorted(french_holidays(year).items())
        if first <= day <= last
    ]
    with store.read() as session:
        weekly = _read_weekly(session)
        closures = session.execute(
            select(ClosureRow, Room.name)
            .outerjoin(Room, ClosureRow.room_id == Room.id)
            .where(ClosureRow.ends_at > utc_now())
            .order_by(ClosureRow.starts_at, ClosureRow.id)
        ).all()
        coming = tuple(
            ClosureInfo(row.id, row.room_id, name, row.starts_at, row.ends_at, row.reason)
            for row, name in closures
        )
    return OpeningHoursInfo(week_of(weekly), tuple(holidays), coming)


def set_opening_hours(store: Store, actor: Actor, hours: WeeklyHours) -> OpeningHoursResult:
    """Replace the weekly hours; refused as a whole (nothing stored) when a day is wrong."""
    require(actor, Permission.EDIT_CENTRE)
    problems = hours_problems(hours)
    if problems:
        raise ValidationError(problems)
    weekly = normalised(hours)
    with store.write() as session:
        centre = session.get(Centre, 1)
        if centre is None:
            raise NotFound(_("The centre is not set up yet. Restart the application."))
        before = centre.opening_hours
        centre.opening_hours = to_json(weekly)
        outside = _bookings_outside(session, weekly)
        audit.record(
            session,
            actor,
            "set_opening_hours",
            "centre",
            1,
            {"before": before, "after": centre.opening_hours, "outside_hours": outside},
        )
        rooms = list(session.scalars(select(Room.id)))
    return OpeningHoursResult(week_of(weekly), tuple(outside), changed(rooms=rooms))


def _read_weekly(session: Session) -> WeeklyHours:
    centre = session.get(Centre, 1)
    if centre is None or not isinstance(centre.opening_hours, dict):
        return default_opening_hours()
    return from_json(centre.opening_hours)


def _bookings_outside(session: Session, weekly: WeeklyHours) -> list[int]:
    """Bookings to come, holding a room, that the new hours leave outside (no override)."""
    rows = session.execute(
        select(Booking.id, Booking.starts_at, Booking.ends_at)
        .where(
            Booking.starts_at > utc_now(),
            Booking.status.in_(HOLDING_STATUSES),
            Booking.closed_override == "",
        )
        .order_by(Booking.starts_at)
    ).all()
    if not rows:
        return []
    around = Interval(rows[0].starts_at, max(row.ends_at for row in rows))
    calendar = replace(read_calendar(session, around), weekly=weekly)  # the new hours
    outside: list[int] = []
    for booking_id, starts_at, ends_at in rows:
        closed = calendar.closed_reason(Interval(starts_at, ends_at))
        if closed is not None and closed.kind is ClosedKind.OUTSIDE_HOURS:
            outside.append(booking_id)
    return outside
