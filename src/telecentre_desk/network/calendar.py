"""Opening hours in OpenStreetMap syntax, and the French public holidays (closed days)."""

from __future__ import annotations

from datetime import date, time, timedelta

WeeklyHours = dict[int, list[tuple[time, time]]]
_DAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def osm_opening_hours(hours: WeeklyHours) -> str:
    """``{0..4: [(8:30, 18:30)]}`` -> ``Mo-Fr 08:30-18:30``; consecutive equal days merge."""
    rules: list[str] = []
    day = 0
    while day < 7:
        spans = sorted(hours.get(day, []))
        if not spans:
            day += 1
            continue
        last = day
        while last + 1 < 7 and sorted(hours.get(last + 1, [])) == spans:
            last += 1
        days = _DAYS[day] if last == day else f"{_DAYS[day]}-{_DAYS[last]}"
        if last == day + 1:
            days = f"{_DAYS[day]},{_DAYS[last]}"
        times = ",".join(f"{start:%H:%M}-{end:%H:%M}" for start, end in spans)
        rules.append(f"{days} {times}")
        day = last + 1
    return "; ".join(rules) if rules else "off"


def easter_sunday(year: int) -> date:
    """Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def french_public_holidays(year: int) -> frozenset[date]:
    """The eleven public holidays of metropolitan France (Alsace-Moselle adds two)."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter + timedelta(days=1),  # lundi de Pâques
            date(year, 5, 1),
            date(year, 5, 8),
            easter + timedelta(days=39),  # Ascension
            easter + timedelta(days=50),  # lundi de Pentecôte
            date(year, 7, 14),
            date(year, 8, 15),
            date(year, 11, 1),
            date(year, 11, 11),
            date(year, 12, 25),
        }
    )
