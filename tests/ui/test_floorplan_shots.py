"""Each mode of the plan rendered to a PNG, as a reviewer looks at it: the plan with people
seated, the editor with a selection, the lobby display, and the exported floor image.

Set FLOORPLAN_SHOTS=/some/folder to keep the images."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from telecentre_desk.paths import DataPaths
from telecentre_desk.services import presence
from telecentre_desk.services.floorplan import DeskStatus
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import Desk, Member
from telecentre_desk.ui.floorplan import palette
from telecentre_desk.ui.floorplan.page import FloorPage
from telecentre_desk.ui.worker import ServiceRunner

from .floorplan_helpers import (
    MANAGER,
    RECEPTIONIST,
    demo_actor,
    demo_paths,
    desk,
    open_plan,
    shots_dir,
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


def _seat_a_morning(store: Store) -> None:
    """Half the working desks taken, as on a busy Tuesday."""
    actor = demo_actor(store, RECEPTIONIST)
    with store.read() as session:
        desks = session.scalars(select(Desk.id).where(~Desk.out_of_service).order_by(Desk.id)).all()
        members = session.scalars(
            select(Member.id).where(~Member.archived).order_by(Member.id)
        ).all()
    for member, desk_id in zip(members, desks[::2], strict=False):
        presence.check_in(store, actor, member, desk_id=desk_id)


def _pixel_at(image: QImage, widget_point: QPoint) -> QColor:
    return image.pixelColor(widget_point.x(), widget_point.y())


def _inside_desk(page: FloorPage, label: str) -> QPoint:
    """A point of the desk's surface clear of its text, in the page's coordinates."""
    item = desk(page, label)
    rect = item.desk_rect()
    corner = item.mapToScene(QPointF(rect.left() + 6, rect.top() + 6))
    on_view = page.view.mapFromScene(corner)
    return page.view.viewport().mapTo(page, on_view)


def _close_to(colour: QColor, expected: QColor) -> bool:
    return all(
        abs(a - b) <= 12
        for a, b in zip(
            (colour.red(), colour.green(), colour.blue()),
            (expected.red(), expected.green(), expected.blue()),
            strict=True,
        )
    )


def test_the_plan_with_people_seated(
    qtbot: QtBot, runner: ServiceRunner, store: Store, tmp_path: Path
) -> None:
    _seat_a_morning(store)
    window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    out = shots_dir(tmp_path) / "floorplan-view.png"
    assert window.grab().save(str(out))
    image = page.grab().toImage()
    assert desk(page, "A1").state.status is DeskStatus.OCCUPIED
    assert desk(page, "A2").state.status is DeskStatus.FREE
    assert _close_to(
        _pixel_at(image, _inside_desk(page, "A1")), palette.desk_fill(DeskStatus.OCCUPIED)
    )
    assert _close_to(_pixel_at(image, _inside_desk(page, "A2")), palette.desk_fill(DeskStatus.FREE))


def test_the_editor_with_a_selection(
    qtbot: QtBot, runner: ServiceRunner, store: Store, tmp_path: Path
) -> None:
    window, view, page = open_plan(qtbot, runner, store, demo_actor(store, MANAGER))
    qtbot.mouseClick(view.edit_button, Qt.MouseButton.LeftButton)
    item = desk(page, "A5")
    qtbot.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=page.view.mapFromScene(item.pos())
    )
    assert item.isSelected() and len(page.scene.handles()) == 2
    QApplication.processEvents()  # lay the editor's column out, as the event loop would
    out = shots_dir(tmp_path) / "floorplan-editor.png"
    assert window.grab().save(str(out))
    assert page.editor_panel is not None and page.editor_panel.isVisible()
    assert page.editor_panel.rotate_button.isEnabled()
    assert not page.editor_panel.align_button.isEnabled()  # one item: nothing to align


def test_the_lobby_display(
    qtbot: QtBot, runner: ServiceRunner, store: Store, tmp_path: Path
) -> None:
    _seat_a_morning(store)
    _window, view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    lobby = view.open_lobby()
    assert lobby is not None
    qtbot.waitUntil(lobby.is_loaded)
    assert (lobby.width(), lobby.height()) == (1920, 1080)
    out = shots_dir(tmp_path) / "floorplan-lobby.png"
    image = lobby.grab().toImage()
    assert image.save(str(out))
    seated, free = page.counts()
    assert lobby.seated_figure.text() == str(seated) and seated > 0
    assert lobby.free_figure.text() == str(free)
    lobby.close()


def test_the_floor_exported_as_an_image(
    qtbot: QtBot, runner: ServiceRunner, store: Store, tmp_path: Path
) -> None:
    _seat_a_morning(store)
    _window, view, _page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    out = shots_dir(tmp_path) / "floorplan-export.png"
    assert view.save_png(out)
    image = QImage(str(out))
    assert image.width() == 2400 and image.height() > 1000
    assert view.status.text()  # "The image is saved in ..."
    assert not view.save_png(tmp_path / "missing-folder" / "plan.png")


def test_the_seat_box_and_the_occupied_desk_box(
    qtbot: QtBot, runner: ServiceRunner, store: Store, tmp_path: Path
) -> None:
    _seat_a_morning(store)
    window, _view, page = open_plan(qtbot, runner, store, demo_actor(store, RECEPTIONIST))
    qtbot.mouseClick(
        page.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.view.mapFromScene(desk(page, "A2").pos()),
    )
    box = page.seat_box
    qtbot.keyClicks(box.search, "ma")
    qtbot.waitUntil(lambda: box.results.count() > 1)
    QApplication.processEvents()
    assert window.grab().save(str(shots_dir(tmp_path) / "floorplan-seat-box.png"))
    assert page.view.rect().contains(box.geometry())  # all of it on screen
    assert box.seat_button.height() >= 40 and box.cancel_button.height() >= 40
    qtbot.keyClick(box.search, Qt.Key.Key_Escape)
    qtbot.mouseClick(
        page.view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=page.view.mapFromScene(desk(page, "A1").pos()),
    )
    occupied = page.occupied_box
    assert occupied.isVisible()
    QApplication.processEvents()
    assert window.grab().save(str(shots_dir(tmp_path) / "floorplan-occupied-box.png"))
    assert page.view.rect().contains(occupied.geometry())
    assert all(
        button.height() >= 40
        for button in (
            occupied.check_out_button,
            occupied.move_button,
            occupied.member_button,
            occupied.close_button,
        )
    )
