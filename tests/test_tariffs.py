"""The pure pricing rules: what a duration counts as, and the cheapest fair line."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from telecentre_desk.domain.badge_codes import is_garbage, looks_like_badge
from telecentre_desk.domain.closing_time import closing_moment
from telecentre_desk.domain.money import cents
from telecentre_desk.domain.opening_hours import default_opening_hours
from telecentre_desk.domain.tariffs import (
    FREE,
    TariffKind,
    Usage,
    UsageRules,
    UsageUnit,
    cheapest_line,
    gross,
    split_with_carnet,
    usage_for,
    usage_of_tariff,
)
from telecentre_desk.i18n import PARIS

RULES = UsageRules()
PRICES = {
    UsageUnit.HOUR: Decimal("4.00"),
    UsageUnit.HALF_DAY: Decimal("10.00"),
    UsageUnit.DAY: Decimal("16.00"),
}
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3))
rules = st.builds(
    lambda grace, hourly, half: UsageRules(
        timedelta(minutes=grace),
        timedelta(minutes=max(grace, hourly)),
        timedelta(minutes=max(grace, hourly, half)),
    ),
    st.integers(0, 59),
    st.integers(0, 300),
    st.integers(60, 720),
)
prices = st.dictionaries(
    st.sampled_from(list(UsageUnit)),
    st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (0, FREE),
        (10, FREE),  # the grace period
        (11, Usage(UsageUnit.HOUR, 1)),
        (60, Usage(UsageUnit.HOUR, 1)),
        (61, Usage(UsageUnit.HOUR, 2)),
        (120, Usage(UsageUnit.HOUR, 2)),
        (121, Usage(UsageUnit.HALF_DAY, 1)),
        (270, Usage(UsageUnit.HALF_DAY, 1)),  # 4 h 30: still a half-day
        (271, Usage(UsageUnit.DAY, 1)),
        (24 * 60 + 1, Usage(UsageUnit.DAY, 2)),
    ],
)
def test_what_a_duration_counts_as(minutes: int, expected: Usage) -> None:
    assert usage_for(timedelta(minutes=minutes), RULES) == expected


def test_the_half_day_limit_is_a_setting() -> None:
    five_hours = timedelta(hours=5)
    assert usage_for(five_hours, RULES).unit is UsageUnit.DAY
    longer = UsageRules(half_day_up_to=timedelta(hours=5))
    assert usage_for(five_hours, longer).unit is UsageUnit.HALF_DAY


@given(durations, durations, rules)
def test_a_longer_presence_never_counts_as_less(a: timedelta, b: timedelta, r: UsageRules) -> None:
    short, long = sorted((a, b))
    order = [None, UsageUnit.HOUR, UsageUnit.HALF_DAY, UsageUnit.DAY]
    first, second = usage_for(short, r), usage_for(long, r)
    assert (order.index(first.unit), first.quantity) <= (order.index(second.unit), second.quantity)


@given(durations, rules)
def test_every_presence_beyond_the_grace_counts_for_something(
    duration: timedelta, r: UsageRules
) -> None:
    usage = usage_for(duration, r)
    if duration <= r.grace:
        assert usage == FREE
    else:
        assert usage.unit is not None and usage.quantity >= 1
        if usage.unit is UsageUnit.HOUR:
            # started hours: the billed hours cover the time, and not one hour more
            assert timedelta(hours=usage.quantity - 1) < duration <= timedelta(hours=usage.quantity)


@given(durations, durations)
def test_the_bill_never_decreases_with_time(a: timedelta, b: timedelta) -> None:
    short, long = sorted((a, b))

    def cost(duration: timedelta) -> Decimal:
        line = cheapest_line(usage_for(duration, RULES), PRICES)
        return line.amount if line else Decimal(0)

    assert cost(short) <= cost(long)


@given(durations, prices)
def test_the_cheapest_line_covers_the_time_and_beats_the_measured_unit(
    duration: timedelta, unit_prices: dict[UsageUnit, Decimal]
) -> None:
    usage = usage_for(duration, RULES)
    line = cheapest_line(usage, unit_prices)
    if usage.unit is None:
        assert line is None
        return
    if usage.unit in unit_prices:
        assert line is not None
        assert line.amount <= cents(unit_prices[usage.unit] * usage.quantity)
    if line is not None:
        assert line.amount == cents(line.unit_price * line.quantity)
        assert line.amount >= 0


def test_three_hours_never_cost_more_than_a_half_day() -> None:
    # 2 hours by the hour (8 EUR) is cheaper than a half-day; 2 h 05 min is a half-day.
    line = cheapest_line(usage_for(timedelta(hours=2), RULES), PRICES)
    assert line is not None and (line.unit, line.amount) == (UsageUnit.HOUR, Decimal("8.00"))
    expensive_hours = {**PRICES, UsageUnit.HOUR: Decimal("6.00")}
    line = cheapest_line(usage_for(timedelta(hours=2), RULES), expensive_hours)
    assert line is not None and (line.unit, line.amount) == (UsageUnit.HALF_DAY, Decimal("10.00"))


def test_a_walk_in_pays_the_tariff_they_chose() -> None:
    usage = usage_of_tariff(TariffKind.DAY, timedelta(hours=1), RULES)
    assert usage == Usage(UsageUnit.DAY, 1)
    line = cheapest_line(usage, {UsageUnit.DAY: Decimal("20")}, exact=True)
    assert line is not None and line.amount == Decimal("20.00")
    assert usage_of_tariff(TariffKind.HOUR, timedelta(minutes=5), RULES) == Usage(UsageUnit.HOUR, 1)


@given(durations, st.integers(0, 30))
def test_a_carnet_never_gives_more_than_it_has(duration: timedelta, remaining: int) -> None:
    usage = usage_for(duration, RULES)
    split = split_with_carnet(usage, remaining)
    assert 0 <= split.from_carnet <= remaining
    assert split.from_carnet + split.rest_half_days == usage.carnet_units
    assert split.rest_half_days >= 0


def test_a_day_takes_two_half_days_from_a_carnet() -> None:
    assert usage_for(timedelta(hours=7), RULES).carnet_units == 2
    assert usage_for(timedelta(hours=3), RULES).carnet_units == 1
    assert usage_for(timedelta(minutes=40), RULES).carnet_units == 1
    split = split_with_carnet(usage_for(timedelta(hours=7), RULES), 1)
    assert (split.from_carnet, split.rest_half_days) == (1, 1)


def test_vat_and_rounding() -> None:
    assert gross(Decimal("10.00"), Decimal("20")) == Decimal("12.00")
    assert gross(Decimal("8.33"), Decimal("20")) == Decimal("10.00")  # 9.996 -> 10.00
    assert cents(Decimal("0.125")) == Decimal("0.13")  # half up, as on invoices


def test_rules_that_make_no_sense_are_refused_and_fall_back() -> None:
    wrong = UsageRules(timedelta(0), timedelta(hours=5), timedelta(hours=4))
    assert "hourly_up_to" in wrong.problems()
    assert UsageRules(half_day_up_to=timedelta(minutes=30)).problems()
    assert UsageRules.from_json(wrong.to_json()) == UsageRules()
    assert UsageRules.from_json({"half_day_up_to_minutes": "lots"}) == UsageRules()
    five = UsageRules(half_day_up_to=timedelta(hours=5))
    assert UsageRules.from_json(five.to_json()) == five


def test_closing_moment_is_the_closing_time_of_the_day_it_started() -> None:
    hours = default_opening_hours()  # Monday to Friday 8:30-18:30
    friday_morning = datetime(2026, 11, 27, 9, 0, tzinfo=PARIS)
    assert closing_moment(friday_morning, hours, PARIS) == datetime(
        2026, 11, 27, 18, 30, tzinfo=PARIS
    )
    evening = datetime(2026, 11, 27, 19, 0, tzinfo=PARIS)  # after closing: midnight
    assert closing_moment(evening, hours, PARIS) == datetime(2026, 11, 28, 0, 0, tzinfo=PARIS)
    saturday = datetime(2026, 11, 28, 10, 0, tzinfo=PARIS)  # closed day: midnight
    assert closing_moment(saturday, hours, PARIS) == datetime(2026, 11, 29, 0, 0, tzinfo=PARIS)
    lunch = {0: [(time(9), time(12)), (time(14), time(18))]}
    monday = datetime(2026, 11, 23, 9, 30, tzinfo=PARIS)
    assert closing_moment(monday, lunch, PARIS) == datetime(2026, 11, 23, 18, 0, tzinfo=PARIS)
    assert closing_moment(monday, hours, PARIS).tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "badge", "garbage"),
    [
        ("TD-004217", True, False),
        ("td-004217", True, False),
        ("123456789", True, False),
        ("Hélène", False, False),
        ("marie dupont", False, False),
        ("R2D2 robot", False, False),
        ("TD-00\x1b[2~4217", False, True),
        ("\ufffd\ufffd", False, True),
        ("9" * 150, False, True),
    ],
)
def test_telling_a_badge_from_a_name_or_garbage(text: str, badge: bool, garbage: bool) -> None:
    assert looks_like_badge(text) is badge
    assert is_garbage(text) is garbage


@given(st.text(max_size=120))
def test_any_input_is_either_garbage_or_readable(text: str) -> None:
    if not is_garbage(text):
        assert len(text) <= 100
        assert all(char.isprintable() or char.isspace() for char in text)
