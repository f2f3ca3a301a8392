"""A small, fully known centre for the booking tests (faster and steadier than the demo).

Open Monday to Friday 08:30-18:30. Rooms: "Salle visio" (visio kit, 6 places,
10 min set-up and clean-up, 15 €/h and 45 €/half-day for members, 25 € and 70 €
for others), "Salle de réunion" (screen and whiteboard, 10 places, no buffer,
no tariff), "Bureau 1" (an office, not open to bookings). An organisation that
pays for its people, with a contract price for the visio room's hour; members
of it and not; a visitor; an archived member. A manager, a receptionist, a
volunteer. Dates are computed from today, so the tests run on any day.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import holidays
import pytest

from telecentre_desk.domain.kinds import (
    Equipment,
    MemberCategory,
    OrganisationKind,
    RoomKind,
)
from telecentre_desk.domain.opening_hours import default_opening_hours, to_json
from telecentre_desk.domain.roles import Role
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import PARIS
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services import offers
from telecentre_desk.services.auth import create_user, sign_in
from telecentre_desk.services.booking_rooms import RoomBookingDraft, update_room_booking
from telecentre_desk.services.bookings import BookingDraft, Organiser
from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import Centre, Floor, Member, Organisation, Room

VISIO_KIT = [e.value for e in (Equipment.VISIO_SYSTEM, Equipment.SCREEN, Equipment.WEBCAM)]


@dataclass(frozen=True)
class World:
    store: Store
    manager: Actor
    receptionist: Actor
    volunteer: Actor
    visio: int
    meeting: int
    office: int
    organisation: int  # pays for its members, contract price 12 € for the visio hour
    other_organisation: int  # no agreement with the centre
    members: dict[str, int]
    tariffs: dict[str, int]

    def draft(
        self,
        start: datetime,
        end: datetime,
        *,
        room: int | None = None,
        organiser: Organiser | None = None,
        **details: object,
    ) -> BookingDraft:
        return BookingDraft(
            room_id=room or self.visio,
            starts_at=start,
            ends_at=end,
            organiser=organiser or Organiser(name="Jeanne Invitée", phone="06 12 34 56 78"),
            **details,  # type: ignore[arg-type]
        )


def build_world(store: Store) -> World:
    create_centre(
        store,
        CentreProfile(
            name="Tiers-lieu de la Brie",
            postal_code="77540",
            city="Rozay-en-Brie",
            email="accueil@brie.example",
        ),
        FirstManager("Marie Dupont", "marie", "1234"),
    )
    manager = sign_in(store, "marie", "1234")
    create_user(store, manager, "karim", "Karim Benali", Role.RECEPTIONIST, "2345")
    create_user(store, manager, "jeanne", "Jeanne Martin", Role.VOLUNTEER, "3456")
    with store.write() as session:
        session.get_one(Centre, 1).opening_hours = to_json(default_opening_hours())
        floor = Floor(name="Rez-de-chaussée", level=0)
        visio = Room(name="Salle visio", kind=RoomKind.VISIO_ROOM, capacity=6, equipment=VISIO_KIT)
        meeting = Room(
            name="Salle de réunion",
            kind=RoomKind.MEETING_ROOM,
            capacity=10,
            equipment=[Equipment.SCREEN.value, Equipment.WHITEBOARD.value],
        )
        office = Room(name="Bureau 1", kind=RoomKind.OFFICE, capacity=2, equipment=[])
        floor.rooms = [visio, meeting, office]
        session.add(floor)
        paying = Organisation(
            name="Logiciels de la Brie SAS", kind=OrganisationKind.COMPANY, pays_for_members=True
        )
        other = Organisation(name="Mairie de Rozay", kind=OrganisationKind.ADMINISTRATION)
        session.add_all([paying, other])
        session.flush()
        people = {
            "helene": Member(
                first_name="Hélène", last_name="Lefèvre", category=MemberCategory.FREELANCER
            ),
            "marc": Member(
                first_name="Marc",
                last_name="Dubois",
                category=MemberCategory.EMPLOYEE,
                organisation_id=paying.id,
                billed_to_organisation=True,
            ),
            "paul": Member(first_name="Paul", last_name="Petit", category=MemberCategory.VISITOR),
            "anne": Member(
                first_name="Anne",
                last_name="Archivée",
                category=MemberCategory.NOMAD,
                archived=True,
            ),
        }
        session.add_all(people.values())
        session.flush()
        ids = (visio.id, meeting.id, office.id, paying.id, other.id)
        members = {key: member.id for key, member in people.items()}
    tariffs = {}
    for key, kind, member_price, other_price in (
        ("visio_hour", TariffKind.HOUR, "15.00", "25.00"),
        ("visio_half_day", TariffKind.HALF_DAY, "45.00", "70.00"),
    ):
        draft = offers.TariffDraft(kind, key, Decimal(member_price), Decimal(other_price))
        tariffs[key] = offers.create_tariff(store, manager, draft).tariff.id
    offers.set_contract_price(store, manager, ids[3], tariffs["visio_hour"], Decimal("12.00"))
    update_room_booking(
        store,
        manager,
        ids[0],
        RoomBookingDraft(True, 10, 10, tariffs["visio_hour"], tariffs["visio_half_day"]),
    )
    return World(
        store,
        manager,
        sign_in(store, "karim", "2345"),
        sign_in(store, "jeanne", "3456"),
        *ids,
        members,
        tariffs,
    )


# -- dates -------------------------------------------------------------------------------------
def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def next_weekday(weekday: int = 0, weeks: int = 1) -> date:
    """The ``weekday`` (0 = Monday) of the week ``weeks`` after this one, never a holiday."""
    today = datetime.now(PARIS).date()
    day = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks, days=weekday)
    while day in holidays.country_holidays("FR", years=day.year):
        day += timedelta(weeks=1)
    return day


def next_weekday_holiday(after_days: int = 2) -> tuple[date, str]:
    """The next French public holiday on a weekday, at least ``after_days`` from today."""
    today = datetime.now(PARIS).date()
    for year in (today.year, today.year + 1, today.year + 2):
        for day, name in sorted(holidays.country_holidays("FR", years=year, language="fr").items()):
            if day >= today + timedelta(days=after_days) and day.weekday() < 5:
                return day, name
    raise AssertionError("no holiday found")


def next_dst_change(month: int) -> date:
    """The next last Sunday of ``month`` (3: clocks forward, 10: clocks back)."""
    today = datetime.now(PARIS).date()
    for year in (today.year, today.year + 1):
        day = date(year, month + 1, 1) - timedelta(days=1)
        day -= timedelta(days=(day.weekday() - 6) % 7)
        if day > today + timedelta(days=1):
            return day
    raise AssertionError("no DST change found")


# -- fixtures: the world is built once, then copied for each test ------------------------------
@pytest.fixture(scope="session", name="world_template")
def world_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, World]:
    paths = prepare_data_dir(tmp_path_factory.mktemp("booking-world"))
    store = open_store(paths)
    try:
        world = build_world(store)
    finally:
        store.close()  # the last connection closing folds the WAL into the file
    return paths.database, world


@pytest.fixture(name="world")
def world_fixture(world_template: tuple[Path, World], data_paths: DataPaths) -> Iterator[World]:
    database, template = world_template
    shutil.copyfile(database, data_paths.database)
    store = open_store(data_paths)
    yield replace(template, store=store)
    store.close()
