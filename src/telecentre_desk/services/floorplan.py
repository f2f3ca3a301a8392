"""Reading the floor plan: each floor's rooms and desks, and the live state of every desk.

Everything returned is plain frozen data, safe to hand to the interface thread. Geometry
read from a corrupt row (NaN, negative size...) is replaced by a safe default and flagged
with a notice, never an exception: the plan always opens. Edits live in
``floorplan_edit``, the scanned background in ``floorplan_background``.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.geometry import (
    DeskCheck,
    DeskGeometry,
    PlanWarning,
    PlanWarningKind,
    Point,
    RoomCheck,
    RoomGeometry,
    plan_warnings,
    safe_desk,
    safe_room,
)
from telecentre_desk.domain.kinds import DeskKind, RoomKind
from telecentre_desk.domain.scheduling import BookingStatus, organiser_name
from telecentre_desk.i18n import PARIS, _, ngettext
from telecentre_desk.services.errors import NotFound
from telecentre_desk.services.floorplan_image import ImageRefused, inspect_image
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import (
    Booking,
    Desk,
    Floor,
    FloorBackground,
    Member,
    Organisation,
    Presence,
    Room,
)
from telecentre_desk.storage.types import utc_now


class DeskStatus(StrEnum):
    FREE = "free"
    OCCUPIED = "occupied"
    RESERVED = "reserved"  # booked for later today (filled by the scheduling feature)
    HELD = "held"  # a fixed desk whose holder is not here: free for nobody else
    OUT_OF_SERVICE = "out_of_service"


class NoticeKind(StrEnum):
    DESK_OUTSIDE_ROOMS = PlanWarningKind.DESK_OUTSIDE_ROOMS.value
    DESKS_OVERLAP = PlanWarningKind.DESKS_OVERLAP.value
    ROOM_OVER_CAPACITY = PlanWarningKind.ROOM_OVER_CAPACITY.value
    CORRUPT_GEOMETRY = "corrupt_geometry"


@dataclass(frozen=True)
class FloorInfo:
    id: int
    name: str
    level: int
    width_cm: float
    height_cm: float


@dataclass(frozen=True)
class RoomShape:
    id: int
    floor_id: int
    name: str
    kind: RoomKind
    capacity: int
    equipment: tuple[str, ...]
    geometry: RoomGeometry
    # The stored geometry was unreadable and ``geometry`` is a safe default.
    flagged: bool = False


@dataclass(frozen=True)
class DeskShape:
    id: int
    room_id: int
    label: str
    kind: DeskKind
    out_of_service: bool
    holder_id: int | None
    geometry: DeskGeometry
    flagged: bool = False


@dataclass(frozen=True)
class Occupant:
    member_id: int
    presence_id: int
    name: str
    organisation: str
    since: datetime
    planned_end: datetime | None
    network_visitor: bool

    @property
    def short_name(self) -> str:
        """ "Hélène D." — what fits on a desk."""
        first, _sep, last = self.name.partition(" ")
        return f"{first} {last[:1]}." if last else first


@dataclass(frozen=True)
class DeskState:
    desk_id: int
    status: DeskStatus
    occupant: Occupant | None = None
    holder_name: str | None = None
    # A booking line for reserved desks; the scheduling feature fills it (see _bookings).
    reservation: str | None = None


@dataclass(frozen=True)
class RoomState:
    room_id: int
    occupied: int  # people seated at the room's desks
    capacity: int
    desks: int
    # "Now: ..." or "Next: ..." — the current or next booking of the room. The scheduling
    # feature fills it through ``_bookings``; until then it is always None.
    booking_line: str | None = None


@dataclass(frozen=True)
class PlanState:
    floor_id: int
    desks: tuple[DeskState, ...]
    rooms: tuple[RoomState, ...]
    at: datetime
    # Only these desks and rooms were read (None: the whole floor).
    partial: bool = False


@dataclass(frozen=True)
class PlanNotice:
    """A warning about the plan, in the user's language; it never blocks anything."""

    kind: NoticeKind
    message: str
    desk_ids: tuple[int, ...] = ()
    room_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Background:
    image: bytes = field(repr=False)
    media_type: str
    cm_per_pixel: float
    offset_x_cm: float
    offset_y_cm: float
    width_px: int
    height_px: int


