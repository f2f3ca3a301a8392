"""The legend: what each colour of desk means, and the badge of a room."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QPainter, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.services.floorplan import DeskStatus
from telecentre_desk.ui.floorplan import palette

SWATCH = QSize(34, 22)


def swatch(status: DeskStatus, size: QSize = SWATCH) -> QPixmap:
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(1.5, 1.5, size.width() - 3, size.height() - 3)
    pen = palette.DESK_PENS[status]
    painter.setPen(pen.color())
    painter.setBrush(palette.DESK_BRUSHES[status])
    painter.drawRect(rect)
    if status is DeskStatus.OUT_OF_SERVICE:
        painter.setBrush(QBrush(palette.HATCH))
        painter.drawRect(rect)
    painter.end()
    return pixmap


def marker_swatch(size: int = 24) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(palette.MARKER_TEXT)
    painter.setBrush(palette.MARKER)
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return pixmap


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6 if not large else 10)
        scale = 2 if large else 1
        for row, status in enumerate(palette.LEGEND_ORDER):
            icon = QLabel()
            icon.setPixmap(swatch(status, SWATCH * scale))
            text = QLabel(_(palette.STATUS_LABELS[status]))
            text.setWordWrap(True)
            grid.addWidget(icon, row, 0)
            grid.addWidget(text, row, 1)
        marker = QLabel()
        marker.setPixmap(marker_swatch(24 * scale))
        marker.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(marker, len(palette.LEGEND_ORDER), 0)
        hint = QLabel(
            _("A person seated (drag to move them)") if not large else _("A person seated")
        )
        hint.setWordWrap(True)
        grid.addWidget(hint, len(palette.LEGEND_ORDER), 1)
        badge = QLabel("3 / 12")
        badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        fill, ink = palette.BADGE_OK
        badge.setStyleSheet(
            f"background: {fill.name()}; color: {ink.name()}; border-radius: 6px; padding: 1px 4px;"
        )
        grid.addWidget(badge, len(palette.LEGEND_ORDER) + 1, 0)
        room_hint = QLabel(_("People seated in a room / its capacity"))
        room_hint.setWordWrap(True)
        grid.addWidget(room_hint, len(palette.LEGEND_ORDER) + 1, 1)
        grid.setColumnStretch(1, 1)
