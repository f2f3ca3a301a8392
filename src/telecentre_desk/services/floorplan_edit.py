"""Editing the floor plan (managers only): one call per gesture, one transaction, audited.

A gesture that moves, resizes or rotates several items (a drag of a selection, an
"align left") is one :func:`save_geometry` call. Every result carries the ChangeSet the
views refresh from, the items as now stored, and the floor's warnings after the edit
(desk outside every room, overlapping desks, room over capacity): they warn, never block.
Deleting keeps history safe: a desk that someone sits at, or that has past presences,
is not deleted (mark it out of service instead).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.geometry import (
    GRID_CM,
    DeskGeometry,
    GeometryProblem,
    Point,
    RoomGeometry,
    desk_problem,
    normalise_angle,
    room_at,
    room_problem,
)
from telecentre_desk.domain.kinds import DeskKind, RoomKind
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.floorplan import (
    DeskShape,
    PlanNotice,
    RoomShape,
    plan_notices,
    read_desks,
    read_rooms,
)
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Desk, Floor, Member, Presence, Room

MAX_LABEL = 20
MAX_ROOM_NAME = 100
MAX_CAPACITY = 10_000
DUPLICATE_OFFSET = Point(5 * GRID_CM, 5 * GRID_CM)


@dataclass(frozen=True)
class DeskPlacement:
    desk_id: int
    geometry: DeskGeometry


@dataclass(frozen=True)
class RoomPlacement:
    room_id: int
    geometry: RoomGeometry


@dataclass(frozen=True)
class PlanEdit:
    floor_id: int
    changes: ChangeSet
    # Changed items as stored after the edit; for add and duplicate, exactly those created.
    desks: tuple[DeskShape, ...] = ()
    rooms: tuple[RoomShape, ...] = ()
    # Deleted items, as they were: enough to restore them (undo).
    removed_desks: tuple[DeskShape, ...] = ()
    removed_rooms: tuple[RoomShape, ...] = ()
    # Restored items that could not get their old id back: old id -> new id.
    desk_ids: Mapping[int, int] = field(default_factory=dict)
    room_ids: Mapping[int, int] = field(default_factory=dict)
    # The floor's warnings after the edit.
    notices: tuple[PlanNotice, ...] = ()


# -- geometry ----------------------------------------------------------------------------------
def save_geometry(
    store: Store,
    actor: Actor,
    floor_id: int,
    desks: Sequence[DeskPlacement] = (),
    rooms: Sequence[RoomPlacement] = (),
) -> PlanEdit:
    """Store the geometry of one gesture. A desk dropped into another room of the floor
    moves to that room (unless a desk there already has its label)."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    problems = _geometry_problems(desks, rooms)
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        _floor(session, floor_id)
        room_rows = _rooms_of_floor(session, floor_id, [p.room_id for p in rooms])
        desk_rows = _desks_of_floor(session, floor_id, [p.desk_id for p in desks])
        touched_rooms: set[int] = set()
        for placement in rooms:
            room = room_rows[placement.room_id]
            before = _room_geometry_dict(room)
            _apply_room_geometry(room, placement.geometry)
            audit.record(
                session,
                actor,
                "plan_geometry",
                "room",
                room.id,
                {"before": before, "after": _room_geometry_dict(room)},
            )
            touched_rooms.add(room.id)
        session.flush()
        shapes = read_rooms(session, floor_id)
        placed_rooms = [(shape.id, shape.geometry) for shape in shapes]
        for desk_placement in desks:
            desk = desk_rows[desk_placement.desk_id]
            before = _desk_geometry_dict(desk)
            _apply_desk_geometry(desk, desk_placement.geometry)
            after = _desk_geometry_dict(desk)
            target = room_at(desk_placement.geometry.centre, placed_rooms)
            if (
                target is not None
                and target != desk.room_id
                and _label_free(session, target, desk.label, desk.id)
            ):
                touched_rooms.update((desk.room_id, target))
                after["room"] = target
                before["room"] = desk.room_id
                desk.room_id = target
            audit.record(
                session, actor, "plan_geometry", "desk", desk.id, {"before": before, "after": after}
            )
        session.flush()
        return _result(
            session,
            floor_id,
            changed(desks=[p.desk_id for p in desks], rooms=sorted(touched_rooms)),
            desk_ids=[p.desk_id for p in desks],
            room_ids=sorted(touched_rooms),
        )