@dataclass(frozen=True)
class FloorPlan:
    floor: FloorInfo
    rooms: tuple[RoomShape, ...]
    desks: tuple[DeskShape, ...]
    state: PlanState
    background: Background | None
    # Why the stored background is not shown (unreadable, too big); the plan opens anyway.
    background_problem: str | None
    notices: tuple[PlanNotice, ...]


@dataclass(frozen=True)
class PlanItems:
    """Some desks and rooms of a floor, as stored now: for refreshing only what changed.

    Ids asked for but absent from ``desks``/``rooms`` no longer exist on this floor.
    """

    floor_id: int
    desks: tuple[DeskShape, ...]
    rooms: tuple[RoomShape, ...]
    state: PlanState
    asked_desks: frozenset[int] = frozenset()
    asked_rooms: frozenset[int] = frozenset()

    def gone(self) -> tuple[frozenset[int], frozenset[int]]:
        """Desks and rooms asked for that are not (any more) on this floor."""
        return (
            self.asked_desks - {desk.id for desk in self.desks},
            self.asked_rooms - {room.id for room in self.rooms},
        )


# -- reading ------------------------------------------------------------------------------
def list_floors(store: Store) -> list[FloorInfo]:
    with store.read() as session:
        return [
            _floor_info(floor)
            for floor in session.scalars(select(Floor).order_by(Floor.level, Floor.id))
        ]


def load_floor_plan(store: Store, floor_id: int) -> FloorPlan:
    """One floor, whole: shapes, live state, background and warnings, in one read."""
    with store.read() as session:
        floor = session.get(Floor, floor_id)
        if floor is None:
            raise NotFound(_("This floor does not exist (any more). Press F5 to refresh."))
        info = _floor_info(floor)
        rooms = read_rooms(session, floor_id)
        desks = read_desks(session, floor_id, rooms)
        state = _state(session, floor_id, desks, rooms)
        background, problem = _background(session, floor_id)
        notices = plan_notices(rooms, desks)
    return FloorPlan(info, rooms, desks, state, background, problem, notices)


def plan_items(
    store: Store, floor_id: int, desk_ids: Collection[int], room_ids: Collection[int]
) -> PlanItems:
    """The named desks and rooms of ``floor_id`` and their state (rooms of those desks too)."""
    with store.read() as session:
        all_rooms = read_rooms(session, floor_id)
        desks = read_desks(session, floor_id, all_rooms, desk_ids)
        wanted_rooms = set(room_ids) | {desk.room_id for desk in desks}
        rooms = tuple(room for room in all_rooms if room.id in wanted_rooms)
        state = _state(session, floor_id, desks, rooms, partial=True)
    return PlanItems(floor_id, desks, rooms, state, frozenset(desk_ids), frozenset(room_ids))


def plan_state(store: Store, floor_id: int) -> PlanState:
    """The live state of every desk and room of a floor (geometry not read again)."""
    with store.read() as session:
        rooms = read_rooms(session, floor_id)
        desks = read_desks(session, floor_id, rooms)
        return _state(session, floor_id, desks, rooms)


# -- shapes ------------------------------------------------------------------------------------
_ROOM_COLUMNS = (
    Room.id,
    Room.name,
    Room.kind,
    Room.capacity,
    Room.equipment,
    Room.x_cm,
    Room.y_cm,
    Room.width_cm,
    Room.height_cm,
    Room.outline,
)
_DESK_COLUMNS = (
    Desk.id,
    Desk.room_id,
    Desk.label,
    Desk.kind,
    Desk.out_of_service,
    Desk.holder_id,
    Desk.x_cm,
    Desk.y_cm,
    Desk.width_cm,
    Desk.depth_cm,
    Desk.rotation_deg,
)
# How far ahead a room's badge announces its next booking.
BOOKING_HORIZON = timedelta(hours=12)
_ORIGIN = Point(100.0, 100.0)  # where a room with an unreadable position is shown


def read_rooms(session: Session, floor_id: int) -> tuple[RoomShape, ...]:
    rows = session.execute(
        select(*_ROOM_COLUMNS).where(Room.floor_id == floor_id).order_by(Room.id)
    ).all()
    return tuple(_room_shape(floor_id, row) for row in rows)


