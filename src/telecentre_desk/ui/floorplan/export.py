"""A floor as a PNG image: the plan as shown now, with a title line, for a paper fallback."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from telecentre_desk.ui.floorplan.scene import PlanScene
from telecentre_desk.ui.theme import INK, MUTED

EXPORT_WIDTH = 2400
_HEADER = 120
_MARGIN = 40


def render_floor(scene: PlanScene, title: str, subtitle: str, width: int = EXPORT_WIDTH) -> QImage:
    source = scene.content_rect().adjusted(-40, -40, 40, 40)
    plan_width = width - 2 * _MARGIN
    plan_height = int(plan_width * source.height() / max(source.width(), 1.0))
    image = QImage(width, plan_height + _HEADER + _MARGIN, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    font = QFont()
    font.setPixelSize(44)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor(INK))
    painter.drawText(
        QRectF(_MARGIN, 18, plan_width, 56),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        title,
    )
    font.setPixelSize(30)
    font.setBold(False)
    painter.setFont(font)
    painter.setPen(QColor(MUTED))
    painter.drawText(
        QRectF(_MARGIN, 70, plan_width, 40),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        subtitle,
    )
    target = QRectF(_MARGIN, _HEADER, plan_width, plan_height)
    scene.render(painter, target, source, Qt.AspectRatioMode.KeepAspectRatio)
    painter.end()
    return image


def export_floor_png(scene: PlanScene, path: Path, title: str, subtitle: str) -> bool:
    """Write the floor to ``path``; False when the file cannot be written."""
    selected = scene.selectedItems()
    scene.clearSelection()  # selection outlines are not part of the plan
    try:
        # The format follows the file name's suffix (.png from the save dialog).
        return render_floor(scene, title, subtitle).save(str(path))
    finally:
        for item in selected:
            item.setSelected(True)