# -- adding -----------------------------------------------------------------------------------
def add_desk(
    store: Store,
    actor: Actor,
    floor_id: int,
    geometry: DeskGeometry,
    *,
    kind: DeskKind = DeskKind.HOT_DESK,
    room_id: int | None = None,
    label: str | None = None,
) -> PlanEdit:
    """A new desk at ``geometry``, in ``room_id`` or else the room under its centre (or the
    nearest room); labelled after its neighbours ("A13") unless ``label`` is given."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    problems = _geometry_problems([DeskPlacement(0, geometry)], [])
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        _floor(session, floor_id)
        room = _room_for_new_desk(session, floor_id, geometry.centre, room_id)
        text = label.strip() if label is not None else next_desk_label(session, room)
        _check_label(session, room, text, None)
        desk = Desk(room_id=room.id, label=text, kind=kind, out_of_service=False)
        _apply_desk_geometry(desk, geometry)
        session.add(desk)
        session.flush()
        audit.record(
            session,
            actor,
            "plan_add",
            "desk",
            desk.id,
            {"room": room.id, "label": text, **_desk_geometry_dict(desk)},
        )
        return _result(
            session, floor_id, changed(desks=[desk.id], rooms=[room.id]), desk_ids=[desk.id]
        )


def add_room(
    store: Store,
    actor: Actor,
    floor_id: int,
    geometry: RoomGeometry,
    *,
    name: str | None = None,
    kind: RoomKind = RoomKind.OFFICE,
    capacity: int = 4,
) -> PlanEdit:
    require(actor, Permission.EDIT_FLOOR_PLAN)
    problems = _geometry_problems([], [RoomPlacement(0, geometry)])
    text = (name if name is not None else "").strip()
    with store.write() as session:
        _floor(session, floor_id)
        if not text:
            text = _new_room_name(session, floor_id)
        problems.update(_room_field_problems(text, capacity))
        if problems:
            raise ValidationError(problems)
        room = Room(floor_id=floor_id, name=text, kind=kind, capacity=capacity, equipment=[])
        _apply_room_geometry(room, geometry)
        session.add(room)
        session.flush()
        audit.record(
            session,
            actor,
            "plan_add",
            "room",
            room.id,
            {"name": text, "kind": kind.value, "capacity": capacity, **_room_geometry_dict(room)},
        )
        return _result(session, floor_id, changed(rooms=[room.id]), room_ids=[room.id])


def duplicate_items(
    store: Store,
    actor: Actor,
    floor_id: int,
    desk_ids: Sequence[int] = (),
    room_ids: Sequence[int] = (),
    offset: Point = DUPLICATE_OFFSET,
) -> PlanEdit:
    """Copies, shifted by ``offset``: a room is copied with its desks; a desk gets the next
    free label of its room. Copies are never out of service and have no holder."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        _floor(session, floor_id)
        rooms = _rooms_of_floor(session, floor_id, room_ids)
        desks = _desks_of_floor(session, floor_id, desk_ids)
        new_desks: list[int] = []
        new_rooms: list[int] = []
        for room in rooms.values():
            copy = Room(
                floor_id=floor_id,
                name=_copy_name(room.name),
                kind=room.kind,
                capacity=room.capacity,
                equipment=list(room.equipment or []),
                x_cm=room.x_cm + offset.x,
                y_cm=room.y_cm + offset.y,
                width_cm=room.width_cm,
                height_cm=room.height_cm,
                outline=room.outline,
            )
            session.add(copy)
            session.flush()
            new_rooms.append(copy.id)
            audit.record(session, actor, "plan_duplicate", "room", copy.id, {"from": room.id})
            for desk in list(room.desks):
                new_desks.append(_copy_desk(session, actor, desk, copy, offset, desk.label))
        for desk in desks.values():
            if desk.room_id in rooms:
                continue  # copied with its room
            room = session.get_one(Room, desk.room_id)
            new_desks.append(
                _copy_desk(session, actor, desk, room, offset, next_desk_label(session, room))
            )
        session.flush()
        return _result(
            session,
            floor_id,
            changed(desks=new_desks, rooms=new_rooms),
            desk_ids=new_desks,
            room_ids=new_rooms,
        )