def read_desks(
    session: Session,
    floor_id: int,
    rooms: Sequence[RoomShape],
    only: Collection[int] | None = None,
) -> tuple[DeskShape, ...]:
    statement = select(*_DESK_COLUMNS).join(Room, Desk.room_id == Room.id)
    statement = statement.where(Room.floor_id == floor_id)
    if only is not None:
        if not only:
            return ()
        statement = statement.where(Desk.id.in_(list(only)))
    centres = {room.id: room.geometry.bounds().centre for room in rooms}
    return tuple(
        _desk_shape(row, centres.get(row.room_id, _ORIGIN))
        for row in session.execute(statement.order_by(Desk.id))
    )


def _room_shape(floor_id: int, row: Any) -> RoomShape:
    geometry, flagged = safe_room(
        row.x_cm, row.y_cm, row.width_cm, row.height_cm, row.outline, _ORIGIN
    )
    equipment = (
        tuple(str(item) for item in row.equipment) if isinstance(row.equipment, list) else ()
    )
    return RoomShape(
        id=row.id,
        floor_id=floor_id,
        name=row.name,
        kind=RoomKind(row.kind),
        capacity=max(int(row.capacity or 0), 0),
        equipment=equipment,
        geometry=geometry,
        flagged=flagged,
    )


def _desk_shape(row: Any, fallback: Point) -> DeskShape:
    geometry, flagged = safe_desk(
        row.x_cm, row.y_cm, row.width_cm, row.depth_cm, row.rotation_deg, fallback
    )
    return DeskShape(
        id=row.id,
        room_id=row.room_id,
        label=row.label,
        kind=DeskKind(row.kind),
        out_of_service=bool(row.out_of_service),
        holder_id=row.holder_id,
        geometry=geometry,
        flagged=flagged,
    )


def _floor_info(floor: Floor) -> FloorInfo:
    width = float(floor.plan_width_cm) if (floor.plan_width_cm or 0) > 0 else 2000.0
    height = float(floor.plan_height_cm) if (floor.plan_height_cm or 0) > 0 else 1200.0
    return FloorInfo(floor.id, floor.name, floor.level, width, height)


# -- live state ------------------------------------------------------------------------------
def _state(
    session: Session,
    floor_id: int,
    desks: Sequence[DeskShape],
    rooms: Sequence[RoomShape],
    *,
    partial: bool = False,
) -> PlanState:
    now = utc_now()
    desk_ids = [desk.id for desk in desks]
    occupants = _occupants(session, floor_id, desk_ids if partial else None)
    holders = _holder_names(session, {d.holder_id for d in desks if d.holder_id is not None})
    reservations = _reservations(session, desk_ids, now)
    states: list[DeskState] = []
    for desk in desks:
        occupant = occupants.get(desk.id)
        holder = holders.get(desk.holder_id) if desk.holder_id is not None else None
        if occupant is not None:
            status = DeskStatus.OCCUPIED
        elif desk.out_of_service:
            status = DeskStatus.OUT_OF_SERVICE
        elif desk.id in reservations:
            status = DeskStatus.RESERVED
        elif desk.holder_id is not None:
            status = DeskStatus.HELD
        else:
            status = DeskStatus.FREE
        states.append(DeskState(desk.id, status, occupant, holder, reservations.get(desk.id)))
    occupied_by_room: dict[int, int] = {}
    desks_by_room: dict[int, int] = {}
    for desk in desks:
        desks_by_room[desk.room_id] = desks_by_room.get(desk.room_id, 0) + 1
        if desk.id in occupants:
            occupied_by_room[desk.room_id] = occupied_by_room.get(desk.room_id, 0) + 1
    if partial:
        # The rooms' counts need all their desks, not only the ones asked for.
        desks_by_room, occupied_by_room = _room_counts(session, [room.id for room in rooms])
    bookings = _bookings(session, [room.id for room in rooms], now)
    room_states = tuple(
        RoomState(
            room.id,
            occupied_by_room.get(room.id, 0),
            room.capacity,
            desks_by_room.get(room.id, 0),
            bookings.get(room.id),
        )
        for room in rooms
    )
    return PlanState(floor_id, tuple(states), room_states, now, partial)


