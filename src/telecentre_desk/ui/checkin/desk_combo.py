"""Choosing a desk: none, the member's usual free desk (first), or any free desk."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT

if TYPE_CHECKING:  # the desk choices arrive from the worker; no import at start-up
    from telecentre_desk.services.desk_choice import DeskChoices, DeskOption


def desk_text(desk: DeskOption) -> str:
    return _("{desk} ({room})").format(desk=desk.label, room=desk.room_name)


class DeskCombo(QComboBox):
    """``set_choices(choices)``; ``desk_id()`` is the chosen desk or None."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(FIELD_MIN_HEIGHT + 4)
        self.setMinimumContentsLength(22)
        self.setAccessibleName(_("Desk"))
        self.set_choices(None)

    def set_choices(self, choices: DeskChoices | None) -> None:
        self.clear()
        self.addItem(_("No desk"), None)
        if choices is None:
            return
        suggested = choices.suggested
        if suggested is not None:
            self.addItem(_("{desk} — usual desk").format(desk=suggested.label), suggested.id)
        for desk in choices.free:
            if suggested is None or desk.id != suggested.id:
                self.addItem(desk_text(desk), desk.id)
        if suggested is not None:
            self.setCurrentIndex(1)

    def desk_id(self) -> int | None:
        value = self.currentData()
        return int(value) if value is not None else None

    def select_desk(self, desk_id: int | None) -> bool:
        index = self.findData(desk_id)
        if index < 0:
            return False
        self.setCurrentIndex(index)
        return True
