"""Changing a repeating booking: this occurrence, this one and the following, or all?"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.services.booking_drafts import EditScope
from telecentre_desk.ui.theme import BUTTON_MIN_HEIGHT, apply_theme
from telecentre_desk.ui.views.base import label


class ScopeDialog(QDialog):
    """Three big buttons (and Escape to give up); ``scope`` holds the choice."""

    def __init__(self, action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        apply_theme(self)
        self.setWindowTitle(_("A repeating booking"))
        self.scope: EditScope | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        layout.addWidget(label(action, "subheading"))
        layout.addWidget(
            label(_("This booking repeats. Which occurrences does this apply to?"), "lead")
        )
        self.buttons: dict[EditScope, QPushButton] = {}
        for scope in EditScope:
            button = QPushButton(scope.label)
            button.setMinimumHeight(BUTTON_MIN_HEIGHT + 6)
            button.clicked.connect(lambda _c=False, s=scope: self._choose(s))
            layout.addWidget(button)
            self.buttons[scope] = button
        self.buttons[EditScope.THIS].setDefault(True)
        self.buttons[EditScope.THIS].setFocus()
        cancel = QPushButton(_("Do nothing"))
        cancel.clicked.connect(self.reject)
        layout.addWidget(cancel)

    def _choose(self, scope: EditScope) -> None:
        self.scope = scope
        self.accept()
