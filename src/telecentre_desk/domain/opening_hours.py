"""Weekly opening hours: per weekday (0 = Monday), a list of (open, close) intervals."""

from __future__ import annotations

from datetime import time

WeeklyHours = dict[int, list[tuple[time, time]]]


def default_opening_hours() -> WeeklyHours:
    """Monday to Friday, 8:30 to 18:30; closed at the weekend."""
    return {day: [(time(8, 30), time(18, 30))] for day in range(5)}


def to_json(hours: WeeklyHours) -> dict[str, list[list[str]]]:
    return {
        str(day): [[start.strftime("%H:%M"), end.strftime("%H:%M")] for start, end in spans]
        for day, spans in sorted(hours.items())
    }


def from_json(data: dict[str, list[list[str]]]) -> WeeklyHours:
    return {
        int(day): [(time.fromisoformat(start), time.fromisoformat(end)) for start, end in spans]
        for day, spans in data.items()
    }
