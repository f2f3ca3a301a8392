"""The calendar's colours, built on the theme's (ui/theme.py): one place to change them.

Each status reads without colour too (a dashed outline for tentative, struck-through
text for cancelled, a label for no-show), for colour-blind users and grey printers.
"""

from __future__ import annotations

from PySide6.QtGui import QColor

from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.ui.theme import ACCENT, CARD, ERROR, FOCUS, INK, LINE, MUTED, PAGE

GRID = QColor("#e3e8ed")
GRID_HALF = QColor("#f0f3f6")
TEXT = QColor(INK)
TEXT_MUTED = QColor(MUTED)
BACKGROUND = QColor(CARD)
HEADER = QColor(PAGE)
HEADER_TODAY = QColor("#dbe8f6")
BORDER = QColor(LINE)
CLOSED = QColor("#e8ecf0")
CLOSED_HATCH = QColor("#c9d1d9")
NOW_LINE = QColor(ERROR)
SELECTION = QColor(FOCUS)
GHOST = QColor(ACCENT)
GHOST_REFUSED = QColor(ERROR)
BUFFER = QColor("#d7dee6")
CURSOR = QColor(FOCUS)

FILLS = {
    BookingStatus.CONFIRMED: QColor("#dbe8f6"),
    BookingStatus.TENTATIVE: QColor("#ffffff"),
    BookingStatus.CANCELLED: QColor("#eef0f2"),
    BookingStatus.NO_SHOW: QColor("#fbe3d0"),
}
EDGES = {
    BookingStatus.CONFIRMED: QColor(ACCENT),
    BookingStatus.TENTATIVE: QColor(ACCENT),
    BookingStatus.CANCELLED: QColor("#8a949e"),
    BookingStatus.NO_SHOW: QColor("#a24b00"),
}
TEXTS = {
    BookingStatus.CONFIRMED: QColor(INK),
    BookingStatus.TENTATIVE: QColor(INK),
    BookingStatus.CANCELLED: QColor("#5f6b77"),
    BookingStatus.NO_SHOW: QColor(INK),
}
CONFLICT_BG = "#fdecee"  # behind a refusal, with the theme's ERROR border
