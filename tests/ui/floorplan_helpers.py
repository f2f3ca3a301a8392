"""Helpers for the floor plan interface tests: a demo centre, the window, where desks are."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from floorplan_support import demo_centre
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.demo import DEMO_ACCOUNTS
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Desk, Member
from telecentre_desk.ui.floorplan.items import DeskItem
from telecentre_desk.ui.floorplan.page import FloorPage
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.views.floorplan import FloorPlanView
from telecentre_desk.ui.worker import ServiceRunner

MANAGER, RECEPTIONIST, VOLUNTEER = 0, 1, 2


def demo_paths(root: Path) -> DataPaths:
    return demo_centre(prepare_data_dir(root))


def demo_actor(store: Store, index: int) -> Actor:
    account = DEMO_ACCOUNTS[index]
    return sign_in(store, account.login, account.pin)


def open_plan(
    qtbot: QtBot,
    runner: ServiceRunner,
    store: Store,
    actor: Actor,
    size: tuple[int, int] = (1440, 900),
) -> tuple[MainWindow, FloorPlanView, FloorPage]:
    """The main window on the floor plan, its first floor loaded and drawn."""
    window = MainWindow(runner, store, actor)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    assert runner.wait_idle()
    view = window.current_view()
    assert isinstance(view, FloorPlanView)
    page = view.current_page()
    assert page is not None
    qtbot.waitUntil(lambda: page.is_loaded)
    return window, view, page


def desk(page: FloorPage, label: str) -> DeskItem:
    return next(item for item in page.scene.desks.values() if item.info.label == label)


def desk_id(store: Store, label: str) -> int:
    with store.read() as session:
        return session.scalars(select(Desk.id).where(Desk.label == label)).one()


def desk_row(store: Store, label: str) -> Desk:
    with store.read() as session:
        return session.scalars(select(Desk).where(Desk.label == label)).one()


def on_screen(page: FloorPage, scene_point: QPointF) -> QPoint:
    """Where a point of the plan is in the view's viewport (where to click)."""
    return page.view.mapFromScene(scene_point)


def click_desk(qtbot: QtBot, page: FloorPage, label: str) -> None:
    item = desk(page, label)
    qtbot.mouseClick(
        page.view.viewport(), Qt.MouseButton.LeftButton, pos=on_screen(page, item.pos())
    )


def drag(qtbot: QtBot, page: FloorPage, start: QPointF, end: QPointF, steps: int = 6) -> None:
    """Press at ``start`` (plan coordinates), move in steps, release at ``end``."""
    viewport = page.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=on_screen(page, start))
    for step in range(1, steps + 1):
        point = start + (end - start) * (step / steps)
        qtbot.mouseMove(viewport, on_screen(page, point))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=on_screen(page, end))


def member_named(store: Store, index: int = 0) -> tuple[int, str, str]:
    """(id, first name, last name) of an active member whose names are plain ASCII, so
    that tests can type them (qtbot cannot type accents)."""
    with store.read() as session:
        rows = session.execute(
            select(Member.id, Member.first_name, Member.last_name)
            .where(~Member.archived)
            .order_by(Member.id)
        ).all()
    plain = [row for row in rows if (row.first_name + row.last_name).isascii()]
    row = plain[index]
    return row.id, row.first_name, row.last_name


def shots_dir(tmp_path: Path) -> Path:
    """Where screenshots go: $FLOORPLAN_SHOTS if set (to look at them), else the test's tmp."""
    folder = Path(os.environ.get("FLOORPLAN_SHOTS", str(tmp_path)))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
