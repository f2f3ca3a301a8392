"""Booking a room through the services: conflicts with buffers, closures and holidays,
a manager's override, bad input that stores nothing, moving, cancelling, no-shows and
what each booking consumes for the invoicing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

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
from telecentre_desk.domain.kinds import Equipment
from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.domain.tariffs import UsageUnit
from telecentre_desk.services.booking_billing import booking_consumption
from telecentre_desk.services.booking_conflicts import check_slot
from telecentre_desk.services.booking_queries import (
    GuestInfo,
    UpcomingFilter,
    bookings_on,
    get_booking,
    upcoming_bookings,
)
from telecentre_desk.services.booking_rooms import (
    BookingPolicy,
    RoomBookingDraft,
    add_closure,
    booking_rooms,
    set_booking_policy,
    update_room_booking,
)
from telecentre_desk.services.bookings import (
    BookingConflict,
    Organiser,
    book,
    cancel_booking,
    move_booking,
    set_status,
    update_booking,
)
from telecentre_desk.services.errors import NotFound, PermissionDenied, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import AuditEvent, Booking
from telecentre_desk.storage.offer_models import Consumption


def _count(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Booking)) or 0)


def _audits(store: Store, action: str) -> int:
    with store.read() as session:
        return int(
            session.scalar(
                select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)
            )
            or 0
        )


# -- booking -----------------------------------------------------------------------------------
def test_a_volunteer_books_the_visio_room_and_it_is_recorded(world: World) -> None:
    day = next_weekday(1)
    result = book(
        world.store,
        world.volunteer,
        world.draft(
            paris(day, 10),
            paris(day, 11),
            title="Téléconsultation",
            attendees=2,
            equipment=(Equipment.VISIO_SYSTEM,),
            meeting_link="https://visio.example/abc",
            guests=(GuestInfo("Dr Martin", "martin@example.fr"),),
            volunteer_help=True,
            test_call_at=paris(day, 9, 30),
        ),
    )
    booking = result.booking
    assert booking.room_name == "Salle visio" and booking.status is BookingStatus.CONFIRMED
    assert booking.organiser_name == "Jeanne Invitée"
    assert booking.contact_phone == "06 12 34 56 78"
    assert booking.held_from == paris(day, 9, 20) and booking.held_until == paris(day, 11, 10)
    assert result.changes.rooms == {world.visio}
    details = get_booking(world.store, booking.id)
    assert details.guests == (GuestInfo("Dr Martin", "martin@example.fr", True),)
    assert [b.id for b in bookings_on(world.store, day)] == [booking.id]
    assert _audits(world.store, "book") == 1


def test_a_slot_taken_is_refused_with_the_booking_in_the_way_and_free_slots(world: World) -> None:
    day = next_weekday(1)
    first = book(
        world.store,
        world.receptionist,
        world.draft(paris(day, 10), paris(day, 11), title="Point hebdo"),
    )
    with pytest.raises(BookingConflict) as refused:
        book(world.store, world.receptionist, world.draft(paris(day, 10, 30), paris(day, 11, 30)))
    check = refused.value.check
    assert [c.booking_id for c in check.collisions] == [first.booking.id]
    assert "Point hebdo" in str(refused.value)
    assert check.suggestions, "the nearest free slots are offered"
    for slot in check.suggestions:
        assert check_slot(world.store, world.visio, slot.start, slot.end).free
    assert [room.name for room in check.other_rooms] == ["Salle de réunion"]
    assert _count(world.store) == 1


def test_buffers_count_in_the_conflict(world: World) -> None:
    day = next_weekday(2)
    book(world.store, world.manager, world.draft(paris(day, 10), paris(day, 11)))
    # The visio room needs 10 minutes of clean-up, then 10 of set-up: 11:00 is too soon.
    assert not check_slot(world.store, world.visio, paris(day, 11), paris(day, 12)).free
    assert check_slot(world.store, world.visio, paris(day, 11, 20), paris(day, 12)).free
    # The meeting room has no buffer: back to back is fine there.
    book(
        world.store, world.manager, world.draft(paris(day, 10), paris(day, 11), room=world.meeting)
    )
    book(
        world.store, world.manager, world.draft(paris(day, 11), paris(day, 12), room=world.meeting)
    )


def test_a_cancelled_booking_frees_its_slot(world: World) -> None:
    day = next_weekday(2)
    first = book(world.store, world.manager, world.draft(paris(day, 14), paris(day, 15)))
    cancel_booking(world.store, world.manager, first.booking.id)
    again = book(world.store, world.manager, world.draft(paris(day, 14), paris(day, 15)))
    assert again.booking.id != first.booking.id


def test_outside_opening_hours_on_a_holiday_and_in_a_closure_it_is_refused(world: World) -> None:
    day = next_weekday(1)
    with pytest.raises(BookingConflict, match=r"opening hours|heures d.ouverture"):
        book(world.store, world.manager, world.draft(paris(day, 18), paris(day, 19)))
    holiday, name = next_weekday_holiday()
    with pytest.raises(BookingConflict) as refused:
        book(world.store, world.manager, world.draft(paris(holiday, 10), paris(holiday, 11)))
    assert name in str(refused.value)
    add_closure(
        world.store, world.manager, paris(day, 12), paris(day, 14), "Formation du personnel"
    )
    with pytest.raises(BookingConflict, match="Formation du personnel"):
        book(world.store, world.receptionist, world.draft(paris(day, 13), paris(day, 13, 30)))
    assert _count(world.store) == 0


def test_only_a_manager_books_a_closed_time_and_says_why(world: World) -> None:
    day = next_weekday(1)
    evening = world.draft(paris(day, 18), paris(day, 20), closed_override="Conseil municipal")
    with pytest.raises(ValidationError) as refused:
        book(world.store, world.receptionist, evening)
    assert "closed_override" in refused.value.problems
    result = book(world.store, world.manager, evening)
    assert result.booking.closed_override == "Conseil municipal"
    # The reason is kept only when it was needed.
    open_time = world.draft(paris(day, 10), paris(day, 11), closed_override="pas utile")
    assert book(world.store, world.manager, open_time).booking.closed_override == ""


def test_a_booking_over_a_dst_night_has_its_real_length(world: World) -> None:
    spring = next_dst_change(3)
    night = world.draft(
        paris(spring - timedelta(days=1), 20),
        paris(spring, 8),
        room=world.meeting,
        closed_override="Veille informatique de nuit",
    )
    booking = book(world.store, world.manager, night).booking
    assert booking.ends_at - booking.starts_at == timedelta(hours=11)  # 12 on the wall clock
    autumn = next_dst_change(10)
    night = world.draft(
        paris(autumn - timedelta(days=1), 20),
        paris(autumn, 8),
        room=world.meeting,
        closed_override="Veille informatique de nuit",
    )
    booking = book(world.store, world.manager, night).booking
    assert booking.ends_at - booking.starts_at == timedelta(hours=13)


# -- bad input: a clear message, nothing stored ------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end", "details", "field"),
    [
        ((10, 0), (9, 0), {}, "end"),  # an end before its start
        ((10, 0), (10, 0), {}, "end"),  # a zero-length booking
        ((10, 0), (11, 0), {"attendees": 7}, "attendees"),  # the room holds 6
        ((10, 0), (11, 0), {"attendees": 0}, "attendees"),
        ((10, 0), (11, 0), {"equipment": (Equipment.WHITEBOARD,)}, "equipment"),
        ((10, 0), (11, 0), {"meeting_link": "visio.example/abc"}, "meeting_link"),
        ((10, 0), (11, 0), {"organiser": Organiser(name="Sans Contact")}, "contact"),
        ((10, 0), (11, 0), {"organiser": Organiser()}, "organiser"),
        ((10, 0), (11, 0), {"organiser": Organiser(name="X", email="pas-un-mail")}, "contact"),
        ((10, 0), (11, 0), {"guests": (GuestInfo("Y", "faux@"),)}, "guests"),
        ((10, 0), (11, 0), {"title": "x" * 201}, "title"),
        ((10, 0), (11, 0), {"status": BookingStatus.NO_SHOW}, "status"),
    ],
)
def test_bad_input_gets_a_clear_message_and_stores_nothing(
    world: World,
    start: tuple[int, int],
    end: tuple[int, int],
    details: dict[str, object],
    field: str,
) -> None:
    day = next_weekday(1)
    draft = world.draft(paris(day, *start), paris(day, *end), **details)
    with pytest.raises(ValidationError) as refused:
        book(world.store, world.receptionist, draft)
    assert field in refused.value.problems
    assert all(message.strip() for message in refused.value.problems.values())
    assert _count(world.store) == 0
    assert _audits(world.store, "book") == 0


def test_a_date_outside_any_sensible_range_is_refused(world: World) -> None:
    far = datetime(2090, 3, 6, 10, tzinfo=UTC)
    with pytest.raises(ValidationError) as refused:
        book(world.store, world.manager, world.draft(far, far + timedelta(hours=1)))
    assert "start" in refused.value.problems
    assert _count(world.store) == 0


def test_archived_members_unbookable_rooms_and_unknown_rooms_are_refused(world: World) -> None:
    day = next_weekday(1)
    archived = Organiser(member_id=world.members["anne"])
    with pytest.raises(ValidationError, match="Archivée"):
        book(
            world.store,
            world.manager,
            world.draft(paris(day, 9), paris(day, 10), organiser=archived),
        )
    with pytest.raises(ValidationError) as refused:
        book(
            world.store,
            world.manager,
            world.draft(paris(day, 9), paris(day, 10), room=world.office),
        )
    assert "room" in refused.value.problems
    with pytest.raises(NotFound):
        book(world.store, world.manager, world.draft(paris(day, 9), paris(day, 10), room=9999))
    assert _count(world.store) == 0


def test_only_a_manager_changes_rooms_closures_and_the_cut_off(world: World) -> None:
    day = next_weekday(1)
    with pytest.raises(PermissionDenied):
        update_room_booking(world.store, world.receptionist, world.visio, RoomBookingDraft(False))
    with pytest.raises(PermissionDenied):
        add_closure(world.store, world.volunteer, paris(day, 9), paris(day, 10), "Travaux")
    with pytest.raises(PermissionDenied):
        set_booking_policy(world.store, world.receptionist, BookingPolicy(2))
    with pytest.raises(ValidationError):
        add_closure(world.store, world.manager, paris(day, 10), paris(day, 9), "")


# -- changing ----------------------------------------------------------------------------------
def test_moving_and_resizing_keep_the_booking_and_check_conflicts(world: World) -> None:
    day = next_weekday(1)
    store, actor = world.store, world.receptionist
    first = book(store, actor, world.draft(paris(day, 9), paris(day, 10), title="A")).booking
    second = book(store, actor, world.draft(paris(day, 14), paris(day, 15), title="B")).booking
    moved = move_booking(store, actor, first.id, world.meeting, paris(day, 16), paris(day, 17))
    assert moved.booking.id == first.id and moved.booking.room_name == "Salle de réunion"
    assert moved.changes.rooms == {world.visio, world.meeting}
    resized = move_booking(store, actor, second.id, world.visio, paris(day, 14), paris(day, 16))
    assert resized.booking.ends_at == paris(day, 16)
    with pytest.raises(BookingConflict) as refused:
        move_booking(store, actor, first.id, world.visio, paris(day, 15), paris(day, 16))
    assert [c.booking_id for c in refused.value.check.collisions] == [second.id]
    unchanged = get_booking(store, first.id).booking
    assert (unchanged.room_id, unchanged.starts_at) == (world.meeting, paris(day, 16))


def test_a_booking_is_never_in_its_own_way(world: World) -> None:
    day = next_weekday(1)
    booking = book(world.store, world.manager, world.draft(paris(day, 9), paris(day, 10))).booking
    later = move_booking(
        world.store, world.manager, booking.id, world.visio, paris(day, 9, 30), paris(day, 10, 30)
    )
    assert later.booking.starts_at == paris(day, 9, 30)


def test_editing_details_through_update(world: World) -> None:
    day = next_weekday(1)
    booking = book(world.store, world.manager, world.draft(paris(day, 9), paris(day, 10))).booking
    draft = world.draft(
        paris(day, 9),
        paris(day, 10),
        title="Réunion de chantier",
        organiser=Organiser(organisation_id=world.organisation, name="Mme Roux"),
        status=BookingStatus.TENTATIVE,
    )
    changed = update_booking(world.store, world.manager, booking.id, draft).booking
    assert changed.title == "Réunion de chantier"
    assert changed.organiser_name == "Logiciels de la Brie SAS"
    assert changed.status is BookingStatus.TENTATIVE
    confirmed = set_status(world.store, world.manager, booking.id, BookingStatus.CONFIRMED)
    assert confirmed.booking.status is BookingStatus.CONFIRMED


def test_changing_buffers_rehold_future_bookings_and_list_overlaps(world: World) -> None:
    day = next_weekday(1)
    first = book(world.store, world.manager, world.draft(paris(day, 9), paris(day, 10))).booking
    second = book(
        world.store, world.manager, world.draft(paris(day, 10, 30), paris(day, 11))
    ).booking
    result = update_room_booking(
        world.store,
        world.manager,
        world.visio,
        RoomBookingDraft(True, 30, 30, world.tariffs["visio_hour"]),
    )
    assert set(result.now_overlapping) == {first.id, second.id}
    assert get_booking(world.store, first.id).booking.held_until == paris(day, 10, 30)
    rooms = {room.name: room for room in booking_rooms(world.store, bookable_only=False)}
    assert rooms["Salle visio"].setup_minutes == 30 and not rooms["Bureau 1"].bookable


# -- cancelling, no-shows and billing ----------------------------------------------------------
def test_a_member_pays_the_member_price_by_the_hour_or_half_day(world: World) -> None:
    day = next_weekday(1)
    helene = Organiser(member_id=world.members["helene"])
    two_hours = book(
        world.store, world.manager, world.draft(paris(day, 9), paris(day, 11), organiser=helene)
    ).booking
    used = booking_consumption(world.store, two_hours.id)
    assert used is not None
    assert (used.billed_unit, used.billed_quantity, used.amount) == (
        UsageUnit.HOUR,
        2,
        Decimal("30.00"),
    )
    assert used.member_id == world.members["helene"] and used.payer_organisation_id is None
    four_hours = book(
        world.store, world.manager, world.draft(paris(day, 13), paris(day, 17), organiser=helene)
    ).booking
    used = booking_consumption(world.store, four_hours.id)
    assert used is not None
    assert (used.billed_unit, used.amount) == (UsageUnit.HALF_DAY, Decimal("45.00"))


def test_who_pays_and_at_which_price(world: World) -> None:
    day = next_weekday(2)
    cases = [
        (Organiser(member_id=world.members["marc"]), Decimal("12.00"), world.organisation),
        (Organiser(member_id=world.members["paul"]), Decimal("25.00"), None),  # a visitor
        (Organiser(organisation_id=world.organisation), Decimal("12.00"), world.organisation),
        (
            Organiser(organisation_id=world.other_organisation),
            Decimal("25.00"),
            world.other_organisation,
        ),
        (Organiser(name="Invité", email="invite@example.fr"), Decimal("25.00"), None),
    ]
    for hour, (organiser, price, payer) in enumerate(cases, start=9):
        booking = book(
            world.store,
            world.manager,
            world.draft(paris(day, hour), paris(day, hour, 40), organiser=organiser),
        )
        used = booking_consumption(world.store, booking.booking.id)
        assert used is not None
        assert (used.unit_price, used.payer_organisation_id) == (price, payer)


def test_cancelling_in_time_is_free_late_is_billed_and_a_no_show_is_billed(
    world: World,
) -> None:
    day = next_weekday(1)
    in_time = book(world.store, world.manager, world.draft(paris(day, 9), paris(day, 10))).booking
    cancelled = cancel_booking(world.store, world.manager, in_time.id).booking
    assert cancelled.status is BookingStatus.CANCELLED and not cancelled.cancelled_late
    assert booking_consumption(world.store, in_time.id) is None
    # With a cut-off of two weeks, next week's booking is already "late" to cancel.
    set_booking_policy(world.store, world.manager, BookingPolicy(24 * 14))
    late = book(world.store, world.manager, world.draft(paris(day, 11), paris(day, 12))).booking
    cancelled = cancel_booking(world.store, world.manager, late.id).booking
    assert cancelled.cancelled_late
    assert booking_consumption(world.store, late.id) is not None
    with pytest.raises(ValidationError):
        cancel_booking(world.store, world.manager, late.id)  # already cancelled
    coming = book(world.store, world.manager, world.draft(paris(day, 14), paris(day, 15))).booking
    with pytest.raises(ValidationError, match=r"not started|pas encore commencé"):
        set_status(world.store, world.manager, coming.id, BookingStatus.NO_SHOW)


def test_a_no_show_is_recorded_once_the_booking_started(world: World) -> None:
    yesterday = datetime.now(UTC) - timedelta(days=1)
    start = yesterday.replace(minute=0, second=0, microsecond=0)
    booking = book(
        world.store,
        world.manager,
        world.draft(
            start,
            start + timedelta(hours=1),
            room=world.meeting,
            closed_override="Saisie après coup",
        ),
    ).booking
    marked = set_status(world.store, world.manager, booking.id, BookingStatus.NO_SHOW).booking
    assert marked.status is BookingStatus.NO_SHOW
    assert booking_consumption(world.store, booking.id) is not None
    with pytest.raises(ValidationError, match=r"over|terminée"):
        cancel_booking(world.store, world.manager, booking.id)


def test_the_consumption_table_keeps_presences_and_bookings_apart(world: World) -> None:
    day = next_weekday(1)
    booking = book(world.store, world.manager, world.draft(paris(day, 9), paris(day, 10))).booking
    with world.store.read() as session:
        row = session.scalars(select(Consumption).where(Consumption.booking_id == booking.id)).one()
        assert row.presence_id is None and row.member_id is None
    with pytest.raises(Exception, match=r"CHECK|constraint"), world.store.write() as session:
        session.add(
            Consumption(
                booking_id=None,
                presence_id=None,
                member_id=None,
                service_date=day,
                coverage=row.coverage,
                measured_quantity=0,
                carnet_units=0,
                billed_quantity=0,
                unit_price=Decimal(0),
                vat_rate=Decimal(0),
                amount=Decimal(0),
            )
        )


def test_upcoming_bookings_with_filters(world: World) -> None:
    day = next_weekday(1)
    store, actor = world.store, world.manager
    book(
        store,
        actor,
        world.draft(paris(day, 9), paris(day, 10), title="Téléconsultation", volunteer_help=True),
    )
    book(
        store,
        actor,
        world.draft(
            paris(day, 9),
            paris(day, 10),
            room=world.meeting,
            title="Atelier",
            status=BookingStatus.TENTATIVE,
        ),
    )
    gone = book(store, actor, world.draft(paris(day, 14), paris(day, 15), title="Annulé"))
    cancel_booking(store, actor, gone.booking.id)
    titles = [b.title for b in upcoming_bookings(store, UpcomingFilter(days=60))]
    assert sorted(titles) == ["Atelier", "Téléconsultation"]
    assert [
        b.title for b in upcoming_bookings(store, UpcomingFilter(room_id=world.meeting, days=60))
    ] == ["Atelier"]
    assert [
        b.title for b in upcoming_bookings(store, UpcomingFilter(text="teleconsult", days=60))
    ] == ["Téléconsultation"]
    assert [
        b.title
        for b in upcoming_bookings(store, UpcomingFilter(status=BookingStatus.CANCELLED, days=60))
    ] == ["Annulé"]
    assert [
        b.title for b in upcoming_bookings(store, UpcomingFilter(volunteer_help_only=True, days=60))
    ] == ["Téléconsultation"]
