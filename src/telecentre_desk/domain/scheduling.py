"""Booking rules: statuses, time intervals, set-up and clean-up buffers, sensible times.

A booking holds the room from its start to its end; the room's set-up buffer
before and clean-up buffer after (and a visio test call shortly before the
meeting) hold it too. Two bookings of one room collide when what they hold
overlaps. Intervals are half-open ``[start, end)`` on aware UTC instants, so
a meeting ending at 10:00 and one starting at 10:00 do not collide, and a
booking over a DST night has its real length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Protocol, TypeVar

from telecentre_desk.domain.kinds import Equipment
from telecentre_desk.i18n import N_, _

MIN_LENGTH = timedelta(minutes=15)
MAX_LENGTH = timedelta(days=14)
# How far from today a booking may be: further is a typing mistake (a year 2062...).
MAX_PAST = timedelta(days=366)
MAX_AHEAD = timedelta(days=3 * 366)
MAX_BUFFER_MINUTES = 240
TEST_CALL_LENGTH = timedelta(minutes=15)
TEST_CALL_EARLIEST = timedelta(hours=4)  # a test call is the same morning, not last week
MAX_TITLE = 200
MAX_ATTENDEES = 500


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _(_LABELS[self])


class BookingStatus(_Labelled):
    TENTATIVE = "tentative"  # pencilled in: holds the room until confirmed or cancelled
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"  # frees the room; billed only when cancelled late
    NO_SHOW = "no_show"  # nobody came: the room was held, so it is billed

    @property
    def holds_room(self) -> bool:
        return self is not BookingStatus.CANCELLED


class OrganiserKind(_Labelled):
    MEMBER = "member"
    ORGANISATION = "organisation"
    GUEST = "guest"  # an outside person: a name and a way to reach them


class Frequency(_Labelled):
    """How a series repeats (the rule itself is in domain/recurrence.py)."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"  # on the nth weekday of the month (the 2nd Tuesday, the last Friday)


HOLDING_STATUSES = tuple(status for status in BookingStatus if status.holds_room)

_LABELS: dict[StrEnum, str] = {
    BookingStatus.TENTATIVE: N_("Tentative"),
    BookingStatus.CONFIRMED: N_("Confirmed"),
    BookingStatus.CANCELLED: N_("Cancelled"),
    BookingStatus.NO_SHOW: N_("No-show"),
    OrganiserKind.MEMBER: N_("Member"),
    OrganiserKind.ORGANISATION: N_("Organisation"),
    OrganiserKind.GUEST: N_("Outside guest"),
    Frequency.WEEKLY: N_("Weekly"),
    Frequency.MONTHLY: N_("Monthly"),
}


def equipment_of(values: Iterable[str]) -> tuple[Equipment, ...]:
    """Known equipment among stored values (an unknown value is ignored, never fatal)."""
    known = {item.value for item in Equipment}
    return tuple(Equipment(value) for value in values if value in known)


@dataclass(frozen=True, order=True)
class Interval:
    """``[start, end)`` between two aware instants."""

    start: datetime
    end: datetime

    @property
    def duration(self) -> timedelta:
        """Real elapsed time (computed on UTC instants: a DST night counts as it lasts)."""
        return self.end.astimezone(UTC) - self.start.astimezone(UTC)

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: Interval) -> bool:
        return self.start <= other.start and other.end <= self.end

    def shifted(self, delta: timedelta) -> Interval:
        return Interval(self.start + delta, self.end + delta)


@dataclass(frozen=True)
class Buffers:
    """Time a room needs before (set-up) and after (clean-up) each booking."""

    setup: timedelta = timedelta(0)
    cleanup: timedelta = timedelta(0)

    @classmethod
    def of_minutes(cls, setup: int, cleanup: int) -> Buffers:
        return cls(timedelta(minutes=setup), timedelta(minutes=cleanup))

    def problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        for field, value in (("setup", self.setup), ("cleanup", self.cleanup)):
            if not timedelta(0) <= value <= timedelta(minutes=MAX_BUFFER_MINUTES):
                problems[field] = _(
                    "A set-up or clean-up time is between 0 and {most} minutes."
                ).format(most=MAX_BUFFER_MINUTES)
        return problems


