"""Where things are on the calendar: columns (a day in a room), the time axis, snapping.

Plain arithmetic, no painting: the widget asks it where a booking is drawn and
which time and room are under the mouse. The time axis is Paris wall-clock
time (what the desk reads), from the earliest opening to the latest closing of
the days shown (widened to any booking outside them).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from telecentre_desk.i18n import PARIS

SNAP_MINUTES = 15
DAY_MINUTES = 24 * 60
GUTTER = 62.0  # the hours, on the left
HEADER = 50.0
HEADER_TWO_ROWS = 66.0
MIN_HOUR_HEIGHT = 44.0


class CalendarMode(StrEnum):
    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True)
class Column:
    index: int
    day: date
    room_id: int
    room_name: str


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.x + self.width and self.y <= y < self.y + self.height


class CalendarLayout:
    """Columns left to right over ``width``; minutes ``first``..``last`` over the body."""

    def __init__(
        self,
        columns: Sequence[Column],
        first_minute: int,
        last_minute: int,
        width: float,
        height: float,
        *,
        two_row_header: bool = False,
    ) -> None:
        self.columns = tuple(columns)
        self.first = first_minute
        self.last = max(last_minute, first_minute + 60)
        self.header = HEADER_TWO_ROWS if two_row_header else HEADER
        self.width = width
        self.height = height
        count = max(1, len(self.columns))
        self.column_width = max(1.0, (width - GUTTER) / count)
        self.per_minute = max(1.0, height - self.header) / (self.last - self.first)

    @staticmethod
    def minimum_height(first_minute: int, last_minute: int, two_rows: bool = False) -> int:
        hours = max(1, last_minute - first_minute) / 60
        return int((HEADER_TWO_ROWS if two_rows else HEADER) + hours * MIN_HOUR_HEIGHT)

    # -- x -------------------------------------------------------------------------------------
    def column_x(self, column: Column) -> float:
        return GUTTER + column.index * self.column_width

    def column_at(self, x: float) -> Column | None:
        if x < GUTTER or not self.columns:
            return None
        index = int((x - GUTTER) // self.column_width)
        return self.columns[index] if 0 <= index < len(self.columns) else None

    def column_of(self, day: date, room_id: int) -> Column | None:
        return next((c for c in self.columns if c.day == day and c.room_id == room_id), None)

    # -- y -------------------------------------------------------------------------------------
    def y_of(self, minute: float) -> float:
        return self.header + (minute - self.first) * self.per_minute

    def minute_at(self, y: float) -> float:
        return self.first + (y - self.header) / self.per_minute

    # -- time ----------------------------------------------------------------------------------
    def box(self, column: Column, start: datetime, end: datetime) -> Box | None:
        """Where ``start``..``end`` is drawn in ``column`` (clipped to the day and the axis)."""
        top = max(minute_of(start, column.day), self.first)
        bottom = min(minute_of(end, column.day), self.last)
        if bottom <= top:
            return None
        y = self.y_of(top)
        return Box(self.column_x(column), y, self.column_width, self.y_of(bottom) - y)


def minute_of(moment: datetime, day: date) -> float:
    """Wall-clock minutes of ``moment`` from ``day``'s midnight (negative before, > 1440 after)."""
    local = moment.astimezone(PARIS)
    days = (local.date() - day).days
    return days * DAY_MINUTES + local.hour * 60 + local.minute + local.second / 60


def at_minute(day: date, minute: float) -> datetime:
    """The UTC instant at wall-clock ``minute`` of ``day`` in Paris."""
    # Wall time first, then the zone: adding minutes to an aware midnight would keep
    # midnight's offset, an hour wrong after a DST change in the small hours.
    wall = datetime.combine(day, time(0)) + timedelta(minutes=round(minute))
    return wall.replace(tzinfo=PARIS).astimezone(UTC)


def snap(minute: float, step: int = SNAP_MINUTES, *, up: bool = False) -> int:
    """``minute`` on the quarter-hour grid (down, or up with ``up``)."""
    if up:
        return int(math.ceil(minute / step) * step)
    return int(math.floor(minute / step) * step)


def closed_minutes(
    open_spans: Sequence[tuple[float, float]],
    extra_closed: Sequence[tuple[float, float]],
    first: float,
    last: float,
) -> list[tuple[float, float]]:
    """The closed parts of ``first``..``last`` (minutes), merged and in order.

    Closed is whatever no opening span covers (before opening, the lunch break, after
    closing; the whole axis on a closed day), plus ``extra_closed`` (closures).
    """
    closed: list[tuple[float, float]] = []
    cursor = first
    for start, end in sorted(open_spans):
        if start > cursor:
            closed.append((cursor, min(start, last)))
        cursor = max(cursor, end)
    if cursor < last:
        closed.append((cursor, last))
    closed += [(max(start, first), min(end, last)) for start, end in extra_closed]
    merged: list[tuple[float, float]] = []
    for start, end in sorted(span for span in closed if span[0] < span[1]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def columns_for(
    mode: CalendarMode,
    first_day: date,
    rooms: Sequence[tuple[int, str]],
    shown_days: Sequence[date] | None = None,
) -> list[Column]:
    """Day: one column per room. Week: per day, one column per room (a single room: 7).

    ``shown_days`` leaves out the week's other days (the weekend of a centre closed then).
    """
    days = [first_day] if mode is CalendarMode.DAY else [first_day + timedelta(n) for n in range(7)]
    if shown_days is not None and mode is CalendarMode.WEEK:
        days = [day for day in days if day in shown_days] or days
    columns: list[Column] = []
    for day in days:
        for room_id, name in rooms:
            columns.append(Column(len(columns), day, room_id, name))
    return columns


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())
