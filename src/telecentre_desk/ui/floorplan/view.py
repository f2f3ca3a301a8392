"""Looking at a floor: zoom (wheel, keys), pan (drag, Ctrl+arrows), fit, and moving from
desk to desk with the arrow keys (Enter acts on the current desk)."""

from __future__ import annotations

import math
import re

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPixmapCache, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QFrame, QGraphicsView, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.ui.floorplan.items import DeskItem
from telecentre_desk.ui.floorplan.scene import MARGIN_CM, PlanMode, PlanScene

MIN_SCALE = 0.02  # pixels per centimetre
MAX_SCALE = 6.0
ZOOM_STEP = 1.25
_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> list[object]:
    """ "A2" before "A10"."""
    return [int(part) if part.isdigit() else part.casefold() for part in _NUMBER.split(text)]


class PlanView(QGraphicsView):
    current_changed = Signal(int)  # desk id (0: none)
    activated = Signal(int)  # Enter/Space on the current desk
    nudge_requested = Signal(float, float)  # editor: arrow keys move the selection (cm)
    properties_requested = Signal()  # editor: Enter on the selection

    def __init__(self, scene: PlanScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.plan_scene = scene
        self.current_desk: int | None = None
        self._auto_fit = True
        self.setAccessibleName(_("Floor plan"))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        # Desks are cached as pixmaps: leave room for a zoomed-in floor (Qt's default is 10 MB).
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), 64 * 1024))
        self.apply_mode()

    def apply_mode(self) -> None:
        editing = self.plan_scene.mode is PlanMode.EDIT
        self.setDragMode(
            QGraphicsView.DragMode.RubberBandDrag
            if editing
            else QGraphicsView.DragMode.ScrollHandDrag
        )
        self.setInteractive(self.plan_scene.mode is not PlanMode.LOBBY)

    # -- zoom -----------------------------------------------------------------------------------
    def scale_factor(self) -> float:
        return self.transform().m11()

    def fit(self) -> None:
        """Show the whole floor ("fit to floor"); it stays fitted as the window resizes."""
        rect = self.plan_scene.content_rect()
        if rect.isEmpty():
            return
        # The scene reaches MARGIN_CM beyond the content: showing exactly that leaves no
        # scroll bar at the fitted zoom.
        margin = MARGIN_CM
        self.fitInView(
            rect.adjusted(-margin, -margin, margin, margin), Qt.AspectRatioMode.KeepAspectRatio
        )
        self._auto_fit = True

    def zoom_by(self, factor: float) -> None:
        current = self.scale_factor()
        target = min(max(current * factor, MIN_SCALE), MAX_SCALE)
        if current > 0 and not math.isclose(target, current):
            self.scale(target / current, target / current)
        self._auto_fit = False

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
            event.accept()
        else:
            super().wheelEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._auto_fit:
            self.fit()

    # -- keyboard --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        modifiers = event.modifiers()
        ctrl = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        arrows = {
            Qt.Key.Key_Left: (-1.0, 0.0),
            Qt.Key.Key_Right: (1.0, 0.0),
            Qt.Key.Key_Up: (0.0, -1.0),
            Qt.Key.Key_Down: (0.0, 1.0),
        }
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_by(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom_by(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key in arrows and ctrl:
            dx, dy = arrows[key]
            bar_x, bar_y = self.horizontalScrollBar(), self.verticalScrollBar()
            bar_x.setValue(bar_x.value() + int(dx * bar_x.pageStep() / 4))
            bar_y.setValue(bar_y.value() + int(dy * bar_y.pageStep() / 4))
            self._auto_fit = False
        elif key in arrows and self.plan_scene.mode is PlanMode.EDIT:
            if self.plan_scene.selectedItems():
                dx, dy = arrows[key]
                step = 1.0 if modifiers & Qt.KeyboardModifier.ShiftModifier else 10.0
                self.nudge_requested.emit(dx * step, dy * step)
        elif key in arrows:
            self.move_current(*arrows[key])
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            ordered = self._desks_in_order()
            if ordered:
                self.set_current(ordered[0 if key == Qt.Key.Key_Home else -1].desk_id)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (
            self.plan_scene.mode is PlanMode.EDIT
        ):
            self.properties_requested.emit()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and (
            self.plan_scene.mode is PlanMode.VIEW
        ):
            if self.current_desk is None:
                self.move_current(0.0, 0.0)
            if self.current_desk is not None:
                self.activated.emit(self.current_desk)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- the current desk ------------------------------------------------------------------------
    def set_current(self, desk_id: int | None) -> None:
        desks = self.plan_scene.desks
        if self.current_desk is not None and self.current_desk in desks:
            old = desks[self.current_desk]
            old.current = False
            old.update()
        self.current_desk = desk_id if desk_id in desks else None
        if self.current_desk is not None:
            item = desks[self.current_desk]
            item.current = True
            item.update()
            self.ensureVisible(item, 40, 40)
        self.current_changed.emit(self.current_desk or 0)

    def current_item(self) -> DeskItem | None:
        if self.current_desk is None:
            return None
        return self.plan_scene.desks.get(self.current_desk)

    def move_current(self, dx: float, dy: float) -> None:
        """To the nearest desk in the direction (dx, dy); with none yet, the first desk."""
        current = self.current_item()
        if current is None:
            ordered = self._desks_in_order()
            if ordered:
                self.set_current(ordered[0].desk_id)
            return
        origin = current.pos()
        best: tuple[float, DeskItem] | None = None
        for item in self.plan_scene.desks.values():
            if item is current:
                continue
            score = _direction_score(origin, item.pos(), dx, dy)
            if score is not None and (best is None or score < best[0]):
                best = (score, item)
        if best is not None:
            self.set_current(best[1].desk_id)

    def _desks_in_order(self) -> list[DeskItem]:
        return sorted(self.plan_scene.desks.values(), key=lambda item: natural_key(item.info.label))


def _direction_score(origin: QPointF, target: QPointF, dx: float, dy: float) -> float | None:
    """Distance, penalised by how far off the direction the target lies; None if behind."""
    vx, vy = target.x() - origin.x(), target.y() - origin.y()
    along = vx * dx + vy * dy
    if along <= 1.0:
        return None
    across = abs(vx * dy - vy * dx)
    if across > along * 2.5:  # more than about 68° off the arrow's direction
        return None
    return along + 2.0 * across
