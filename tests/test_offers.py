"""Offers and consumption: what each presence costs, who pays, carnets and subscriptions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from presence_world import CONTRACT_DAY_PRICE, World, new_centre, paris, populate
from telecentre_desk.domain.tariffs import Coverage, TariffKind, UsageRules, UsageUnit
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services import consumption, offers, presence
from telecentre_desk.services.context import Actor
from telecentre_desk.services.demo import generate_demo
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import AuditEvent, Desk, Presence
from telecentre_desk.storage.offer_models import (
    Carnet,
    CarnetUse,
    Consumption,
    Subscription,
    Tariff,
)

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
def receptionist(actors: tuple[Actor, Actor, Actor]) -> Actor:
    return actors[1]


@pytest.fixture
def volunteer(actors: tuple[Actor, Actor, Actor]) -> Actor:
    return actors[2]


def _visit(
    world: World, actor: Actor, key: str, hours: float, start: object = MONDAY
) -> consumption.ConsumptionInfo:
    """Check ``key`` in at ``start`` and out ``hours`` later; what the presence consumed."""
    assert hasattr(start, "tzinfo")
    member = world.member(key)
    presence.check_in(world.store, actor, member, at=start)  # type: ignore[arg-type]
    left = presence.check_out(
        world.store,
        actor,
        member,
        at=start + timedelta(hours=hours),  # type: ignore[operator]
    )
    assert left.consumption is not None
    return left.consumption


# -- the catalogue ----------------------------------------------------------------------


def test_the_catalogue_in_order_and_only_a_manager_changes_it(
    world: World, receptionist: Actor
) -> None:
    names = [t.name for t in offers.list_tariffs(world.store)]
    assert names == [
        "Heure",
        "Demi-journée",
        "Journée",
        "Carnet de 10 demi-journées",
        "Abonnement poste flexible",
        "Abonnement poste fixe",
    ]
    assert [t.kind for t in offers.walk_in_tariffs(world.store)] == [
        TariffKind.HOUR,
        TariffKind.HALF_DAY,
        TariffKind.DAY,
    ]
    draft = offers.TariffDraft(TariffKind.DAY, "Journée réseau", Decimal("12"), Decimal("12"))
    with pytest.raises(PermissionDenied):
        offers.create_tariff(world.store, receptionist, draft)
    assert len(offers.list_tariffs(world.store)) == 6


def test_a_wrong_tariff_says_what_is_wrong_and_stores_nothing(world: World) -> None:
    draft = offers.TariffDraft(
        TariffKind.CARNET, "  ", Decimal("-1"), Decimal("12.345"), Decimal("120"), units=0
    )
    with pytest.raises(ValidationError) as refused:
        offers.create_tariff(world.store, world.manager, draft)
    assert set(refused.value.problems) == {
        "name",
        "member_price",
        "non_member_price",
        "vat_rate",
        "units",
    }
    assert len(offers.list_tariffs(world.store, include_inactive=True)) == 6


def test_a_tariff_can_be_changed_and_withdrawn(world: World) -> None:
    day = world.tariffs[TariffKind.DAY]
    draft = offers.TariffDraft(
        TariffKind.DAY, "Journée", Decimal("17.50"), Decimal("21.00"), Decimal("20"), active=False
    )
    changed = offers.update_tariff(world.store, world.manager, day, draft).tariff
    assert (changed.member_price, changed.vat_rate, changed.active) == (
        Decimal("17.50"),
        Decimal("20.00"),
        False,
    )
    assert day not in [t.id for t in offers.list_tariffs(world.store)]
    assert day in [t.id for t in offers.list_tariffs(world.store, include_inactive=True)]


# -- paying at use ------------------------------------------------------------------------


def test_three_hours_are_a_half_day_at_the_member_price(world: World, volunteer: Actor) -> None:
    used = _visit(world, volunteer, "helene", 3)
    assert used.coverage is Coverage.PAY_AT_USE
    assert (used.measured_unit, used.measured_quantity) == (UsageUnit.HALF_DAY, 1)
    assert (used.billed_unit, used.billed_quantity, used.amount) == (
        UsageUnit.HALF_DAY,
        1,
        Decimal("10.00"),
    )
    assert used.payer_organisation_id is None
    assert used.payer_name == "Hélène Lefèvre"
    assert used.service_date == date(2026, 6, 15)


def test_a_visitor_pays_the_non_member_price(world: World, volunteer: Actor) -> None:
    used = _visit(world, volunteer, "paul", 7)
    assert (used.billed_unit, used.amount) == (UsageUnit.DAY, Decimal("20.00"))


def test_an_hour_and_a_half_is_two_started_hours(world: World, volunteer: Actor) -> None:
    used = _visit(world, volunteer, "sofia", 1.5)
    assert (used.billed_unit, used.billed_quantity, used.amount) == (
        UsageUnit.HOUR,
        2,
        Decimal("8.00"),
    )


def test_a_very_short_visit_is_free(world: World, volunteer: Actor) -> None:
    used = _visit(world, volunteer, "sofia", 0.1)
    assert used.coverage is Coverage.FREE
    assert used.amount == Decimal(0) and used.billed_unit is None


def test_the_organisation_pays_its_contract_price(world: World, volunteer: Actor) -> None:
    day = _visit(world, volunteer, "marc", 7)
    assert (day.billed_unit, day.amount) == (UsageUnit.DAY, CONTRACT_DAY_PRICE)
    assert day.payer_organisation_id == world.organisation_id
    assert day.payer_name == "Logiciels de la Brie SAS"
    # No contract price for a half-day: the member price, still billed to the organisation.
    half = _visit(world, volunteer, "marc", 3, MONDAY + timedelta(days=1))
    assert (half.amount, half.payer_organisation_id) == (Decimal("10.00"), world.organisation_id)


def test_removing_a_contract_price_falls_back_to_the_member_price(
    world: World, volunteer: Actor
) -> None:
    day = world.tariffs[TariffKind.DAY]
    remaining = offers.set_contract_price(
        world.store, world.manager, world.organisation_id, day, None
    )
    assert remaining == []
    with pytest.raises(ValidationError):
        offers.set_contract_price(
            world.store, world.manager, world.organisation_id, day, Decimal("-3")
        )
    with pytest.raises(PermissionDenied):
        offers.set_contract_price(world.store, volunteer, world.organisation_id, day, Decimal(1))
    assert _visit(world, volunteer, "marc", 7).amount == Decimal("16.00")


def test_the_half_day_limit_is_a_centre_setting(world: World, volunteer: Actor) -> None:
    assert _visit(world, volunteer, "helene", 4.8).billed_unit is UsageUnit.DAY
    five_hours = UsageRules(half_day_up_to=timedelta(hours=5))
    with pytest.raises(PermissionDenied):
        offers.set_usage_rules(world.store, volunteer, five_hours)
    wrong = UsageRules(hourly_up_to=timedelta(hours=6), half_day_up_to=timedelta(hours=5))
    with pytest.raises(ValidationError):
        offers.set_usage_rules(world.store, world.manager, wrong)
    assert offers.usage_rules(world.store) == UsageRules()
    offers.set_usage_rules(world.store, world.manager, five_hours)
    assert offers.usage_rules(world.store) == five_hours
    later = _visit(world, volunteer, "helene", 4.8, MONDAY + timedelta(days=1))
    assert later.billed_unit is UsageUnit.HALF_DAY


# -- carnets ----------------------------------------------------------------------------


def test_a_carnet_gives_half_days_and_a_day_takes_two(world: World, volunteer: Actor) -> None:
    carnet = offers.sell_carnet(
        world.store,
        world.manager,
        world.member("helene"),
        world.tariffs[TariffKind.CARNET],
        purchased_on=date(2026, 6, 1),
    ).carnet
    assert (carnet.units_total, carnet.remaining_units, carnet.price) == (
        10,
        10,
        Decimal("85.00"),
    )
    assert carnet.expires_on == date(2027, 6, 1)
    day = _visit(world, volunteer, "helene", 7)
    assert (day.coverage, day.carnet_units, day.carnet_units_left, day.amount) == (
        Coverage.CARNET,
        2,
        8,
        Decimal(0),
    )
    half = _visit(world, volunteer, "helene", 2, MONDAY + timedelta(days=1))
    assert (half.carnet_units, half.carnet_units_left) == (1, 7)
    balance = offers.member_balance(world.store, world.member("helene"), date(2026, 6, 17))
    assert (balance.carnet_units, balance.first_name) == (7, "Hélène")


def test_a_carnet_never_goes_below_zero(world: World, volunteer: Actor) -> None:
    carnet = offers.sell_carnet(
        world.store,
        world.manager,
        world.member("sofia"),
        world.tariffs[TariffKind.CARNET],
        purchased_on=date(2026, 6, 1),
    ).carnet
    with world.store.write() as session:
        session.get_one(Carnet, carnet.id).remaining_units = 1
    # A day needs two half-days: the last one comes from the carnet, the other is billed.
    day = _visit(world, volunteer, "sofia", 7)
    assert (day.coverage, day.carnet_units, day.carnet_units_left) == (Coverage.CARNET, 1, 0)
    assert (day.billed_unit, day.billed_quantity, day.amount) == (
        UsageUnit.HALF_DAY,
        1,
        Decimal("10.00"),
    )
    after = _visit(world, volunteer, "sofia", 3, MONDAY + timedelta(days=1))
    assert after.coverage is Coverage.PAY_AT_USE
    # And the database itself refuses a negative balance, whatever the code does.
    with pytest.raises(IntegrityError), world.store.write() as session:
        session.execute(update(Carnet).where(Carnet.id == carnet.id).values(remaining_units=-1))


def test_a_carnet_is_never_consumed_twice_for_one_presence(world: World, volunteer: Actor) -> None:
    carnet = offers.sell_carnet(
        world.store,
        world.manager,
        world.member("helene"),
        world.tariffs[TariffKind.CARNET],
        purchased_on=date(2026, 6, 1),
    ).carnet
    used = _visit(world, volunteer, "helene", 3)
    with world.store.write() as session:
        closed = session.get_one(presence.Presence, used.presence_id)
        again = consumption.record_consumption(session, closed)
        assert again.carnet_units == 1
    assert offers.member_carnets(world.store, world.member("helene"))[0].remaining_units == 9
    with pytest.raises(IntegrityError), world.store.write() as session:
        session.add(CarnetUse(carnet_id=carnet.id, presence_id=used.presence_id, units=1))
    with world.store.read() as session:
        assert session.scalar(select(func.count()).select_from(CarnetUse)) == 1
        assert session.get_one(Carnet, carnet.id).remaining_units == 9


def test_an_expired_carnet_is_not_used(world: World, volunteer: Actor) -> None:
    offers.sell_carnet(
        world.store,
        world.manager,
        world.member("helene"),
        world.tariffs[TariffKind.CARNET],
        purchased_on=date(2025, 1, 10),
    )
    used = _visit(world, volunteer, "helene", 3)  # June 2026: it expired in January
    assert used.coverage is Coverage.PAY_AT_USE
    assert offers.member_balance(world.store, world.member("helene"), date(2026, 6, 15)) == (
        offers.MemberBalance(world.member("helene"), "Hélène", 0, None, None)
    )


def test_only_a_carnet_tariff_sells_a_carnet(world: World, volunteer: Actor) -> None:
    with pytest.raises(ValidationError):
        offers.sell_carnet(
            world.store, world.manager, world.member("helene"), world.tariffs[TariffKind.DAY]
        )
    with pytest.raises(PermissionDenied):
        offers.sell_carnet(
            world.store, volunteer, world.member("helene"), world.tariffs[TariffKind.CARNET]
        )
    with pytest.raises(ValidationError) as refused:
        offers.sell_carnet(
            world.store, world.manager, world.member("anne"), world.tariffs[TariffKind.CARNET]
        )
    assert set(refused.value.problems) == {"member"}
    assert offers.member_carnets(world.store, world.member("helene")) == []


# -- subscriptions --------------------------------------------------------------------------


def test_a_subscription_covers_its_days_only(world: World, volunteer: Actor) -> None:
    subscription = offers.subscribe(
        world.store,
        world.manager,
        world.member("sofia"),
        world.tariffs[TariffKind.MONTHLY_FLEX],
        date(2026, 6, 1),
        ends_on=date(2026, 6, 30),
    ).subscription
    assert (subscription.monthly_price, subscription.tariff_name) == (
        Decimal("150.00"),
        "Abonnement poste flexible",
    )
    covered = _visit(world, volunteer, "sofia", 7)
    assert (covered.coverage, covered.amount) == (Coverage.SUBSCRIPTION, Decimal(0))
    before = _visit(world, volunteer, "sofia", 7, paris(2026, 5, 29, 9))
    assert (before.coverage, before.amount) == (Coverage.PAY_AT_USE, Decimal("16.00"))
    balance = offers.member_balance(world.store, world.member("sofia"), date(2026, 6, 20))
    assert balance.subscription == "Abonnement poste flexible"


def test_overlapping_subscriptions_are_refused(world: World) -> None:
    flex = world.tariffs[TariffKind.MONTHLY_FLEX]
    member = world.member("sofia")
    offers.subscribe(world.store, world.manager, member, flex, date(2026, 6, 1))
    with pytest.raises(ValidationError, match="Sofia Martin") as refused:
        offers.subscribe(world.store, world.manager, member, flex, date(2026, 9, 1))
    assert set(refused.value.problems) == {"starts_on"}
    with pytest.raises(ValidationError):
        offers.subscribe(
            world.store,
            world.manager,
            world.member("helene"),
            flex,
            date(2026, 6, 1),
            ends_on=date(2026, 5, 1),
        )
    with pytest.raises(ValidationError):
        offers.subscribe(
            world.store, world.manager, member, world.tariffs[TariffKind.DAY], date(2027, 1, 1)
        )
    assert len(offers.member_subscriptions(world.store, member)) == 1


def test_a_fixed_desk_subscription_keeps_the_desk_for_its_holder(
    world: World, volunteer: Actor
) -> None:
    fixed = world.tariffs[TariffKind.MONTHLY_FIXED]
    f1 = world.desk("F1")
    with pytest.raises(ValidationError) as refused:
        offers.subscribe(world.store, world.manager, world.member("marc"), fixed, date(2026, 6, 1))
    assert set(refused.value.problems) == {"desk"}
    result = offers.subscribe(
        world.store, world.manager, world.member("marc"), fixed, date(2026, 6, 1), desk_id=f1
    )
    assert result.changes.desks == {f1}
    # Paid by the organisation, at the member price (no contract price for it).
    assert result.subscription.payer_organisation_id == world.organisation_id
    assert result.subscription.monthly_price == Decimal("220.00")
    with world.store.read() as session:
        assert session.get_one(Desk, f1).holder_id == world.member("marc")
    with pytest.raises(ValidationError, match="Marc Dubois"):
        presence.check_in(world.store, volunteer, world.member("helene"), desk_id=f1)
    with pytest.raises(ValidationError, match="F1") as refused:
        offers.subscribe(
            world.store, world.manager, world.member("sofia"), fixed, date(2026, 6, 1), desk_id=f1
        )
    assert set(refused.value.problems) == {"desk"}
    # Ended yesterday: the desk is free for everyone again.
    ended = offers.end_subscription(
        world.store, world.manager, result.subscription.id, offers.today() - timedelta(days=1)
    )
    assert f1 in ended.changes.desks
    with world.store.read() as session:
        assert session.get_one(Desk, f1).holder_id is None
    presence.check_in(world.store, volunteer, world.member("helene"), desk_id=f1)


def test_the_consumptions_of_a_period_for_invoicing(world: World, volunteer: Actor) -> None:
    _visit(world, volunteer, "helene", 3)
    _visit(world, volunteer, "paul", 2, paris(2026, 6, 16, 0, 30))  # 22:30 UTC on the 15th
    _visit(world, volunteer, "sofia", 3, paris(2026, 7, 1, 9))
    june = consumption.consumptions_between(world.store, date(2026, 6, 1), date(2026, 6, 30))
    assert [(c.member_name, c.service_date) for c in june] == [
        ("Hélène Lefèvre", date(2026, 6, 15)),
        ("Paul Petit", date(2026, 6, 16)),
    ]


def test_every_sale_is_audited(world: World) -> None:
    offers.sell_carnet(
        world.store, world.manager, world.member("helene"), world.tariffs[TariffKind.CARNET]
    )
    offers.subscribe(
        world.store,
        world.manager,
        world.member("sofia"),
        world.tariffs[TariffKind.MONTHLY_FLEX],
        date(2026, 6, 1),
    )
    with world.store.read() as session:
        actions = set(session.scalars(select(AuditEvent.action)))
        assert {"create_tariff", "set_contract_price", "sell_carnet", "subscribe"} <= actions
        assert session.scalar(select(func.count()).select_from(Tariff)) == 6


# -- the demo ------------------------------------------------------------------------------------


def test_the_demo_has_a_catalogue_subscriptions_carnets_and_recent_history(
    tmp_path: Path,
) -> None:
    paths = prepare_data_dir(tmp_path / "demo")
    generate_demo(paths)
    store = open_store(paths)
    try:
        kinds = [t.kind for t in offers.list_tariffs(store)]
        assert kinds[: len(TariffKind)] == list(TariffKind)  # rooms' tariffs come after
        walk_in = [t.name for t in offers.walk_in_tariffs(store)]
        assert walk_in == ["Heure", "Demi-journée", "Journée"]  # never a room's tariff
        with store.read() as session:
            assert session.scalar(select(func.count()).select_from(Subscription)) >= 2
            carnets = session.scalars(select(Carnet)).all()
            assert len(carnets) == 6
            assert all(0 <= c.remaining_units <= c.units_total for c in carnets)
            closed = session.scalar(
                select(func.count()).select_from(Presence).where(Presence.ended_at.is_not(None))
            )
            recorded = session.scalar(
                select(func.count())
                .select_from(Consumption)
                .where(Consumption.presence_id.is_not(None))  # rooms' bookings have theirs
            )
            assert closed and closed == recorded  # every past presence consumed something
        assert presence.present_now(store) == []  # nobody "here now": screens start empty
    finally:
        store.close()
