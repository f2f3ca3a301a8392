"""What the plan draws: rooms, desks and the markers of the people seated, keyed by id.

Scene units are centimetres of the real floor. A desk's position is its centre and it is
rotated about it; its labels are drawn upright whatever the rotation. Items paint
themselves from the plain data the services return (DeskShape/DeskState, RoomShape/
RoomState) and skip their text when it would be too small to read.

Speed, for floors of a thousand desks:

- The items are Qt's own rectangle, polygon and ellipse items, not QGraphicsObjects: in
  PySide6 a QGraphicsObject (a QObject) costs about 30 µs to create against a few µs, and
  the bounds of a Qt item are computed in C++ without calling into Python. The items need
  no signals of their own: the scene emits them (desk_clicked, marker_dropped...).
- A desk draws its person's badge itself (one paint call per desk) and is cached as a
  pixmap in device coordinates: repainting the view only copies pixmaps until the desk
  changes or the zoom does.
- Text is kept as QStaticText, laid out once per change.
"""

from __future__ import annotations

import math
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStaticText,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from telecentre_desk.domain.geometry import DeskGeometry, Point, RoomGeometry
from telecentre_desk.i18n import ngettext
from telecentre_desk.services.floorplan import (
    DeskShape,
    DeskState,
    DeskStatus,
    RoomShape,
    RoomState,
)
from telecentre_desk.ui.floorplan import palette

CHAIR_RADIUS = 20.0
CHAIR_GAP = 6.0
MARKER_RADIUS = 27.0
_LABEL_FONT_PX = 26
_NAME_FONT_PX = 21
_ROOM_NAME_PX = 36
_ROOM_LINE_PX = 27
_MARKER_FONT_PX = 22
_ROUND_FROM_PX = 6.0  # smaller chairs are drawn square, smaller badges without a ring
# Zoomed out, text grows in plan units so that it stays this big on screen; it is drawn
# only where it then still fits (in the desk, the badge, the room).
_SCREEN_LABEL_PX = 10.0
_SCREEN_NAME_PX = 9.0
_SCREEN_ROOM_PX = 12.0
_SCREEN_BADGE_PX = 10.0
_FONTS: dict[tuple[int, bool], QFont] = {}
ROOM_Z = -1.0  # rooms under desks, whatever the order they were added in


