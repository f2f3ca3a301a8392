"""The plan editor as a manager uses it: drag, rotate, resize, add, delete, undo, redo — each
gesture saved once on release, and still there when the plan is opened again."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from telecentre_desk.domain.geometry import DeskGeometry, snap
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.i18n import _
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import floorplan, floorplan_edit, presence
from telecentre_desk.services.floorplan import NoticeKind
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import AuditEvent, Desk
from telecentre_desk.ui.floorplan import commands
from telecentre_desk.ui.floorplan.dialogs import DeskDialog, DistanceDialog
from telecentre_desk.ui.floorplan.page import FloorPage
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.worker import ServiceRunner

from .floorplan_helpers import (
    MANAGER,
    VOLUNTEER,
    demo_actor,
    demo_paths,
    desk,
    desk_id,
    desk_row,
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


def _editing(qtbot: QtBot, runner: ServiceRunner, store: Store) -> tuple[MainWindow, FloorPage]:
    window, view, page = open_plan(qtbot, runner, store, demo_actor(store, MANAGER))
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    assert page.editing and page.editor is not None and page.editor_panel is not None
    assert page.editor_panel.isVisible()
    page.view.setFocus()
    return window, page


def _reopened(qtbot: QtBot, paths: DataPaths, label: str) -> DeskGeometry:
    """The desk as a new window on a new connection to the same database draws it."""
    other_store = open_store(paths)
    other_runner = ServiceRunner()
    try:
        window, _view, page = open_plan(
            qtbot, other_runner, other_store, demo_actor(other_store, VOLUNTEER)
        )
        geometry = desk(page, label).geometry()
        window.close()
        other_runner.wait_idle()
    finally:
        other_runner.shutdown()
        other_store.close()
    return geometry


def _close(a: DeskGeometry, b: DeskGeometry) -> bool:
    return all(
        math.isclose(x, y, abs_tol=0.05)
        for x, y in zip(
            (a.x, a.y, a.width, a.depth, a.rotation % 360),
            (b.x, b.y, b.width, b.depth, b.rotation % 360),
            strict=True,
        )
    )


def _focus(qtbot: QtBot, page: FloorPage) -> None:
    """Back to the plan's window (a window opened by the test may have taken the focus)."""
    window = page.window()
    with qtbot.waitActive(window):
        window.activateWindow()
    page.view.setFocus()


def _undo(qtbot: QtBot, page: FloorPage, runner: ServiceRunner) -> None:
    _focus(qtbot, page)
    qtbot.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert runner.wait_idle()


def _redo(qtbot: QtBot, page: FloorPage, runner: ServiceRunner) -> None:
    _focus(qtbot, page)
    qtbot.keyClick(
        page.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert runner.wait_idle()


def _saves(store: Store) -> int:
    with store.read() as session:
        return (
            session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.action == "plan_geometry")
            )
            or 0
        )


def test_drag_release_reopen_it_is_where_it_was_dropped_then_undo_persists_too(
    qtbot: QtBot, runner: ServiceRunner, store: Store, paths: DataPaths
) -> None:
    _window, page = _editing(qtbot, runner, store)
    item = desk(page, "A1")
    start = item.geometry()
    drag(qtbot, page, item.pos(), item.pos() + QPointF(203, 57), steps=8)
    assert runner.wait_idle()
    dropped = item.geometry()
    assert dropped.x == snap(dropped.x) and dropped.y == snap(dropped.y)  # on the grid
    assert abs(dropped.x - (start.x + 203)) <= 12 and abs(dropped.y - (start.y + 57)) <= 12
    assert _saves(store) == 1  # one gesture, one save, however many mouse moves
    assert _close(_reopened(qtbot, paths, "A1"), dropped)

    _undo(qtbot, page, runner)
    assert _close(item.geometry(), start)
    assert _close(_reopened(qtbot, paths, "A1"), start)

    _redo(qtbot, page, runner)
    assert _close(item.geometry(), dropped)
    assert _close(_reopened(qtbot, paths, "A1"), dropped)


