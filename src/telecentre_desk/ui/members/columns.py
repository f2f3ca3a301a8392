"""Table columns that share the table's width by weight, so no list needs a sideways scroll."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


class ProportionalColumns(QObject):
    """Keep ``table``'s columns at ``weights`` shares of its width, whenever it is resized.

    A column dragged by the user keeps its width until the table is resized again.
    """

    def __init__(self, table: QTableView, weights: Sequence[int]) -> None:
        super().__init__(table)
        self._table = table
        self._weights = list(weights)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        width = self._table.viewport().width()
        total = sum(self._weights)
        header = self._table.horizontalHeader()
        for column, weight in enumerate(self._weights[:-1]):
            header.resizeSection(column, max(60, width * weight // total))