# -- deleting and restoring ----------------------------------------------------------------
def delete_items(
    store: Store,
    actor: Actor,
    floor_id: int,
    desk_ids: Sequence[int] = (),
    room_ids: Sequence[int] = (),
) -> PlanEdit:
    """Delete desks and rooms (a room with its desks), all or nothing.

    Refused when a desk is occupied now or has past presences: presences are kept for
    billing and reports, so such a desk is marked out of service instead.
    """
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        _floor(session, floor_id)
        rooms = _rooms_of_floor(session, floor_id, room_ids)
        desks = _desks_of_floor(session, floor_id, desk_ids)
        for room in rooms.values():
            for desk in room.desks:
                desks[desk.id] = desk
        all_rooms = read_rooms(session, floor_id)
        shapes = read_desks(session, floor_id, all_rooms, list(desks))
        problems = _deletion_problems(session, list(desks.values()))
        if problems:
            raise ValidationError(problems)
        removed_rooms = tuple(shape for shape in all_rooms if shape.id in rooms)
        for desk in desks.values():
            audit.record(session, actor, "plan_delete", "desk", desk.id, _desk_record(desk))
            session.delete(desk)
        session.flush()
        for room in rooms.values():
            audit.record(
                session,
                actor,
                "plan_delete",
                "room",
                room.id,
                {"name": room.name, "kind": room.kind.value, **_room_geometry_dict(room)},
            )
            session.delete(room)
        session.flush()
        result = _result(
            session, floor_id, changed(desks=list(desks), rooms=list(rooms) + _rooms_of(shapes))
        )
        return PlanEdit(
            floor_id,
            result.changes,
            removed_desks=shapes,
            removed_rooms=removed_rooms,
            notices=result.notices,
        )


def restore_items(
    store: Store,
    actor: Actor,
    floor_id: int,
    desks: Sequence[DeskShape] = (),
    rooms: Sequence[RoomShape] = (),
) -> PlanEdit:
    """Put deleted items back (undo of a delete, redo of an add), with their old ids when
    those are still free; ``desk_ids``/``room_ids`` of the result map the others."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        _floor(session, floor_id)
        room_map: dict[int, int] = {}
        for shape in rooms:
            room = Room(
                floor_id=floor_id,
                name=shape.name,
                kind=shape.kind,
                capacity=shape.capacity,
                equipment=list(shape.equipment),
            )
            if session.get(Room, shape.id) is None:
                room.id = shape.id
            _apply_room_geometry(room, shape.geometry)
            session.add(room)
            session.flush()
            room_map[shape.id] = room.id
            audit.record(session, actor, "plan_restore", "room", room.id, {"name": shape.name})
        desk_map: dict[int, int] = {}
        for desk_shape in desks:
            room_id = room_map.get(desk_shape.room_id, desk_shape.room_id)
            room_row = session.get(Room, room_id)
            if room_row is None or room_row.floor_id != floor_id:
                raise NotFound(
                    _("The room of desk {desk} no longer exists. Press F5 to refresh.").format(
                        desk=desk_shape.label
                    )
                )
            _check_label(session, room_row, desk_shape.label, None)
            holder = desk_shape.holder_id
            if holder is not None and session.get(Member, holder) is None:
                holder = None
            desk = Desk(
                room_id=room_id,
                label=desk_shape.label,
                kind=desk_shape.kind,
                out_of_service=desk_shape.out_of_service,
                holder_id=holder,
            )
            if session.get(Desk, desk_shape.id) is None:
                desk.id = desk_shape.id
            _apply_desk_geometry(desk, desk_shape.geometry)
            session.add(desk)
            session.flush()
            desk_map[desk_shape.id] = desk.id
            audit.record(
                session, actor, "plan_restore", "desk", desk.id, {"label": desk_shape.label}
            )
        result = _result(
            session,
            floor_id,
            changed(desks=list(desk_map.values()), rooms=list(room_map.values())),
            desk_ids=list(desk_map.values()),
            room_ids=sorted(
                set(room_map.values()) | {room_map.get(d.room_id, d.room_id) for d in desks}
            ),
        )
        return PlanEdit(
            floor_id,
            result.changes,
            desks=result.desks,
            rooms=result.rooms,
            desk_ids={old: new for old, new in desk_map.items() if old != new},
            room_ids={old: new for old, new in room_map.items() if old != new},
            notices=result.notices,
        )


# -- properties -------------------------------------------------------------------------------
def update_desk(
    store: Store,
    actor: Actor,
    desk_id: int,
    *,
    label: str | None = None,
    kind: DeskKind | None = None,
    out_of_service: bool | None = None,
) -> PlanEdit:
    """Rename a desk, change its kind, or mark it out of service (or back in service)."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        desk = session.get(Desk, desk_id)
        if desk is None:
            raise NotFound(_("This desk does not exist (any more). Press F5 to refresh."))
        room = session.get_one(Room, desk.room_id)
        before = {
            "label": desk.label,
            "kind": desk.kind.value,
            "out_of_service": desk.out_of_service,
        }
        if label is not None:
            text = label.strip()
            _check_label(session, room, text, desk.id)
            desk.label = text
        if kind is not None:
            desk.kind = kind
        if out_of_service is not None:
            desk.out_of_service = out_of_service
        after = {
            "label": desk.label,
            "kind": desk.kind.value,
            "out_of_service": desk.out_of_service,
        }
        audit.record(
            session, actor, "plan_update", "desk", desk.id, {"before": before, "after": after}
        )
        session.flush()
        return _result(
            session,
            room.floor_id,
            changed(desks=[desk.id], rooms=[room.id]),
            desk_ids=[desk.id],
            room_ids=[room.id],
        )


