"""The floor plan as the front desk uses it: seat someone, check them out, move them, and
the plan following changes made elsewhere — by mouse and by keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select, text

from telecentre_desk.domain.geometry import DeskGeometry, RoomGeometry
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.i18n import _
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import floorplan, floorplan_edit, presence
from telecentre_desk.services.errors import PermissionDenied
from telecentre_desk.services.floorplan import DeskStatus
from telecentre_desk.services.floorplan_edit import DeskPlacement
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import (
    Floor,
    FloorBackground,
    Member,
    Organisation,
    Presence,
)
from telecentre_desk.ui.floorplan.items import DeskItem
from telecentre_desk.ui.floorplan.tooltips import desk_tooltip
from telecentre_desk.ui.worker import ServiceRunner

from .floorplan_helpers import (
    MANAGER,
    RECEPTIONIST,
    VOLUNTEER,
    click_desk,
    demo_actor,
    demo_paths,
    desk,
    desk_id,
    drag,
    member_named,
    open_plan,
)


@pytest.fixture
def paths(tmp_path: Path) -> DataPaths:
    return demo_paths(tmp_path / "demo")


@pytest.fixture
def store(paths: DataPaths) -> Iterator[Store]:
    opened = open_store(paths)
    yield opened
    opened.close()


@pytest.fixture
def runner(qapp: QApplication, store: Store) -> Iterator[ServiceRunner]:
    service_runner = ServiceRunner()
    yield service_runner
    service_runner.shutdown()


def _open_presence(store: Store, member_id: int) -> Presence | None:
    with store.read() as session:
        return session.scalars(
            select(Presence).where(Presence.member_id == member_id, Presence.ended_at.is_(None))
        ).first()


def test_the_plan_draws_every_room_and_desk_keyed_by_id(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    plan = floorplan.load_floor_plan(store, page.floor_id)
    assert set(page.scene.desks) == {d.id for d in plan.desks}
    assert set(page.scene.rooms) == {r.id for r in plan.rooms}
    assert desk(page, "A9").state.status is DeskStatus.OUT_OF_SERVICE
    assert desk(page, "A1").state.status is DeskStatus.FREE
    assert view.tabs.tabText(0) == "Rez-de-chaussée"
    assert view.is_settled()
    seated, free = page.counts()
    assert (seated, free) == (0, 17)


def test_another_floors_tab_shows_that_floor_drawn(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    manager = demo_actor(store, MANAGER)
    with store.write() as session:
        upstairs = Floor(name="Étage", level=1)
        session.add(upstairs)
        session.flush()
        upstairs_id = upstairs.id
    floorplan_edit.add_room(store, manager, upstairs_id, RoomGeometry(100, 100, 600, 400))
    floorplan_edit.add_desk(store, manager, upstairs_id, DeskGeometry(300, 300, 140, 70))
    _window, view, first = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    assert view.tabs.tabText(1) == "Étage"
    tab_bar = view.tabs.tabBar()
    qtbot.mouseClick(tab_bar, Qt.MouseButton.LeftButton, pos=tab_bar.tabRect(1).center())
    second = view.current_page()
    assert second is not None and second is not first
    assert view.tabs.currentIndex() == 1
    qtbot.waitUntil(lambda: second.is_loaded)
    plan = floorplan.load_floor_plan(store, second.floor_id)
    assert second.floor_id == upstairs_id
    assert len(second.scene.desks) == 1
    assert set(second.scene.desks) == {d.id for d in plan.desks}
    assert view.is_settled()


def test_click_a_free_desk_type_pick_enter_checks_in(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, VOLUNTEER))
    member, first, last = member_named(store)
    click_desk(qtbot, page, "A2")
    box = page.seat_box
    assert box.isVisible()
    assert "A2" in box.title.text()
    assert box.search.hasFocus()
    qtbot.keyClicks(box.search, last[:4].lower())
    qtbot.waitUntil(lambda: box.results.count() > 0)
    names = [box.results.item(row).text() for row in range(box.results.count())]
    row = next(i for i, name in enumerate(names) if name.startswith(f"{first} {last}"))
    for _step in range(row):
        qtbot.keyClick(box.search, Qt.Key.Key_Down)
    qtbot.keyClick(box.search, Qt.Key.Key_Return)
    assert runner.wait_idle()
    item = desk(page, "A2")
    qtbot.waitUntil(lambda: item.state.status is DeskStatus.OCCUPIED)
    assert item.state.occupant is not None and item.state.occupant.member_id == member
    assert not box.isVisible()
    opened = _open_presence(store, member)
    assert opened is not None and opened.desk_id == item.desk_id
    assert opened.source is PresenceSource.PLAN
    assert page.scene.markers[member].desk is item


def test_nobody_found_says_so_and_seats_nobody(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, VOLUNTEER))
    click_desk(qtbot, page, "A4")
    box = page.seat_box
    qtbot.keyClicks(box.search, "zzqx")
    qtbot.keyClick(box.search, Qt.Key.Key_Return)
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: box.message.isVisible())
    assert "zzqx" in box.message.text()
    assert box.isVisible()
    assert desk(page, "A4").state.status is DeskStatus.FREE
    assert presence.present_now(store) == []
    qtbot.keyClick(box.search, Qt.Key.Key_Escape)
    assert not box.isVisible()


def test_keyboard_only_arrows_enter_type_enter(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    member, _first, last = member_named(store, 1)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Home)  # the first desk: A1
    assert page.view.current_desk == desk(page, "A1").desk_id
    qtbot.keyClick(page.view, Qt.Key.Key_Right)
    assert page.view.current_desk == desk(page, "A2").desk_id
    qtbot.keyClick(page.view, Qt.Key.Key_Down)  # A5, in the row facing it
    assert page.view.current_desk == desk(page, "A5").desk_id
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    box = page.seat_box
    assert box.isVisible() and box.search.hasFocus()
    qtbot.keyClicks(box.search, last.lower())
    qtbot.keyClick(box.search, Qt.Key.Key_Return)  # seats once the results are in
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: desk(page, "A5").state.status is DeskStatus.OCCUPIED)
    occupant = desk(page, "A5").state.occupant
    assert occupant is not None and last in occupant.name
    assert _open_presence(store, occupant.member_id) is not None
    assert member  # the first plain-named member may share the last name; any match is fine


def test_checking_out_from_the_plan_frees_the_desk(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, VOLUNTEER)
    member, first, last = member_named(store)
    presence.check_in(store, actor, member, desk_id=desk_id(store, "A6"))
    _window, _view, page = open_plan(qtbot, runner, store, actor)
    item = desk(page, "A6")
    assert item.state.status is DeskStatus.OCCUPIED
    click_desk(qtbot, page, "A6")
    box = page.occupied_box
    assert box.isVisible() and box.name.text() == f"{first} {last}"
    assert box.check_out_button.hasFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: item.state.status is DeskStatus.FREE)
    assert _open_presence(store, member) is None
    assert member not in page.scene.markers
    assert not box.isVisible()


def test_drag_a_person_onto_a_free_desk_moves_them(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, RECEPTIONIST)
    member, _first, _last = member_named(store)
    presence.check_in(store, actor, member, desk_id=desk_id(store, "A1"))
    _window, _view, page = open_plan(qtbot, runner, store, actor)
    page.view.zoom_by(2.0)
    marker = page.scene.markers[member]
    target = desk(page, "A8")
    page.view.centerOn(target)
    drag(qtbot, page, marker.scenePos(), target.pos())
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: target.state.status is DeskStatus.OCCUPIED)
    assert desk(page, "A1").state.status is DeskStatus.FREE
    opened = _open_presence(store, member)
    assert opened is not None and opened.desk_id == target.desk_id
    assert page.scene.markers[member].desk is target


def test_move_by_keyboard_from_the_occupied_box(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, VOLUNTEER)
    member, _first, _last = member_named(store)
    presence.check_in(store, actor, member, desk_id=desk_id(store, "A1"))
    _window, _view, page = open_plan(qtbot, runner, store, actor)
    click_desk(qtbot, page, "A1")
    page.occupied_box.move_button.click()
    assert not page.occupied_box.isVisible()
    assert page.message.isVisible()  # "Choose the new desk for ..."
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Right)  # A2
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    assert runner.wait_idle()
    a2 = desk(page, "A2")
    qtbot.waitUntil(lambda: a2.state.status is DeskStatus.OCCUPIED)
    opened = _open_presence(store, member)
    assert opened is not None and opened.desk_id == a2.desk_id


def test_a_check_in_made_elsewhere_updates_only_that_desk(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, RECEPTIONIST)
    _window, _view, page = open_plan(qtbot, runner, store, actor)
    items_before = dict(page.scene.desks)
    repaints: list[int] = []
    original = DeskItem.set_state

    def counting(item: DeskItem, state: object) -> bool:
        changed = original(item, state)  # type: ignore[arg-type]
        if changed:
            repaints.append(item.desk_id)
        return changed

    member, _first, _last = member_named(store)
    a3 = desk_id(store, "A3")
    DeskItem.set_state = counting  # type: ignore[method-assign]
    try:
        # As the check-in view does: a service call through the shared runner.
        runner.submit(
            presence.check_in, store, actor, member, on_done=None
        )  # no desk: nothing on the plan changes
        assert runner.wait_idle()
        runner.submit(presence.move_to_desk, store, actor, member, a3)
        assert runner.wait_idle()
        qtbot.waitUntil(lambda: page.scene.desks[a3].state.status is DeskStatus.OCCUPIED)
    finally:
        DeskItem.set_state = original  # type: ignore[method-assign]
    assert page.scene.desks == items_before  # the very same items: nothing rebuilt
    assert repaints == [a3]


def test_the_lobby_shows_the_same_state_and_follows_changes(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, RECEPTIONIST)
    first, _f, _l = member_named(store)
    presence.check_in(store, actor, first, desk_id=desk_id(store, "A1"))
    _window, view, page = open_plan(qtbot, runner, store, actor)
    qtbot.mouseClick(view.lobby_button, Qt.MouseButton.LeftButton)
    lobby = view.lobby
    assert lobby is not None and lobby.isVisible()
    qtbot.waitUntil(lobby.is_loaded)
    lobby_scene = lobby.scenes[page.floor_id]

    def same() -> bool:
        return {i: d.state for i, d in lobby_scene.desks.items()} == {
            i: d.state for i, d in page.scene.desks.items()
        }

    assert same()
    assert lobby.seated_figure.text() == "1"
    second, _f2, _l2 = member_named(store, 1)
    runner.submit(presence.check_in, store, actor, second)  # as the check-in view does
    assert runner.wait_idle()
    runner.submit(presence.move_to_desk, store, actor, second, desk(page, "A2").desk_id)
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: desk(page, "A2").state.status is DeskStatus.OCCUPIED)
    qtbot.waitUntil(same)
    assert lobby.seated_figure.text() == "2"
    qtbot.keyClick(lobby, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: view.lobby is None)


def test_the_lobby_cannot_seat_anyone(qtbot: QtBot, runner: ServiceRunner, store: Store) -> None:
    actor = demo_actor(store, RECEPTIONIST)
    _window, view, page = open_plan(qtbot, runner, store, actor)
    lobby = view.open_lobby()
    assert lobby is not None
    qtbot.waitUntil(lobby.is_loaded)
    lobby_view = lobby.views[page.floor_id]
    item = lobby.scenes[page.floor_id].desks[desk(page, "A2").desk_id]
    clicked: list[int] = []
    lobby.scenes[page.floor_id].desk_clicked.connect(clicked.append)
    qtbot.mouseClick(
        lobby_view.viewport(), Qt.MouseButton.LeftButton, pos=lobby_view.mapFromScene(item.pos())
    )
    assert clicked == []
    lobby.close()


def test_a_volunteer_cannot_edit_the_plan(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, VOLUNTEER)
    _window, view, page = open_plan(qtbot, runner, store, actor)
    assert view.edit_button.isHidden()
    page.set_editing(True)  # even asked directly, the page stays as it is
    assert not page.editing
    a1 = desk_id(store, "A1")
    with pytest.raises(PermissionDenied):
        floorplan_edit.save_geometry(
            store, actor, page.floor_id, [DeskPlacement(a1, DeskGeometry(10, 10, 140, 70))]
        )
    manager = demo_actor(store, MANAGER)
    _w2, manager_view, _p2 = open_plan(qtbot, runner, store, manager)
    assert not manager_view.edit_button.isHidden()


def test_a_bad_background_shows_a_message_and_the_plan_opens(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    floor = floorplan.list_floors(store)[0].id
    with store.write() as session:
        session.add(FloorBackground(floor_id=floor, image=b"not an image", media_type="image/png"))
    _window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    assert page.message.isVisible()
    assert _("the file is not a PNG or JPEG image") in page.message.text()
    assert len(page.scene.desks) == 18
    assert not page.scene.has_background()


def test_an_image_qt_cannot_decode_shows_a_message_too(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 20, 30)).save(buffer, "PNG")
    truncated = buffer.getvalue()[:60]  # the header reads; the pixels are gone
    floor = floorplan.list_floors(store)[0].id
    with store.write() as session:
        session.add(FloorBackground(floor_id=floor, image=truncated, media_type="image/png"))
    _window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    assert page.message.isVisible() and page.message.text()
    assert len(page.scene.desks) == 18


def test_a_corrupt_geometry_row_is_drawn_at_a_safe_place_and_flagged(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    a1 = desk_id(store, "A1")
    with store.write() as session:
        session.execute(
            text("UPDATE desk SET x_cm = 'NaN', depth_cm = -5 WHERE id = :id"), {"id": a1}
        )
    _window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, MANAGER))
    item = page.scene.desks[a1]
    assert item.info.flagged
    geometry = item.geometry()
    assert geometry.depth == 70 and geometry.x == geometry.x  # a number, not NaN
    room = page.scene.rooms[item.info.room_id]
    assert room.sceneBoundingRect().contains(item.pos())
    hint = desk_tooltip(item.info, item.state)
    assert _("Its stored position was unreadable: move it where it belongs.") in hint


def test_hovering_an_occupied_desk_says_who_from_where_since_when(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, RECEPTIONIST)
    with store.read() as session:
        row = session.execute(
            select(Member.id, Member.first_name, Member.last_name, Organisation.name)
            .join(Organisation, Member.organisation_id == Organisation.id)
            .where(~Member.archived)
            .order_by(Member.id)
        ).first()
    assert row is not None
    # Today (a presence left open from another day is closed by the closing-time sweep).
    arrived = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=3)
    planned_end = arrived + timedelta(hours=3)
    presence.check_in(
        store, actor, row.id, desk_id=desk_id(store, "B1-1"), at=arrived, planned_end=planned_end
    )
    _window, _view, page = open_plan(qtbot, runner, store, actor)
    item = desk(page, "B1-1")
    text = desk_tooltip(item.info, item.state)
    assert f"{row.first_name} {row.last_name}" in text
    assert row.name in text
    paris = ZoneInfo("Europe/Paris")
    since = arrived.astimezone(paris).strftime("%H:%M")
    until = planned_end.astimezone(paris)
    assert since in text  # the arrival, in Paris time
    assert until.strftime("%H:%M") in text or until.date() != arrived.astimezone(paris).date()
    free = desk(page, "B1-2")
    assert _("Free: click to seat someone") in desk_tooltip(free.info, free.state)


def test_zoom_with_keys_and_wheel_then_fit_to_floor(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    plan_view = page.view
    fitted = plan_view.scale_factor()
    plan_view.setFocus()
    qtbot.keyClick(plan_view, Qt.Key.Key_Plus)
    assert plan_view.scale_factor() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(plan_view, Qt.Key.Key_Minus)
    qtbot.keyClick(plan_view, Qt.Key.Key_Minus)
    assert plan_view.scale_factor() < fitted
    event = QWheelEvent(
        QPointF(200, 200),
        plan_view.viewport().mapToGlobal(QPointF(200, 200)),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(plan_view.viewport(), event)
    assert plan_view.scale_factor() == pytest.approx(fitted / 1.25 * 1.25**2)
    qtbot.mouseClick(view.fit_button, Qt.MouseButton.LeftButton)
    assert plan_view.scale_factor() == pytest.approx(fitted)
    qtbot.keyClick(plan_view, Qt.Key.Key_Plus)
    qtbot.keyClick(plan_view, Qt.Key.Key_0)
    assert plan_view.scale_factor() == pytest.approx(fitted)


def test_open_the_member_goes_to_the_directory(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    actor = demo_actor(store, RECEPTIONIST)
    member, _first, _last = member_named(store)
    presence.check_in(store, actor, member, desk_id=desk_id(store, "A6"))
    window, view, page = open_plan(qtbot, runner, store, actor)
    asked: list[int] = []
    view.member_requested.connect(asked.append)
    click_desk(qtbot, page, "A6")
    qtbot.mouseClick(page.occupied_box.member_button, Qt.MouseButton.LeftButton)
    assert asked == [member]
    assert window.current_view().name == "members"
    assert not page.occupied_box.isVisible()