def test_rotate_with_the_handle_in_15_degree_steps_and_undo(
    qtbot: QtBot, runner: ServiceRunner, store: Store, paths: DataPaths
) -> None:
    _window, page = _editing(qtbot, runner, store)
    item = desk(page, "A4")  # a desk of the second row: rotation 0
    start = item.geometry()
    qtbot.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.mapFromScene(item.pos())
    )
    assert item.isSelected()
    handle = next(h for h in page.scene.handles() if h.rotate)
    # Round to the right of the desk, a little below: about 92° -> 90° in steps of 15°.
    drag(qtbot, page, handle.scenePos(), item.pos() + QPointF(300, 10), steps=10)
    assert runner.wait_idle()
    rotated = item.geometry()
    assert rotated.rotation == 90
    assert (rotated.x, rotated.y) == (start.x, start.y)
    assert _close(_reopened(qtbot, paths, "A4"), rotated)
    _undo(qtbot, page, runner)
    assert item.geometry().rotation == start.rotation
    assert _close(_reopened(qtbot, paths, "A4"), start)


def test_free_rotation_with_shift(qtbot: QtBot, runner: ServiceRunner, store: Store) -> None:
    _window, page = _editing(qtbot, runner, store)
    item = desk(page, "A4")
    item.setSelected(True)
    handle = next(h for h in page.scene.handles() if h.rotate)
    viewport = page.view.viewport()
    end = item.pos() + QPointF(300, 40)
    qtbot.mousePress(
        viewport, Qt.MouseButton.LeftButton, pos=page.view.mapFromScene(handle.scenePos())
    )
    qtbot.mouseMove(viewport, page.view.mapFromScene(end))
    page.scene.rotate_towards(item, end, free=True)  # what a Shift-drag does, to the degree
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=page.view.mapFromScene(end))
    assert runner.wait_idle()
    angle = item.geometry().rotation
    assert 95 < angle < 100 and angle % 15
    assert math.isclose(desk_row(store, "A4").rotation_deg, angle, abs_tol=0.01)


def test_resize_with_the_handle_and_undo(
    qtbot: QtBot, runner: ServiceRunner, store: Store, paths: DataPaths
) -> None:
    _window, page = _editing(qtbot, runner, store)
    item = desk(page, "A1")  # rotation 180: the handle's corner is turned too
    start = item.geometry()
    item.setSelected(True)
    page.view.zoom_by(4.0)  # a pixel is then well under a centimetre
    page.view.centerOn(item)
    handle = next(h for h in page.scene.handles() if not h.rotate)
    target = item.mapToScene(QPointF(start.width / 2 + 31, start.depth / 2 + 21))
    drag(qtbot, page, handle.scenePos(), target, steps=6)
    assert runner.wait_idle()
    resized = item.geometry()
    assert (resized.width, resized.depth) == (200, 110)
    assert (resized.x, resized.y, resized.rotation) == (start.x, start.y, start.rotation)
    assert _close(_reopened(qtbot, paths, "A1"), resized)
    _undo(qtbot, page, runner)
    assert _close(_reopened(qtbot, paths, "A1"), start)


