"""Painting the directory's cells directly: plain text, one font, the row's colours.

The style-sheet path paints every cell through the style engine, which costs
more than the search itself (about 16 ms for one screen of rows on the
development VM): search as you type repaints the list at every keystroke, so
its cells are drawn here, with their text laid out once and reused (names,
organisations and categories repeat from one keystroke to the next). The
colours are the theme's: the table's palette (set from the style sheet) and
the model's roles.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QStaticText
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from telecentre_desk.ui.members.table_model import MemberTableModel

_PADDING = 10
_CACHE_SIZE = 4_000


class RowPainter(QStyledItemDelegate):
    def __init__(self, model: MemberTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._texts: OrderedDict[tuple[str, int, bool], QStaticText] = OrderedDict()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = option.rect
        palette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.highlight())
        text, bold, colour = self._model.cell(index.row(), index.column())
        if not text:
            return
        font: QFont = self._model.bold_font if bold else option.font
        width = rect.width() - 2 * _PADDING
        static = self._static_text(text, width, bold, font)
        painter.setFont(font)
        if selected:
            painter.setPen(palette.highlightedText().color())
        else:
            painter.setPen(colour if isinstance(colour, QColor) else palette.text().color())
        height = static.size().height()
        painter.drawStaticText(
            QPointF(rect.x() + _PADDING, rect.y() + (rect.height() - height) / 2), static
        )

    def _static_text(self, text: str, width: int, bold: bool, font: QFont) -> QStaticText:
        key = (text, width, bold)
        static = self._texts.get(key)
        if static is None:
            shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, width)
            static = QStaticText(shown)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            self._texts[key] = static
            if len(self._texts) > _CACHE_SIZE:
                self._texts.popitem(last=False)
        else:
            self._texts.move_to_end(key)
        return static
