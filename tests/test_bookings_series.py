"""Repeating bookings through the services: the dates to decide before saving, skipped
dates, and changing or cancelling this occurrence, the following ones or all."""

from __future__ import annotations

from datetime import UTC, date, time, timedelta

import pytest
from sqlalchemy import func, select

from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_dst_change,
    next_weekday,
    next_weekday_holiday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk.domain.recurrence import Recurrence
from telecentre_desk.domain.scheduling import BookingStatus, Frequency
from telecentre_desk.i18n import PARIS
from telecentre_desk.services.booking_billing import booking_consumption
from telecentre_desk.services.booking_queries import bookings_between, get_booking
from telecentre_desk.services.booking_series import (
    SeriesConflict,
    book_series,
    edit_series,
    preview_series,
)
from telecentre_desk.services.bookings import (
    EditScope,
    book,
    cancel_booking,
    move_booking,
    update_booking,
)
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.storage.models import Booking, BookingSeries, SeriesException


def _weekly(first: date, count: int = 6, start: time = time(9), end: time = time(10)) -> Recurrence:
    return Recurrence(Frequency.WEEKLY, first, start, end, count=count)


def _series_rows(world: World) -> list[Booking]:
    with world.store.read() as session:
        return list(session.scalars(select(Booking).order_by(Booking.starts_at)))


def _holding(world: World, series_id: int) -> list[date]:
    with world.store.read() as session:
        return list(
            session.scalars(
                select(Booking.occurrence_date)
                .where(Booking.series_id == series_id, Booking.status != BookingStatus.CANCELLED)
                .order_by(Booking.occurrence_date)
            )
        )


def test_dates_on_a_holiday_or_taken_are_listed_before_saving(world: World) -> None:
    holiday, name = next_weekday_holiday(after_days=15)
    first = holiday - timedelta(weeks=2)
    clash_day = holiday - timedelta(weeks=1)
    book(world.store, world.manager, world.draft(paris(clash_day, 9, 30), paris(clash_day, 11)))
    rule = _weekly(first, count=3)  # the last date is the holiday
    preview = preview_series(world.store, world.draft(paris(first, 9), paris(first, 10)), rule)
    problems = {o.on: o for o in preview.problems}
    assert set(problems) == {clash_day, holiday}
    assert problems[holiday].holiday == name
    assert problems[clash_day].check.collisions
    assert len(preview.occurrences) == 3
    with world.store.read() as session:  # a preview stores nothing
        assert session.scalar(select(func.count()).select_from(BookingSeries)) == 0


def test_saving_without_deciding_stores_nothing_skipping_books_the_rest(world: World) -> None:
    holiday, _name = next_weekday_holiday(after_days=15)
    first = holiday - timedelta(weeks=2)
    rule = _weekly(first, count=3)
    draft = world.draft(paris(first, 9), paris(first, 10), title="Point hebdo")
    with pytest.raises(SeriesConflict) as refused:
        book_series(world.store, world.receptionist, draft, rule)
    assert [o.on for o in refused.value.preview.problems] == [holiday]
    assert _series_rows(world) == []
    result = book_series(world.store, world.receptionist, draft, rule, skip={holiday})
    assert [b.occurrence_date for b in result.bookings] == [first, first + timedelta(weeks=1)]
    assert result.series.exceptions == (holiday,)
    assert all(booking_consumption(world.store, b.id) is not None for b in result.bookings)


def test_a_manager_keeps_a_closed_date_with_a_reason(world: World) -> None:
    holiday, _name = next_weekday_holiday(after_days=15)
    first = holiday - timedelta(weeks=1)
    rule = _weekly(first, count=2)
    draft = world.draft(paris(first, 9), paris(first, 10), closed_override="Permanence spéciale")
    with pytest.raises(SeriesConflict):
        book_series(world.store, world.receptionist, draft, rule)
    result = book_series(world.store, world.manager, draft, rule)
    by_date = {b.occurrence_date: b for b in result.bookings}
    assert by_date[holiday].closed_override == "Permanence spéciale"
    assert by_date[first].closed_override == ""


def test_a_repetition_that_yields_no_date_is_refused_and_stores_nothing(world: World) -> None:
    first = next_weekday(0, weeks=2)
    rule = _weekly(first, count=2)
    draft = world.draft(paris(first, 9), paris(first, 10))
    with pytest.raises(ValidationError) as refused:
        book_series(world.store, world.manager, draft, rule,
                    skip={first, first + timedelta(weeks=1)})  # fmt: skip
    assert "until" in refused.value.problems
    with pytest.raises(ValidationError):
        book_series(world.store, world.manager, draft,
                    Recurrence(Frequency.WEEKLY, first, time(9), time(10)))  # fmt: skip
    assert _series_rows(world) == []


def test_a_weekly_nine_oclock_is_stored_at_nine_local_across_the_dst_change(world: World) -> None:
    change = next_dst_change(3)
    first = change - timedelta(days=5)  # the Tuesday before the clocks go forward
    result = book_series(
        world.store, world.manager, world.draft(paris(first, 9), paris(first, 10)),
        _weekly(first, count=3),
    )  # fmt: skip
    local = [b.starts_at.astimezone(PARIS).time() for b in result.bookings]
    assert local == [time(9)] * 3
    assert [b.starts_at.astimezone(UTC).hour for b in result.bookings] == [8, 7, 7]


