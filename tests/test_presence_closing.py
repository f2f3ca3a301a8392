"""Closing time: forgotten presences closed at closing and flagged; reviewing them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from presence_world import World, new_centre, paris, populate
from telecentre_desk.domain.tariffs import Coverage, TariffKind, UsageUnit
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import offers, presence
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.presence_closing import close_forgotten_presences
from telecentre_desk.services.presence_review import review_presence
from telecentre_desk.services.store import Store, open_store

FRIDAY = paris(2026, 11, 27, 9, 0)  # the centre is open 8:30-18:30 on weekdays
FRIDAY_CLOSING = paris(2026, 11, 27, 18, 30)


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    opened = open_store(data_paths)
    yield opened
    opened.close()


@pytest.fixture
def actors(store: Store) -> tuple[Actor, Actor, Actor]:
    return new_centre(store)


@pytest.fixture
def world(store: Store, actors: tuple[Actor, Actor, Actor]) -> World:
    return populate(store, actors[0])


@pytest.fixture
def volunteer(actors: tuple[Actor, Actor, Actor]) -> Actor:
    return actors[2]


def test_forgotten_presences_are_closed_at_closing_and_flagged(
    world: World, volunteer: Actor
) -> None:
    presence.check_in(world.store, volunteer, world.member("helene"), at=FRIDAY)
    presence.check_in(world.store, volunteer, world.member("marc"), at=FRIDAY + timedelta(hours=2))
    # Still open before closing: nothing happens.
    before = close_forgotten_presences(
        world.store, volunteer, now=FRIDAY_CLOSING - timedelta(minutes=1)
    )
    assert before.closed == () and not before.changes
    assert len(presence.present_now(world.store)) == 2

    swept = close_forgotten_presences(world.store, volunteer, now=paris(2026, 11, 28, 8, 0))
    assert sorted(p.member_name for p in swept.closed) == ["Hélène Lefèvre", "Marc Dubois"]
    assert all(p.ended_at == FRIDAY_CLOSING and p.needs_review for p in swept.closed)
    assert presence.present_now(world.store) == []
    review = presence.presences_to_review(world.store)
    assert [p.member_name for p in review] == ["Marc Dubois", "Hélène Lefèvre"]
    # Running it again changes nothing.
    assert close_forgotten_presences(world.store, volunteer).closed == ()


def test_a_presence_started_after_closing_is_closed_at_midnight(
    world: World, volunteer: Actor
) -> None:
    presence.check_in(world.store, volunteer, world.member("sofia"), at=paris(2026, 11, 27, 19))
    swept = close_forgotten_presences(world.store, volunteer, now=paris(2026, 11, 28, 9))
    assert swept.closed[0].ended_at == paris(2026, 11, 28, 0, 0)
    assert swept.closed[0].needs_review


def test_confirming_a_reviewed_presence_keeps_its_time(world: World, volunteer: Actor) -> None:
    presence.check_in(world.store, volunteer, world.member("helene"), at=FRIDAY)
    close_forgotten_presences(world.store, volunteer, now=paris(2026, 11, 28, 8))
    (flagged,) = presence.presences_to_review(world.store)
    confirmed = review_presence(world.store, volunteer, flagged.id)
    assert confirmed.presence.ended_at == FRIDAY_CLOSING
    assert not confirmed.presence.needs_review
    assert presence.presences_to_review(world.store) == []


def test_correcting_the_departure_gives_carnet_units_back(world: World, volunteer: Actor) -> None:
    offers.sell_carnet(
        world.store,
        world.manager,
        world.member("helene"),
        world.tariffs[TariffKind.CARNET],
        purchased_on=FRIDAY.date() - timedelta(days=10),
    )
    presence.check_in(world.store, volunteer, world.member("helene"), at=FRIDAY)
    close_forgotten_presences(world.store, volunteer, now=paris(2026, 11, 28, 8))
    (flagged,) = presence.presences_to_review(world.store)
    carnet = offers.member_carnets(world.store, world.member("helene"))[0]
    assert carnet.remaining_units == 8  # 9:00-18:30 counted as a day: two half-days

    corrected = review_presence(
        world.store,
        volunteer,
        flagged.id,
        ended_at=paris(2026, 11, 27, 12, 0),
        now=paris(2026, 11, 28, 9),
    )
    assert corrected.presence.ended_at == paris(2026, 11, 27, 12, 0)
    assert corrected.consumption is not None
    assert (corrected.consumption.coverage, corrected.consumption.measured_unit) == (
        Coverage.CARNET,
        UsageUnit.HALF_DAY,
    )
    assert offers.member_carnets(world.store, world.member("helene"))[0].remaining_units == 9


def test_a_wrong_correction_is_refused_and_changes_nothing(world: World, volunteer: Actor) -> None:
    presence.check_in(world.store, volunteer, world.member("helene"), at=FRIDAY)
    close_forgotten_presences(world.store, volunteer, now=paris(2026, 11, 28, 8))
    (flagged,) = presence.presences_to_review(world.store)
    now = paris(2026, 11, 28, 9)
    for wrong in (FRIDAY - timedelta(minutes=1), now + timedelta(hours=1)):
        with pytest.raises(ValidationError) as refused:
            review_presence(world.store, volunteer, flagged.id, ended_at=wrong, now=now)
        assert set(refused.value.problems) == {"ended_at"}
    # Overlapping the member's next presence is refused too.
    presence.check_in(world.store, volunteer, world.member("helene"), at=paris(2026, 11, 27, 20))
    presence.check_out(world.store, volunteer, world.member("helene"), at=paris(2026, 11, 27, 21))
    with pytest.raises(ValidationError):
        review_presence(
            world.store, volunteer, flagged.id, ended_at=paris(2026, 11, 27, 20, 30), now=now
        )
    (still,) = presence.presences_to_review(world.store)
    assert still.ended_at == FRIDAY_CLOSING
    with pytest.raises(NotFound):
        review_presence(world.store, volunteer, 987654)


def test_an_open_presence_is_not_reviewed_but_checked_out(world: World, volunteer: Actor) -> None:
    arrived = presence.check_in(world.store, volunteer, world.member("helene"), at=FRIDAY)
    with pytest.raises(ValidationError):
        review_presence(world.store, volunteer, arrived.presence.id)


def test_the_sweep_gives_back_the_fixed_desks_of_ended_subscriptions(
    world: World, volunteer: Actor
) -> None:
    fixed = offers.subscribe(
        world.store,
        world.manager,
        world.member("marc"),
        world.tariffs[TariffKind.MONTHLY_FIXED],
        paris(2026, 1, 1).date(),
        ends_on=paris(2026, 11, 30).date(),
        desk_id=world.desk("F1"),
    )
    assert (
        close_forgotten_presences(world.store, volunteer, now=paris(2026, 11, 30, 12)).closed == ()
    )
    with pytest.raises(ValidationError):
        presence.check_in(world.store, volunteer, world.member("helene"), desk_id=world.desk("F1"))
    swept = close_forgotten_presences(world.store, volunteer, now=paris(2026, 12, 1, 8))
    assert fixed.subscription.desk_id in swept.changes.desks
    presence.check_in(world.store, volunteer, world.member("helene"), desk_id=world.desk("F1"))