def update_room(
    store: Store,
    actor: Actor,
    room_id: int,
    *,
    name: str | None = None,
    kind: RoomKind | None = None,
    capacity: int | None = None,
) -> PlanEdit:
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        room = session.get(Room, room_id)
        if room is None:
            raise NotFound(_("This room does not exist (any more). Press F5 to refresh."))
        text = name.strip() if name is not None else room.name
        seats = capacity if capacity is not None else room.capacity
        problems = _room_field_problems(text, seats)
        if problems:
            raise ValidationError(problems)
        before = {"name": room.name, "kind": room.kind.value, "capacity": room.capacity}
        room.name, room.capacity = text, seats
        if kind is not None:
            room.kind = kind
        after = {"name": room.name, "kind": room.kind.value, "capacity": room.capacity}
        audit.record(
            session, actor, "plan_update", "room", room.id, {"before": before, "after": after}
        )
        session.flush()
        return _result(session, room.floor_id, changed(rooms=[room.id]), room_ids=[room.id])


def set_out_of_service(
    store: Store, actor: Actor, floor_id: int, desk_ids: Sequence[int], out_of_service: bool
) -> PlanEdit:
    """Mark several desks out of service (or back in service) in one go."""
    require(actor, Permission.EDIT_FLOOR_PLAN)
    with store.write() as session:
        _floor(session, floor_id)
        desks = _desks_of_floor(session, floor_id, desk_ids)
        for desk in desks.values():
            if desk.out_of_service != out_of_service:
                audit.record(
                    session,
                    actor,
                    "plan_update",
                    "desk",
                    desk.id,
                    {
                        "before": {"out_of_service": desk.out_of_service},
                        "after": {"out_of_service": out_of_service},
                    },
                )
                desk.out_of_service = out_of_service
        session.flush()
        rooms = sorted({desk.room_id for desk in desks.values()})
        return _result(
            session,
            floor_id,
            changed(desks=list(desks), rooms=rooms),
            desk_ids=list(desks),
            room_ids=rooms,
        )


# -- labels --------------------------------------------------------------------------------
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_desk_label(session: Session, room: Room) -> str:
    """After "A1".."A12": "A13"; in a room with no desk: its initial and 1 ("C1")."""
    labels = list(session.scalars(select(Desk.label).where(Desk.room_id == room.id)))
    prefixes: dict[str, int] = {}
    for text in labels:
        match = _NUMBERED.match(text)
        if match:
            prefix, number = match.group(1), int(match.group(2))
            prefixes[prefix] = max(prefixes.get(prefix, 0), number)
    if prefixes:
        prefix = max(prefixes, key=lambda p: (sum(t.startswith(p) for t in labels), p))
        number = prefixes[prefix] + 1
    else:
        initial = next((char for char in room.name if char.isalnum()), "P")
        prefix, number = initial.upper(), 1
    taken = set(labels)
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"[:MAX_LABEL]


