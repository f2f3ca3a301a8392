"""The billing run: a month of use into one draft per customer, each thing billed once."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from schwifty import BIC, IBAN
from sqlalchemy import func, select

import billing_world
import booking_world
from billing_world import NOVEMBER, OCTOBER, drafts, half_days, visit
from booking_world import next_weekday
from presence_world import World, paris
from telecentre_desk.domain.invoice_document import UnitCode
from telecentre_desk.domain.invoicing import LineFamily
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.domain.vat import VatCategory
from telecentre_desk.i18n import _, set_language
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import offers, presence
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.billing_run import BillingRunResult, run_billing
from telecentre_desk.services.billing_settings import get_billing_settings, missing_legal_identity
from telecentre_desk.services.booking_rooms import BookingPolicy, set_booking_policy
from telecentre_desk.services.bookings import Organiser, book, cancel_booking
from telecentre_desk.services.context import Actor
from telecentre_desk.services.demo import DEMO_ACCOUNTS, generate_demo
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.invoice_queries import get_invoice
from telecentre_desk.services.store import open_store
from telecentre_desk.services.walk_in import WalkIn, check_in_walk_in
from telecentre_desk.storage.invoice_models import BilledItem, Invoice
from telecentre_desk.storage.models import AuditEvent, Centre

world_fixture = booking_world.world_fixture
world_template_fixture = booking_world.world_template_fixture
desk_template_fixture = billing_world.desk_template_fixture
store_fixture = billing_world.store_fixture
actors_fixture = billing_world.actors_fixture
desk_fixture = billing_world.desk_fixture


def _run(world: World, period: tuple[date, date] = NOVEMBER) -> BillingRunResult:
    return run_billing(world.store, world.manager, *period)


# -- presences -------------------------------------------------------------------------------
def test_half_days_of_a_month_make_one_readable_french_line(desk: World) -> None:
    half_days(desk, desk.manager, "helene", 2, 3, 4)
    result = _run(desk)
    assert (result.drafts_created, result.drafts_updated, result.lines_added) == (1, 0, 1)
    detail = get_invoice(desk.store, drafts(desk.store)["Hélène Lefèvre"].id)
    (line,) = detail.lines
    assert line.description == f"{_('Shared desk')} — 3 demi-journées — novembre 2026"
    assert (line.quantity, line.unit, line.unit_price, line.net) == (
        Decimal(3),
        UnitCode.ONE,
        Decimal("10.00"),
        Decimal("30.00"),
    )
    assert line.family is LineFamily.DESK_USE
    # Franchise en base: exempt, with the 293 B mention, whatever the tariff says.
    assert (line.vat_category, line.vat_rate) == (VatCategory.EXEMPT, Decimal(0))
    assert "293 B" in line.vat_exemption_reason
    assert detail.summary.gross_total == Decimal("30.00")
    assert (line.period_start, line.period_end) == (date(2026, 11, 2), date(2026, 11, 4))


def test_lines_follow_the_users_language(desk: World) -> None:
    half_days(desk, desk.manager, "helene", 2, 3)
    set_language("en")
    _run(desk)
    (line,) = get_invoice(desk.store, drafts(desk.store)["Hélène Lefèvre"].id).lines
    assert line.description == "Shared desk — 2 half-days — November 2026"


def test_a_presence_is_billed_once_across_two_runs(desk: World) -> None:
    half_days(desk, desk.manager, "helene", 2)
    first = _run(desk)
    again = _run(desk)
    assert (again.drafts_created, again.drafts_updated, again.lines_added) == (0, 0, 0)
    half_days(desk, desk.manager, "helene", 5)  # used later in the month
    third = _run(desk)
    assert (third.drafts_created, third.drafts_updated, third.lines_added) == (0, 1, 1)
    assert third.invoice_ids == first.invoice_ids  # the same draft, completed
    detail = get_invoice(desk.store, first.invoice_ids[0])
    assert [line.quantity for line in detail.lines] == [Decimal(1), Decimal(1)]
    assert [line.position for line in detail.lines] == [1, 2]
    with desk.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Invoice)) == 1
        assert session.scalar(select(func.count()).select_from(BilledItem)) == 2


def test_a_member_is_billed_to_their_organisation_at_its_contract_price(desk: World) -> None:
    visit(desk, desk.manager, "marc", paris(2026, 11, 9, 9), 7)  # a day
    _run(desk)
    by_name = drafts(desk.store)
    assert "Marc Dubois" not in by_name
    detail = get_invoice(desk.store, by_name["Logiciels de la Brie SAS"].id)
    assert detail.summary.organisation_id == desk.organisation_id
    assert detail.buyer_is_company
    (line,) = detail.lines
    assert (line.unit, line.unit_price) == (UnitCode.DAY, Decimal("14.00"))
    assert line.description.endswith("1 journée — novembre 2026")
    # The organisation has no SIREN on file: said before issuing.
    assert any("SIREN" in warning for warning in detail.warnings)


def test_what_a_subscription_or_a_carnet_covers_is_not_billed_at_use(desk: World) -> None:
    carnet = desk.tariffs[TariffKind.CARNET]
    offers.sell_carnet(desk.store, desk.manager, desk.member("sofia"), carnet,
                       purchased_on=date(2026, 10, 20))  # fmt: skip
    half_days(desk, desk.manager, "sofia", 2, 3)
    result = _run(desk)
    assert result.lines_added == 0  # the carnet was sold in October: billed then


def test_a_walk_in_day_pass_is_billed_to_the_visitor(desk: World) -> None:
    day_tariff = desk.tariffs[TariffKind.DAY]
    walk_in = WalkIn("Paul Nouveau", tariff_id=day_tariff)
    arrived = check_in_walk_in(desk.store, desk.manager, walk_in, at=paris(2026, 11, 10, 9))
    member = arrived.presence.member_id
    presence.check_out(desk.store, desk.manager, member, at=paris(2026, 11, 10, 12))
    _run(desk)
    detail = get_invoice(desk.store, drafts(desk.store)["Paul Nouveau"].id)
    assert detail.summary.member_id == member
    (line,) = detail.lines
    assert line.description == f"{_('Shared desk')} — 1 journée — novembre 2026"
    assert (line.unit, line.unit_price) == (UnitCode.DAY, Decimal("20.00"))  # non-member


def test_no_visit_no_draft_and_bad_periods_are_refused(desk: World) -> None:
    assert _run(desk).drafts_created == 0
    with pytest.raises(ValidationError) as error:
        run_billing(desk.store, desk.manager, date(2026, 11, 30), date(2026, 11, 1))
    assert set(error.value.problems) == {"period_end"}
    with pytest.raises(ValidationError):
        run_billing(desk.store, desk.manager, date(2025, 1, 1), date(2026, 11, 30))


# -- subscriptions and carnets ---------------------------------------------------------------
def test_a_subscription_from_the_11th_of_a_30_day_month_is_prorated_to_20_30(desk: World) -> None:
    flex = desk.tariffs[TariffKind.MONTHLY_FLEX]
    offers.subscribe(desk.store, desk.manager, desk.member("helene"), flex, date(2026, 11, 11))
    half_days(desk, desk.manager, "helene", 12)  # covered by the subscription
    result = _run(desk)
    assert result.lines_added == 1
    (line,) = get_invoice(desk.store, result.invoice_ids[0]).lines
    assert line.unit_price == Decimal("100.00")  # 150 € x 20 / 30
    assert (line.quantity, line.unit, line.family) == (
        Decimal(1),
        UnitCode.MONTH,
        LineFamily.SUBSCRIPTION,
    )
    assert line.description.startswith("Abonnement poste flexible — novembre 2026 — ")
    assert (line.period_start, line.period_end) == (date(2026, 11, 11), date(2026, 11, 30))
    # A full month afterwards is billed whole, and each month once.
    december = run_billing(desk.store, desk.manager, date(2026, 12, 1), date(2026, 12, 31))
    (whole,) = get_invoice(desk.store, december.invoice_ids[0]).lines
    assert (whole.unit_price, whole.description) == (
        Decimal("150.00"),
        "Abonnement poste flexible — décembre 2026",
    )
    assert _run(desk).lines_added == 0
    with desk.store.read() as session:
        months = session.scalars(select(BilledItem.month).order_by(BilledItem.month)).all()
    assert months == [date(2026, 11, 1), date(2026, 12, 1)]


def test_a_subscription_paid_by_the_organisation_goes_on_its_draft(desk: World) -> None:
    flex = desk.tariffs[TariffKind.MONTHLY_FLEX]
    offers.subscribe(desk.store, desk.manager, desk.member("marc"), flex, date(2026, 9, 1))
    _run(desk, OCTOBER)
    (line,) = get_invoice(desk.store, drafts(desk.store)["Logiciels de la Brie SAS"].id).lines
    assert line.description == "Abonnement poste flexible — octobre 2026"


def test_a_carnet_sale_is_billed_once_at_its_price(desk: World) -> None:
    carnet = desk.tariffs[TariffKind.CARNET]
    offers.sell_carnet(desk.store, desk.manager, desk.member("helene"), carnet,
                       purchased_on=date(2026, 11, 3))  # fmt: skip
    half_days(desk, desk.manager, "helene", 4, 5)  # taken from the carnet: not billed
    first = _run(desk)
    (line,) = get_invoice(desk.store, first.invoice_ids[0]).lines
    assert (line.family, line.unit, line.unit_price) == (
        LineFamily.CARNET,
        UnitCode.ONE,
        Decimal("85.00"),
    )
    bought = _("bought on {date}").format(date="3 novembre 2026")
    assert line.description == f"Carnet de 10 demi-journées — {bought}"
    assert _run(desk).lines_added == 0
    # A billing run over a longer period that includes November bills it no more.
    assert run_billing(desk.store, desk.manager, OCTOBER[0], NOVEMBER[1]).lines_added == 0


def test_a_liable_centre_bills_vat_at_the_standard_rate(desk: World) -> None:
    with desk.store.write() as session:
        centre = session.get_one(Centre, 1)
        centre.vat_mode, centre.vat_number = VatMode.LIABLE, "FR52847319522"
    half_days(desk, desk.manager, "helene", 2)
    result = _run(desk)
    detail = get_invoice(desk.store, result.invoice_ids[0])
    (line,) = detail.lines
    assert (line.vat_category, line.vat_rate) == (VatCategory.STANDARD, Decimal("20.00"))
    assert (detail.summary.net_total, detail.summary.vat_total, detail.summary.gross_total) == (
        Decimal("10.00"),
        Decimal("2.00"),
        Decimal("12.00"),
    )


# -- roles and audit -------------------------------------------------------------------------
def test_only_the_manager_runs_the_billing(desk: World, actors: tuple[Actor, Actor, Actor]) -> None:
    half_days(desk, desk.manager, "helene", 2)
    for actor in actors[1:]:
        with pytest.raises(PermissionDenied):
            run_billing(desk.store, actor, *NOVEMBER)
    assert drafts(desk.store) == {}
    _run(desk)
    with desk.store.read() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "run_billing")).one()
    assert event.changes["drafts_created"] == 1


# -- room bookings ---------------------------------------------------------------------------
def _period_around(day: date) -> tuple[date, date]:
    return day - timedelta(days=1), day + timedelta(days=20)


def test_a_booking_by_an_outside_guest_gives_a_guest_draft(
    world: booking_world.World,
) -> None:
    day = next_weekday(1)
    guest = Organiser(name="Jeanne Invitée", phone="06 12 34 56 78", email="jeanne@example.fr")
    book(world.store, world.manager, world.draft(booking_world.paris(day, 10),
         booking_world.paris(day, 12), organiser=guest))  # fmt: skip
    first = run_billing(world.store, world.manager, *_period_around(day))
    detail = get_invoice(world.store, first.invoice_ids[0])
    assert detail.buyer_name == "Jeanne Invitée"
    assert detail.buyer_email == "jeanne@example.fr"
    assert (detail.summary.member_id, detail.summary.organisation_id) == (None, None)
    (line,) = detail.lines
    assert line.family is LineFamily.ROOM_BOOKING
    assert line.description.startswith("Salle visio — 2 heures — ")
    assert line.unit_price == Decimal("25.00")  # the non-member price
    # The same guest books again: the same draft grows.
    later = day + timedelta(days=2)
    book(world.store, world.manager, world.draft(booking_world.paris(later, 14),
         booking_world.paris(later, 15), organiser=guest))  # fmt: skip
    second = run_billing(world.store, world.manager, *_period_around(day))
    assert (second.drafts_created, second.drafts_updated) == (0, 1)
    assert second.invoice_ids == first.invoice_ids


def test_a_late_cancellation_is_billed_and_a_timely_one_is_not(
    world: booking_world.World,
) -> None:
    day = next_weekday(2)
    helene = Organiser(member_id=world.members["helene"])
    late = book(world.store, world.manager, world.draft(booking_world.paris(day, 9),
                booking_world.paris(day, 10), organiser=helene)).booking  # fmt: skip
    timely = book(world.store, world.manager, world.draft(booking_world.paris(day, 14),
                  booking_world.paris(day, 16), organiser=helene)).booking  # fmt: skip
    set_booking_policy(world.store, world.manager, BookingPolicy(24 * 14))
    cancel_booking(world.store, world.manager, late.id)  # within 14 days of it: late
    set_booking_policy(world.store, world.manager, BookingPolicy(0))
    cancel_booking(world.store, world.manager, timely.id)
    result = run_billing(world.store, world.manager, *_period_around(day))
    (line,) = get_invoice(world.store, result.invoice_ids[0]).lines
    assert line.description.startswith(f"Salle visio — 1 heure — {_('late cancellation')} — ")
    assert line.unit_price == Decimal("15.00")  # the member price


# -- the demo centre -------------------------------------------------------------------------
def test_the_demo_centre_can_invoice_last_month(data_paths: DataPaths) -> None:
    generate_demo(data_paths)
    store = open_store(data_paths)
    try:
        assert missing_legal_identity(store) == ()
        settings = get_billing_settings(store)
        assert IBAN(settings.iban).bic == BIC(settings.bic)  # a real bank's details
        assert settings.vat_number.endswith(settings.siren)
        manager = sign_in(store, DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].pin)
        first_of_month = offers.today().replace(day=1)
        last_month = (first_of_month - timedelta(days=1)).replace(day=1)
        result = run_billing(store, manager, last_month, first_of_month - timedelta(days=1))
        families = {
            line.family
            for invoice_id in result.invoice_ids
            for line in get_invoice(store, invoice_id).lines
        }
    finally:
        store.close()
    assert result.drafts_created >= 5
    assert {LineFamily.SUBSCRIPTION, LineFamily.DESK_USE} <= families


def test_an_invoiced_booking_keeps_what_it_bills_until_the_invoice_lets_it_go(
    world: booking_world.World,
) -> None:
    from telecentre_desk.services.bookings import move_booking
    from telecentre_desk.services.errors import ServiceError
    from telecentre_desk.services.invoice_drafts import remove_line

    day = next_weekday(3)
    helene = Organiser(member_id=world.members["helene"])
    booked = book(world.store, world.manager, world.draft(booking_world.paris(day, 9),
                  booking_world.paris(day, 10), organiser=helene)).booking  # fmt: skip
    result = run_billing(world.store, world.manager, *_period_around(day))
    (line,) = get_invoice(world.store, result.invoice_ids[0]).lines
    two_hours = (booking_world.paris(day, 9), booking_world.paris(day, 11))

    with pytest.raises(ServiceError) as refused:
        move_booking(world.store, world.manager, booked.id, booked.room_id, *two_hours)
    assert "Hélène" in str(refused.value) and "brouillon" in str(refused.value)
    same_length_later = (booking_world.paris(day, 14), booking_world.paris(day, 15))
    move_booking(world.store, world.manager, booked.id, booked.room_id, *same_length_later)

    remove_line(world.store, world.manager, line.id)
    move_booking(world.store, world.manager, booked.id, booked.room_id, *two_hours)
    again = run_billing(world.store, world.manager, *_period_around(day))
    lines = get_invoice(world.store, again.invoice_ids[0]).lines
    assert [candidate.description.split(" — ")[1] for candidate in lines] == ["2 heures"]
