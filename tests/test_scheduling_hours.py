"""The centre's weekly opening hours set by a manager: the rules, bad input that stores
nothing, and what reads them at once (the booking check, the closing of presences)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy import select

import presence_world
from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_weekday,
    next_weekday_holiday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk.domain.opening_hours import (
    default_opening_hours,
    hours_problems,
    weekday_name,
)
from telecentre_desk.i18n import PARIS
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import presence
from telecentre_desk.services.booking_documents import door_card
from telecentre_desk.services.booking_queries import calendar_data
from telecentre_desk.services.bookings import BookingConflict, book
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.opening_hours_settings import opening_hours, set_opening_hours
from telecentre_desk.services.presence_closing import close_forgotten_presences
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.models import AuditEvent, Centre

MORNING = (time(9, 0), time(12, 0))
AFTERNOON = (time(14, 0), time(18, 0))
WEDNESDAY_INDEX = 2


def _stored(world: World) -> dict[str, list[list[str]]]:
    with world.store.read() as session:
        return dict(session.get_one(Centre, 1).opening_hours)


def _wednesday_closes_at_noon() -> dict[int, list[tuple[time, time]]]:
    hours = default_opening_hours()
    hours[2] = [(time(8, 30), time(12, 0))]
    return hours


# -- the rules (pure) --------------------------------------------------------------------------
def test_a_day_is_closed_open_once_or_open_twice_around_a_lunch_break() -> None:
    assert hours_problems({0: [MORNING, AFTERNOON], 1: [(time(8), time(20))], 2: []}) == {}


def test_times_out_of_order_are_named_by_day() -> None:
    problems = hours_problems(
        {
            0: [(time(18), time(9))],  # closes before it opens
            1: [(time(9), time(14)), (time(13), time(18))],  # the break ends before it starts
            2: [MORNING, (time(12), time(18))],  # a break of no time at all
            3: [MORNING, AFTERNOON, (time(19), time(21))],  # three spans
            4: [MORNING],
        }
    )
    assert set(problems) == {"day_0", "day_1", "day_2", "day_3"}
    assert problems["day_0"].startswith(weekday_name(0))


def test_a_week_with_no_open_day_is_refused() -> None:
    assert set(hours_problems({day: [] for day in range(7)})) == {"week"}
    assert set(hours_problems({9: [MORNING], 0: [MORNING]})) == {"week"}


# -- the service -------------------------------------------------------------------------------
def test_a_manager_sets_a_lunch_break_and_it_is_stored_read_and_audited(world: World) -> None:
    hours = default_opening_hours()
    hours[2] = [AFTERNOON, MORNING]  # given in any order
    hours[5] = [MORNING]
    hours[4] = []
    result = set_opening_hours(world.store, world.manager, hours)
    assert result.week[2] == (MORNING, AFTERNOON)
    assert result.week[4] == () and result.week[5] == (MORNING,)
    assert result.changes.rooms >= {world.visio, world.meeting}
    assert _stored(world)["2"] == [["09:00", "12:00"], ["14:00", "18:00"]]
    assert "4" not in _stored(world)
    assert opening_hours(world.store).week == result.week
    with world.store.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "set_opening_hours")
        ).one()
    assert event.changes["after"]["2"] == [["09:00", "12:00"], ["14:00", "18:00"]]


def test_bad_hours_are_refused_with_a_message_and_nothing_changes(world: World) -> None:
    before = _stored(world)
    hours = default_opening_hours()
    hours[2] = [(time(18), time(9))]
    with pytest.raises(ValidationError) as refused:
        set_opening_hours(world.store, world.manager, hours)
    assert set(refused.value.problems) == {"day_2"}
    assert weekday_name(2) in refused.value.problems["day_2"]
    with pytest.raises(ValidationError):
        set_opening_hours(world.store, world.manager, {})
    assert _stored(world) == before


def test_only_a_manager_changes_the_hours(world: World) -> None:
    before = _stored(world)
    with pytest.raises(PermissionDenied):
        set_opening_hours(world.store, world.receptionist, _wednesday_closes_at_noon())
    assert _stored(world) == before


def test_after_wednesday_closes_at_noon_a_wednesday_afternoon_booking_is_refused(
    world: World,
) -> None:
    wednesday = next_weekday(2)
    before = book(
        world.store, world.manager, world.draft(paris(wednesday, 14), paris(wednesday, 15))
    )
    result = set_opening_hours(world.store, world.manager, _wednesday_closes_at_noon())
    # The booking made before the change is kept, and named so the desk calls the person.
    assert result.outside_hours == (before.booking.id,)
    next_week = wednesday + timedelta(weeks=1)
    with pytest.raises(BookingConflict, match=r"opening hours|heures d.ouverture"):
        book(
            world.store,
            world.receptionist,
            world.draft(paris(next_week, 14), paris(next_week, 15)),
        )
    morning = book(
        world.store, world.receptionist, world.draft(paris(next_week, 10), paris(next_week, 11))
    )
    assert morning.booking.id


def test_a_lunch_break_refuses_a_booking_over_midday(world: World) -> None:
    hours = default_opening_hours()
    hours[1] = [(time(8, 30), time(12, 0)), (time(13, 30), time(18, 30))]
    set_opening_hours(world.store, world.manager, hours)
    tuesday = next_weekday(1)
    with pytest.raises(BookingConflict):
        book(world.store, world.manager, world.draft(paris(tuesday, 11), paris(tuesday, 14)))
    book(world.store, world.manager, world.draft(paris(tuesday, 13, 30), paris(tuesday, 14)))


def test_the_closing_of_open_presences_reads_the_new_hours(data_paths: DataPaths) -> None:
    store = open_store(data_paths)
    try:
        manager, _receptionist, volunteer = presence_world.new_centre(store)
        centre = presence_world.populate(store, manager)
        wednesday_nine = presence_world.paris(2026, 11, 25, 9, 0)
        presence.check_in(store, volunteer, centre.member("helene"), at=wednesday_nine)
        one_pm = wednesday_nine + timedelta(hours=4)
        assert close_forgotten_presences(store, volunteer, now=one_pm).closed == ()
        set_opening_hours(store, manager, _wednesday_closes_at_noon())
        swept = close_forgotten_presences(store, volunteer, now=one_pm)
        assert [p.ended_at for p in swept.closed] == [wednesday_nine + timedelta(hours=3)]
    finally:
        store.close()


def test_the_calendar_reads_each_opening_span_and_the_holidays(world: World) -> None:
    hours = default_opening_hours()
    hours[2] = [MORNING, AFTERNOON]
    set_opening_hours(world.store, world.manager, hours)
    wednesday = next_weekday(2)
    data = calendar_data(world.store, wednesday, 1)
    assert data.days[0].spans == (MORNING, AFTERNOON)
    assert data.days[0].hours == (time(9), time(18))
    holiday, name = next_weekday_holiday()
    info = opening_hours(world.store, today=holiday - timedelta(days=1))
    assert (holiday, name) in [(h.day, h.name) for h in info.holidays]
    assert all(h.day <= holiday + timedelta(days=366) for h in info.holidays)
    assert calendar_data(world.store, holiday, 1).days[0].spans == ()


def test_the_holidays_listed_are_those_of_the_next_twelve_months(world: World) -> None:
    info = opening_hours(world.store, today=date(2026, 11, 28))
    days = [holiday.day for holiday in info.holidays]
    assert days == sorted(days)
    assert days[0] == date(2026, 12, 25) and date(2027, 7, 14) in days
    assert days[-1] <= date(2027, 11, 28) and date(2026, 11, 11) not in days


def test_the_door_card_leaves_the_lunch_break_off_its_free_times(world: World) -> None:
    hours = default_opening_hours()
    hours[WEDNESDAY_INDEX] = [MORNING, AFTERNOON]
    set_opening_hours(world.store, world.manager, hours)
    wednesday = next_weekday(WEDNESDAY_INDEX)
    book(world.store, world.manager, world.draft(paris(wednesday, 10), paris(wednesday, 11)))
    card = door_card(world.store, world.visio, wednesday)
    slots = [
        (f"{s.starts_at.astimezone(PARIS):%H:%M}", f"{s.ends_at.astimezone(PARIS):%H:%M}", s.booked)
        for s in card.slots
    ]
    assert slots == [
        ("09:00", "10:00", False),
        ("10:00", "11:00", True),
        ("11:00", "12:00", False),
        ("14:00", "18:00", False),
    ]
