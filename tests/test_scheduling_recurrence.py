"""Repeating bookings: weekly in Paris wall time across DST, every N weeks, the nth or last
weekday of the month, until a date or N times, skipped dates, and rules that make no sense."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from telecentre_desk.domain.recurrence import Recurrence
from telecentre_desk.domain.scheduling import Frequency
from telecentre_desk.i18n import PARIS


def weekly(first: date, **rule: object) -> Recurrence:
    return Recurrence(Frequency.WEEKLY, first, time(9), time(10), **rule)  # type: ignore[arg-type]


def test_a_weekly_nine_oclock_stays_at_nine_across_both_dst_changes() -> None:
    rule = weekly(date(2027, 3, 15), count=4)  # the clocks go forward on 28 March 2027
    occurrences = rule.occurrences()
    assert [o.on for o in occurrences] == [
        date(2027, 3, 15), date(2027, 3, 22), date(2027, 3, 29), date(2027, 4, 5),
    ]  # fmt: skip
    local = [o.interval.start.astimezone(PARIS).time() for o in occurrences]
    assert local == [time(9)] * 4
    utc = [o.interval.start.astimezone(UTC).hour for o in occurrences]
    assert utc == [8, 8, 7, 7]  # the UTC instant moves, the wall clock does not
    autumn = weekly(date(2026, 10, 19), count=3).occurrences()  # back on 25 October 2026
    assert [o.interval.start.astimezone(UTC).hour for o in autumn] == [7, 8, 8]
    assert all(o.interval.duration == timedelta(hours=1) for o in occurrences + autumn)


def test_every_two_weeks_until_a_date_includes_that_date() -> None:
    rule = weekly(date(2026, 1, 5), interval=2, until=date(2026, 2, 16))
    assert rule.dates() == [
        date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 2), date(2026, 2, 16),
    ]  # fmt: skip


def test_skipped_dates_are_left_out_and_still_count_towards_n_times() -> None:
    rule = weekly(date(2026, 1, 5), count=4)
    assert rule.dates(exceptions={date(2026, 1, 12)}) == [
        date(2026, 1, 5), date(2026, 1, 19), date(2026, 1, 26),
    ]  # fmt: skip


def test_monthly_on_the_second_tuesday_and_on_the_last_friday() -> None:
    second_tuesday = Recurrence(Frequency.MONTHLY, date(2026, 1, 13), time(14), time(16), count=3)
    assert second_tuesday.nth == 2
    assert second_tuesday.dates() == [date(2026, 1, 13), date(2026, 2, 10), date(2026, 3, 10)]
    last_friday = Recurrence(
        Frequency.MONTHLY, date(2026, 1, 30), time(17), time(18), count=3, last_weekday=True
    )
    assert last_friday.dates() == [date(2026, 1, 30), date(2026, 2, 27), date(2026, 3, 27)]
    assert last_friday.ics_parts()["BYDAY"] == "-1FR"


def test_ics_parts_put_until_in_utc() -> None:
    parts = weekly(date(2026, 6, 1), until=date(2026, 6, 29)).ics_parts()
    assert parts == {
        "FREQ": "WEEKLY",
        "INTERVAL": 1,
        "BYDAY": "MO",
        "UNTIL": datetime(2026, 6, 29, 7, 0, tzinfo=UTC),
    }


@pytest.mark.parametrize(
    ("rule", "field"),
    [
        (weekly(date(2026, 1, 5)), "until"),  # neither an end date nor a count
        (weekly(date(2026, 1, 5), until=date(2025, 12, 1)), "until"),  # ends before it starts
        (weekly(date(2026, 1, 5), count=0), "count"),
        (weekly(date(2026, 1, 5), count=3, until=date(2026, 2, 1)), "until"),
        (weekly(date(2026, 1, 5), until=date(2031, 1, 1)), "until"),  # five years of it
        (weekly(date(2026, 1, 5), count=3, interval=0), "interval"),
        (Recurrence(Frequency.WEEKLY, date(2026, 1, 5), time(10), time(9), count=2), "end"),
    ],
)
def test_rules_that_make_no_sense_are_refused(rule: Recurrence, field: str) -> None:
    assert field in rule.problems()


def test_cut_before_a_date() -> None:
    rule = weekly(date(2026, 1, 5), count=10).ending_before(date(2026, 1, 26))
    assert rule.dates() == [date(2026, 1, 5), date(2026, 1, 12), date(2026, 1, 19)]


@settings(max_examples=100, deadline=None)
@given(
    first=st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    hour=st.integers(7, 19),
    minutes=st.sampled_from([0, 15, 30, 45]),
    interval=st.integers(1, 4),
    count=st.integers(1, 60),
    skip=st.sets(st.integers(0, 59), max_size=10),
)
def test_weekly_occurrences_keep_their_weekday_wall_time_and_length(
    first: date, hour: int, minutes: int, interval: int, count: int, skip: set[int]
) -> None:
    start = time(hour, minutes)
    end = (datetime.combine(first, start) + timedelta(minutes=90)).time()
    rule = Recurrence(Frequency.WEEKLY, first, start, end, interval=interval, count=count)
    all_dates = rule.dates()
    assert len(all_dates) == count
    skipped = {all_dates[i] for i in skip if i < len(all_dates)}
    occurrences = rule.occurrences(exceptions=skipped)
    assert len(occurrences) == count - len(skipped)
    for occurrence in occurrences:
        local = occurrence.interval.start.astimezone(PARIS)
        assert local.date() == occurrence.on and local.time() == start
        assert occurrence.on.weekday() == first.weekday()
        assert (occurrence.on - first).days % (7 * interval) == 0
        assert occurrence.interval.duration == timedelta(minutes=90)
        assert occurrence.on not in skipped
