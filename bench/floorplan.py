"""Floor plan speed: a floor of 1,000 desks in 40 rooms against a bare Qt baseline.

Measured in one run, alternating, as medians:

- build: drawing the floor from scratch (PlanScene.load) against 1,000 plain
  QGraphicsRectItems with a QGraphicsSimpleTextItem each, added to a scene;
- update: showing a new state of all 1,000 desks (PlanScene.apply_state: every desk
  goes from free to occupied by someone, or back), without repainting; the first
  update, which creates the people's markers, is given apart;
- render: painting the whole floor, fitted, in a 1920x1080 view into an image,
  against the same for the baseline scene. Desks are cached as pixmaps, so the worst
  case (a repaint right after every desk changed) and a zoomed-in view are given too.

Targets (issue 3): build <= 2x baseline, update <= 10 ms median, render <= 2x baseline.
Usage: QT_QPA_PLATFORM=offscreen python bench/floorplan.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
)

from telecentre_desk.domain.geometry import DeskGeometry, RoomGeometry
from telecentre_desk.domain.kinds import DeskKind, RoomKind
from telecentre_desk.services.floorplan import (
    DeskShape,
    DeskState,
    DeskStatus,
    FloorInfo,
    FloorPlan,
    Occupant,
    PlanState,
    RoomShape,
    RoomState,
)
from telecentre_desk.ui.floorplan.scene import PlanMode, PlanScene
from telecentre_desk.ui.floorplan.view import PlanView

ROOMS_ACROSS, ROOMS_DOWN = 8, 5  # 40 rooms
DESKS_PER_ROOM = 25  # 1,000 desks
ROOM_W, ROOM_H = 1000.0, 900.0
VIEW_SIZE = (1920, 1080)
FIRST_NAMES = ("Hélène", "Karim", "Sophie", "Jean-Baptiste", "Inès", "Thomas", "Léa", "Yann")
LAST_NAMES = ("Dupont", "Benali", "Lefèvre", "Martin", "Guillot", "Roux", "Tran", "Weber")


def synthetic_plan() -> FloorPlan:
    rooms: list[RoomShape] = []
    desks: list[DeskShape] = []
    desk_id = 1
    for r in range(ROOMS_ACROSS * ROOMS_DOWN):
        x, y = (r % ROOMS_ACROSS) * ROOM_W, (r // ROOMS_ACROSS) * ROOM_H
        room_id = r + 1
        rooms.append(
            RoomShape(
                room_id,
                1,
                f"Open space {room_id}",
                RoomKind.OPEN_SPACE,
                25,
                (),
                RoomGeometry(x, y, ROOM_W, ROOM_H),
            )
        )
        for d in range(DESKS_PER_ROOM):
            column, row = d % 5, d // 5
            desks.append(
                DeskShape(
                    desk_id,
                    room_id,
                    f"{room_id}-{d + 1}",
                    DeskKind.HOT_DESK,
                    False,
                    None,
                    DeskGeometry(
                        x + 150 + column * 175,
                        y + 110 + row * 160,
                        140,
                        70,
                        180.0 if row % 2 == 0 else 0.0,
                    ),
                )
            )
            desk_id += 1
    width, height = ROOMS_ACROSS * ROOM_W, ROOMS_DOWN * ROOM_H
    state = free_state(desks, rooms)
    return FloorPlan(
        FloorInfo(1, "Plateau", 0, width, height),
        tuple(rooms),
        tuple(desks),
        state,
        None,
        None,
        (),
    )


def free_state(desks: list[DeskShape] | tuple[DeskShape, ...], rooms: object) -> PlanState:
    return PlanState(
        1, tuple(DeskState(d.id, DeskStatus.FREE) for d in desks), (), datetime.now(UTC)
    )


def busy_state(plan: FloorPlan, seed: int) -> PlanState:
    rng = random.Random(seed)
    since = datetime.now(UTC) - timedelta(hours=2)
    states = tuple(
        DeskState(
            d.id,
            DeskStatus.OCCUPIED,
            Occupant(
                member_id=10_000 + d.id,
                presence_id=d.id,
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                organisation="",
                since=since,
                planned_end=None,
                network_visitor=False,
            ),
        )
        for d in plan.desks
    )
    rooms = tuple(RoomState(r.id, DESKS_PER_ROOM, 25, DESKS_PER_ROOM) for r in plan.rooms)
    return PlanState(1, states, rooms, datetime.now(UTC))


def baseline_scene(plan: FloorPlan) -> QGraphicsScene:
    scene = QGraphicsScene()
    for desk in plan.desks:
        g = desk.geometry
        item = QGraphicsRectItem(-g.width / 2, -g.depth / 2, g.width, g.depth)
        item.setPos(g.x, g.y)
        item.setRotation(g.rotation)
        QGraphicsSimpleTextItem(desk.label, item)
        scene.addItem(item)
    return scene


def render(view: QGraphicsView) -> None:
    image = QImage(*VIEW_SIZE, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)
    painter.end()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    app = QApplication.instance() or QApplication([])
    plan = synthetic_plan()
    states = [busy_state(plan, seed) for seed in range(3)] + [plan.state]

    build_ours: list[float] = []
    build_bare: list[float] = []
    keep: list[object] = []
    for _ in range(runs):
        scene = PlanScene(PlanMode.VIEW)
        build_ours.append(timed(lambda s=scene: s.load(plan)))
        keep.append(scene)
        build_bare.append(timed(lambda: keep.append(baseline_scene(plan))))
        keep.clear()

    scene = PlanScene(PlanMode.VIEW)
    scene.load(plan)
    view = PlanView(scene)
    view.resize(*VIEW_SIZE)
    view.show()
    app.processEvents()
    view.fit()
    first_update = timed(lambda: scene.apply_state(states[0]))
    updates: list[float] = []
    for run in range(runs * 2):
        updates.append(timed(lambda r=run: scene.apply_state(states[(r + 1) % len(states)])))
    scene.apply_state(states[0])  # render a busy floor: names and markers drawn

    bare = baseline_scene(plan)
    bare_view = QGraphicsView(bare)
    bare_view.setRenderHints(view.renderHints())
    bare_view.resize(*VIEW_SIZE)
    bare_view.show()
    app.processEvents()
    bare_view.fitInView(QRectF(scene.sceneRect()), Qt.AspectRatioMode.KeepAspectRatio)
    view.fitInView(QRectF(scene.sceneRect()), Qt.AspectRatioMode.KeepAspectRatio)
    render_ours: list[float] = []
    render_bare: list[float] = []
    render_changed: list[float] = []
    for _ in range(runs):
        render_ours.append(timed(lambda: render(view)))
        render_bare.append(timed(lambda: render(bare_view)))
    for run in range(runs):
        # Every desk changed since the last paint: each one is drawn again, not copied.
        scene.apply_state(states[run % 3])
        render_changed.append(timed(lambda: render(view)))
    scene.apply_state(states[0])

    zoom_ours: list[float] = []
    zoom_bare: list[float] = []
    for target in (view, bare_view):
        target.resetTransform()
        target.scale(0.6, 0.6)  # a room or two wide: every label readable
        target.centerOn(2500, 1800)
    for _ in range(runs):
        zoom_ours.append(timed(lambda: render(view)))
        zoom_bare.append(timed(lambda: render(bare_view)))

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:7.2f} ms"

    print(f"Floor of {len(plan.desks)} desks in {len(plan.rooms)} rooms, {runs} runs, medians")
    print(
        f"build   ours {ms(build_ours)}   bare {ms(build_bare)}   "
        f"ratio {statistics.median(build_ours) / statistics.median(build_bare):.2f}  (<= 2)"
    )
    print(
        f"update  ours {ms(updates)}   first (markers made) {first_update * 1000:.2f} ms  "
        f"(<= 10 ms)"
    )
    print(
        f"render  ours {ms(render_ours)}   bare {ms(render_bare)}   "
        f"ratio {statistics.median(render_ours) / statistics.median(render_bare):.2f}  (<= 2)"
        "   whole floor fitted in 1920x1080"
    )
    print(f"render  ours {ms(render_changed)}   right after all 1,000 desks changed (redrawn)")
    print(
        f"render  ours {ms(zoom_ours)}   bare {ms(zoom_bare)}   "
        f"ratio {statistics.median(zoom_ours) / statistics.median(zoom_bare):.2f}"
        "   zoomed in (labels drawn)"
    )


if __name__ == "__main__":
    main()
