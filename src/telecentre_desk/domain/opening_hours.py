"""Weekly opening hours: per weekday (0 = Monday), a list of (open, close) intervals."""

from __future__ import annotations

from datetime import date, time, timedelta
from itertools import pairwise

from telecentre_desk.i18n import _, format_date

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


# -- checking hours a manager enters -----------------------------------------------------------
MAX_SPANS_A_DAY = 2  # the morning and the afternoon, around a lunch break
_A_MONDAY = date(2024, 1, 1)


def weekday_name(day: int) -> str:
    """Monday (0) to Sunday (6) by name, in the interface's language, capitalised."""
    return format_date(_A_MONDAY + timedelta(days=day), "EEEE").capitalize()


def day_key(day: int) -> str:
    """The problems key of one weekday (the settings page outlines that row)."""
    return f"day_{day}"


def hours_problems(hours: WeeklyHours) -> dict[str, str]:
    """What is wrong with weekly hours, per day: ``{"day_2": "Wednesday: ..."}`` (empty: fine).

    A day is closed (no span), open once, or open twice around a lunch break; its
    times must follow each other: opening, start of the break, end of the break, closing.
    """
    problems: dict[str, str] = {}
    for day, spans in sorted(hours.items()):
        if day not in range(7):
            problems["week"] = _("A week has seven days, Monday (0) to Sunday (6).")
            continue
        name = weekday_name(day)
        moments = [moment for span in sorted(spans) for moment in span]  # any order
        if len(spans) > MAX_SPANS_A_DAY:
            problems[day_key(day)] = _(
                "{day}: two opening times a day at most, the morning and the afternoon."
            ).format(day=name)
        elif moments and not moments[0] < moments[-1]:
            problems[day_key(day)] = _(
                "{day}: the closing time must come after the opening time."
            ).format(day=name)
        elif any(not earlier < later for earlier, later in pairwise(moments)):
            problems[day_key(day)] = _(
                "{day}: the lunch break must fall between opening and closing, and end "
                "after it starts."
            ).format(day=name)
    if not problems and not any(hours.get(day) for day in range(7)):
        problems["week"] = _(
            "The centre must be open at least one day a week. To close it for a while, "
            "add a closure instead."
        )
    return problems


def normalised(hours: WeeklyHours) -> WeeklyHours:
    """Closed days left out, each day's spans in order: what is stored."""
    return {day: sorted(spans) for day, spans in sorted(hours.items()) if spans}