def test_moving_a_selection_is_one_undo_step_and_one_transaction(
    qtbot: QtBot, runner: ServiceRunner, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window, page = _editing(qtbot, runner, store)
    editor = page.editor
    assert editor is not None
    labels = ["A1", "A2", "A3"]
    before = {label: desk(page, label).geometry() for label in labels}
    for label in labels:
        desk(page, label).setSelected(True)
    calls: list[int] = []
    real_save = commands.save_geometry

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(commands, "save_geometry", counted)
    drag(qtbot, page, desk(page, "A2").pos(), desk(page, "A2").pos() + QPointF(0, 100))
    assert runner.wait_idle()
    assert editor.stack.count() == 1
    assert calls == [1]  # one service call: one transaction for the three desks
    assert _saves(store) == 3  # each desk's change audited
    moved = {label: desk_row(store, label).y_cm for label in labels}
    assert all(moved[label] > before[label].y + 80 for label in labels)
    _undo(qtbot, page, runner)
    assert all(
        math.isclose(desk_row(store, label).y_cm, before[label].y, abs_tol=0.05) for label in labels
    )


def test_align_and_nudge_are_saved_and_undone(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, page = _editing(qtbot, runner, store)
    editor = page.editor
    assert editor is not None and page.editor_panel is not None
    for label in ("A1", "A5", "A9"):
        desk(page, label).setSelected(True)
    assert page.editor_panel.align_button.isEnabled()
    from telecentre_desk.domain.geometry import Alignment

    editor.align(Alignment.LEFT)
    assert runner.wait_idle()
    lefts = {round(desk_row(store, label).x_cm) for label in ("A1", "A5", "A9")}
    assert len(lefts) == 1
    qtbot.keyClick(page.view, Qt.Key.Key_Right)  # nudge 10 cm
    assert runner.wait_idle()
    assert {round(desk_row(store, label).x_cm) for label in ("A1", "A5", "A9")} == {
        lefts.pop() + 10
    }
    assert editor.stack.count() == 2
    _undo(qtbot, page, runner)
    _undo(qtbot, page, runner)
    assert round(desk_row(store, "A5").x_cm) == round(desk(page, "A5").geometry().x)
    assert desk_row(store, "A5").x_cm != desk_row(store, "A1").x_cm


def test_add_a_desk_undo_removes_it_redo_brings_it_back(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, page = _editing(qtbot, runner, store)
    panel = page.editor_panel
    assert panel is not None
    desk(page, "A12").setSelected(True)
    qtbot.mouseClick(panel.add_desk_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    added = desk(page, "A13")
    assert added.isSelected()
    new_id = added.desk_id
    assert desk_row(store, "A13").room_id == desk(page, "A12").info.room_id
    _undo(qtbot, page, runner)
    assert new_id not in page.scene.desks
    with store.read() as session:
        assert session.get(Desk, new_id) is None
    _redo(qtbot, page, runner)
    assert new_id in page.scene.desks
    assert desk_row(store, "A13").id == new_id


def test_delete_then_undo_restores_the_desk(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    manager = demo_actor(store, MANAGER)
    floor = floorplan.list_floors(store)[0].id
    # A desk nobody has used yet (the demo's desks have a history, which is never deleted).
    new = floorplan_edit.add_desk(store, manager, floor, DeskGeometry(800, 600, 140, 70)).desks[0]
    _window, page = _editing(qtbot, runner, store)
    item = page.scene.desks[new.id]
    geometry = item.geometry()
    item.setSelected(True)
    qtbot.keyClick(page.view, Qt.Key.Key_Delete)
    assert runner.wait_idle()
    assert new.id not in page.scene.desks
    with store.read() as session:
        assert session.get(Desk, new.id) is None
    _undo(qtbot, page, runner)
    assert new.id in page.scene.desks
    assert _close(page.scene.desks[new.id].geometry(), geometry)
    assert desk_row(store, new.label).id == new.id


def test_a_refused_delete_leaves_the_desk_and_no_undo_step(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    volunteer = demo_actor(store, VOLUNTEER)
    member, _first, _last = member_named(store)
    presence.check_in(store, volunteer, member, desk_id=desk_id(store, "A3"))
    presence.check_out(store, volunteer, member)  # A3 now has history
    _window, page = _editing(qtbot, runner, store)
    editor = page.editor
    assert editor is not None
    desk(page, "A3").setSelected(True)
    editor.delete()
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: page.is_loaded)
    assert editor.stack.count() == 0
    assert "A3" in page.message.text()
    assert page.message.property("role") == "error"
    assert desk_row(store, "A3") is not None
    assert any(item.info.label == "A3" for item in page.scene.desks.values())


def test_rename_and_out_of_service_through_the_dialog(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, page = _editing(qtbot, runner, store)
    desk(page, "A2").setSelected(True)
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, DeskDialog) and dialog.isVisible()
    dialog.label.selectAll()
    qtbot.keyClicks(dialog.label, "Window-2")
    dialog.out_of_service.setChecked(True)
    qtbot.keyClick(dialog.label, Qt.Key.Key_Return)
    assert runner.wait_idle()
    row = desk_row(store, "Window-2")
    assert row.out_of_service
    item = page.scene.desks[row.id]
    assert item.info.label == "Window-2"
    _undo(qtbot, page, runner)
    row = desk_row(store, "A2")
    assert not row.out_of_service


def test_checks_list_warns_about_overlaps_without_blocking(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    _window, page = _editing(qtbot, runner, store)
    panel = page.editor_panel
    assert panel is not None and panel.checks.count() == 0
    a1, a2 = desk(page, "A1"), desk(page, "A2")
    drag(qtbot, page, a1.pos(), a2.pos() + QPointF(30, 0))
    assert runner.wait_idle()
    messages = [panel.checks.item(row).text() for row in range(panel.checks.count())]
    assert any("A1" in text and "A2" in text for text in messages)
    notices = page.editor.notices if page.editor else ()
    assert NoticeKind.DESKS_OVERLAP in {n.kind for n in notices}
    item = panel.checks.item(0)
    qtbot.mouseClick(
        panel.checks.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.checks.visualItemRect(item).center(),
    )
    assert {d.info.label for d in page.scene.selected_desks()} == {"A1", "A2"}


def test_leaving_the_editor_shows_the_plan_as_stored(
    qtbot: QtBot, runner: ServiceRunner, store: Store
) -> None:
    window, page = _editing(qtbot, runner, store)
    view = window.current_view()
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)  # "Done editing"
    assert runner.wait_idle()
    assert not page.editing and page.editor_panel is not None and page.editor_panel.isHidden()
    assert page.legend.isVisible()
    # Seating works again in the viewing mode.
    actor = demo_actor(store, MANAGER)
    member, _first, _last = member_named(store)
    runner.submit(
        lambda: presence.check_in(
            store, actor, member, desk_id=desk_id(store, "A1"), source=PresenceSource.PLAN
        )
    )
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: desk(page, "A1").state.occupant is not None)


def test_choosing_a_file_that_is_not_an_image_changes_nothing(
    qtbot: QtBot, runner: ServiceRunner, store: Store, tmp_path: Path
) -> None:
    _window, page = _editing(qtbot, runner, store)
    editor = page.editor
    assert editor is not None
    not_image = tmp_path / "plan.png"
    not_image.write_text("these are not pixels")
    editor.choose_background(not_image)
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: page.is_loaded)
    assert _("the file is not a PNG or JPEG image") in page.message.text()
    assert not page.scene.has_background()
    assert editor.stack.count() == 0
    assert len(page.scene.desks) == 18
    with pytest.raises(Exception):  # noqa: B017 - the service refuses the same file too
        floorplan_edit.update_desk(store, demo_actor(store, VOLUNTEER), desk_id(store, "A1"))


def test_a_scanned_plan_scaled_from_two_points_and_undone(
    qtbot: QtBot, runner: ServiceRunner, store: Store, tmp_path: Path
) -> None:
    scan = tmp_path / "scan.png"
    image = QImage(400, 240, QImage.Format.Format_RGB32)
    image.fill(QColor("#dde4ea"))
    assert image.save(str(scan))
    _window, page = _editing(qtbot, runner, store)
    editor = page.editor
    assert editor is not None
    editor.choose_background(scan)
    assert runner.wait_idle()
    assert page.scene.has_background()
    assert editor.background is not None and editor.background.cm_per_pixel == 5.0
    editor.start_scale()
    assert page.message.isVisible()  # "Click the first end of a distance you know..."
    page.view.zoom_by(2.0)
    page.view.centerOn(QPointF(300, 100))
    viewport = page.view.viewport()
    for x in (100.0, 600.0):  # 500 cm apart on the plan as drawn now (100 px of image)
        qtbot.mouseClick(
            viewport, Qt.MouseButton.LeftButton, pos=page.view.mapFromScene(QPointF(x, 100))
        )
    dialog = page.dialog
    assert isinstance(dialog, DistanceDialog) and dialog.isVisible()
    dialog.metres.setValue(10.0)  # really 10 m apart: the image is drawn twice as big
    dialog.accept()
    assert runner.wait_idle()
    assert editor.background is not None
    assert editor.background.cm_per_pixel == pytest.approx(10.0, rel=0.02)
    assert editor.stack.count() == 2
    _undo(qtbot, page, runner)
    assert editor.background is not None and editor.background.cm_per_pixel == 5.0
    _undo(qtbot, page, runner)
    assert editor.background is None and not page.scene.has_background()
