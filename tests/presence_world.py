"""A small, fully known centre for the check-in and offers tests (faster than the demo).

Six hot desks A1..A6 and a fixed desk F1 in one open space; an organisation that
pays for its people (with a contract price for the day); members with badges, a
visitor without one, a network visitor, an archived member; the demo's tariffs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal

from telecentre_desk.domain.kinds import (
    DeskKind,
    MemberCategory,
    OrganisationKind,
    RoomKind,
)
from telecentre_desk.domain.opening_hours import default_opening_hours, to_json
from telecentre_desk.domain.roles import Role
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import PARIS
from telecentre_desk.services import offers
from telecentre_desk.services.auth import create_user, sign_in
from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre, Desk, Floor, Member, Organisation, Room

CENTRE = "Tiers-lieu de la Brie"
MEMBERS = {
    # key: (first name, last name, category, badge, with the organisation, extra)
    "helene": ("Hélène", "Lefèvre", MemberCategory.FREELANCER, "TD-000101", False, {}),
    "marc": ("Marc", "Dubois", MemberCategory.EMPLOYEE, "TD-000102", True, {}),
    "sofia": ("Sofia", "Martin", MemberCategory.NOMAD, "TD-000103", False, {}),
    "lucas": (
        "Lucas",
        "Bernard",
        MemberCategory.FREELANCER,
        "TD-000104",
        False,
        {"home_centre_code": "77-MEL", "network_member_id": "77-MEL-00042"},
    ),
    "paul": ("Paul", "Petit", MemberCategory.VISITOR, None, False, {}),
    "anne": ("Anne", "Archivée", MemberCategory.NOMAD, "TD-000199", False, {"archived": True}),
}
PRICES = {
    TariffKind.HOUR: ("Heure", "4.00", "5.00", 1, None),
    TariffKind.HALF_DAY: ("Demi-journée", "10.00", "12.00", 1, None),
    TariffKind.DAY: ("Journée", "16.00", "20.00", 1, None),
    TariffKind.CARNET: ("Carnet de 10 demi-journées", "85.00", "100.00", 10, 365),
    TariffKind.MONTHLY_FLEX: ("Abonnement poste flexible", "150.00", "180.00", 1, None),
    TariffKind.MONTHLY_FIXED: ("Abonnement poste fixe", "220.00", "250.00", 1, None),
}
CONTRACT_DAY_PRICE = Decimal("14.00")


@dataclass(frozen=True)
class World:
    store: Store
    manager: Actor
    members: dict[str, int]
    desks: dict[str, int]
    tariffs: dict[TariffKind, int]
    organisation_id: int

    def member(self, key: str) -> int:
        return self.members[key]

    def desk(self, label: str) -> int:
        return self.desks[label]


def new_centre(store: Store) -> tuple[Actor, Actor, Actor]:
    """A centre with a manager, a receptionist and a volunteer (PINs 1234, 2345, 3456)."""
    create_centre(
        store,
        CentreProfile(name=CENTRE, postal_code="77540", city="Rozay-en-Brie"),
        FirstManager("Marie Dupont", "marie", "1234"),
    )
    manager = sign_in(store, "marie", "1234")
    create_user(store, manager, "karim", "Karim Benali", Role.RECEPTIONIST, "2345")
    create_user(store, manager, "jeanne", "Jeanne Martin", Role.VOLUNTEER, "3456")
    return manager, sign_in(store, "karim", "2345"), sign_in(store, "jeanne", "3456")


def populate(store: Store, manager: Actor) -> World:
    with store.write() as session:
        centre = session.get_one(Centre, 1)
        centre.opening_hours = to_json(default_opening_hours())
        floor = Floor(name="Rez-de-chaussée", level=0)
        room = Room(name="Open space", kind=RoomKind.OPEN_SPACE, capacity=7, equipment=[])
        room.desks = [Desk(label=f"A{n}", kind=DeskKind.HOT_DESK) for n in range(1, 7)]
        room.desks.append(Desk(label="F1", kind=DeskKind.FIXED_DESK))
        floor.rooms = [room]
        session.add(floor)
        organisation = Organisation(
            name="Logiciels de la Brie SAS",
            kind=OrganisationKind.COMPANY,
            pays_for_members=True,
        )
        session.add(organisation)
        session.flush()
        members = {}
        for key, (first, last, category, badge, employed, extra) in MEMBERS.items():
            member = Member(
                first_name=first,
                last_name=last,
                category=category,
                badge_code=badge,
                organisation_id=organisation.id if employed else None,
                billed_to_organisation=employed,
                **extra,
            )
            session.add(member)
            session.flush()
            members[key] = member.id
        desks = {desk.label: desk.id for desk in room.desks}
        organisation_id = organisation.id
    tariffs = {}
    for kind, (name, member_price, other_price, units, validity) in PRICES.items():
        draft = offers.TariffDraft(
            kind, name, Decimal(member_price), Decimal(other_price), Decimal(0), units, validity
        )
        tariffs[kind] = offers.create_tariff(store, manager, draft).tariff.id
    offers.set_contract_price(
        store, manager, organisation_id, tariffs[TariffKind.DAY], CONTRACT_DAY_PRICE
    )
    return World(store, manager, members, desks, tariffs, organisation_id)


def paris(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=PARIS)


def at(day: datetime, clock: time) -> datetime:
    return datetime.combine(day.date(), clock, tzinfo=PARIS)