def test_changing_this_occurrence_only(world: World) -> None:
    first = next_weekday(0, weeks=2)
    result = book_series(world.store, world.manager,
                         world.draft(paris(first, 9), paris(first, 10), title="Point"),
                         _weekly(first, count=4))  # fmt: skip
    second = result.bookings[1]
    moved = move_booking(world.store, world.manager, second.id, world.visio,
                         second.starts_at + timedelta(hours=2),
                         second.ends_at + timedelta(hours=2))  # fmt: skip
    assert moved.booking.detached and moved.booking.series_id == result.series.id
    others = [b for b in _series_rows(world) if b.id != second.id]
    assert all(b.starts_at.astimezone(PARIS).time() == time(9) for b in others)


def test_changing_this_and_the_following_ones_cuts_the_series(world: World) -> None:
    first = next_weekday(0, weeks=2)
    result = book_series(world.store, world.manager,
                         world.draft(paris(first, 9), paris(first, 10), title="Point"),
                         _weekly(first, count=4))  # fmt: skip
    third = result.bookings[2]
    moved = move_booking(world.store, world.manager, third.id, world.visio,
                         third.starts_at + timedelta(hours=5),
                         third.ends_at + timedelta(hours=5), EditScope.FOLLOWING)  # fmt: skip
    assert moved.booking.series_id != result.series.id
    assert len(moved.affected) == 2
    times = [(b.occurrence_date, b.starts_at.astimezone(PARIS).time()) for b in _series_rows(world)]
    assert times == [
        (first, time(9)), (first + timedelta(weeks=1), time(9)),
        (first + timedelta(weeks=2), time(14)), (first + timedelta(weeks=3), time(14)),
    ]  # fmt: skip
    old = get_booking(world.store, result.bookings[0].id).series
    assert old is not None and old.recurrence.until == first + timedelta(weeks=2, days=-1)


def test_changing_all_occurrences_and_the_rule_itself(world: World) -> None:
    first = next_weekday(0, weeks=2)
    result = book_series(world.store, world.manager,
                         world.draft(paris(first, 9), paris(first, 10), title="Point"),
                         _weekly(first, count=4))  # fmt: skip
    second = result.bookings[1]
    draft = world.draft(second.starts_at, second.ends_at + timedelta(minutes=30),
                        title="Point d'équipe")  # fmt: skip
    every_two = Recurrence(Frequency.WEEKLY, first, time(9), time(10, 30), interval=2, count=3)
    changed = edit_series(world.store, world.manager, second.id, draft, EditScope.ALL, every_two)
    rows = _series_rows(world)
    assert [b.occurrence_date for b in rows] == [
        first, first + timedelta(weeks=2), first + timedelta(weeks=4),
    ]  # fmt: skip
    assert all(b.title == "Point d'équipe" for b in rows)
    assert {b.series_id for b in rows} == {result.series.id}  # changed in place
    assert changed.booking.title == "Point d'équipe"


def test_update_with_scope_all_applies_details_to_every_occurrence(world: World) -> None:
    first = next_weekday(0, weeks=2)
    result = book_series(world.store, world.manager,
                         world.draft(paris(first, 9), paris(first, 10), title="Point"),
                         _weekly(first, count=3))  # fmt: skip
    last = result.bookings[2]
    draft = world.draft(last.starts_at, last.ends_at, title="Point renommé", attendees=4)
    update_booking(world.store, world.manager, last.id, draft, EditScope.ALL)
    assert {b.title for b in _series_rows(world)} == {"Point renommé"}


def test_a_clash_when_changing_the_following_ones_refuses_everything(world: World) -> None:
    first = next_weekday(0, weeks=2)
    result = book_series(world.store, world.manager,
                         world.draft(paris(first, 9), paris(first, 10), title="Point"),
                         _weekly(first, count=3))  # fmt: skip
    in_the_way = first + timedelta(weeks=2)
    book(world.store, world.manager, world.draft(paris(in_the_way, 14), paris(in_the_way, 15)))
    second = result.bookings[1]
    with pytest.raises(SeriesConflict):
        move_booking(world.store, world.manager, second.id, world.visio,
                     second.starts_at + timedelta(hours=5), second.ends_at + timedelta(hours=5),
                     EditScope.FOLLOWING)  # fmt: skip
    assert _holding(world, result.series.id) == [b.occurrence_date for b in result.bookings]


def test_cancelling_this_one_then_the_following_ones(world: World) -> None:
    first = next_weekday(0, weeks=2)
    result = book_series(world.store, world.manager,
                         world.draft(paris(first, 9), paris(first, 10)),
                         _weekly(first, count=5))  # fmt: skip
    cancel_booking(world.store, world.manager, result.bookings[1].id)
    assert _holding(world, result.series.id) == [
        first, first + timedelta(weeks=2), first + timedelta(weeks=3), first + timedelta(weeks=4),
    ]  # fmt: skip
    cancel_booking(world.store, world.manager, result.bookings[3].id, EditScope.FOLLOWING)
    assert _holding(world, result.series.id) == [first, first + timedelta(weeks=2)]
    series = get_booking(world.store, result.bookings[0].id).series
    assert series is not None and series.recurrence.until == first + timedelta(weeks=3, days=-1)
    visible = bookings_between(world.store, paris(first, 0), paris(first + timedelta(weeks=6), 0))
    assert sum(b.status is BookingStatus.CANCELLED for b in visible) == 3
    with world.store.read() as session:
        assert session.scalar(select(func.count()).select_from(SeriesException)) == 0
