"""One floor drawn: its outline, scanned background, rooms, desks and people, keyed by id.

The scene is built once per floor and then only touched where something changed:
``apply_state`` redraws the desks and rooms whose state differs, ``upsert_*`` and
``remove_*`` follow edits. In the editor it also turns each mouse gesture (a drag, a
resize, a rotation of one or several items) into one ``gesture_finished`` emission.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QImage, QPen, QPixmap
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneMouseEvent,
    QToolTip,
)

from telecentre_desk.domain.geometry import (
    GRID_CM,
    MIN_SIZE_CM,
    DeskGeometry,
    RoomGeometry,
    snap,
    snap_angle,
)
from telecentre_desk.i18n import _
from telecentre_desk.services.floorplan import (
    Background,
    DeskShape,
    FloorInfo,
    FloorPlan,
    PlanState,
    RoomShape,
)
from telecentre_desk.ui.floorplan import palette
from telecentre_desk.ui.floorplan.items import DeskItem, Handle, PersonMarker, RoomItem
from telecentre_desk.ui.floorplan.tooltips import desk_tooltip, room_tooltip

MARGIN_CM = 100.0


class PlanMode(Enum):
    VIEW = "view"  # click a desk to seat someone, drag a person to move them
    EDIT = "edit"  # select, drag, resize, rotate (managers)
    LOBBY = "lobby"  # look only


@dataclass(frozen=True)
class GeometryChange:
    """One item changed by a gesture: its kind ("desk"/"room"), id, and before/after."""

    kind: str
    item_id: int
    before: DeskGeometry | RoomGeometry
    after: DeskGeometry | RoomGeometry


class PlanScene(QGraphicsScene):
    desk_clicked = Signal(int)
    # member id, desk they sit at, desk they were dropped on (0: not on a desk)
    marker_dropped = Signal(int, int, int)
    gesture_finished = Signal(object)  # list[GeometryChange]
    background_problem = Signal(str)
    point_picked = Signal(QPointF)  # while ``pick_points``: a click on the plan

    def __init__(self, mode: PlanMode = PlanMode.VIEW, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        self.floor: FloorInfo | None = None
        self.desks: dict[int, DeskItem] = {}
        self.rooms: dict[int, RoomItem] = {}
        self.markers: dict[int, PersonMarker] = {}  # member id -> marker
        self.snap_step = GRID_CM
        self._floor_item: QGraphicsRectItem | None = None
        self._background_item: QGraphicsPixmapItem | None = None
        self._handles: list[Handle] = []
        self._before: dict[tuple[str, int], DeskGeometry | RoomGeometry] = {}
        self.pick_points = False
        self.background_error: str | None = None  # why the stored image is not drawn
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.setBackgroundBrush(QBrush(palette.FLOOR_FILL.lighter(104)))
        self.selectionChanged.connect(self._update_handles)

    # -- building ---------------------------------------------------------------------------
    def load(self, plan: FloorPlan) -> None:
        """Draw ``plan`` from scratch (a new floor, or a full reload)."""
        self.clear_plan()
        self.floor = plan.floor
        floor = QGraphicsRectItem(0, 0, plan.floor.width_cm, plan.floor.height_cm)
        floor.setBrush(QBrush(palette.FLOOR_FILL.lighter(110)))
        pen = QPen(palette.FLOOR_LINE, 3)
        pen.setCosmetic(True)
        floor.setPen(pen)
        floor.setZValue(-20)
        self.addItem(floor)
        self._floor_item = floor
        self.set_background(plan.background)
        # Items are made with their state: no second pass over a thousand desks.
        room_states = {state.room_id: state for state in plan.state.rooms}
        desk_states = {state.desk_id: state for state in plan.state.desks}
        editing = self.mode is PlanMode.EDIT
        add = self.addItem
        for room_shape in plan.rooms:
            room = RoomItem(room_shape, room_states.get(room_shape.id))
            if editing:
                self._configure(room)
            add(room)
            self.rooms[room_shape.id] = room
        desks, markers = self.desks, self.markers
        for shape in plan.desks:
            desk = DeskItem(shape, desk_states.get(shape.id))
            if editing:
                self._configure(desk)
            add(desk)
            desks[shape.id] = desk
            if desk.marker is not None and desk.marker.member_id is not None:
                markers[desk.marker.member_id] = desk.marker
        self.fit_scene_rect()

    def clear_plan(self) -> None:
        self._clear_handles()
        self.clear()
        self.desks.clear()
        self.rooms.clear()
        self.markers.clear()
        self._floor_item = None
        self._background_item = None

    def set_background(self, background: Background | None) -> None:
        self.background_error = None
        if self._background_item is not None:
            self.removeItem(self._background_item)
            self._background_item = None
        if background is None:
            return
        image = QImage.fromData(background.image)
        if image.isNull():
            self.background_error = _(
                "The scanned plan of this floor cannot be read. The plan works without "
                "it; a manager can choose another image in the editor."
            )
            self.background_problem.emit(self.background_error)
            return
        item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setScale(background.cm_per_pixel)
        item.setPos(background.offset_x_cm, background.offset_y_cm)
        item.setOpacity(0.55)
        item.setZValue(-10)
        self.addItem(item)
        self._background_item = item

    def has_background(self) -> bool:
        return self._background_item is not None

    def upsert_desk(self, shape: DeskShape) -> DeskItem:
        item = self.desks.get(shape.id)
        if item is None:
            item = DeskItem(shape)
            if self.mode is PlanMode.EDIT:
                self._configure(item)
            self.addItem(item)
            self.desks[shape.id] = item
        elif item.info != shape:
            item.set_shape(shape)
        return item

    def upsert_room(self, shape: RoomShape) -> RoomItem:
        item = self.rooms.get(shape.id)
        if item is None:
            item = RoomItem(shape)
            if self.mode is PlanMode.EDIT:
                self._configure(item)
            self.addItem(item)
            self.rooms[shape.id] = item
        elif item.info != shape:
            item.set_shape(shape)
        return item

    def remove_desk(self, desk_id: int) -> None:
        item = self.desks.pop(desk_id, None)
        if item is not None:
            occupant = item.state.occupant
            if occupant is not None and self.markers.get(occupant.member_id) is item.marker:
                del self.markers[occupant.member_id]
            self._drop_handles_of(item)
            self.removeItem(item)

    def remove_room(self, room_id: int) -> None:
        item = self.rooms.pop(room_id, None)
        if item is not None:
            self._drop_handles_of(item)
            self.removeItem(item)

    def apply_state(self, state: PlanState) -> int:
        """Show the live state; only items whose state differs are redrawn. Returns how many."""
        changed = 0
        desks, markers = self.desks, self.markers
        for desk_state in state.desks:
            item = desks.get(desk_state.desk_id)
            if item is None:
                continue
            before = item.state.occupant
            if not item.set_state(desk_state):
                continue
            changed += 1
            if before is not None and markers.get(before.member_id) is item.marker:
                del markers[before.member_id]
            if desk_state.occupant is not None and item.marker is not None:
                markers[desk_state.occupant.member_id] = item.marker
        rooms = self.rooms
        for room_state in state.rooms:
            room = rooms.get(room_state.room_id)
            if room is not None and room.set_state(room_state):
                changed += 1
        return changed

    def fit_scene_rect(self) -> None:
        # itemsBoundingRect: one call into Qt rather than a thousand.
        rect = self.floor_rect().united(self.itemsBoundingRect())
        self.setSceneRect(rect.adjusted(-MARGIN_CM, -MARGIN_CM, MARGIN_CM, MARGIN_CM))

    def grow_scene_rect(self) -> None:
        """Make room for items moved beyond the floor, never shrinking under the user."""
        items = self.itemsBoundingRect().adjusted(-MARGIN_CM, -MARGIN_CM, MARGIN_CM, MARGIN_CM)
        rect = self.sceneRect().united(items)
        if rect != self.sceneRect():
            self.setSceneRect(rect)

    def floor_rect(self) -> QRectF:
        if self.floor is None:
            return QRectF(0, 0, 2000, 1200)
        return QRectF(0, 0, self.floor.width_cm, self.floor.height_cm)

    def content_rect(self) -> QRectF:
        """The floor and everything drawn on it (what "fit to floor" shows)."""
        return self.floor_rect().united(self.itemsBoundingRect())

    # -- lookups ---------------------------------------------------------------------------
    def desk_at(self, point: QPointF, exclude: int | None = None) -> DeskItem | None:
        for item in self.items(point):
            desk = item if isinstance(item, DeskItem) else None
            if desk is None and isinstance(item, PersonMarker):
                desk = item.desk
            if desk is not None and desk.desk_id != exclude:
                return desk
        return None

    def interactive_view(self) -> bool:
        return self.mode is PlanMode.VIEW

    def selected_desks(self) -> list[DeskItem]:
        return [item for item in self.selectedItems() if isinstance(item, DeskItem)]

    def selected_rooms(self) -> list[RoomItem]:
        return [item for item in self.selectedItems() if isinstance(item, RoomItem)]

    # -- modes -----------------------------------------------------------------------------
    def set_mode(self, mode: PlanMode) -> None:
        self.mode = mode
        for item in (*self.rooms.values(), *self.desks.values()):
            self._configure(item)
        if mode is not PlanMode.EDIT:
            self.clearSelection()
            self._clear_handles()

    def _configure(self, item: QGraphicsItem) -> None:
        editing = self.mode is PlanMode.EDIT
        flags = QGraphicsItem.GraphicsItemFlag
        item.setFlag(flags.ItemIsSelectable, editing)
        item.setFlag(flags.ItemIsMovable, editing)

    # -- tooltips, made when asked for (building them for every desk would be slow) ------------
    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        text = ""
        for item in self.items(event.scenePos()):
            if isinstance(item, PersonMarker):
                item = item.desk
            if isinstance(item, DeskItem):
                text = desk_tooltip(item.info, item.state)
                break
            if isinstance(item, RoomItem):
                text = room_tooltip(item.info, item.state)
                break
        if text:
            QToolTip.showText(event.screenPos(), text)
        else:
            QToolTip.hideText()
        event.accept()

    # -- editor gestures ---------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self.pick_points and event.button() == Qt.MouseButton.LeftButton:
            self.point_picked.emit(event.scenePos())
            event.accept()
            return
        super().mousePressEvent(event)
        if self.mode is PlanMode.EDIT:
            self._before = self._snapshot()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if (
            self.mode is PlanMode.EDIT
            and self._before
            and event.buttons() & Qt.MouseButton.LeftButton
            and isinstance(self.mouseGrabberItem(), DeskItem | RoomItem)  # not a handle
            and self.snap_step > 0
            and not event.modifiers() & Qt.KeyboardModifier.AltModifier
        ):
            # Qt moves the items from where they were at the press, so snapping the result
            # of each move never accumulates.
            for item in self.selectedItems():
                if isinstance(item, DeskItem | RoomItem):
                    item.setPos(
                        snap(item.pos().x(), self.snap_step), snap(item.pos().y(), self.snap_step)
                    )
            self._place_handles()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if self.mode is not PlanMode.EDIT or not self._before:
            return
        before, self._before = self._before, {}
        self.finish_gesture(before)

    def begin_gesture(self) -> dict[tuple[str, int], DeskGeometry | RoomGeometry]:
        """The geometry of the selection now, for :meth:`changes_since` (keyboard edits)."""
        return self._snapshot()

    def finish_gesture(self, before: dict[tuple[str, int], DeskGeometry | RoomGeometry]) -> None:
        changes = self.changes_since(before)
        if changes:
            self.gesture_finished.emit(changes)

    def changes_since(
        self, before: dict[tuple[str, int], DeskGeometry | RoomGeometry]
    ) -> list[GeometryChange]:
        changes: list[GeometryChange] = []
        for (kind, item_id), old in before.items():
            item = self.desks.get(item_id) if kind == "desk" else self.rooms.get(item_id)
            if item is None:
                continue
            new = item.geometry()
            if not _same(old, new):
                changes.append(GeometryChange(kind, item_id, old, new))
        return changes

    def _snapshot(self) -> dict[tuple[str, int], DeskGeometry | RoomGeometry]:
        snapshot: dict[tuple[str, int], DeskGeometry | RoomGeometry] = {}
        for item in self.selectedItems():
            if isinstance(item, DeskItem):
                snapshot[("desk", item.desk_id)] = item.geometry()
            elif isinstance(item, RoomItem):
                snapshot[("room", item.room_id)] = item.geometry()
        return snapshot

    def rotate_towards(self, target: DeskItem | RoomItem, point: QPointF, *, free: bool) -> None:
        if not isinstance(target, DeskItem):
            return
        centre = target.pos()
        angle = math.degrees(math.atan2(point.y() - centre.y(), point.x() - centre.x())) + 90.0
        angle = angle % 360.0 if free else snap_angle(angle)
        geometry = target.geometry()
        target.apply_geometry(
            DeskGeometry(geometry.x, geometry.y, geometry.width, geometry.depth, angle)
        )
        self._place_handles()

    def resize_towards(self, target: DeskItem | RoomItem, point: QPointF, *, free: bool) -> None:
        step = 1.0 if free or self.snap_step <= 0 else self.snap_step
        local = target.mapFromScene(point)
        if isinstance(target, DeskItem):
            geometry = target.geometry()
            width = max(snap(abs(local.x()) * 2, step), MIN_SIZE_CM)
            depth = max(snap(abs(local.y()) * 2, step), MIN_SIZE_CM)
            target.apply_geometry(
                DeskGeometry(geometry.x, geometry.y, width, depth, geometry.rotation)
            )
        else:
            width = max(snap(local.x(), step), MIN_SIZE_CM)
            height = max(snap(local.y(), step), MIN_SIZE_CM)
            target.apply_geometry(target.resized(width, height))
        self._place_handles()

    def apply_geometry(
        self, kind: str, item_id: int, geometry: DeskGeometry | RoomGeometry
    ) -> None:
        """Put an item back to a stored geometry (undo, or a refused save)."""
        if kind == "desk" and isinstance(geometry, DeskGeometry):
            desk = self.desks.get(item_id)
            if desk is not None:
                desk.apply_geometry(geometry)
        elif isinstance(geometry, RoomGeometry):
            room = self.rooms.get(item_id)
            if room is not None:
                room.apply_geometry(geometry)
        self._place_handles()

    def select_only(self, desk_ids: Iterable[int] = (), room_ids: Iterable[int] = ()) -> None:
        self.clearSelection()
        for desk_id in desk_ids:
            if desk_id in self.desks:
                self.desks[desk_id].setSelected(True)
        for room_id in room_ids:
            if room_id in self.rooms:
                self.rooms[room_id].setSelected(True)

    # -- handles ---------------------------------------------------------------------------------
    def _update_handles(self) -> None:
        if not shiboken6.isValid(self):
            return  # the scene is being destroyed and drops its selection
        self._clear_handles()
        if self.mode is not PlanMode.EDIT:
            return
        selected = [i for i in self.selectedItems() if isinstance(i, DeskItem | RoomItem)]
        if len(selected) != 1:
            return
        target = selected[0]
        self._handles.append(Handle(target, rotate=False))
        if isinstance(target, DeskItem):
            self._handles.append(Handle(target, rotate=True))

    def refresh_handles(self) -> None:
        self._place_handles()

    def _place_handles(self) -> None:
        for handle in self._handles:
            if shiboken6.isValid(handle):
                handle.place()

    def _clear_handles(self) -> None:
        for handle in self._handles:
            # A handle dies with its item when that item is removed: skip those.
            if shiboken6.isValid(handle) and handle.scene() is self:
                self.removeItem(handle)
        self._handles.clear()

    def _drop_handles_of(self, item: QGraphicsItem) -> None:
        keep = []
        for handle in self._handles:
            if not shiboken6.isValid(handle):
                continue
            if handle.target is item:
                self.removeItem(handle)
            else:
                keep.append(handle)
        self._handles = keep

    def handles(self) -> list[Handle]:
        return list(self._handles)


def _same(a: DeskGeometry | RoomGeometry, b: DeskGeometry | RoomGeometry) -> bool:
    if isinstance(a, DeskGeometry) and isinstance(b, DeskGeometry):
        return all(
            math.isclose(x, y, abs_tol=0.05)
            for x, y in (
                (a.x, b.x),
                (a.y, b.y),
                (a.width, b.width),
                (a.depth, b.depth),
                (a.rotation % 360, b.rotation % 360),
            )
        )
    return a == b or (
        isinstance(a, RoomGeometry)
        and isinstance(b, RoomGeometry)
        and all(
            math.isclose(x, y, abs_tol=0.05)
            for x, y in ((a.x, b.x), (a.y, b.y), (a.width, b.width), (a.height, b.height))
        )
        and a.outline == b.outline
    )