def _occupants(
    session: Session, floor_id: int, desk_ids: Sequence[int] | None
) -> dict[int, Occupant]:
    statement = (
        select(
            Presence.desk_id,
            Presence.id,
            Presence.started_at,
            Presence.planned_end,
            Member.id.label("member_id"),
            Member.first_name,
            Member.last_name,
            Member.home_centre_code,
            Organisation.name.label("organisation"),
        )
        .join(Member, Presence.member_id == Member.id)
        .outerjoin(Organisation, Member.organisation_id == Organisation.id)
        .join(Desk, Presence.desk_id == Desk.id)
        .join(Room, Desk.room_id == Room.id)
        .where(Presence.ended_at.is_(None), Room.floor_id == floor_id)
    )
    if desk_ids is not None:
        if not desk_ids:
            return {}
        statement = statement.where(Presence.desk_id.in_(list(desk_ids)))
    return {
        row.desk_id: Occupant(
            member_id=row.member_id,
            presence_id=row.id,
            name=f"{row.first_name} {row.last_name}",
            organisation=row.organisation or "",
            since=row.started_at,
            planned_end=row.planned_end,
            network_visitor=row.home_centre_code is not None,
        )
        for row in session.execute(statement)
    }


def _holder_names(session: Session, member_ids: set[int]) -> dict[int, str]:
    if not member_ids:
        return {}
    rows = session.execute(
        select(Member.id, Member.first_name, Member.last_name).where(Member.id.in_(member_ids))
    )
    return {row.id: f"{row.first_name} {row.last_name}" for row in rows}


def _room_counts(
    session: Session, room_ids: Sequence[int]
) -> tuple[dict[int, int], dict[int, int]]:
    if not room_ids:
        return {}, {}
    desks: dict[int, int] = {}
    occupied: dict[int, int] = {}
    rows = session.execute(
        select(Desk.room_id, Presence.id)
        .outerjoin(Presence, (Presence.desk_id == Desk.id) & Presence.ended_at.is_(None))
        .where(Desk.room_id.in_(list(room_ids)))
    )
    for room_id, presence_id in rows:
        desks[room_id] = desks.get(room_id, 0) + 1
        if presence_id is not None:
            occupied[room_id] = occupied.get(room_id, 0) + 1
    return desks, occupied


def _bookings(session: Session, room_ids: Sequence[int], now: datetime) -> dict[int, str]:
    """Each room's booking in progress, or else its next one within BOOKING_HORIZON, as one
    line for the room's badge: "Now: Visio Dupont until 11:00", "Next: Formation at 14:00"."""
    if not room_ids:
        return {}
    rows = session.execute(
        select(
            Booking.room_id,
            Booking.starts_at,
            Booking.ends_at,
            Booking.title,
            Member.first_name,
            Member.last_name,
            Organisation.name,
            Booking.contact_name,
        )
        .outerjoin(Member, Booking.member_id == Member.id)
        .outerjoin(Organisation, Booking.organisation_id == Organisation.id)
        .where(
            Booking.room_id.in_(room_ids),
            Booking.status != BookingStatus.CANCELLED,
            Booking.ends_at > now,
            Booking.starts_at < now + BOOKING_HORIZON,
        )
        .order_by(Booking.starts_at)
    ).all()
    lines: dict[int, str] = {}
    for room_id, starts, ends, title, first, last, organisation, contact in rows:
        if room_id in lines:
            continue
        who = title or organiser_name(first, last, organisation, contact)
        if starts <= now:
            lines[room_id] = _("Now: {who} until {time}").format(who=who, time=_clock(ends))
        else:
            lines[room_id] = _("Next: {who} at {time}").format(who=who, time=_clock(starts))
    return lines


def _clock(moment: datetime) -> str:
    return moment.astimezone(PARIS).strftime("%H:%M")


def _reservations(session: Session, desk_ids: Sequence[int], now: datetime) -> dict[int, str]:
    """Desks of a room booked right now (an office let by the day): reserved for the booking,
    with a line saying for whom and until when."""
    if not desk_ids:
        return {}
    rows = session.execute(
        select(
            Desk.id,
            Booking.ends_at,
            Booking.title,
            Member.first_name,
            Member.last_name,
            Organisation.name,
            Booking.contact_name,
        )
        .join(Booking, Booking.room_id == Desk.room_id)
        .outerjoin(Member, Booking.member_id == Member.id)
        .outerjoin(Organisation, Booking.organisation_id == Organisation.id)
        .where(
            Desk.id.in_(desk_ids),
            Booking.status != BookingStatus.CANCELLED,
            Booking.starts_at <= now,
            Booking.ends_at > now,
        )
    ).all()
    return {
        desk_id: _("Reserved: {who} until {time}").format(
            who=title or organiser_name(first, last, organisation, contact), time=_clock(ends)
        )
        for desk_id, ends, title, first, last, organisation, contact in rows
    }


