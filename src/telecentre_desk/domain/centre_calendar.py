"""When the centre (or one room) is open: weekly hours, French public holidays, closures.

A booking must fit inside one opening span of each day it touches; a public
holiday (``holidays.France``) closes the whole day; an exceptional closure
closes the centre, or one room, over its interval. Wall times are Paris
times, compared as aware instants, so DST days need no special case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

from telecentre_desk.domain.opening_hours import WeeklyHours
from telecentre_desk.domain.scheduling import Interval
from telecentre_desk.i18n import PARIS, _, current_language, format_date


class ClosedKind(StrEnum):
    OUTSIDE_HOURS = "outside_hours"
    HOLIDAY = "holiday"
    CLOSURE = "closure"


@dataclass(frozen=True)
class Closure:
    """An exceptional closure of the centre (``room_id`` None) or of one room."""

    interval: Interval
    reason: str
    room_id: int | None = None
    id: int | None = None

    def applies_to(self, room_id: int | None) -> bool:
        return self.room_id is None or self.room_id == room_id


@dataclass(frozen=True)
class ClosedPeriod:
    """Why an interval is not bookable: the first closed thing found in it."""

    kind: ClosedKind
    day: date
    reason: str  # a holiday's name, a closure's reason; empty outside opening hours

    @property
    def message(self) -> str:
        when = format_date(self.day, "full")
        if self.kind is ClosedKind.HOLIDAY:
            return _("The centre is closed on {day}: it is a public holiday ({name}).").format(
                day=when, name=self.reason
            )
        if self.kind is ClosedKind.CLOSURE:
            return _("The centre is closed on {day}: {reason}.").format(
                day=when, reason=self.reason
            )
        return _("This is outside the opening hours of {day}.").format(day=when)


HolidaySource = Callable[[int], Mapping[date, str]]


@lru_cache(maxsize=32)
def _holidays_of(year: int, language: str) -> dict[date, str]:
    import holidays  # imported on first use: it costs ~0.1 s at start-up

    return dict(holidays.country_holidays("FR", years=year, language=language).items())


def french_holidays(year: int) -> Mapping[date, str]:
    """France's public holidays of ``year``, named in the interface's language."""
    return _holidays_of(year, "fr" if current_language() == "fr" else "en_US")


@dataclass(frozen=True)
class CentreCalendar:
    weekly: WeeklyHours
    closures: Sequence[Closure] = ()
    zone: ZoneInfo = PARIS
    holidays: HolidaySource = field(default=french_holidays, compare=False)

    def holiday(self, day: date) -> str | None:
        return self.holidays(day.year).get(day)

    def opening_spans(self, day: date) -> list[Interval]:
        """The day's opening spans as instants (none on a public holiday)."""
        if self.holiday(day) is not None:
            return []
        return [
            Interval(self._at(day, opens), self._at(day, closes))
            for opens, closes in self.weekly.get(day.weekday(), [])
            if opens < closes
        ]

    def closed_reason(self, wanted: Interval, room_id: int | None = None) -> ClosedPeriod | None:
        """None when ``wanted`` lies inside opening hours with no closure; else why not."""
        for day, part in self._days_of(wanted):
            name = self.holiday(day)
            if name is not None:
                return ClosedPeriod(ClosedKind.HOLIDAY, day, name)
            if not any(span.contains(part) for span in self.opening_spans(day)):
                return ClosedPeriod(ClosedKind.OUTSIDE_HOURS, day, "")
        for closure in self.closures:
            if closure.applies_to(room_id) and closure.interval.overlaps(wanted):
                first = max(closure.interval.start, wanted.start)
                return ClosedPeriod(
                    ClosedKind.CLOSURE, first.astimezone(self.zone).date(), closure.reason
                )
        return None

    def is_open(self, wanted: Interval, room_id: int | None = None) -> bool:
        return self.closed_reason(wanted, room_id) is None

    def day_hours(self, day: date) -> tuple[time, time] | None:
        """The first opening and last closing time of ``day`` (None when closed all day)."""
        spans = [s for s in self.weekly.get(day.weekday(), []) if s[0] < s[1]]
        if not spans or self.holiday(day) is not None:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)

    def day_spans(self, day: date) -> list[tuple[time, time]]:
        """The day's opening spans in wall time, in order (none on a public holiday)."""
        if self.holiday(day) is not None:
            return []
        return sorted(s for s in self.weekly.get(day.weekday(), []) if s[0] < s[1])

    def _at(self, day: date, moment: time) -> datetime:
        return datetime.combine(day, moment, tzinfo=self.zone).astimezone(UTC)

    def _days_of(self, wanted: Interval) -> list[tuple[date, Interval]]:
        """``wanted`` cut at local midnights: each local day with its part of the interval."""
        parts: list[tuple[date, Interval]] = []
        day = wanted.start.astimezone(self.zone).date()
        while True:
            midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=self.zone)
            start = max(wanted.start, self._at(day, time(0)))
            end = min(wanted.end, midnight.astimezone(UTC))
            if start < end:
                parts.append((day, Interval(start, end)))
            if midnight >= wanted.end:
                return parts
            day += timedelta(days=1)
