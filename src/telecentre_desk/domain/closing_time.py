"""When a presence left open is closed: at the closing time of the day it started.

The day's last closing time counts (a lunch break does not close presences). A
presence started after closing, or on a day the centre is closed, is closed at
midnight that night. Every result is flagged for review by the service.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from telecentre_desk.domain.opening_hours import WeeklyHours


def closing_moment(started_at: datetime, hours: WeeklyHours, zone: ZoneInfo) -> datetime:
    """The UTC instant at which a presence started at ``started_at`` is closed."""
    local = started_at.astimezone(zone)
    day = local.date()
    spans = hours.get(day.weekday(), [])
    closes = [end for _start, end in spans]
    if closes:
        last = datetime.combine(day, max(closes), tzinfo=zone)
        if last > local:
            return last.astimezone(UTC)
    midnight = datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=zone)
    return midnight.astimezone(UTC)
