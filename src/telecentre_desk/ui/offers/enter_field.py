"""A line edit whose Enter belongs to it: it acts on its own row, never on the dialog's
default button (which would save and close the whole form)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT


class EnterField(QLineEdit):
    entered = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumHeight(FIELD_MIN_HEIGHT)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.entered.emit()
            return
        super().keyPressEvent(event)