def _check_label(session: Session, room: Room, text: str, desk_id: int | None) -> None:
    if not text:
        raise ValidationError({"label": _("Give the desk a short label, such as A12.")})
    if len(text) > MAX_LABEL:
        raise ValidationError(
            {"label": _("A desk label has at most {count} characters.").format(count=MAX_LABEL)}
        )
    if not _label_free(session, room.id, text, desk_id):
        raise ValidationError(
            {
                "label": _(
                    "Another desk of {room} is already called {label}. Choose another label."
                ).format(room=room.name, label=text)
            }
        )


def _label_free(session: Session, room_id: int, text: str, desk_id: int | None) -> bool:
    clash = select(Desk.id).where(Desk.room_id == room_id, Desk.label == text)
    if desk_id is not None:
        clash = clash.where(Desk.id != desk_id)
    return session.scalar(clash.limit(1)) is None


def _room_field_problems(name: str, capacity: int) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = _("Give the room a name.")
    elif len(name) > MAX_ROOM_NAME:
        problems["name"] = _("A room name has at most {count} characters.").format(
            count=MAX_ROOM_NAME
        )
    if (
        isinstance(capacity, bool)
        or not isinstance(capacity, int)
        or not 0 <= capacity <= MAX_CAPACITY
    ):
        problems["capacity"] = _("The capacity is a number of people, from 0 to {most}.").format(
            most=MAX_CAPACITY
        )
    return problems


def _new_room_name(session: Session, floor_id: int) -> str:
    names = set(session.scalars(select(Room.name).where(Room.floor_id == floor_id)))
    number = 1
    while _("Room {number}").format(number=number) in names:
        number += 1
    return _("Room {number}").format(number=number)


def _copy_name(name: str) -> str:
    return _("{name} (copy)").format(name=name)[:MAX_ROOM_NAME]


# -- helpers ---------------------------------------------------------------------------------
def _floor(session: Session, floor_id: int) -> Floor:
    floor = session.get(Floor, floor_id)
    if floor is None:
        raise NotFound(_("This floor does not exist (any more). Press F5 to refresh."))
    return floor


def _rooms_of_floor(session: Session, floor_id: int, room_ids: Sequence[int]) -> dict[int, Room]:
    if not room_ids:
        return {}
    rows = {
        room.id: room
        for room in session.scalars(
            select(Room).where(Room.id.in_(list(room_ids)), Room.floor_id == floor_id)
        )
    }
    if len(rows) != len(set(room_ids)):
        raise NotFound(_("A room of this plan no longer exists. Press F5 to refresh."))
    return rows


def _desks_of_floor(session: Session, floor_id: int, desk_ids: Sequence[int]) -> dict[int, Desk]:
    if not desk_ids:
        return {}
    rows = {
        desk.id: desk
        for desk in session.scalars(
            select(Desk)
            .join(Room, Desk.room_id == Room.id)
            .where(Desk.id.in_(list(desk_ids)), Room.floor_id == floor_id)
        )
    }
    if len(rows) != len(set(desk_ids)):
        raise NotFound(_("A desk of this plan no longer exists. Press F5 to refresh."))
    return rows


def _room_for_new_desk(session: Session, floor_id: int, centre: Point, room_id: int | None) -> Room:
    if room_id is not None:
        return _rooms_of_floor(session, floor_id, [room_id])[room_id]
    shapes = read_rooms(session, floor_id)
    if not shapes:
        raise ValidationError({"room": _("Draw a room first: every desk belongs to a room.")})
    found = room_at(centre, [(shape.id, shape.geometry) for shape in shapes])
    if found is None:
        found = min(
            shapes,
            key=lambda s: (
                (s.geometry.bounds().centre.x - centre.x) ** 2
                + (s.geometry.bounds().centre.y - centre.y) ** 2
            ),
        ).id
    return session.get_one(Room, found)


def _copy_desk(
    session: Session, actor: Actor, desk: Desk, room: Room, offset: Point, label: str
) -> int:
    copy = Desk(
        room_id=room.id,
        label=label,
        kind=desk.kind,
        out_of_service=False,
        x_cm=desk.x_cm + offset.x,
        y_cm=desk.y_cm + offset.y,
        width_cm=desk.width_cm,
        depth_cm=desk.depth_cm,
        rotation_deg=desk.rotation_deg,
    )
    session.add(copy)
    session.flush()
    audit.record(session, actor, "plan_duplicate", "desk", copy.id, {"from": desk.id})
    return copy.id


