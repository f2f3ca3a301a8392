"""The plan editor (managers): every edit is an undoable command, saved by one service call.

Geometry is saved when the mouse is released, not while it moves: a drag of several
items is one gesture, one undo step and one transaction. Adding, duplicating and
deleting wait for the database's answer (the new ids) before the next undo or redo runs.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QPointF, Signal
from PySide6.QtGui import QUndoStack

from telecentre_desk.domain.geometry import (
    DEFAULT_DESK_SIZE,
    DEFAULT_ROOM_SIZE,
    Alignment,
    Axis,
    Box,
    DeskGeometry,
    Point,
    RoomGeometry,
    align,
    distribute,
    normalise_angle,
    snap,
)
from telecentre_desk.domain.kinds import DeskKind, RoomKind
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.floorplan import Background, PlanNotice
from telecentre_desk.services.floorplan_background import (
    BackgroundEdit,
    clear_background,
    set_background_file,
    set_background_scale,
)
from telecentre_desk.services.floorplan_edit import (
    PlanEdit,
    add_desk,
    add_room,
    duplicate_items,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.floorplan.commands import (
    BackgroundCommand,
    Call,
    CreateCommand,
    DeleteCommand,
    DeskPropertiesCommand,
    GeometryCommand,
    OutOfServiceCommand,
    PlanCommand,
    RoomPropertiesCommand,
)
from telecentre_desk.ui.floorplan.items import DeskItem, RoomItem
from telecentre_desk.ui.floorplan.live import LivePlan
from telecentre_desk.ui.floorplan.scene import GeometryChange, PlanScene
from telecentre_desk.ui.floorplan.view import PlanView
from telecentre_desk.ui.worker import ServiceRunner

ROTATION_STEP = 15.0


class _Job(QObject):
    """One service call of a command; a child of the editor, so a closed editor is skipped."""

    def __init__(
        self,
        editor: PlanEditor,
        command: PlanCommand,
        on_done: Callable[[Any], object] | None,
        structural: bool,
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.command = command
        self.on_done = on_done
        self.structural = structural

    def done(self, result: object) -> None:
        try:
            self.editor.show_result(result)
            if self.on_done is not None:
                self.on_done(result)
        finally:
            self._finish()

    def error(self, error: BaseException) -> None:
        try:
            self.editor.command_failed(self.command, error)
        finally:
            self._finish()

    def _finish(self) -> None:
        if self.structural:
            self.editor.end_structural()
        self.deleteLater()


class PlanEditor(QObject):
    message = Signal(str, bool)  # text, is an error
    notices_changed = Signal(object)  # tuple[PlanNotice, ...]
    busy_changed = Signal(bool)
    scale_step = Signal(int)  # 0: pick the first point, 1: the second, -1: done

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        live: LivePlan,
        view: PlanView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self.store = store
        self.actor = actor
        self.live = live
        self.view = view
        self.scene: PlanScene = live.scene
        self.stack = QUndoStack(self)
        self.notices: tuple[PlanNotice, ...] = live.plan.notices if live.plan else ()
        self.background: Background | None = live.plan.background if live.plan else None
        self._aliases: dict[str, dict[int, int]] = {"desk": {}, "room": {}}
        self._busy = 0
        self._scale_points: list[QPointF] | None = None
        self.scene.gesture_finished.connect(self._gesture)
        self.scene.point_picked.connect(self._scale_point)
        view.nudge_requested.connect(self.nudge)
        live.loaded.connect(self._reloaded)

    @property
    def floor_id(self) -> int:
        return self.live.floor_id

    @property
    def busy(self) -> bool:
        return self._busy > 0

    # -- running commands ------------------------------------------------------------------
    def current_id(self, kind: str, original: int) -> int:
        return self._aliases[kind].get(original, original)

    def run(
        self,
        command: PlanCommand,
        call: Call,
        *,
        on_done: Callable[[Any], object] | None = None,
        structural: bool = False,
    ) -> None:
        fn, args = call
        if structural:
            self._busy += 1
            self.busy_changed.emit(True)
        job = _Job(self, command, on_done, structural)
        self.runner.submit(fn, self.store, self.actor, *args, on_done=job.done, on_error=job.error)

    def end_structural(self) -> None:
        self._busy = max(self._busy - 1, 0)
        if not self._busy:
            self.busy_changed.emit(False)

    def show_result(self, result: object) -> None:
        if isinstance(result, BackgroundEdit):
            self.background = result.background
            self.scene.set_background(result.background)
            self.scene.grow_scene_rect()
            return
        if not isinstance(result, PlanEdit):
            return
        for old, new in result.room_ids.items():
            self._alias("room", old, new)
        for old, new in result.desk_ids.items():
            self._alias("desk", old, new)
        for desk in result.removed_desks:
            self.scene.remove_desk(desk.id)
        for room in result.removed_rooms:
            self.scene.remove_room(room.id)
        for room in result.rooms:
            self.scene.upsert_room(room)
        for desk in result.desks:
            self.scene.upsert_desk(desk)
        self.scene.grow_scene_rect()
        self.notices = result.notices
        self.notices_changed.emit(result.notices)

    def command_failed(self, command: PlanCommand, error: BaseException) -> None:
        if isinstance(error, ServiceError):
            text = str(error)
        else:
            text = _(
                "The change could not be saved; the plan is shown as stored. "
                "The details are in the log."
            )
        self.message.emit(text, True)
        index = self.stack.index()
        if index > 0 and self.stack.command(index - 1) is command:
            # The step never happened: drop it from the history.
            command.failed()
            self.stack.undo()
        self.live.reload()  # show what is really stored

    def _alias(self, kind: str, old: int, new: int) -> None:
        aliases = self._aliases[kind]
        for original, current in list(aliases.items()):
            if current == old:
                aliases[original] = new
        aliases[old] = new

    def _reloaded(self, plan: object) -> None:
        from telecentre_desk.services.floorplan import FloorPlan

        if isinstance(plan, FloorPlan):
            self.notices = plan.notices
            self.background = plan.background
            self.notices_changed.emit(plan.notices)

    def undo(self) -> None:
        if self._wait():
            return
        self.stack.undo()

    def redo(self) -> None:
        if self._wait():
            return
        self.stack.redo()

    def _wait(self) -> bool:
        if self.busy:
            self.message.emit(_("One moment: the last change is being saved."), False)
            return True
        return False

    # -- gestures ----------------------------------------------------------------------------
    def _gesture(self, changes: list[GeometryChange]) -> None:
        kinds = {change.kind for change in changes}
        if len(changes) == 1:
            text = _("Move desk") if kinds == {"desk"} else _("Move room")
        else:
            text = ngettext("Move {count} item", "Move {count} items", len(changes)).format(
                count=len(changes)
            )
        self.stack.push(GeometryCommand(self, text, changes))

    def nudge(self, dx: float, dy: float) -> None:
        self._move_selection(lambda _box: Point(dx, dy), _("Nudge"))

    def rotate(self, step: float = ROTATION_STEP) -> None:
        before = self.scene.begin_gesture()
        desks = self.scene.selected_desks()
        if not desks:
            self._need_selection(_("Select one or more desks to rotate."))
            return
        for desk in desks:
            g = desk.geometry()
            desk.apply_geometry(
                DeskGeometry(g.x, g.y, g.width, g.depth, normalise_angle(g.rotation + step))
            )
        self._push_gesture(before, _("Rotate"))

    def align(self, how: Alignment) -> None:
        items = self._selected()
        if len(items) < 2:
            self._need_selection(_("Select at least two items to align."))
            return
        moves = align([_box(item) for item in items], how)
        self._apply_moves(items, moves, _("Align"))

    def distribute(self, axis: Axis) -> None:
        items = self._selected()
        if len(items) < 3:
            self._need_selection(_("Select at least three items to spread them out."))
            return
        moves = distribute([_box(item) for item in items], axis)
        self._apply_moves(items, moves, _("Spread out"))

    def _move_selection(self, move: Callable[[Box], Point], text: str) -> None:
        items = self._selected()
        if items:
            self._apply_moves(items, [move(_box(item)) for item in items], text)

    def _apply_moves(self, items: list[DeskItem | RoomItem], moves: list[Point], text: str) -> None:
        before = self.scene.begin_gesture()
        for item, delta in zip(items, moves, strict=True):
            if isinstance(item, DeskItem):
                item.apply_geometry(item.geometry().moved(delta.x, delta.y))
            else:
                item.apply_geometry(item.geometry().moved(delta.x, delta.y))
        self._push_gesture(before, text)

    def _push_gesture(self, before: dict[tuple[str, int], Any], text: str) -> None:
        self.scene.refresh_handles()
        changes = self.scene.changes_since(before)
        if changes:
            self.stack.push(GeometryCommand(self, text, changes))

    # -- adding, duplicating, deleting -----------------------------------------------------------
    def add_desk(self) -> None:
        if self._wait():
            return
        rooms = self.scene.selected_rooms()
        desks = self.scene.selected_desks()
        rotation = 0.0
        room_id: int | None = None
        if desks:
            g = desks[-1].geometry()
            centre = Point(g.x + g.width, g.y)
            rotation = g.rotation
            room_id = desks[-1].info.room_id
        elif rooms:
            centre = rooms[0].geometry().bounds().centre
            room_id = rooms[0].room_id
        else:
            centre = self._view_centre()
        geometry = DeskGeometry(
            snap(centre.x), snap(centre.y), DEFAULT_DESK_SIZE[0], DEFAULT_DESK_SIZE[1], rotation
        )
        self.stack.push(
            CreateCommand(
                self,
                _("Add desk"),
                (_add_desk, (self.floor_id, geometry, room_id)),
            )
        )

    def add_room(self) -> None:
        if self._wait():
            return
        centre = self._view_centre()
        width, height = DEFAULT_ROOM_SIZE
        geometry = RoomGeometry(
            snap(centre.x - width / 2), snap(centre.y - height / 2), width, height
        )
        self.stack.push(CreateCommand(self, _("Add room"), (_add_room, (self.floor_id, geometry))))

    def duplicate(self) -> None:
        if self._wait():
            return
        desks, rooms = self._selected_ids()
        if not desks and not rooms:
            self._need_selection(_("Select what to duplicate first."))
            return
        self.stack.push(
            CreateCommand(self, _("Duplicate"), (duplicate_items, (self.floor_id, desks, rooms)))
        )

    def delete(self) -> None:
        if self._wait():
            return
        desks, rooms = self._selected_ids()
        if not desks and not rooms:
            self._need_selection(_("Select what to delete first."))
            return
        self.stack.push(DeleteCommand(self, _("Delete"), desks, rooms))

    # -- properties ------------------------------------------------------------------------------
    def set_desk_properties(self, desk_id: int, after: dict[str, Any]) -> None:
        item = self.scene.desks.get(desk_id)
        if item is None or not after:
            return
        before = {
            "label": item.info.label,
            "kind": item.info.kind,
            "out_of_service": item.info.out_of_service,
        }
        before = {key: value for key, value in before.items() if key in after}
        original = self._original("desk", desk_id)
        self.stack.push(DeskPropertiesCommand(self, _("Change desk"), original, before, after))

    def set_room_properties(self, room_id: int, after: dict[str, Any]) -> None:
        item = self.scene.rooms.get(room_id)
        if item is None or not after:
            return
        before = {"name": item.info.name, "kind": item.info.kind, "capacity": item.info.capacity}
        before = {key: value for key, value in before.items() if key in after}
        original = self._original("room", room_id)
        self.stack.push(RoomPropertiesCommand(self, _("Change room"), original, before, after))

    def toggle_out_of_service(self) -> None:
        desks = self.scene.selected_desks()
        if not desks:
            self._need_selection(_("Select one or more desks first."))
            return
        value = not all(desk.info.out_of_service for desk in desks)
        ids = [self._original("desk", desk.desk_id) for desk in desks]
        before = {self._original("desk", desk.desk_id): desk.info.out_of_service for desk in desks}
        text = _("Out of service") if value else _("Back in service")
        self.stack.push(OutOfServiceCommand(self, text, ids, before, value))

    # -- background ---------------------------------------------------------------------------
    def choose_background(self, path: Path) -> None:
        self.stack.push(
            BackgroundCommand(
                self,
                _("Choose the scanned plan"),
                self.background,
                (set_background_file, (self.floor_id, path)),
            )
        )

    def remove_background(self) -> None:
        if self.background is None:
            self.message.emit(_("This floor has no scanned plan."), False)
            return
        self.stack.push(
            BackgroundCommand(
                self,
                _("Remove the scanned plan"),
                self.background,
                (clear_background, (self.floor_id,)),
            )
        )

    def start_scale(self) -> None:
        """Pick two points on the scanned plan, then type their real distance."""
        if self.background is None:
            self.message.emit(_("Choose a scanned plan first."), True)
            return
        self._scale_points = []
        self.scene.pick_points = True
        self.scale_step.emit(0)

    def cancel_scale(self) -> None:
        self._scale_points = None
        self.scene.pick_points = False
        self.scale_step.emit(-1)

    def set_scale(self, first: QPointF, second: QPointF, metres: float) -> None:
        self.stack.push(
            BackgroundCommand(
                self,
                _("Scale the scanned plan"),
                self.background,
                (
                    set_background_scale,
                    (
                        self.floor_id,
                        Point(first.x(), first.y()),
                        Point(second.x(), second.y()),
                        metres * 100.0,
                    ),
                ),
            )
        )

    def scale_points(self) -> list[QPointF]:
        return list(self._scale_points or [])

    def _scale_point(self, point: QPointF) -> None:
        if self._scale_points is None:
            return
        self._scale_points.append(point)
        if len(self._scale_points) >= 2:
            self.scene.pick_points = False
        self.scale_step.emit(len(self._scale_points))

    # -- helpers ---------------------------------------------------------------------------------
    def _selected(self) -> list[DeskItem | RoomItem]:
        return [i for i in self.scene.selectedItems() if isinstance(i, DeskItem | RoomItem)]

    def _selected_ids(self) -> tuple[list[int], list[int]]:
        return (
            [self._original("desk", d.desk_id) for d in self.scene.selected_desks()],
            [self._original("room", r.room_id) for r in self.scene.selected_rooms()],
        )

    def _original(self, kind: str, current: int) -> int:
        """The id a command should remember: the oldest name of this item."""
        for original, now in self._aliases[kind].items():
            if now == current and original != current:
                return original
        return current

    def _view_centre(self) -> Point:
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        return Point(centre.x(), centre.y())

    def _need_selection(self, text: str) -> None:
        self.message.emit(text, False)


def _add_desk(
    store: Store, actor: Actor, floor_id: int, geometry: DeskGeometry, room_id: int | None
) -> PlanEdit:
    return add_desk(store, actor, floor_id, geometry, kind=DeskKind.HOT_DESK, room_id=room_id)


def _add_room(store: Store, actor: Actor, floor_id: int, geometry: RoomGeometry) -> PlanEdit:
    return add_room(store, actor, floor_id, geometry, kind=RoomKind.OFFICE, capacity=4)


def _box(item: DeskItem | RoomItem) -> Box:
    return item.geometry().bounds()
