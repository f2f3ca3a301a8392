"""The period of an export: a month (2026-11), a quarter (2026-Q4) or a year (2026)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from telecentre_desk.i18n import _


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class PeriodError(ValueError):
    """Text that is not a period; ``str(error)`` says how to write one."""


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
FIRST_YEAR, LAST_YEAR = 2000, 2999


@dataclass(frozen=True, order=True)
class Period:
    start: date  # first day
    end: date  # last day (inclusive)
    kind: PeriodKind

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        start = date(year, month, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return cls(start, following - timedelta(days=1), PeriodKind.MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first_month = 3 * (quarter - 1) + 1
        start = date(year, first_month, 1)
        last = cls.month(year, first_month + 2).end
        return cls(start, last, PeriodKind.QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-11``, ``2026-Q4`` or ``2026``; anything else raises :class:`PeriodError`."""
        value = text.strip()
        try:
            if match := _MONTH.match(value):
                year, month = int(match.group(1)), int(match.group(2))
                if 1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR:
                    return cls.month(year, month)
            elif match := _QUARTER.match(value):
                year = int(match.group(1))
                if FIRST_YEAR <= year <= LAST_YEAR:
                    return cls.quarter(year, int(match.group(2)))
            elif (match := _YEAR.match(value)) and FIRST_YEAR <= int(value) <= LAST_YEAR:
                return cls.year(int(match.group(1)))
        except ValueError:
            pass
        raise PeriodError(
            _(
                "“{text}” is not a period. Write a month as 2026-11, a quarter as 2026-Q4 "
                "or a year as 2026."
            ).format(text=text)
        )

    @classmethod
    def previous_month(cls, today: date) -> Period:
        first = today.replace(day=1) - timedelta(days=1)
        return cls.month(first.year, first.month)

    @property
    def label(self) -> str:
        """The machine form, as the CLI and the manifest write it."""
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    def days(self) -> Iterator[date]:
        day = self.start
        while day <= self.end:
            yield day
            day += timedelta(days=1)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return self.label