def _font(pixels: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(pixels)
    font.setBold(bold)
    return font


_CHAIR_BRUSH = QBrush(QColor("#aab4be"))
_NO_PEN = QPen(Qt.PenStyle.NoPen)
_NO_BRUSH = QBrush(Qt.BrushStyle.NoBrush)
_IDENTITY = QTransform()
_LEFT_BUTTON = Qt.MouseButton.LeftButton
_ELIDE = Qt.TextElideMode.ElideRight


def _cosmetic(colour: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(colour, width, style)
    pen.setCosmetic(True)  # the same thickness on screen at every zoom
    return pen


_FOCUS_PEN = _cosmetic(palette.FOCUS_RING, 4)
_SELECTION_PEN = _cosmetic(palette.SELECTION, 3, Qt.PenStyle.DashLine)
_WARNING_PEN = _cosmetic(palette.WARNING, 3, Qt.PenStyle.DashLine)
_ROOM_PEN = _cosmetic(palette.ROOM_LINE, 2)
_TEXT_PEN = QPen(palette.TEXT)
_MARKER_PEN = QPen(palette.MARKER_TEXT, 3)
_MARKER_TEXT_PEN = QPen(palette.MARKER_TEXT)
_WARNING_TEXT_PEN = QPen(palette.WARNING)
_MARKER_BRUSH = QBrush(palette.MARKER)
_GREY_BADGE = QColor("#e6ebf0")


def font_px(pixels: int, bold: bool = False) -> QFont:
    """A font ``pixels`` plan units high (shared: there are few sizes)."""
    key = (pixels, bold)
    font = _FONTS.get(key)
    if font is None:
        font = _FONTS[key] = _font(pixels, bold)
    return font


def readable_px(base: int, on_screen: float, scale: float) -> int:
    """The text size in plan units: ``base``, or more when zoomed out."""
    if scale <= 0:
        return base
    return max(base, math.ceil(on_screen / scale))


def static_text(text: str, font: QFont) -> QStaticText:
    """Text laid out once, for a font sized in scene units."""
    prepared = QStaticText(text)
    prepared.setTextFormat(Qt.TextFormat.PlainText)
    prepared.prepare(_IDENTITY, font)
    return prepared


def initials(name: str) -> str:
    parts = [part for part in name.replace("-", " ").split() if part]
    return "".join(part[0].upper() for part in parts[:2]) or "?"


def _plan_scene(item: QGraphicsItem) -> Any:
    """The PlanScene an item is in, or None (duck-typed: scene.py imports this module)."""
    scene = item.scene()
    return scene if scene is not None and hasattr(scene, "desk_clicked") else None


class DeskItem(QGraphicsRectItem):
    """One desk: a rectangle, its chair, its label and who sits there.

    Its Qt rectangle is its bounding box (desk, chair and badge), kept in C++.
    """

    def __init__(self, shape: DeskShape, state: DeskState | None = None) -> None:
        super().__init__()
        self.setPen(_NO_PEN)  # the bounding box is exactly the rectangle
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.desk_id = shape.id
        self.info = shape
        self.state = state or DeskState(
            shape.id, DeskStatus.OUT_OF_SERVICE if shape.out_of_service else DeskStatus.FREE
        )
        self.current = False  # the keyboard's current desk
        self.marker: PersonMarker | None = None
        # Laid-out text, with the size it was laid out at; made at the first paint.
        self._label: tuple[int, QStaticText] | None = None
        self._second: tuple[int, QStaticText] | None = None
        g = shape.geometry
        self._set_size(g.width, g.depth)
        self.setPos(g.x, g.y)
        if g.rotation:
            self.setRotation(g.rotation)
        if self.state.occupant is not None:
            self._show_person()

    # -- data -----------------------------------------------------------------------------
    def set_shape(self, shape: DeskShape) -> None:
        if shape.label != self.info.label:
            self._label = None
        self.info = shape
        self.apply_geometry(shape.geometry)
        self.update()

    def _set_size(self, width: float, depth: float) -> None:
        self._rect = QRectF(-width / 2, -depth / 2, width, depth)
        reach = depth / 2 + CHAIR_GAP + 2 * MARKER_RADIUS + 4
        margin = 12.0  # room for the focus ring and the selection outline
        self.setRect(
            QRectF(
                -width / 2 - margin,
                -depth / 2 - margin,
                width + 2 * margin,
                depth / 2 + margin + reach,
            )
        )

    def apply_geometry(self, geometry: DeskGeometry) -> None:
        self._set_size(geometry.width, geometry.depth)
        self.setPos(geometry.x, geometry.y)
        self.setRotation(geometry.rotation)
        self._second = None  # the text box follows the size and the rotation
        self._label = None
        if self.marker is not None:
            self.marker.place()

    def geometry(self) -> DeskGeometry:
        """As drawn now (the editor reads it after a gesture)."""
        position = self.pos()
        return DeskGeometry(
            position.x(),
            position.y(),
            self._rect.width(),
            self._rect.height(),
            self.rotation() % 360.0,
        )

    def set_state(self, state: DeskState) -> bool:
        """Show ``state``; False (and nothing redrawn) when it is what is shown already."""
        if state == self.state:
            return False
        self.state = state
        if state.occupant is not None:
            self._show_person()
        elif self.marker is not None:
            self.marker.clear()
        self._second = None
        self.update()
        return True

    def _show_person(self) -> None:
        occupant = self.state.occupant
        assert occupant is not None
        if self.marker is None:
            self.marker = PersonMarker(self)
        self.marker.set_person(occupant.member_id, occupant.name)

    def chair_centre(self) -> QPointF:
        return QPointF(0.0, self._rect.bottom() + CHAIR_GAP + CHAIR_RADIUS)

    def desk_rect(self) -> QRectF:
        return QRectF(self._rect)

    # -- drawing ---------------------------------------------------------------------------
    def shape(self) -> QPainterPath:
        # Clicks hit the desk and its chair, not the empty corners of the bounding box.
        path = QPainterPath()
        path.addRect(self._rect)
        path.addEllipse(self.chair_centre(), CHAIR_RADIUS + 6, CHAIR_RADIUS + 6)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        status = self.state.status
        rect = self._rect
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setPen(_NO_PEN)
        painter.setBrush(_CHAIR_BRUSH)
        chair = self.chair_centre()
        if scale * CHAIR_RADIUS >= _ROUND_FROM_PX:
            painter.drawEllipse(chair, CHAIR_RADIUS, CHAIR_RADIUS)
        else:  # a few pixels wide: a square reads the same and draws far faster
            painter.drawRect(
                QRectF(
                    chair.x() - CHAIR_RADIUS,
                    chair.y() - CHAIR_RADIUS,
                    2 * CHAIR_RADIUS,
                    2 * CHAIR_RADIUS,
                )
            )
        painter.setPen(palette.DESK_PENS[status])
        painter.setBrush(palette.DESK_BRUSHES[status])
        painter.drawRect(rect)
        if status is DeskStatus.OUT_OF_SERVICE:
            painter.setBrush(palette.HATCH)
            painter.drawRect(rect)
        if self.info.flagged or self.current or self.isSelected():
            self._paint_marks(painter)
        self._paint_text(painter, scale)
        marker = self.marker
        if marker is not None and marker.member_id is not None and not marker.dragging:
            # The desk draws its person's badge: one paint call per desk, not two, is what
            # keeps a floor of a thousand busy desks quick to draw.
            painter.translate(marker.pos())
            painter.rotate(marker.rotation())
            marker.draw(painter, scale)

    def _paint_marks(self, painter: QPainter) -> None:
        rect = self._rect
        painter.setBrush(_NO_BRUSH)
        if self.info.flagged:
            painter.setPen(_WARNING_PEN)
            painter.drawRect(rect.adjusted(-8, -8, 8, 8))
        if self.isSelected():
            painter.setPen(_SELECTION_PEN)
            painter.drawRect(rect.adjusted(-5, -5, 5, 5))
        if self.current:
            painter.setPen(_FOCUS_PEN)
            painter.drawRect(rect.adjusted(-10, -10, 10, 10))

    def _text_box(self) -> QSizeF:
        """The upright box the labels fit in, whatever the rotation."""
        w, d = self._rect.width() - 6, self._rect.height() - 4
        angle = self.rotation() % 180.0
        return QSizeF(d, w) if 45.0 < angle < 135.0 else QSizeF(w, d)

    def _paint_text(self, painter: QPainter, scale: float) -> None:
        box = self._text_box()
        label_px = readable_px(_LABEL_FONT_PX, _SCREEN_LABEL_PX, scale)
        if label_px > box.height():
            return  # too far out to read a label: the colours tell the story
        if self._label is None or self._label[0] != label_px:
            self._label = (label_px, static_text(self.info.label, font_px(label_px, True)))
        label = self._label[1]
        size = label.size()
        if size.width() > box.width():
            return
        name_px = readable_px(_NAME_FONT_PX, _SCREEN_NAME_PX, scale)
        second: QStaticText | None = None
        if label_px + name_px <= box.height():
            if self._second is None or self._second[0] != name_px:
                self._second = (name_px, self._prepare_second(name_px, box.width()))
            second = self._second[1] if self._second[1].text() else None
        angle = self.rotation()
        if angle:
            painter.save()
            painter.rotate(-angle)  # labels stay upright
        painter.setPen(_TEXT_PEN)
        if second is not None:
            other = second.size()
            top = -(size.height() + other.height()) / 2
            painter.setFont(font_px(label_px, True))
            painter.drawStaticText(QPointF(-size.width() / 2, top), label)
            painter.setFont(font_px(name_px))
            painter.drawStaticText(QPointF(-other.width() / 2, top + size.height()), second)
        else:
            painter.setFont(font_px(label_px, True))
            painter.drawStaticText(QPointF(-size.width() / 2, -size.height() / 2), label)
        if self.info.flagged:
            painter.setPen(_WARNING_TEXT_PEN)
            painter.drawText(
                QRectF(-box.width() / 2, -box.height() / 2, box.width(), box.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                "!",
            )
        if angle:
            painter.restore()

    def _prepare_second(self, pixels: int, width: float) -> QStaticText:
        """Who sits here ("Hélène D."), or the fixed desk holder's initials."""
        state = self.state
        text = ""
        if state.occupant is not None:
            text = state.occupant.short_name
        elif state.status is DeskStatus.HELD and state.holder_name:
            text = initials(state.holder_name)
        font = font_px(pixels)
        if text:
            text = QFontMetricsF(font).elidedText(text, _ELIDE, width)
        return static_text(text, font)

    # -- mouse -------------------------------------------------------------------------------
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = _plan_scene(self)
        if scene is not None and scene.interactive_view() and event.button() == _LEFT_BUTTON:
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = _plan_scene(self)
        if scene is not None and scene.interactive_view() and event.button() == _LEFT_BUTTON:
            if self.contains(event.pos()):
                scene.desk_clicked.emit(self.desk_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)


class PersonMarker(QGraphicsEllipseItem):
    """The round badge of the person seated at a desk, on its chair; drag it onto a free
    desk to move them. The scene keeps them by member id (``PlanScene.markers``).

    At rest the desk draws the badge (the marker has no contents of its own and only takes
    the mouse); while dragged, the marker draws itself under the pointer.
    """

    def __init__(self, desk: DeskItem) -> None:
        super().__init__(desk)
        r = MARKER_RADIUS + 3
        self.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        self.setPen(_NO_PEN)
        self.desk = desk
        self.member_id: int | None = None
        self._text: tuple[int, QStaticText] | None = None
        self._name = ""
        self._shown = True
        self.dragging = False
        self._moved = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setZValue(1)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.place()

    def place(self) -> None:
        self.setPos(self.desk.chair_centre())
        self.setRotation(-self.desk.rotation())  # initials upright

    def set_person(self, member_id: int, name: str) -> None:
        self.member_id = member_id
        if name != self._name:
            self._name = name
            self._text = None  # the initials are worked out when next drawn
        if not self._shown:
            self._shown = True
            self.setVisible(True)

    def clear(self) -> None:
        self.member_id = None
        if self._shown:
            self._shown = False
            self.setVisible(False)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        self.draw(painter, option.levelOfDetailFromTransform(painter.worldTransform()))

    def draw(self, painter: QPainter, scale: float) -> None:
        """The badge, centred on the painter's origin."""
        # Its white ring only where it can be seen: stroking costs as much as filling.
        painter.setPen(_MARKER_PEN if scale * MARKER_RADIUS >= _ROUND_FROM_PX else _NO_PEN)
        painter.setBrush(_MARKER_BRUSH)
        painter.drawEllipse(QPointF(0, 0), MARKER_RADIUS, MARKER_RADIUS)
        pixels = readable_px(_MARKER_FONT_PX, _SCREEN_NAME_PX, scale)
        if pixels > MARKER_RADIUS * 1.2:
            return  # initials would not fit in the badge
        if self._text is None or self._text[0] != pixels:
            self._text = (pixels, static_text(initials(self._name), font_px(pixels, True)))
        text = self._text[1]
        size = text.size()
        painter.setPen(_MARKER_TEXT_PEN)
        painter.setFont(font_px(pixels, True))
        painter.drawStaticText(QPointF(-size.width() / 2, -size.height() / 2), text)

    # Dragging: the marker follows the mouse, then goes home; the scene decides what the
    # drop means (a move to another desk) and the next state update shows the result.
    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = _plan_scene(self)
        if (
            scene is None
            or not scene.interactive_view()
            or self.member_id is None
            or event.button() != _LEFT_BUTTON
        ):
            event.ignore()
            return
        self.dragging = False
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        delta = event.scenePos() - event.buttonDownScenePos(_LEFT_BUTTON)
        if not self.dragging and math.hypot(delta.x(), delta.y()) < 10:
            return
        if not self.dragging:
            self.dragging = True
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, False)
            self.setZValue(100)
            self.desk.setZValue(50)
            self.desk.update()
        self.setPos(self.desk.mapFromScene(event.scenePos()))

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        dragged, self.dragging = self.dragging, False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self.setZValue(1)
        self.desk.setZValue(0)
        self.place()
        self.desk.update()
        scene = _plan_scene(self)
        if scene is None or self.member_id is None:
            return
        if not dragged:
            scene.desk_clicked.emit(self.desk.desk_id)
            return
        target = scene.desk_at(event.scenePos(), exclude=self.desk.desk_id)
        scene.marker_dropped.emit(
            self.member_id, self.desk.desk_id, target.desk_id if target else 0
        )


class RoomItem(QGraphicsPolygonItem):
    """A room: its outline coloured by kind, its name, and a badge of who is in it."""

    def __init__(self, shape: RoomShape, state: RoomState | None = None) -> None:
        super().__init__()
        self.setPen(_NO_PEN)  # drawn in paint(); the Qt polygon gives the bounds
        self.room_id = shape.id
        self.info = shape
        self.state = state or RoomState(shape.id, 0, shape.capacity, 0)
        self._texts: tuple[QStaticText, QStaticText, QStaticText | None] | None = None
        self._texts_px = (0, 0)
        self.setZValue(ROOM_Z)
        self.apply_geometry(shape.geometry)

    def set_shape(self, shape: RoomShape) -> None:
        self.info = shape
        self._texts = None
        self.apply_geometry(shape.geometry)
        self.update()

    def apply_geometry(self, geometry: RoomGeometry) -> None:
        if geometry.outline:
            points = [QPointF(p.x, p.y) for p in geometry.outline]
        else:
            points = [
                QPointF(0, 0),
                QPointF(geometry.width, 0),
                QPointF(geometry.width, geometry.height),
                QPointF(0, geometry.height),
            ]
        self._polygon = QPolygonF(points)
        self.setPolygon(self._polygon)
        self._size = (geometry.width, geometry.height)
        self._texts = None
        self.setPos(geometry.x, geometry.y)

    def geometry(self) -> RoomGeometry:
        outline = None
        if self.info.geometry.outline is not None:
            outline = tuple(Point(p.x(), p.y()) for p in self._polygon.toList())
        position = self.pos()
        return RoomGeometry(position.x(), position.y(), self._size[0], self._size[1], outline)

    def resized(self, width: float, height: float) -> RoomGeometry:
        """This room's geometry at another size (a polygon is stretched to it)."""
        geometry = self.geometry()
        outline = geometry.outline
        if outline is not None:
            fx = width / geometry.width if geometry.width else 1.0
            fy = height / geometry.height if geometry.height else 1.0
            outline = tuple(Point(p.x * fx, p.y * fy) for p in outline)
        return RoomGeometry(geometry.x, geometry.y, width, height, outline)

    def set_state(self, state: RoomState) -> bool:
        if state == self.state:
            return False
        self.state = state
        self._texts = None
        self.update()
        return True

    def badge_text(self) -> str:
        state = self.state
        if state.desks:
            return f"{state.occupied} / {state.capacity}"
        return ngettext("{count} seat", "{count} seats", state.capacity).format(
            count=state.capacity
        )

    def _prepare(
        self, name_px: int, line_px: int
    ) -> tuple[QStaticText, QStaticText, QStaticText | None]:
        inner = self._polygon.boundingRect().adjusted(18, 12, -18, -12)
        line_font = font_px(line_px)
        badge = static_text(self.badge_text(), line_font)
        room_for_name = max(inner.width() - badge.size().width() - 34, 40.0)
        name_font = font_px(name_px, True)
        name = static_text(
            QFontMetricsF(name_font).elidedText(self.info.name, _ELIDE, room_for_name), name_font
        )
        line = None
        if self.state.booking_line:
            line = static_text(
                QFontMetricsF(line_font).elidedText(self.state.booking_line, _ELIDE, inner.width()),
                line_font,
            )
        return name, badge, line

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setPen(_ROOM_PEN)
        painter.setBrush(palette.ROOM_BRUSHES[self.info.kind])
        painter.drawPolygon(self._polygon)
        if self.info.flagged or self.isSelected():
            painter.setBrush(_NO_BRUSH)
            if self.info.flagged:
                painter.setPen(_WARNING_PEN)
                painter.drawPolygon(self._polygon)
            if self.isSelected():
                painter.setPen(_SELECTION_PEN)
                painter.drawRect(self._polygon.boundingRect().adjusted(4, 4, -4, -4))
        scale = option.levelOfDetailFromTransform(painter.worldTransform())
        inner = self._polygon.boundingRect().adjusted(18, 12, -18, -12)
        name_px = readable_px(_ROOM_NAME_PX, _SCREEN_ROOM_PX, scale)
        line_px = readable_px(_ROOM_LINE_PX, _SCREEN_BADGE_PX, scale)
        if name_px + line_px > inner.height() or name_px * 3 > inner.width():
            return  # the room is too small on screen for its name
        if self._texts is None or self._texts_px != (name_px, line_px):
            self._texts = self._prepare(name_px, line_px)
            self._texts_px = (name_px, line_px)
        name, badge, line = self._texts
        badge_size = badge.size()
        pad = line_px * 0.45
        badge_rect = QRectF(
            inner.right() - badge_size.width() - 2 * pad,
            inner.top(),
            badge_size.width() + 2 * pad,
            badge_size.height() + pad,
        )
        fill, ink = palette.badge_colours(self.state.occupied, self.state.capacity)
        if not self.state.desks:
            fill, ink = _GREY_BADGE, palette.TEXT
        painter.setPen(_NO_PEN)
        painter.setBrush(fill)
        painter.drawRoundedRect(badge_rect, pad, pad)
        painter.setPen(ink)
        painter.setFont(font_px(line_px))
        painter.drawStaticText(
            QPointF(badge_rect.left() + pad, badge_rect.center().y() - badge_size.height() / 2),
            badge,
        )
        painter.setPen(_TEXT_PEN)
        painter.setFont(font_px(name_px, True))
        painter.drawStaticText(inner.topLeft(), name)
        if line is not None:
            painter.setFont(font_px(line_px))
            painter.drawStaticText(
                QPointF(inner.left(), inner.top() + badge_rect.height() + pad), line
            )


class Handle(QGraphicsItem):
    """A grip on the selected item in the editor: resize (square) or rotate (round).

    It keeps the same size on screen at every zoom. While dragged it reshapes its parent
    directly; the scene turns the whole drag into one undoable gesture on release.
    """

    SIZE = 16.0

    def __init__(self, parent: DeskItem | RoomItem, rotate: bool) -> None:
        super().__init__(parent)
        self.target = parent
        self.rotate = rotate
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(200)
        self.setCursor(Qt.CursorShape.CrossCursor if rotate else Qt.CursorShape.SizeFDiagCursor)
        self.place()

    def place(self) -> None:
        target = self.target
        if isinstance(target, DeskItem):
            rect = target.desk_rect()
            self.setPos(QPointF(0, rect.top() - 45) if self.rotate else rect.bottomRight())
        else:
            self.setPos(target.boundingRect().adjusted(4, 4, -4, -4).bottomRight())

    def boundingRect(self) -> QRectF:
        half = self.SIZE / 2 + 2
        return QRectF(-half, -half, 2 * half, 2 * half)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        half = self.SIZE / 2
        if self.rotate:
            # White with a blue ring: not to be taken for a person's badge.
            painter.setPen(QPen(palette.SELECTION, 3))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(QPointF(0, 0), half, half)
            painter.setBrush(palette.SELECTION)
            painter.drawEllipse(QPointF(0, 0), 2.5, 2.5)
        else:
            painter.setPen(QPen(QColor("white"), 2))
            painter.setBrush(palette.SELECTION)
            painter.drawRect(QRectF(-half, -half, self.SIZE, self.SIZE))

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = _plan_scene(self)
        if scene is None:
            return
        free = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if self.rotate:
            scene.rotate_towards(self.target, event.scenePos(), free=free)
        else:
            scene.resize_towards(self.target, event.scenePos(), free=free)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.accept()
