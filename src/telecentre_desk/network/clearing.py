"""The network's clearing tariff: what a home centre owes the centre its member visited.

A visit of up to ``half_day_max_minutes`` counts as started hours or a half-day,
whichever is cheaper; a longer one counts as a day. Amounts are Decimal euros.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

CENTS = Decimal("0.01")


class TariffFormatError(ValueError):
    pass


@dataclass(frozen=True)
class ClearingTariff:
    hour: Decimal
    half_day: Decimal
    day: Decimal
    half_day_max_minutes: int = 270  # 4 h 30

    def to_json(self) -> dict[str, Any]:
        return {
            "currency": "EUR",
            "hour": f"{self.hour:.2f}",
            "half_day": f"{self.half_day:.2f}",
            "day": f"{self.day:.2f}",
            "half_day_max_minutes": self.half_day_max_minutes,
        }

    @classmethod
    def from_json(cls, data: object) -> ClearingTariff:
        if not isinstance(data, dict) or data.get("currency") != "EUR":
            raise TariffFormatError("a clearing tariff is an object in EUR")
        try:
            amounts = [Decimal(str(data[key])) for key in ("hour", "half_day", "day")]
            minutes = data["half_day_max_minutes"]
        except (KeyError, ArithmeticError, ValueError):
            raise TariffFormatError("incomplete clearing tariff") from None
        if any(not a.is_finite() or a < 0 for a in amounts) or not isinstance(minutes, int):
            raise TariffFormatError("invalid clearing tariff")
        hour, half_day, day = (a.quantize(CENTS) for a in amounts)
        return cls(hour, half_day, day, minutes)


@dataclass(frozen=True)
class ClearedVisit:
    unit: str  # hour, half_day, day
    quantity: int
    amount: Decimal


def clear_visit(tariff: ClearingTariff, minutes: int) -> ClearedVisit:
    """The unit, quantity and amount of a visit of ``minutes`` (at least one hour is due)."""
    if minutes > tariff.half_day_max_minutes:
        return ClearedVisit("day", 1, tariff.day)
    hours = max(1, -(-minutes // 60))  # started hours
    by_hour = tariff.hour * hours
    if by_hour < tariff.half_day:
        return ClearedVisit("hour", hours, by_hour.quantize(CENTS))
    return ClearedVisit("half_day", 1, tariff.half_day)
