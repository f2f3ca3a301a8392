"""What a presence costs: which unit a duration counts as, and the cheapest fair price.

Pay at use: only the time used is billed. A presence counts as started hours up
to ``hourly_up_to``, as one half-day up to ``half_day_up_to`` (a centre setting,
4 h 30 by default), as a day beyond. The member then pays the cheapest of the
units that cover that time (three hours never cost more than a half-day). A
carnet counts in half-days: a half-day or less takes one unit, a day two.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum

from telecentre_desk.domain.money import cents
from telecentre_desk.i18n import N_, _

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
HALF_DAYS_PER_DAY = 2


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _(_LABELS[self])


class TariffKind(_Labelled):
    HOUR = "hour"
    HALF_DAY = "half_day"
    DAY = "day"
    CARNET = "carnet"  # a prepaid book of half-days
    MONTHLY_FLEX = "monthly_flex"  # any free desk, every day of the month
    MONTHLY_FIXED = "monthly_fixed"  # one desk kept for the member

    @property
    def is_subscription(self) -> bool:
        return self in (TariffKind.MONTHLY_FLEX, TariffKind.MONTHLY_FIXED)

    @property
    def usage_unit(self) -> UsageUnit | None:
        """The unit a pay-at-use tariff sells; None for carnets and subscriptions."""
        return _UNIT_OF_KIND.get(self)


class UsageUnit(_Labelled):
    """What a presence counts as."""

    HOUR = "hour"
    HALF_DAY = "half_day"
    DAY = "day"

    @property
    def tariff_kind(self) -> TariffKind:
        return TariffKind(self.value)


class Coverage(_Labelled):
    """How a presence is paid for."""

    FREE = "free"  # shorter than the grace period
    PAY_AT_USE = "pay_at_use"
    CARNET = "carnet"  # units taken from a carnet (any rest is billed at use)
    SUBSCRIPTION = "subscription"


_UNIT_OF_KIND = {
    TariffKind.HOUR: UsageUnit.HOUR,
    TariffKind.HALF_DAY: UsageUnit.HALF_DAY,
    TariffKind.DAY: UsageUnit.DAY,
}

_LABELS: dict[StrEnum, str] = {
    TariffKind.HOUR: N_("Hour"),
    TariffKind.HALF_DAY: N_("Half-day"),
    TariffKind.DAY: N_("Day"),
    TariffKind.CARNET: N_("Carnet of half-days"),
    TariffKind.MONTHLY_FLEX: N_("Monthly flexible desk"),
    TariffKind.MONTHLY_FIXED: N_("Monthly fixed desk"),
    UsageUnit.HOUR: N_("hour"),
    UsageUnit.HALF_DAY: N_("half-day"),
    UsageUnit.DAY: N_("day"),
    Coverage.FREE: N_("Free (very short visit)"),
    Coverage.PAY_AT_USE: N_("Pay at use"),
    Coverage.CARNET: N_("Carnet"),
    Coverage.SUBSCRIPTION: N_("Subscription"),
}


@dataclass(frozen=True)
class UsageRules:
    """The centre's setting of what counts as what (stored as minutes)."""

    grace: timedelta = timedelta(minutes=10)
    hourly_up_to: timedelta = timedelta(hours=2)
    half_day_up_to: timedelta = timedelta(hours=4, minutes=30)

    def problems(self) -> dict[str, str]:
        """One message per wrong setting (empty when the rules make sense)."""
        problems: dict[str, str] = {}
        if self.grace < timedelta(0) or self.grace >= HOUR:
            problems["grace"] = _("The free grace period must be between 0 and 59 minutes.")
        if not self.grace <= self.hourly_up_to <= self.half_day_up_to:
            problems["hourly_up_to"] = _(
                "Billing by the hour must stop before the half-day limit (and after the "
                "grace period)."
            )
        if not HOUR <= self.half_day_up_to <= timedelta(hours=12):
            problems["half_day_up_to"] = _("A half-day must last between 1 and 12 hours.")
        return problems

    def to_json(self) -> dict[str, int]:
        return {
            "grace_minutes": _minutes(self.grace),
            "hourly_up_to_minutes": _minutes(self.hourly_up_to),
            "half_day_up_to_minutes": _minutes(self.half_day_up_to),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> UsageRules:
        """Missing or malformed values fall back to the defaults (a setting never breaks)."""
        default = cls()

        def minutes(key: str, fallback: timedelta) -> timedelta:
            value = data.get(key)
            return timedelta(minutes=value) if isinstance(value, int) else fallback

        rules = cls(
            minutes("grace_minutes", default.grace),
            minutes("hourly_up_to_minutes", default.hourly_up_to),
            minutes("half_day_up_to_minutes", default.half_day_up_to),
        )
        return default if rules.problems() else rules


@dataclass(frozen=True)
class Usage:
    """What a presence counts as: ``quantity`` of ``unit`` (None and 0 when free)."""

    unit: UsageUnit | None
    quantity: int

    @property
    def carnet_units(self) -> int:
        """Half-days a carnet gives for this usage."""
        if self.unit is None:
            return 0
        if self.unit is UsageUnit.DAY:
            return HALF_DAYS_PER_DAY * self.quantity
        if self.unit is UsageUnit.HALF_DAY:
            return self.quantity
        return 1


FREE = Usage(None, 0)


def usage_for(duration: timedelta, rules: UsageRules) -> Usage:
    """The unit a presence of ``duration`` counts as (durations are real elapsed time)."""
    if duration <= rules.grace:
        return FREE
    if duration <= rules.hourly_up_to:
        return Usage(UsageUnit.HOUR, math.ceil(duration / HOUR))
    if duration <= rules.half_day_up_to:
        return Usage(UsageUnit.HALF_DAY, 1)
    return Usage(UsageUnit.DAY, math.ceil(duration / DAY))


def usage_of_tariff(kind: TariffKind, duration: timedelta, rules: UsageRules) -> Usage:
    """A walk-in who chose a tariff pays that unit: hours as started, else one of it."""
    unit = kind.usage_unit
    if unit is None:
        return usage_for(duration, rules)
    if unit is UsageUnit.HOUR:
        return Usage(unit, max(1, math.ceil(duration / HOUR)))
    if unit is UsageUnit.DAY:
        return Usage(unit, max(1, math.ceil(duration / DAY)))
    return Usage(unit, max(1, math.ceil(duration / rules.half_day_up_to)))


@dataclass(frozen=True)
class BilledLine:
    unit: UsageUnit
    quantity: int
    unit_price: Decimal

    @property
    def amount(self) -> Decimal:
        return cents(self.unit_price * self.quantity)


def cheapest_line(
    usage: Usage, prices: Mapping[UsageUnit, Decimal], *, exact: bool = False
) -> BilledLine | None:
    """The cheapest of the units that cover ``usage``; None when free or nothing is priced.

    ``exact``: bill the unit as measured (a walk-in's chosen tariff), no cheaper swap.
    On a tie the measured unit wins, so the line reads as what happened.
    """
    if usage.unit is None or usage.quantity <= 0:
        return None
    candidates = [(usage.unit, usage.quantity)]
    if not exact:
        candidates += _covering(usage)
    lines = [
        BilledLine(unit, quantity, cents(prices[unit]))
        for unit, quantity in candidates
        if unit in prices
    ]
    if not lines:
        return None
    return min(lines, key=lambda line: line.amount)  # min keeps the first on a tie


def _covering(usage: Usage) -> list[tuple[UsageUnit, int]]:
    """Longer units that also cover ``usage``, with how many of each are needed."""
    if usage.unit is UsageUnit.HOUR:
        return [(UsageUnit.HALF_DAY, 1), (UsageUnit.DAY, 1)]
    if usage.unit is UsageUnit.HALF_DAY:
        return [(UsageUnit.DAY, math.ceil(usage.quantity / HALF_DAYS_PER_DAY))]
    return []


@dataclass(frozen=True)
class CarnetSplit:
    """Units taken from a carnet, and the half-days still to pay at use."""

    from_carnet: int
    rest_half_days: int


def split_with_carnet(usage: Usage, remaining_units: int) -> CarnetSplit:
    """Take what the carnet has (never more): the rest is billed in half-days."""
    needed = usage.carnet_units
    taken = max(0, min(needed, remaining_units))
    return CarnetSplit(taken, needed - taken)


def gross(net: Decimal, vat_rate: Decimal) -> Decimal:
    """Price with VAT from a net price and a rate in percent (20 -> 20 %)."""
    return cents(net * (Decimal(100) + vat_rate) / Decimal(100))


def _minutes(value: timedelta) -> int:
    return int(value.total_seconds() // 60)
