"""Repeating bookings: weekly, every N weeks, or monthly on the nth weekday; until a date
or N times; with skipped dates.

Occurrences are expanded with dateutil's rrule in Paris *wall time*, then
each one is placed on the clock of its own day: a weekly 09:00–10:00 stays at
09:00 local across the DST changes, and its UTC instants move by an hour.
A skipped date is an exception (an EXDATE in iCalendar); COUNT counts the
generated dates before exceptions are removed, as RFC 5545 does.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telecentre_desk.domain.scheduling import MIN_LENGTH, Frequency, Interval
from telecentre_desk.i18n import PARIS, _, format_date, ngettext

MAX_SPAN_DAYS = 3 * 366  # a series reaches at most three years ahead
MAX_COUNT = 200
MAX_WEEKS_APART = 12
MAX_MONTHS_APART = 12
__all__ = ["Frequency", "Occurrence", "Recurrence"]
_ICS_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Occurrence:
    on: date  # the local date of the occurrence (its iCalendar RECURRENCE-ID)
    interval: Interval


@dataclass(frozen=True)
class Recurrence:
    """The rule of a series; ``first_date`` is the first occurrence's local date."""

    frequency: Frequency
    first_date: date
    start_time: time
    end_time: time
    interval: int = 1  # every ``interval`` weeks (or months)
    until: date | None = None  # the last date that may hold an occurrence
    count: int | None = None  # or: how many dates the rule generates
    last_weekday: bool = False  # monthly: "the last Tuesday" rather than "the 4th"

    # -- validation ----------------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        if self.end_time <= self.start_time:
            problems["end"] = _("The end is before the start. Check the times.")
        elif _minutes(self.end_time) - _minutes(self.start_time) < MIN_LENGTH.seconds // 60:
            problems["end"] = _("A booking lasts at least {minutes} minutes.").format(
                minutes=MIN_LENGTH.seconds // 60
            )
        most = MAX_WEEKS_APART if self.frequency is Frequency.WEEKLY else MAX_MONTHS_APART
        if not 1 <= self.interval <= most:
            problems["interval"] = _("Repeat every 1 to {most}.").format(most=most)
        problems.update(self._end_problems())
        return problems

    def _end_problems(self) -> dict[str, str]:
        if self.until is None and self.count is None:
            return {"until": _("Say until which date the booking repeats, or how many times.")}
        if self.until is not None and self.count is not None:
            return {"until": _("Give either a last date or a number of times, not both.")}
        if self.until is not None:
            if self.until < self.first_date:
                return {"until": _("The last date is before the first one. Check the dates.")}
            if (self.until - self.first_date).days > MAX_SPAN_DAYS:
                return {"until": _("A series reaches at most three years ahead.")}
        if self.count is not None and not 1 <= self.count <= MAX_COUNT:
            return {"count": _("Repeat between 1 and {most} times.").format(most=MAX_COUNT)}
        return {}

    # -- expansion -----------------------------------------------------------------------------
    @property
    def nth(self) -> int:
        """Which weekday of the month the first date is: 1 to 5, or -1 for the last."""
        return -1 if self.last_weekday else (self.first_date.day - 1) // 7 + 1

    def dates(self, exceptions: Collection[date] = ()) -> list[date]:
        """The local dates of the occurrences, skipped dates left out."""
        from dateutil import rrule  # imported on first use: start-up does not need it

        start = datetime.combine(self.first_date, self.start_time)
        weekday = rrule.weekdays[self.first_date.weekday()]
        if self.frequency is Frequency.WEEKLY:
            freq, by_day = rrule.WEEKLY, weekday
        else:
            freq, by_day = rrule.MONTHLY, weekday(self.nth)
        until = datetime.combine(self.until, self.start_time) if self.until else None
        if until is None and self.count is None:
            until = start + timedelta(days=MAX_SPAN_DAYS)  # never unbounded
        rule = rrule.rrule(
            freq,
            dtstart=start,
            interval=self.interval,
            byweekday=by_day,
            until=until,
            count=self.count if until is None else None,
            cache=False,
        )
        skipped = set(exceptions)
        return [moment.date() for moment in rule if moment.date() not in skipped]

    def occurrences(
        self, exceptions: Collection[date] = (), zone: ZoneInfo = PARIS
    ) -> list[Occurrence]:
        return [Occurrence(day, self.interval_on(day, zone)) for day in self.dates(exceptions)]

    def interval_on(self, day: date, zone: ZoneInfo = PARIS) -> Interval:
        """The occurrence of ``day`` at the series' wall-clock times, as UTC instants."""
        return Interval(
            datetime.combine(day, self.start_time, tzinfo=zone).astimezone(UTC),
            datetime.combine(day, self.end_time, tzinfo=zone).astimezone(UTC),
        )

    def ending_before(self, day: date) -> Recurrence:
        """This rule cut so that its last possible date is the day before ``day``."""
        return replace(self, until=day - timedelta(days=1), count=None)

    def last_date(self) -> date | None:
        dates = self.dates()
        return dates[-1] if dates else None

    # -- iCalendar -----------------------------------------------------------------------------
    def ics_parts(self, zone: ZoneInfo = PARIS) -> dict[str, object]:
        """The RRULE as iCalendar parts (UNTIL in UTC, as RFC 5545 wants with a TZID)."""
        day = _ICS_DAYS[self.first_date.weekday()]
        parts: dict[str, object] = {
            "FREQ": "WEEKLY" if self.frequency is Frequency.WEEKLY else "MONTHLY",
            "INTERVAL": self.interval,
            "BYDAY": day if self.frequency is Frequency.WEEKLY else f"{self.nth}{day}",
        }
        if self.until is not None:
            last = datetime.combine(self.until, self.start_time, tzinfo=zone)
            parts["UNTIL"] = last.astimezone(UTC)
        elif self.count is not None:
            parts["COUNT"] = self.count
        return parts

    # -- words ---------------------------------------------------------------------------------
    def describe(self) -> str:
        """ "Every 2 weeks, until 30 June 2027" in the interface's language."""
        # Two messages rather than ngettext: "Every week" has no number to show.
        if self.frequency is Frequency.WEEKLY:
            every = (
                _("Every week")
                if self.interval == 1
                else _("Every {n} weeks").format(n=self.interval)
            )
        else:
            every = (
                _("Every month")
                if self.interval == 1
                else _("Every {n} months").format(n=self.interval)
            )
        if self.until is not None:
            return _("{every}, until {day}").format(every=every, day=format_date(self.until))
        count = self.count or 0
        return ngettext("{every}, {count} time", "{every}, {count} times", count).format(
            every=every, count=count
        )


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute
