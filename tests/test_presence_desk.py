"""The desk's moves: a badge scan in and out, several out at once, a walk-in, the usual desk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from presence_world import World, new_centre, paris, populate
from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.tariffs import Coverage, TariffKind, UsageUnit
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import offers, presence
from telecentre_desk.services.context import Actor
from telecentre_desk.services.desk_choice import desk_choices, usual_free_desk
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.presence import ScanOutcome
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.services.walk_in import WalkIn, check_in_walk_in, split_name
from telecentre_desk.storage.models import Member, Presence

MONDAY = paris(2026, 6, 15, 9, 0)


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


def _here(world: World) -> list[str]:
    return [p.member_name for p in presence.present_now(world.store)]


# -- scanning ---------------------------------------------------------------------------


def test_a_badge_scanned_twice_checks_in_then_out(world: World, volunteer: Actor) -> None:
    arrived = presence.scan(world.store, volunteer, "TD-000101", at=MONDAY)
    assert arrived.outcome is ScanOutcome.CHECKED_IN
    assert arrived.result is not None and arrived.result.presence.member_name == "Hélène Lefèvre"
    assert arrived.changes.members == {world.member("helene")}
    assert _here(world) == ["Hélène Lefèvre"]

    left = presence.scan(world.store, volunteer, "TD-000101", at=MONDAY + timedelta(hours=3))
    assert left.outcome is ScanOutcome.CHECKED_OUT
    assert left.result is not None and left.result.consumption is not None
    assert left.result.consumption.billed_unit is UsageUnit.HALF_DAY
    assert _here(world) == []


def test_a_double_scan_is_one_presence_not_an_arrival_and_a_departure(
    world: World, volunteer: Actor
) -> None:
    first = presence.scan(world.store, volunteer, "TD-000102", at=MONDAY)
    again = presence.scan(world.store, volunteer, "TD-000102", at=MONDAY + timedelta(seconds=2))
    assert again.outcome is ScanOutcome.ALREADY_HERE
    assert not again.changes
    assert again.result is not None and first.result is not None
    assert again.result.presence.id == first.result.presence.id
    assert _here(world) == ["Marc Dubois"]


def test_scanners_with_caps_lock_and_stray_spaces_still_work(
    world: World, volunteer: Actor
) -> None:
    result = presence.scan(world.store, volunteer, "  td-000103\n", at=MONDAY)
    assert result.outcome is ScanOutcome.CHECKED_IN
    assert _here(world) == ["Sofia Martin"]


def test_an_unknown_badge_changes_nothing_and_says_so(world: World, volunteer: Actor) -> None:
    result = presence.scan(world.store, volunteer, "TD-999999", at=MONDAY)
    assert (result.outcome, result.code, result.result) == (
        ScanOutcome.UNKNOWN_BADGE,
        "TD-999999",
        None,
    )
    assert not result.changes
    assert _here(world) == []


@pytest.mark.parametrize("garbage", ["\x1b[2~TD\x00", "\ufffd\ufffd\ufffd", "7" * 500])
def test_a_scanner_sending_garbage_gets_a_message(
    world: World, volunteer: Actor, garbage: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        presence.scan(world.store, volunteer, garbage)
    assert set(refused.value.problems) == {"code"}
    assert _here(world) == []


def test_an_archived_members_badge_is_refused(world: World, volunteer: Actor) -> None:
    with pytest.raises(ValidationError, match="Anne Archivée"):
        presence.scan(world.store, volunteer, "TD-000199")
    assert _here(world) == []


def test_a_fixed_desk_holder_is_seated_at_their_desk(world: World, volunteer: Actor) -> None:
    offers.subscribe(
        world.store,
        world.manager,
        world.member("sofia"),
        world.tariffs[TariffKind.MONTHLY_FIXED],
        MONDAY.date(),
        desk_id=world.desk("F1"),
    )
    result = presence.scan(world.store, volunteer, "TD-000103", at=MONDAY)
    assert result.result is not None and result.result.presence.desk_label == "F1"
    assert result.changes.desks == {world.desk("F1")}


def test_a_network_visitor_is_flagged(world: World, volunteer: Actor) -> None:
    result = presence.scan(world.store, volunteer, "TD-000104", at=MONDAY)
    assert result.result is not None and result.result.presence.network_visitor
    assert presence.present_now(world.store)[0].network_visitor


def test_toggle_from_a_picked_name(world: World, volunteer: Actor) -> None:
    member = world.member("helene")
    a3 = world.desk("A3")
    arrived = presence.toggle_presence(world.store, volunteer, member, desk_id=a3, at=MONDAY)
    assert (arrived.checked_out, arrived.presence.desk_label) == (False, "A3")
    left = presence.toggle_presence(
        world.store, volunteer, member, at=MONDAY + timedelta(minutes=30)
    )
    assert left.checked_out and left.presence.ended_at is not None
    assert _here(world) == []


# -- several at once --------------------------------------------------------------------------


def test_check_out_several_then_everyone(world: World, volunteer: Actor) -> None:
    for key in ("helene", "marc", "sofia", "lucas"):
        presence.check_in(world.store, volunteer, world.member(key), at=MONDAY)
    two = presence.check_out_members(
        world.store,
        volunteer,
        [world.member("helene"), world.member("marc"), world.member("paul")],  # Paul is away
        at=MONDAY + timedelta(hours=2),
    )
    assert sorted(p.member_name for p in two.closed) == ["Hélène Lefèvre", "Marc Dubois"]
    assert two.changes.members == {world.member("helene"), world.member("marc")}
    assert _here(world) == ["Sofia Martin", "Lucas Bernard"]

    rest = presence.check_out_everyone(world.store, volunteer, at=MONDAY + timedelta(hours=8))
    assert len(rest.closed) == 2
    assert _here(world) == []
    with world.store.read() as session:
        closed = session.scalars(select(Presence)).all()
        assert all(p.ended_at is not None and not p.needs_review for p in closed)


def test_a_check_out_before_arrival_in_a_batch_leaves_at_arrival(
    world: World, volunteer: Actor
) -> None:
    presence.check_in(world.store, volunteer, world.member("helene"), at=MONDAY)
    result = presence.check_out_everyone(world.store, volunteer, at=MONDAY - timedelta(minutes=10))
    assert result.closed[0].duration() == timedelta(0)


# -- the usual desk ---------------------------------------------------------------------------


def test_the_usual_free_desk_is_suggested(world: World, volunteer: Actor) -> None:
    member = world.member("helene")
    assert usual_free_desk(world.store, member) is None
    for days, label in ((1, "A2"), (2, "A4"), (3, "A4"), (4, "A2"), (5, "A4")):
        start = MONDAY + timedelta(days=days)
        presence.check_in(world.store, volunteer, member, desk_id=world.desk(label), at=start)
        presence.check_out(world.store, volunteer, member, at=start + timedelta(hours=3))
    suggestion = usual_free_desk(world.store, member)
    assert suggestion is not None and suggestion.label == "A4"
    # A4 is taken today: the next usual one.
    presence.check_in(world.store, volunteer, world.member("marc"), desk_id=world.desk("A4"))
    suggestion = usual_free_desk(world.store, member)
    assert suggestion is not None and suggestion.label == "A2"

    arrived = presence.scan(world.store, volunteer, "TD-000101")
    assert arrived.result is not None and arrived.result.presence.desk_id is None
    assert arrived.result.suggested_desk is not None
    assert arrived.result.suggested_desk.label == "A2"


def test_desk_choices_list_the_free_desks_in_natural_order(world: World, volunteer: Actor) -> None:
    presence.check_in(world.store, volunteer, world.member("marc"), desk_id=world.desk("A2"))
    choices = desk_choices(world.store, world.member("helene"))
    assert [d.label for d in choices.free] == ["A1", "A3", "A4", "A5", "A6", "F1"]
    assert choices.current_desk_id is None
    mine = desk_choices(world.store, world.member("marc"))
    assert mine.current_desk_id == world.desk("A2")


# -- walk-ins --------------------------------------------------------------------------------


def test_a_walk_in_with_a_day_pass_in_one_call(world: World, volunteer: Actor) -> None:
    result = check_in_walk_in(
        world.store,
        volunteer,
        WalkIn("  Jeanne   Le Gall ", "Mairie de Rozay", world.tariffs[TariffKind.DAY]),
        at=MONDAY,
    )
    assert result.presence.member_name == "Jeanne Le Gall"
    assert result.presence.organisation == "Mairie de Rozay"
    assert _here(world) == ["Jeanne Le Gall"]
    with world.store.read() as session:
        member = session.get_one(Member, result.presence.member_id)
        assert (member.first_name, member.last_name, member.category) == (
            "Jeanne",
            "Le Gall",
            MemberCategory.VISITOR,
        )
        assert member.organisation_id is None and member.badge_code is None
    # A day pass is a day, even for one hour, at the non-member price.
    left = presence.check_out(
        world.store, volunteer, result.presence.member_id, at=MONDAY + timedelta(hours=1)
    )
    assert left.consumption is not None
    assert (left.consumption.coverage, left.consumption.billed_unit) == (
        Coverage.PAY_AT_USE,
        UsageUnit.DAY,
    )
    assert str(left.consumption.amount) == "20.00"


def test_a_walk_in_from_a_known_company_is_linked_to_it(world: World, volunteer: Actor) -> None:
    result = check_in_walk_in(
        world.store, volunteer, WalkIn("Nina", "logiciels de la brie sas"), at=MONDAY
    )
    assert result.presence.organisation == "Logiciels de la Brie SAS"
    with world.store.read() as session:
        member = session.get_one(Member, result.presence.member_id)
        assert member.organisation_id == world.organisation_id
        assert (member.first_name, member.last_name) == ("", "Nina")
        assert not member.billed_to_organisation  # a visitor pays for themselves


def test_a_walk_in_without_a_name_or_with_a_wrong_tariff_stores_nothing(
    world: World, volunteer: Actor
) -> None:
    with pytest.raises(ValidationError) as refused:
        check_in_walk_in(world.store, volunteer, WalkIn("   ", "x" * 300))
    assert set(refused.value.problems) == {"full_name", "company"}
    with pytest.raises(ValidationError) as refused:
        check_in_walk_in(
            world.store, volunteer, WalkIn("Jeanne", "", world.tariffs[TariffKind.CARNET])
        )
    assert set(refused.value.problems) == {"tariff"}
    with world.store.read() as session:
        assert session.scalars(select(Member).where(Member.last_name == "Jeanne")).all() == []
    assert _here(world) == []


def test_split_name() -> None:
    assert split_name("Jeanne Le Gall") == ("Jeanne", "Le Gall")
    assert split_name("Nina") == ("", "Nina")
    assert split_name("  ") == ("", "")


def test_checking_out_someone_absent_says_so(world: World, volunteer: Actor) -> None:
    with pytest.raises(NotFound, match="Sofia Martin"):
        presence.check_out(world.store, volunteer, world.member("sofia"))