def held_interval(
    booked: Interval, buffers: Buffers, test_call_at: datetime | None = None
) -> Interval:
    """What a booking keeps the room for: its test call and set-up before, clean-up after."""
    first = booked.start if test_call_at is None else min(booked.start, test_call_at)
    return Interval(first - buffers.setup, booked.end + buffers.cleanup)


class HasHeld(Protocol):
    """Anything with a ``held`` interval (a booking as the conflict check sees it)."""

    @property
    def held(self) -> Interval: ...


HeldT = TypeVar("HeldT", bound=HasHeld)


def collisions(wanted: Interval, others: Iterable[HeldT]) -> list[HeldT]:
    """The bookings among ``others`` whose held interval overlaps ``wanted``, by start."""
    return sorted((o for o in others if o.held.overlaps(wanted)), key=lambda o: o.held.start)


def time_problems(start: datetime, end: datetime, now: datetime) -> dict[str, str]:
    """What is wrong with a booking from ``start`` to ``end`` (empty when it makes sense)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("booking times must be aware datetimes")
    if end < start:
        return {"end": _("The end is before the start. Check the times.")}
    if end == start:
        return {"end": _("The booking has no length: the end is the start. Check the times.")}
    problems: dict[str, str] = {}
    if end - start < MIN_LENGTH:
        problems["end"] = _("A booking lasts at least {minutes} minutes.").format(
            minutes=int(MIN_LENGTH.total_seconds() // 60)
        )
    elif end - start > MAX_LENGTH:
        problems["end"] = _(
            "A booking lasts at most {days} days. For a longer need, book a weekly series."
        ).format(days=MAX_LENGTH.days)
    if not is_sensible_date(start, now):
        problems["start"] = sensible_date_message()
    return problems


def is_sensible_date(moment: datetime, now: datetime) -> bool:
    return now - MAX_PAST <= moment <= now + MAX_AHEAD


def sensible_date_message() -> str:
    return _(
        "This date is too far from today (more than a year ago or three years ahead). "
        "Check the year."
    )


def check_call_problems(test_call_at: datetime | None, start: datetime) -> dict[str, str]:
    """A test call ends by the start of the meeting, at most a few hours before it."""
    if test_call_at is None:
        return {}
    if test_call_at + TEST_CALL_LENGTH > start:
        return {
            "test_call": _(
                "The test call ({minutes} min) must end before the meeting starts."
            ).format(minutes=int(TEST_CALL_LENGTH.total_seconds() // 60))
        }
    if test_call_at < start - TEST_CALL_EARLIEST:
        return {
            "test_call": _("Plan the test call at most {hours} hours before the meeting.").format(
                hours=int(TEST_CALL_EARLIEST.total_seconds() // 3600)
            )
        }
    return {}


def attendee_problems(attendees: int, capacity: int) -> dict[str, str]:
    if attendees < 1:
        return {"attendees": _("Count at least one person in the room.")}
    if attendees > MAX_ATTENDEES:
        return {"attendees": _("This is more people than any room holds. Check the number.")}
    if capacity and attendees > capacity:
        return {
            "attendees": _(
                "This room holds {capacity} people; {attendees} are expected. Choose a larger "
                "room or fewer people."
            ).format(capacity=capacity, attendees=attendees)
        }
    return {}


def organiser_name(
    first_name: str | None, last_name: str | None, organisation: str | None, contact: str
) -> str:
    """Who a booking is for: the member, else the organisation, else the guest contact."""
    if last_name is not None or first_name is not None:
        return f"{first_name or ''} {last_name or ''}".strip()
    return organisation or contact