def _deletion_problems(session: Session, desks: Sequence[Desk]) -> dict[str, str]:
    for desk in desks:
        occupant = session.scalars(
            select(Member)
            .join(Presence, Presence.member_id == Member.id)
            .where(Presence.desk_id == desk.id, Presence.ended_at.is_(None))
        ).first()
        if occupant is not None:
            return {
                "desk": _(
                    "{name} is sitting at desk {desk}: check them out or move them to another "
                    "desk first."
                ).format(name=f"{occupant.first_name} {occupant.last_name}", desk=desk.label)
            }
        if session.scalar(select(exists().where(Presence.desk_id == desk.id))):
            return {
                "desk": _(
                    "Desk {desk} has past presences, which are kept for invoices and reports: "
                    "it cannot be deleted. Mark it out of service instead."
                ).format(desk=desk.label)
            }
    return {}


def _rooms_of(shapes: Sequence[DeskShape]) -> list[int]:
    return sorted({shape.room_id for shape in shapes})


def _geometry_problems(
    desks: Sequence[DeskPlacement], rooms: Sequence[RoomPlacement]
) -> dict[str, str]:
    for desk in desks:
        problem = desk_problem(desk.geometry)
        if problem is not None:
            return {"geometry": _geometry_message(problem)}
    for room in rooms:
        problem = room_problem(room.geometry)
        if problem is not None:
            return {"geometry": _geometry_message(problem)}
    return {}


def _geometry_message(problem: GeometryProblem) -> str:
    if problem is GeometryProblem.TOO_SMALL:
        return _("This is too small to draw: make it at least 10 cm wide. Nothing was saved.")
    if problem is GeometryProblem.TOO_BIG:
        return _("This is larger than 100 m: check the size. Nothing was saved.")
    if problem is GeometryProblem.TOO_FAR:
        return _("This is more than 1 km from the plan: bring it back. Nothing was saved.")
    if problem is GeometryProblem.BAD_OUTLINE:
        return _("This outline needs at least three corners around an area. Nothing was saved.")
    return _("A position or size is not a number. Nothing was saved.")


def _apply_desk_geometry(desk: Desk, geometry: DeskGeometry) -> None:
    desk.x_cm = round(geometry.x, 1)
    desk.y_cm = round(geometry.y, 1)
    desk.width_cm = round(geometry.width, 1)
    desk.depth_cm = round(geometry.depth, 1)
    desk.rotation_deg = round(normalise_angle(geometry.rotation), 2)


def _apply_room_geometry(room: Room, geometry: RoomGeometry) -> None:
    room.x_cm = round(geometry.x, 1)
    room.y_cm = round(geometry.y, 1)
    room.width_cm = round(geometry.width, 1)
    room.height_cm = round(geometry.height, 1)
    room.outline = (
        None
        if geometry.outline is None
        else [[round(p.x, 1), round(p.y, 1)] for p in geometry.outline]
    )


def _desk_geometry_dict(desk: Desk) -> dict[str, object]:
    return {
        "x": desk.x_cm,
        "y": desk.y_cm,
        "width": desk.width_cm,
        "depth": desk.depth_cm,
        "rotation": desk.rotation_deg,
    }


def _room_geometry_dict(room: Room) -> dict[str, object]:
    return {
        "x": room.x_cm,
        "y": room.y_cm,
        "width": room.width_cm,
        "height": room.height_cm,
        "outline": room.outline,
    }


def _desk_record(desk: Desk) -> dict[str, object]:
    return {
        "room": desk.room_id,
        "label": desk.label,
        "kind": desk.kind.value,
        "out_of_service": desk.out_of_service,
        "holder": desk.holder_id,
        **_desk_geometry_dict(desk),
    }


def _result(
    session: Session,
    floor_id: int,
    changes: ChangeSet,
    *,
    desk_ids: Sequence[int] = (),
    room_ids: Sequence[int] = (),
) -> PlanEdit:
    rooms = read_rooms(session, floor_id)
    desks = read_desks(session, floor_id, rooms)
    wanted_desks, wanted_rooms = set(desk_ids), set(room_ids)
    return PlanEdit(
        floor_id,
        changes,
        desks=tuple(desk for desk in desks if desk.id in wanted_desks),
        rooms=tuple(room for room in rooms if room.id in wanted_rooms),
        notices=plan_notices(rooms, desks),
    )
