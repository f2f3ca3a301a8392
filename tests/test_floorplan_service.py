"""The floor plan services: reading the plan and its live state, editing it (managers only,
one transaction per gesture, audited), the scanned background, and today's plan as a PDF."""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select, text

from floorplan_support import demo_centre
from telecentre_desk.domain.geometry import DeskGeometry, Point, RoomGeometry
from telecentre_desk.domain.kinds import DeskKind, RoomKind
from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.i18n import PARIS, _
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import floorplan, floorplan_background, floorplan_edit, presence
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.demo import DEMO_ACCOUNTS
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.floorplan import DeskStatus, NoticeKind
from telecentre_desk.services.floorplan_edit import DeskPlacement, RoomPlacement
from telecentre_desk.services.floorplan_print import todays_plan_pdf
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import AuditEvent, Booking, Desk, FloorBackground, Member, Room


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    demo_centre(data_paths)
    opened = open_store(data_paths)
    yield opened
    opened.close()


def _actor(store: Store, index: int) -> Actor:
    account = DEMO_ACCOUNTS[index]
    return sign_in(store, account.login, account.pin)


@pytest.fixture
def manager(store: Store) -> Actor:
    return _actor(store, 0)


@pytest.fixture
def receptionist(store: Store) -> Actor:
    return _actor(store, 1)


@pytest.fixture
def volunteer(store: Store) -> Actor:
    return _actor(store, 2)


@pytest.fixture
def floor_id(store: Store) -> int:
    return floorplan.list_floors(store)[0].id


def _desk(store: Store, label: str) -> Desk:
    with store.read() as session:
        return session.scalars(select(Desk).where(Desk.label == label)).one()


def _room(store: Store, name: str) -> Room:
    with store.read() as session:
        return session.scalars(select(Room).where(Room.name == name)).one()


def _members(store: Store, count: int) -> list[int]:
    with store.read() as session:
        return list(
            session.scalars(
                select(Member.id).where(~Member.archived).order_by(Member.id).limit(count)
            )
        )


def _geometry(desk: Desk) -> DeskGeometry:
    return DeskGeometry(desk.x_cm, desk.y_cm, desk.width_cm, desk.depth_cm, desk.rotation_deg)


