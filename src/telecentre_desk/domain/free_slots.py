"""The nearest free slots of a room, to offer when the wanted time is taken.

Candidates start on a quarter-hour grid inside the centre's opening spans,
the nearest to the wanted start first; a candidate is free when what it would
hold (with the room's buffers) overlaps nothing the room already holds and
the calendar has it open. Suggestions never overlap each other, so the user
sees distinct choices (the one just before, the one just after...).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from telecentre_desk.domain.centre_calendar import CentreCalendar
from telecentre_desk.domain.scheduling import Buffers, Interval, held_interval

STEP = timedelta(minutes=15)
HORIZON = timedelta(days=14)


class BusyTimes:
    """What a room already holds, merged into disjoint intervals for O(log n) look-ups."""

    def __init__(self, held: Sequence[Interval]) -> None:
        merged: list[Interval] = []
        for interval in sorted(held):
            if merged and interval.start <= merged[-1].end:
                last = merged[-1]
                merged[-1] = Interval(last.start, max(last.end, interval.end))
            else:
                merged.append(interval)
        self._merged = merged
        self._starts = [interval.start for interval in merged]

    def is_free(self, wanted: Interval) -> bool:
        index = bisect_left(self._starts, wanted.end) - 1
        return index < 0 or self._merged[index].end <= wanted.start


def nearest_free_slots(
    wanted: Interval,
    busy: BusyTimes,
    calendar: CentreCalendar,
    buffers: Buffers,
    *,
    room_id: int | None = None,
    not_before: datetime | None = None,
    limit: int = 3,
    horizon: timedelta = HORIZON,
    step: timedelta = STEP,
) -> list[Interval]:
    """Up to ``limit`` free intervals as long as ``wanted``, nearest to it first."""
    length = wanted.end - wanted.start
    found: list[Interval] = []
    for start in _candidates(wanted, calendar, length, horizon, step):
        if not_before is not None and start < not_before:
            continue
        slot = Interval(start, start + length)
        if any(slot.overlaps(chosen) for chosen in found):
            continue
        if busy.is_free(held_interval(slot, buffers)) and calendar.is_open(slot, room_id):
            found.append(slot)
            if len(found) == limit:
                break
    return sorted(found)


def _candidates(
    wanted: Interval,
    calendar: CentreCalendar,
    length: timedelta,
    horizon: timedelta,
    step: timedelta,
) -> list[datetime]:
    """Grid starts inside opening spans within ``horizon`` of the wanted start, nearest first."""
    zone = calendar.zone
    first_day = (wanted.start - horizon).astimezone(zone).date()
    last_day = (wanted.start + horizon).astimezone(zone).date()
    starts: list[datetime] = []
    day = first_day
    while day <= last_day:
        for span in calendar.opening_spans(day):
            start = _on_grid(span.start, step)
            while start + length <= span.end:
                if start != wanted.start:
                    starts.append(start)
                start += step
        day += timedelta(days=1)
    starts.sort(key=lambda start: (abs(start - wanted.start), start))
    return starts


def _on_grid(moment: datetime, step: timedelta) -> datetime:
    """The first grid instant at or after ``moment`` (the grid is aligned on the hour)."""
    instant = moment.astimezone(UTC)
    hour = instant.replace(minute=0, second=0, microsecond=0)
    offset = instant - hour
    steps = -(-offset // step)  # ceiling division of timedeltas
    return hour + steps * step
