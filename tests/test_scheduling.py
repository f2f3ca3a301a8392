"""The pure booking rules: intervals and buffers, sensible times, opening hours, public
holidays, closures, and the nearest free slots (with Hypothesis for the properties)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from telecentre_desk.domain.centre_calendar import CentreCalendar, ClosedKind, Closure
from telecentre_desk.domain.free_slots import BusyTimes, nearest_free_slots
from telecentre_desk.domain.opening_hours import default_opening_hours
from telecentre_desk.domain.scheduling import (
    Buffers,
    Interval,
    attendee_problems,
    check_call_problems,
    collisions,
    held_interval,
    time_problems,
)
from telecentre_desk.i18n import PARIS

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 2)  # an ordinary Monday
WEEKDAYS = default_opening_hours()  # Monday to Friday, 08:30 to 18:30


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS).astimezone(UTC)


def no_holidays(_year: int) -> dict[date, str]:
    return {}


# -- intervals and buffers ---------------------------------------------------------------------
def test_back_to_back_bookings_do_not_collide_but_buffers_make_them() -> None:
    first = Interval(at(MONDAY, 9), at(MONDAY, 10))
    second = Interval(at(MONDAY, 10), at(MONDAY, 11))
    assert not first.overlaps(second)
    buffers = Buffers.of_minutes(10, 10)
    assert held_interval(first, buffers).overlaps(held_interval(second, buffers))
    assert held_interval(first, buffers) == Interval(at(MONDAY, 8, 50), at(MONDAY, 10, 10))


def test_a_test_call_holds_the_room_from_its_start() -> None:
    meeting = Interval(at(MONDAY, 10), at(MONDAY, 11))
    held = held_interval(meeting, Buffers.of_minutes(5, 0), at(MONDAY, 9, 30))
    assert held.start == at(MONDAY, 9, 25) and held.end == meeting.end


def test_a_night_over_the_clocks_going_forward_is_one_hour_shorter() -> None:
    night = Interval(
        datetime(2027, 3, 27, 22, 0, tzinfo=PARIS), datetime(2027, 3, 28, 8, 0, tzinfo=PARIS)
    )
    assert night.duration == timedelta(hours=9)  # 10 hours on the wall clock
    autumn = Interval(
        datetime(2026, 10, 24, 22, 0, tzinfo=PARIS), datetime(2026, 10, 25, 8, 0, tzinfo=PARIS)
    )
    assert autumn.duration == timedelta(hours=11)


def test_collisions_are_the_bookings_whose_held_time_overlaps() -> None:
    class Held:
        def __init__(self, start: int, end: int) -> None:
            self.held = Interval(at(MONDAY, start), at(MONDAY, end))

    morning, noon, evening = Held(9, 10), Held(12, 13), Held(17, 18)
    found = collisions(Interval(at(MONDAY, 9, 30), at(MONDAY, 12, 30)), [evening, noon, morning])
    assert found == [morning, noon]


# -- bad input ---------------------------------------------------------------------------------
def test_an_end_before_its_start_is_refused() -> None:
    assert set(time_problems(at(MONDAY, 10), at(MONDAY, 9), NOW)) == {"end"}


def test_a_zero_length_booking_is_refused() -> None:
    problems = time_problems(at(MONDAY, 10), at(MONDAY, 10), NOW)
    assert "pas de durée" in problems["end"]  # French, the default language


def test_a_booking_shorter_than_a_quarter_hour_or_longer_than_two_weeks_is_refused() -> None:
    assert "end" in time_problems(at(MONDAY, 10), at(MONDAY, 10, 10), NOW)
    assert "end" in time_problems(at(MONDAY, 10), at(MONDAY, 10) + timedelta(days=15), NOW)


def test_dates_outside_any_sensible_range_are_refused() -> None:
    far = datetime(2062, 11, 2, 10, tzinfo=UTC)
    assert "start" in time_problems(far, far + timedelta(hours=1), NOW)
    old = datetime(1999, 11, 2, 10, tzinfo=UTC)
    assert "start" in time_problems(old, old + timedelta(hours=1), NOW)
    assert time_problems(at(MONDAY, 10), at(MONDAY, 11), NOW) == {}


def test_capacity_and_test_call_rules() -> None:
    assert "attendees" in attendee_problems(7, 6)
    assert "attendees" in attendee_problems(0, 6)
    assert attendee_problems(6, 6) == {}
    assert attendee_problems(40, 0) == {}  # capacity unknown: not refused
    start = at(MONDAY, 10)
    assert check_call_problems(start - timedelta(minutes=30), start) == {}
    assert "test_call" in check_call_problems(start - timedelta(minutes=5), start)
    assert "test_call" in check_call_problems(start - timedelta(hours=6), start)


def test_buffers_have_a_range() -> None:
    assert Buffers.of_minutes(0, 240).problems() == {}
    assert set(Buffers.of_minutes(-5, 300).problems()) == {"setup", "cleanup"}


# -- opening hours, holidays, closures ---------------------------------------------------------
def test_a_booking_must_fit_inside_opening_hours() -> None:
    calendar = CentreCalendar(WEEKDAYS, holidays=no_holidays)
    assert calendar.is_open(Interval(at(MONDAY, 8, 30), at(MONDAY, 18, 30)))
    early = calendar.closed_reason(Interval(at(MONDAY, 8), at(MONDAY, 9)))
    assert early is not None and early.kind is ClosedKind.OUTSIDE_HOURS
    saturday = MONDAY + timedelta(days=5)
    assert not calendar.is_open(Interval(at(saturday, 10), at(saturday, 11)))
    overnight = Interval(at(MONDAY, 17), at(MONDAY + timedelta(days=1), 9))
    assert not calendar.is_open(overnight)


def test_a_lunch_break_closes_the_middle_of_the_day() -> None:
    hours = {0: [(time(8, 30), time(12, 0)), (time(14, 0), time(18, 0))]}
    calendar = CentreCalendar(hours, holidays=no_holidays)
    assert calendar.is_open(Interval(at(MONDAY, 9), at(MONDAY, 12)))
    assert not calendar.is_open(Interval(at(MONDAY, 11), at(MONDAY, 15)))
    assert calendar.day_hours(MONDAY) == (time(8, 30), time(18, 0))


def test_french_public_holidays_close_the_day_and_are_named() -> None:
    calendar = CentreCalendar(WEEKDAYS)
    bastille = date(2027, 7, 14)  # a Wednesday
    closed = calendar.closed_reason(Interval(at(bastille, 10), at(bastille, 11)))
    assert closed is not None and closed.kind is ClosedKind.HOLIDAY
    assert "14" in closed.reason or "Fête" in closed.reason or "National" in closed.reason
    assert calendar.opening_spans(bastille) == []
    assert calendar.day_hours(bastille) is None
    assert calendar.holiday(date(2027, 5, 17)) is not None  # Whit Monday 2027


def test_a_closure_of_the_centre_or_of_one_room() -> None:
    works = Closure(Interval(at(MONDAY, 12), at(MONDAY, 14)), "Travaux", room_id=7)
    training = Closure(Interval(at(MONDAY, 16), at(MONDAY, 17)), "Formation du personnel")
    calendar = CentreCalendar(WEEKDAYS, (works, training), holidays=no_holidays)
    lunch = Interval(at(MONDAY, 13), at(MONDAY, 13, 30))
    assert calendar.is_open(lunch, room_id=8)
    closed = calendar.closed_reason(lunch, room_id=7)
    assert closed is not None and closed.kind is ClosedKind.CLOSURE and closed.reason == "Travaux"
    assert not calendar.is_open(Interval(at(MONDAY, 16, 30), at(MONDAY, 17, 30)), room_id=8)
    assert (
        "Formation"
        in (
            calendar.closed_reason(Interval(at(MONDAY, 16, 30), at(MONDAY, 17, 30)), room_id=8)
            or closed
        ).message
    )


# -- nearest free slots ------------------------------------------------------------------------
def test_the_nearest_free_slots_before_and_after_a_taken_one() -> None:
    calendar = CentreCalendar(WEEKDAYS, holidays=no_holidays)
    busy = BusyTimes([Interval(at(MONDAY, 9, 30), at(MONDAY, 11, 30))])
    wanted = Interval(at(MONDAY, 10), at(MONDAY, 11))
    slots = nearest_free_slots(wanted, busy, calendar, Buffers(), limit=3)
    assert Interval(at(MONDAY, 11, 30), at(MONDAY, 12, 30)) in slots
    assert Interval(at(MONDAY, 8, 30), at(MONDAY, 9, 30)) in slots
    assert len(slots) == 3 and slots == sorted(slots)


def test_free_slots_respect_buffers_closing_time_and_the_past() -> None:
    calendar = CentreCalendar(WEEKDAYS, holidays=no_holidays)
    busy = BusyTimes([Interval(at(MONDAY, 8, 30), at(MONDAY, 18, 30))])  # the whole Monday
    wanted = Interval(at(MONDAY, 17), at(MONDAY, 18))
    slots = nearest_free_slots(
        wanted, busy, calendar, Buffers.of_minutes(15, 15), not_before=at(MONDAY, 12)
    )
    tuesday = MONDAY + timedelta(days=1)
    assert slots[0].start.astimezone(PARIS).date() == tuesday
    assert all(calendar.is_open(slot) for slot in slots)


moments = st.integers(min_value=0, max_value=5 * 24 * 4).map(
    lambda quarter: at(MONDAY, 0) + timedelta(minutes=15 * quarter)
)
lengths = st.integers(min_value=1, max_value=16).map(lambda q: timedelta(minutes=15 * q))


@settings(max_examples=80, deadline=None)
@given(
    taken=st.lists(st.tuples(moments, lengths), max_size=12),
    wanted_start=moments,
    length=lengths,
    setup=st.integers(0, 30),
    cleanup=st.integers(0, 30),
)
def test_suggested_slots_are_always_free_open_and_distinct(
    taken: list[tuple[datetime, timedelta]],
    wanted_start: datetime,
    length: timedelta,
    setup: int,
    cleanup: int,
) -> None:
    calendar = CentreCalendar(WEEKDAYS, holidays=no_holidays)
    buffers = Buffers.of_minutes(setup, cleanup)
    held = [held_interval(Interval(s, s + d), buffers) for s, d in taken]
    slots = nearest_free_slots(
        Interval(wanted_start, wanted_start + length), BusyTimes(held), calendar, buffers
    )
    for slot in slots:
        assert slot.end - slot.start == length
        assert calendar.is_open(slot)
        assert not any(held_interval(slot, buffers).overlaps(other) for other in held)
    for first, second in pairwise(slots):
        assert not first.overlaps(second)


@settings(max_examples=80, deadline=None)
@given(
    a=st.tuples(moments, lengths),
    b=st.tuples(moments, lengths),
    setup=st.integers(0, 60),
    cleanup=st.integers(0, 60),
)
def test_overlap_with_buffers_is_symmetric_and_implied_by_plain_overlap(
    a: tuple[datetime, timedelta], b: tuple[datetime, timedelta], setup: int, cleanup: int
) -> None:
    first, second = Interval(a[0], a[0] + a[1]), Interval(b[0], b[0] + b[1])
    buffers = Buffers.of_minutes(setup, cleanup)
    held_first, held_second = held_interval(first, buffers), held_interval(second, buffers)
    assert held_first.overlaps(held_second) == held_second.overlaps(held_first)
    if first.overlaps(second):
        assert held_first.overlaps(held_second)


@settings(max_examples=60, deadline=None)
@given(taken=st.lists(st.tuples(moments, lengths), max_size=15), probe=st.tuples(moments, lengths))
def test_busy_times_agree_with_a_plain_scan(
    taken: list[tuple[datetime, timedelta]], probe: tuple[datetime, timedelta]
) -> None:
    intervals = [Interval(s, s + d) for s, d in taken]
    wanted = Interval(probe[0], probe[0] + probe[1])
    assert BusyTimes(intervals).is_free(wanted) == (not any(i.overlaps(wanted) for i in intervals))
