"""What the centre holds, in one read: for the main window and the views' summaries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from telecentre_desk.domain.kinds import MemberCategory, RoomKind
from telecentre_desk.services.auth import UserSummary, users_for_sign_in
from telecentre_desk.services.centre import CentreProfile, get_centre
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Desk, Floor, Member, Organisation, Room


@dataclass(frozen=True)
class RoomSummary:
    id: int
    name: str
    kind: RoomKind
    capacity: int
    desks: int
    desks_out_of_service: int


@dataclass(frozen=True)
class FloorSummary:
    id: int
    name: str
    level: int
    rooms: tuple[RoomSummary, ...]

    @property
    def desks(self) -> int:
        return sum(room.desks for room in self.rooms)


@dataclass(frozen=True)
class CentreOverview:
    centre: CentreProfile
    floors: tuple[FloorSummary, ...]
    members_by_category: dict[MemberCategory, int]
    network_visitors: int
    organisations: int
    users: tuple[UserSummary, ...]

    @property
    def members(self) -> int:
        return sum(self.members_by_category.values())

    @property
    def desks(self) -> int:
        return sum(floor.desks for floor in self.floors)

    def rooms_of_kind(self, kind: RoomKind) -> list[RoomSummary]:
        return [room for floor in self.floors for room in floor.rooms if room.kind is kind]


def centre_overview(store: Store) -> CentreOverview:
    with store.read() as session:
        desk_counts = dict(
            session.execute(select(Desk.room_id, func.count()).group_by(Desk.room_id)).all()
        )
        broken_counts = dict(
            session.execute(
                select(Desk.room_id, func.count()).where(Desk.out_of_service).group_by(Desk.room_id)
            ).all()
        )
        rooms_by_floor: dict[int, list[RoomSummary]] = {}
        for room in session.scalars(select(Room).order_by(Room.id)):
            rooms_by_floor.setdefault(room.floor_id, []).append(
                RoomSummary(
                    room.id,
                    room.name,
                    room.kind,
                    room.capacity,
                    desk_counts.get(room.id, 0),
                    broken_counts.get(room.id, 0),
                )
            )
        floors = tuple(
            FloorSummary(floor.id, floor.name, floor.level, tuple(rooms_by_floor.get(floor.id, [])))
            for floor in session.scalars(select(Floor).order_by(Floor.level, Floor.id))
        )
        active = select(Member.category, func.count()).where(~Member.archived)
        by_category = {
            MemberCategory(category): count
            for category, count in session.execute(active.group_by(Member.category)).all()
        }
        visitors = session.scalar(
            select(func.count())
            .select_from(Member)
            .where(~Member.archived, Member.home_centre_code.is_not(None))
        )
        organisations = session.scalar(
            select(func.count()).select_from(Organisation).where(~Organisation.archived)
        )
    return CentreOverview(
        centre=get_centre(store),
        floors=floors,
        members_by_category=by_category,
        network_visitors=visitors or 0,
        organisations=organisations or 0,
        users=tuple(users_for_sign_in(store)),
    )
