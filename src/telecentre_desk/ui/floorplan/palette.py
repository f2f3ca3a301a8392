"""The plan's colours: one per desk state and room kind, shared by the plan, legend and PNG.

The page colours come from ui/theme.py; these are the plan's own, chosen so that the
states differ in lightness as well as hue (readable by colour-blind people and on a
black-and-white printout), and so that dark text on every fill reaches WCAG AA.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from telecentre_desk.domain.kinds import RoomKind
from telecentre_desk.i18n import N_
from telecentre_desk.services.floorplan import DeskStatus
from telecentre_desk.ui.theme import ACCENT, ERROR, FOCUS, INK

# (fill, outline) per desk state.
_DESK_COLOURS: dict[DeskStatus, tuple[str, str]] = {
    DeskStatus.FREE: ("#c9ecd2", "#2f7d45"),  # light green
    DeskStatus.OCCUPIED: ("#7fb0e0", "#0b4f94"),  # mid blue
    DeskStatus.RESERVED: ("#f6d58a", "#a26a00"),  # amber
    DeskStatus.HELD: ("#dcc8ee", "#6a3d9a"),  # lilac
    DeskStatus.OUT_OF_SERVICE: ("#d4d8dc", "#6b7784"),  # grey, hatched
}
STATUS_LABELS: dict[DeskStatus, str] = {
    DeskStatus.FREE: N_("Free"),
    DeskStatus.OCCUPIED: N_("Occupied"),
    DeskStatus.RESERVED: N_("Reserved for a booking"),
    DeskStatus.HELD: N_("Fixed desk, holder not here"),
    DeskStatus.OUT_OF_SERVICE: N_("Out of service"),
}
LEGEND_ORDER = (
    DeskStatus.FREE,
    DeskStatus.OCCUPIED,
    DeskStatus.HELD,
    DeskStatus.RESERVED,
    DeskStatus.OUT_OF_SERVICE,
)
_ROOM_FILLS: dict[RoomKind, str] = {
    RoomKind.OPEN_SPACE: "#f4f7fb",
    RoomKind.OFFICE: "#f7f4ee",
    RoomKind.MEETING_ROOM: "#eef6f3",
    RoomKind.VISIO_ROOM: "#eef1fa",
    RoomKind.LOUNGE: "#fbf3ea",
}
ROOM_LINE = QColor("#5d6b79")
FLOOR_FILL = QColor("#e9edf1")
FLOOR_LINE = QColor("#9aa6b2")
TEXT = QColor(INK)
MARKER = QColor(ACCENT)
MARKER_TEXT = QColor("white")
FOCUS_RING = QColor(FOCUS)
WARNING = QColor(ERROR)
SELECTION = QColor("#0b5cad")
# Room occupancy badge: (fill, text) when there is room, when nearly full, when full.
BADGE_OK = (QColor("#dff0e3"), QColor("#1d5e31"))
BADGE_BUSY = (QColor("#fbe8c0"), QColor("#6e4a00"))
BADGE_FULL = (QColor("#f6d0d5"), QColor("#8a1020"))

DESK_BRUSHES: dict[DeskStatus, QBrush] = {
    status: QBrush(QColor(fill)) for status, (fill, _line) in _DESK_COLOURS.items()
}
DESK_PENS: dict[DeskStatus, QPen] = {}
for _status, (_fill, _line) in _DESK_COLOURS.items():
    _pen = QPen(QColor(_line), 3)
    _pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    DESK_PENS[_status] = _pen
HATCH = QBrush(QColor("#8a949e"), Qt.BrushStyle.BDiagPattern)
ROOM_BRUSHES: dict[RoomKind, QBrush] = {
    kind: QBrush(QColor(fill)) for kind, fill in _ROOM_FILLS.items()
}


def desk_fill(status: DeskStatus) -> QColor:
    return QColor(_DESK_COLOURS[status][0])


def desk_line(status: DeskStatus) -> QColor:
    return QColor(_DESK_COLOURS[status][1])


def badge_colours(occupied: int, capacity: int) -> tuple[QColor, QColor]:
    if capacity <= 0 or occupied < capacity * 0.75:
        return BADGE_OK
    return BADGE_BUSY if occupied < capacity else BADGE_FULL