# -- background ------------------------------------------------------------------------------
def _background(session: Session, floor_id: int) -> tuple[Background | None, str | None]:
    row = session.get(FloorBackground, floor_id)
    if row is None:
        return None, None
    try:
        info = inspect_image(bytes(row.image), decode=False)
    except ImageRefused as refused:
        return None, _(
            "The scanned plan of this floor cannot be shown ({reason}). The plan works "
            "without it; a manager can choose another image in the editor."
        ).format(reason=refused.reason)
    scale = row.cm_per_pixel if row.cm_per_pixel and row.cm_per_pixel > 0 else 1.0
    return (
        Background(
            image=bytes(row.image),
            media_type=info.media_type,
            cm_per_pixel=float(scale),
            offset_x_cm=float(row.offset_x_cm or 0.0),
            offset_y_cm=float(row.offset_y_cm or 0.0),
            width_px=info.width,
            height_px=info.height,
        ),
        None,
    )


# -- warnings --------------------------------------------------------------------------------
def plan_notices(rooms: Sequence[RoomShape], desks: Sequence[DeskShape]) -> tuple[PlanNotice, ...]:
    """The plan's warnings, worded: corrupt rows first, then the checks of the editor."""
    labels = {desk.id: desk.label for desk in desks}
    names = {room.id: room.name for room in rooms}
    counts: dict[int, int] = {}
    for desk in desks:
        counts[desk.room_id] = counts.get(desk.room_id, 0) + 1
    notices: list[PlanNotice] = []
    for room in rooms:
        if room.flagged:
            notices.append(
                PlanNotice(
                    NoticeKind.CORRUPT_GEOMETRY,
                    _(
                        "The outline of {room} was unreadable: it is drawn at a safe place "
                        "with a standard size. Move it where it belongs to save it again."
                    ).format(room=room.name),
                    room_ids=(room.id,),
                )
            )
    for desk in desks:
        if desk.flagged:
            notices.append(
                PlanNotice(
                    NoticeKind.CORRUPT_GEOMETRY,
                    _(
                        "The position or size of desk {desk} was unreadable: it is drawn in "
                        "the middle of its room. Move it where it belongs to save it again."
                    ).format(desk=desk.label),
                    desk_ids=(desk.id,),
                )
            )
    warnings = plan_warnings(
        [RoomCheck(room.id, room.capacity, room.geometry) for room in rooms],
        [DeskCheck(desk.id, desk.room_id, desk.geometry) for desk in desks],
    )
    notices.extend(_word(warning, labels, names, counts, rooms) for warning in warnings)
    return tuple(notices)


def _word(
    warning: PlanWarning,
    labels: dict[int, str],
    names: dict[int, str],
    counts: dict[int, int],
    rooms: Sequence[RoomShape],
) -> PlanNotice:
    kind = NoticeKind(warning.kind.value)
    if warning.kind is PlanWarningKind.DESK_OUTSIDE_ROOMS:
        message = _("Desk {desk} is outside every room.").format(desk=labels[warning.desk_ids[0]])
    elif warning.kind is PlanWarningKind.DESKS_OVERLAP:
        first, second = warning.desk_ids
        message = _("Desks {first} and {second} overlap.").format(
            first=labels[first], second=labels[second]
        )
    else:
        room_id = warning.room_ids[0]
        capacity = next(room.capacity for room in rooms if room.id == room_id)
        desks = counts.get(room_id, 0)
        message = ngettext(
            "{room} has {desks} desk but a capacity of {capacity}.",
            "{room} has {desks} desks but a capacity of {capacity}.",
            desks,
        ).format(room=names[room_id], desks=desks, capacity=capacity)
    return PlanNotice(kind, message, warning.desk_ids, warning.room_ids)