def _png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 220, 240)).save(buffer, "PNG")
    return buffer.getvalue()


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` but carries no pixels (a decompression bomb
    would, compressed, look as small)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + end


def _audit_count(store: Store) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


# -- reading ---------------------------------------------------------------------------------
def test_the_demo_plan_reads_whole_and_clean(store: Store, floor_id: int) -> None:
    plan = floorplan.load_floor_plan(store, floor_id)
    assert plan.floor.name == "Rez-de-chaussée"
    assert (plan.floor.width_cm, plan.floor.height_cm) == (2000, 1200)
    assert {room.name for room in plan.rooms} == {
        "Open space",
        "Bureau 1",
        "Bureau 2",
        "Salle visio",
        "Salle de réunion",
        "Café",
    }
    assert len(plan.desks) == 18
    assert plan.notices == ()  # every desk inside its room, none overlapping
    cafe = next(room for room in plan.rooms if room.name == "Café")
    assert cafe.geometry.outline is not None and len(cafe.geometry.outline) == 5
    states = {state.desk_id: state.status for state in plan.state.desks}
    a9 = _desk(store, "A9").id
    assert states.pop(a9) is DeskStatus.OUT_OF_SERVICE
    assert set(states.values()) == {DeskStatus.FREE}
    assert plan.background is None and plan.background_problem is None


def test_live_state_shows_who_sits_where_and_room_occupancy(
    store: Store, volunteer: Actor, floor_id: int
) -> None:
    member = _members(store, 1)[0]
    a3 = _desk(store, "A3").id
    presence.check_in(store, volunteer, member, desk_id=a3)
    state = floorplan.plan_state(store, floor_id)
    desk = next(s for s in state.desks if s.desk_id == a3)
    assert desk.status is DeskStatus.OCCUPIED
    assert desk.occupant is not None and desk.occupant.member_id == member
    open_space = _room(store, "Open space").id
    room = next(r for r in state.rooms if r.room_id == open_space)
    assert (room.occupied, room.capacity, room.desks) == (1, 12, 12)
    assert room.booking_line is None  # no booking: the open space is not bookable
    items = floorplan.plan_items(store, floor_id, [a3], [])
    assert [d.id for d in items.desks] == [a3]
    assert [r.room_id for r in items.state.rooms] == [open_space]
    assert items.state.rooms[0].occupied == 1  # counted over the whole room


def test_room_badges_announce_the_current_or_next_booking(store: Store, floor_id: int) -> None:
    now = datetime.now(UTC)
    visio, meeting, office = (
        _room(store, name).id for name in ("Salle visio", "Salle de réunion", "Bureau 1")
    )
    with store.write() as session:
        # Start from rooms with no bookings (the demo has a fortnight of them).
        session.execute(text("DELETE FROM consumption WHERE booking_id IS NOT NULL"))
        session.execute(text("DELETE FROM booking_guest"))
        session.execute(text("DELETE FROM booking"))
        session.add_all(
            [
                _booking(
                    visio, now - timedelta(minutes=30), now + timedelta(minutes=45), "Visio siège"
                ),
                _booking(meeting, now + timedelta(hours=2), now + timedelta(hours=3), "Formation"),
                _booking(meeting, now + timedelta(hours=5), now + timedelta(hours=6), "Plus tard"),
                _booking(office, now + timedelta(hours=20), now + timedelta(hours=21), "Demain"),
            ]
        )
    lines = {r.room_id: r.booking_line for r in floorplan.plan_state(store, floor_id).rooms}
    clock = lambda moment: moment.astimezone(PARIS).strftime("%H:%M")  # noqa: E731
    assert lines[visio] == f"En cours : Visio siège jusqu’à {clock(now + timedelta(minutes=45))}"
    assert lines[meeting] == f"Prochaine : Formation à {clock(now + timedelta(hours=2))}"
    assert lines[office] is None  # beyond the next 12 hours


def test_the_desks_of_a_room_booked_now_are_reserved(store: Store, floor_id: int) -> None:
    now = datetime.now(UTC)
    office = _room(store, "Bureau 2").id
    with store.write() as session:
        session.add(
            _booking(office, now - timedelta(hours=1), now + timedelta(hours=2), "Équipe projet")
        )
    states = {s.desk_id: s for s in floorplan.plan_state(store, floor_id).desks}
    b2_1 = states[_desk(store, "B2-1").id]
    assert b2_1.status is DeskStatus.RESERVED
    until = (now + timedelta(hours=2)).astimezone(PARIS).strftime("%H:%M")
    assert b2_1.reservation == f"Réservé : Équipe projet jusqu’à {until}"
    assert states[_desk(store, "A1").id].status is DeskStatus.FREE


def _booking(room_id: int, start: datetime, end: datetime, title: str) -> Booking:
    return Booking(
        room_id=room_id,
        starts_at=start,
        ends_at=end,
        held_from=start,
        held_until=end,
        title=title,
        status=BookingStatus.CONFIRMED,
        contact_name="Accueil",
    )


def test_a_fixed_desk_without_its_holder_is_held(store: Store, floor_id: int) -> None:
    holder = _members(store, 1)[0]
    with store.write() as session:
        desk = session.scalars(select(Desk).where(Desk.label == "A2")).one()
        desk.holder_id = holder
        desk_id = desk.id
        member = session.get_one(Member, holder)
        name = f"{member.first_name} {member.last_name}"
    state = next(s for s in floorplan.plan_state(store, floor_id).desks if s.desk_id == desk_id)
    assert state.status is DeskStatus.HELD
    assert state.holder_name == name


# -- editing geometry ----------------------------------------------------------------------
def test_a_manager_moves_rotates_and_resizes_a_desk_in_one_transaction(
    store: Store, manager: Actor, floor_id: int, data_paths: DataPaths
) -> None:
    a1, a2 = _desk(store, "A1"), _desk(store, "A2")
    before = _audit_count(store)
    result = floorplan_edit.save_geometry(
        store,
        manager,
        floor_id,
        desks=[
            DeskPlacement(a1.id, DeskGeometry(300, 600, 160, 80, 90)),
            DeskPlacement(a2.id, _geometry(a2).moved(0, 20)),
        ],
    )
    assert result.changes.desks == {a1.id, a2.id}
    assert _audit_count(store) == before + 2
    other = open_store(data_paths)  # another PC, or the app restarted
    try:
        with other.read() as session:
            moved = session.get_one(Desk, a1.id)
            assert (moved.x_cm, moved.y_cm, moved.width_cm, moved.depth_cm) == (300, 600, 160, 80)
            assert moved.rotation_deg == 90
    finally:
        other.close()


def test_a_desk_dropped_into_another_room_changes_room(
    store: Store, manager: Actor, floor_id: int
) -> None:
    a4 = _desk(store, "A4")
    bureau = _room(store, "Bureau 1")
    result = floorplan_edit.save_geometry(
        store, manager, floor_id, desks=[DeskPlacement(a4.id, DeskGeometry(1225, 250, 140, 70))]
    )
    assert _desk(store, "A4").room_id == bureau.id
    assert {a4.room_id, bureau.id} <= result.changes.rooms
    # A desk whose label is taken in the target room stays in its room (and is flagged outside).
    with store.write() as session:
        session.add(Desk(room_id=bureau.id, label="A5", kind=DeskKind.HOT_DESK, x_cm=1100, y_cm=60))
    with store.read() as session:  # two desks are called A5 now
        a5 = session.scalars(
            select(Desk).where(Desk.label == "A5", Desk.room_id != bureau.id)
        ).one()
    floorplan_edit.save_geometry(
        store, manager, floor_id, desks=[DeskPlacement(a5.id, DeskGeometry(1300, 250, 140, 70))]
    )
    with store.read() as session:
        assert session.get_one(Desk, a5.id).room_id == a5.room_id


def test_other_roles_cannot_edit_and_nothing_changes(
    store: Store, receptionist: Actor, volunteer: Actor, floor_id: int
) -> None:
    a1 = _desk(store, "A1")
    before = _audit_count(store)
    for actor in (receptionist, volunteer):
        with pytest.raises(PermissionDenied):
            floorplan_edit.save_geometry(
                store, actor, floor_id, desks=[DeskPlacement(a1.id, DeskGeometry(0, 0, 140, 70))]
            )
        with pytest.raises(PermissionDenied):
            floorplan_edit.add_desk(store, actor, floor_id, DeskGeometry(200, 200, 140, 70))
        with pytest.raises(PermissionDenied):
            floorplan_edit.delete_items(store, actor, floor_id, [a1.id])
        with pytest.raises(PermissionDenied):
            floorplan_background.set_background(store, actor, floor_id, _png())
    assert _geometry(_desk(store, "A1")) == _geometry(a1)
    assert _audit_count(store) == before


@pytest.mark.parametrize(
    "geometry",
    [
        DeskGeometry(float("nan"), 100, 140, 70),
        DeskGeometry(100, 100, -140, 70),
        DeskGeometry(100, 100, 140, 0),
        DeskGeometry(100, 100, 140, 70, float("inf")),
        DeskGeometry(5e6, 100, 140, 70),
    ],
)
def test_bad_geometry_is_refused_and_nothing_is_stored(
    store: Store, manager: Actor, floor_id: int, geometry: DeskGeometry
) -> None:
    a1 = _desk(store, "A1")
    before = _audit_count(store)
    with pytest.raises(ValidationError) as refused:
        floorplan_edit.save_geometry(
            store,
            manager,
            floor_id,
            desks=[
                DeskPlacement(_desk(store, "A2").id, DeskGeometry(10, 10, 140, 70)),
                DeskPlacement(a1.id, geometry),
            ],
        )
    assert refused.value.problems["geometry"]
    assert _geometry(_desk(store, "A1")) == _geometry(a1)
    assert _desk(store, "A2").x_cm != 10  # the whole gesture is refused
    assert _audit_count(store) == before


# -- adding, duplicating, deleting, restoring -------------------------------------------------
def test_add_desk_takes_the_next_label_and_the_room_under_it(
    store: Store, manager: Actor, floor_id: int
) -> None:
    result = floorplan_edit.add_desk(store, manager, floor_id, DeskGeometry(800, 600, 140, 70))
    (desk,) = result.desks
    assert desk.label == "A13"
    assert desk.room_id == _room(store, "Open space").id
    visio = floorplan_edit.add_desk(store, manager, floor_id, DeskGeometry(1200, 500, 140, 70))
    assert visio.desks[0].label == "S1"  # "Salle visio" had no desk
    over = {n.kind for n in visio.notices}
    assert NoticeKind.ROOM_OVER_CAPACITY in over  # 13 desks in an open space for 12


def test_duplicate_a_room_copies_its_desks(store: Store, manager: Actor, floor_id: int) -> None:
    bureau = _room(store, "Bureau 2")
    result = floorplan_edit.duplicate_items(store, manager, floor_id, room_ids=[bureau.id])
    (copy,) = result.rooms
    assert copy.name == _("{name} (copy)").format(name="Bureau 2")
    assert math.isclose(copy.geometry.x, bureau.x_cm + 50)
    assert sorted(d.label for d in result.desks) == ["B2-1", "B2-2", "B2-3", "B2-4"]
    assert {d.room_id for d in result.desks} == {copy.id}
    one = floorplan_edit.duplicate_items(store, manager, floor_id, desk_ids=[_desk(store, "A1").id])
    assert [d.label for d in one.desks] == ["A13"]


def _new_room_with_desks(store: Store, manager: Actor, floor_id: int) -> tuple[int, list[int]]:
    """A room of two desks nobody ever used (the demo's desks have a history)."""
    room = floorplan_edit.add_room(
        store, manager, floor_id, RoomGeometry(100, 1300, 500, 300), name="Annexe"
    ).rooms[0]
    desks = [
        floorplan_edit.add_desk(
            store, manager, floor_id, DeskGeometry(x, 1450, 140, 70), room_id=room.id
        ).desks[0]
        for x in (250, 400)
    ]
    return room.id, [desk.id for desk in desks]


def test_delete_and_restore_keep_the_ids(store: Store, manager: Actor, floor_id: int) -> None:
    room_id, desk_ids = _new_room_with_desks(store, manager, floor_id)
    deleted = floorplan_edit.delete_items(store, manager, floor_id, room_ids=[room_id])
    assert [r.id for r in deleted.removed_rooms] == [room_id]
    assert sorted(d.id for d in deleted.removed_desks) == sorted(desk_ids)
    assert deleted.changes.desks == set(desk_ids) and room_id in deleted.changes.rooms
    with store.read() as session:
        assert session.get(Room, room_id) is None
        assert session.scalar(select(func.count()).where(Desk.id.in_(desk_ids))) == 0
    restored = floorplan_edit.restore_items(
        store, manager, floor_id, deleted.removed_desks, deleted.removed_rooms
    )
    assert restored.desk_ids == {} and restored.room_ids == {}
    with store.read() as session:
        assert session.get_one(Room, room_id).name == "Annexe"
        labels = session.scalars(select(Desk.label).where(Desk.room_id == room_id)).all()
    assert sorted(labels) == ["A1", "A2"]  # "Annexe" gives its initial to its desks


def test_a_restored_desk_whose_id_was_taken_gets_a_new_one(
    store: Store, manager: Actor, floor_id: int
) -> None:
    _room_id, desk_ids = _new_room_with_desks(store, manager, floor_id)
    last = max(desk_ids)
    deleted = floorplan_edit.delete_items(store, manager, floor_id, [last])
    added = floorplan_edit.add_desk(store, manager, floor_id, DeskGeometry(800, 600, 140, 70))
    assert added.desks[0].id == last  # SQLite reused the id
    restored = floorplan_edit.restore_items(store, manager, floor_id, deleted.removed_desks)
    assert restored.desk_ids[last] != last
    assert restored.desks[0].label == deleted.removed_desks[0].label


def test_desks_with_people_or_history_are_not_deleted(
    store: Store, manager: Actor, volunteer: Actor, floor_id: int
) -> None:
    first, second = _members(store, 2)
    a1, a2 = _desk(store, "A1").id, _desk(store, "A2").id
    presence.check_in(store, volunteer, first, desk_id=a1)
    with pytest.raises(ValidationError, match="A1"):
        floorplan_edit.delete_items(store, manager, floor_id, [a1, a2])
    presence.check_in(store, volunteer, second, desk_id=a2)
    presence.check_out(store, volunteer, second)
    with pytest.raises(ValidationError, match="A2"):
        floorplan_edit.delete_items(store, manager, floor_id, [a2])
    with pytest.raises(ValidationError):
        floorplan_edit.delete_items(
            store, manager, floor_id, room_ids=[_room(store, "Open space").id]
        )
    assert len(floorplan.load_floor_plan(store, floor_id).desks) == 18


def test_rename_and_out_of_service(store: Store, manager: Actor, floor_id: int) -> None:
    a1, a2 = _desk(store, "A1").id, _desk(store, "A2").id
    with pytest.raises(ValidationError) as clash:
        floorplan_edit.update_desk(store, manager, a1, label="A2")
    assert "A2" in clash.value.problems["label"]
    with pytest.raises(ValidationError):
        floorplan_edit.update_desk(store, manager, a1, label="  ")
    renamed = floorplan_edit.update_desk(store, manager, a1, label="Fenêtre 1")
    assert renamed.desks[0].label == "Fenêtre 1"
    result = floorplan_edit.set_out_of_service(store, manager, floor_id, [a1, a2], True)
    assert {d.out_of_service for d in result.desks} == {True}
    states = {s.desk_id: s.status for s in floorplan.plan_state(store, floor_id).desks}
    assert states[a1] is states[a2] is DeskStatus.OUT_OF_SERVICE
    room = _room(store, "Salle visio").id
    with pytest.raises(ValidationError) as bad:
        floorplan_edit.update_room(store, manager, room, capacity=-3)
    assert set(bad.value.problems) == {"capacity"}
    changed = floorplan_edit.update_room(
        store, manager, room, name="Visio Brie", kind=RoomKind.MEETING_ROOM, capacity=8
    )
    assert (changed.rooms[0].name, changed.rooms[0].capacity) == ("Visio Brie", 8)


def test_warnings_come_back_with_each_edit(store: Store, manager: Actor, floor_id: int) -> None:
    a1, a2 = _desk(store, "A1"), _desk(store, "A2")
    result = floorplan_edit.save_geometry(
        store,
        manager,
        floor_id,
        desks=[
            DeskPlacement(a1.id, _geometry(a2).moved(20, 0)),
            DeskPlacement(a2.id, _geometry(a2)),
        ],
    )
    overlap = [n for n in result.notices if n.kind is NoticeKind.DESKS_OVERLAP]
    assert overlap and set(overlap[0].desk_ids) == {a1.id, a2.id}
    assert "A1" in overlap[0].message and "A2" in overlap[0].message
    outside = floorplan_edit.save_geometry(
        store, manager, floor_id, desks=[DeskPlacement(a1.id, DeskGeometry(1500, 780, 140, 70))]
    )
    assert [n.kind for n in outside.notices] == [NoticeKind.DESK_OUTSIDE_ROOMS]


def test_rooms_move_and_take_polygons(store: Store, manager: Actor, floor_id: int) -> None:
    cafe = _room(store, "Café")
    outline = (Point(0, 0), Point(600, 0), Point(600, 300), Point(0, 300))
    floorplan_edit.save_geometry(
        store,
        manager,
        floor_id,
        rooms=[RoomPlacement(cafe.id, RoomGeometry(10, 860, 600, 300, outline))],
    )
    shape = next(r for r in floorplan.load_floor_plan(store, floor_id).rooms if r.id == cafe.id)
    assert shape.geometry.outline == outline and shape.geometry.x == 10


# -- corrupt rows --------------------------------------------------------------------------
def test_corrupt_geometry_rows_are_shown_at_a_safe_place_and_flagged(
    store: Store, floor_id: int
) -> None:
    a1, a2 = _desk(store, "A1").id, _desk(store, "A2").id
    cafe = _room(store, "Café").id
    with store.write() as session:
        # Written behind the application's back, as a broken import or a disk error would.
        session.execute(
            text("UPDATE desk SET x_cm = 'NaN', width_cm = -140 WHERE id = :id"), {"id": a1}
        )
        session.execute(text("UPDATE desk SET rotation_deg = 1e999 WHERE id = :id"), {"id": a2})
        session.execute(
            text("UPDATE room SET outline = '[[0, 0], \"x\"]' WHERE id = :id"), {"id": cafe}
        )
    plan = floorplan.load_floor_plan(store, floor_id)
    desks = {d.id: d for d in plan.desks}
    assert desks[a1].flagged and desks[a2].flagged
    assert all(math.isfinite(v) for v in (desks[a1].geometry.x, desks[a1].geometry.width))
    open_space = next(r for r in plan.rooms if r.name == "Open space").geometry.bounds()
    assert open_space.contains(desks[a1].geometry.centre)  # in the middle of its room
    assert desks[a2].geometry.rotation == 0
    assert next(r for r in plan.rooms if r.id == cafe).flagged
    corrupt = [n for n in plan.notices if n.kind is NoticeKind.CORRUPT_GEOMETRY]
    assert {i for n in corrupt for i in n.desk_ids} == {a1, a2}
    assert [i for n in corrupt for i in n.room_ids] == [cafe]


# -- background ------------------------------------------------------------------------------
def test_a_png_background_is_stored_scaled_and_restored(
    store: Store, manager: Actor, floor_id: int
) -> None:
    edit = floorplan_background.set_background(store, manager, floor_id, _png(400, 240))
    assert edit.background is not None
    assert edit.background.cm_per_pixel == 5.0  # 2000 cm wide floor / 400 px
    plan = floorplan.load_floor_plan(store, floor_id)
    assert plan.background is not None and plan.background.width_px == 400
    scaled = floorplan_background.set_background_scale(
        store, manager, floor_id, Point(100, 100), Point(600, 100), 1000
    )
    assert scaled.background is not None
    assert math.isclose(scaled.background.cm_per_pixel, 10.0)
    assert math.isclose(scaled.background.offset_x_cm, -100.0)  # the first point stayed put
    floorplan_background.restore_background(store, manager, floor_id, edit.background)
    back = floorplan.load_floor_plan(store, floor_id).background
    assert back is not None and back.cm_per_pixel == 5.0
    floorplan_background.restore_background(store, manager, floor_id, None)
    assert floorplan.load_floor_plan(store, floor_id).background is None


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"GIF89a not a plan", "the file is not a PNG or JPEG image"),
        (b"", "the file is empty"),
        (_png_header(8000, 6000), "the image is over 40 megapixels"),
        (_png_header(20000, 10000), "the image is over 40 megapixels"),  # past Pillow's limit
        (_png(400, 300)[:120], "the image is damaged or incomplete"),
    ],
)
def test_bad_images_are_refused_with_a_reason_and_nothing_stored(
    store: Store, manager: Actor, floor_id: int, data: bytes, reason: str
) -> None:
    before = _audit_count(store)
    with pytest.raises(ValidationError) as refused:
        floorplan_background.set_background(store, manager, floor_id, data)
    assert _(reason) in refused.value.problems["image"]
    with store.read() as session:
        assert session.get(FloorBackground, floor_id) is None
    assert _audit_count(store) == before


def test_a_missing_file_is_refused(
    store: Store, manager: Actor, floor_id: int, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError) as refused:
        floorplan_background.set_background_file(store, manager, floor_id, tmp_path / "plan.png")
    assert "plan.png" in refused.value.problems["image"]
    (tmp_path / "plan.png").write_bytes(_png())
    assert floorplan_background.set_background_file(
        store, manager, floor_id, tmp_path / "plan.png"
    ).background


def test_a_scale_needs_two_distinct_points_and_a_distance(
    store: Store, manager: Actor, floor_id: int
) -> None:
    with pytest.raises(ValidationError):
        floorplan_background.set_background_scale(
            store, manager, floor_id, Point(0, 0), Point(100, 0), 500
        )  # no image yet
    floorplan_background.set_background(store, manager, floor_id, _png())
    with pytest.raises(ValidationError, match="distance"):
        floorplan_background.set_background_scale(
            store, manager, floor_id, Point(0, 0), Point(100, 0), 0
        )
    with pytest.raises(ValidationError, match="points"):
        floorplan_background.set_background_scale(
            store, manager, floor_id, Point(5, 5), Point(5, 5), 500
        )


def test_a_corrupt_stored_background_does_not_stop_the_plan(store: Store, floor_id: int) -> None:
    with store.write() as session:
        session.add(
            FloorBackground(floor_id=floor_id, image=b"\x89PNG broken", media_type="image/png")
        )
    plan = floorplan.load_floor_plan(store, floor_id)
    assert plan.background is None
    assert plan.background_problem is not None
    assert _("the file is not a PNG or JPEG image") in plan.background_problem
    assert len(plan.desks) == 18


# -- today's plan -----------------------------------------------------------------------------
def test_todays_plan_pdf_has_a_page_per_floor_and_the_lists(
    store: Store, volunteer: Actor, tmp_path: Path
) -> None:
    member = _members(store, 1)[0]
    presence.check_in(store, volunteer, member, desk_id=_desk(store, "A3").id)
    out = todays_plan_pdf(store, tmp_path / "plan.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 2  # plan, then lists
    assert b"DejaVuSans" in data  # the embedded font, for French text
