"""A refused booking, explained: what it collides with, and one click to a free slot."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from telecentre_desk.i18n import PARIS, _, format_date
from telecentre_desk.services.booking_conflicts import SlotCheck
from telecentre_desk.ui.schedule import palette
from telecentre_desk.ui.theme import ERROR, set_role
from telecentre_desk.ui.views.base import label


class ConflictPanel(QFrame):
    """Shows a SlotCheck; ``slot_chosen(room_id, start, end)`` when a suggestion is clicked."""

    slot_chosen = Signal(int, object, object)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictPanel")
        self.setStyleSheet(
            f"QFrame#conflictPanel {{ background: {palette.CONFLICT_BG}; border: 2px solid "
            f"{ERROR}; border-radius: 8px; }} QFrame#conflictPanel QLabel {{ background: "
            "transparent; }"
        )
        self.check: SlotCheck | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.title = label(_("This time is not free"), "subheading")
        top.addWidget(self.title, 1)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setToolTip(_("Hide this message (Escape)"))
        self.close_button.clicked.connect(self._close)
        top.addWidget(self.close_button)
        layout.addLayout(top)
        self.message = label("", "error")
        layout.addWidget(self.message)
        self.collision = label("")
        layout.addWidget(self.collision)
        self.suggest_title = label(_("Free nearby — click to take it:"), "muted")
        layout.addWidget(self.suggest_title)
        self.suggestions = QHBoxLayout()
        self.suggestions.setSpacing(8)
        layout.addLayout(self.suggestions)
        self.rooms_title = label(_("Other rooms free at that time:"), "muted")
        layout.addWidget(self.rooms_title)
        self.rooms = QHBoxLayout()
        self.rooms.setSpacing(8)
        layout.addLayout(self.rooms)
        self.slot_buttons: list[QPushButton] = []
        self.room_buttons: list[QPushButton] = []
        self.hide()

    def show_check(self, check: SlotCheck, title: str | None = None) -> None:
        self.check = check
        self.title.setText(title or _("This time is not free"))
        self.message.setText(check.message())
        # The message names the first booking in the way; any others are listed below it.
        lines = [
            _("Also in the way: {booking}").format(booking=c.describe())
            for c in check.collisions[1:]
        ]
        self.collision.setText("\n".join(lines))
        self.collision.setVisible(bool(lines))
        _empty(self.suggestions)
        _empty(self.rooms)
        self.slot_buttons, self.room_buttons = [], []
        for slot in check.suggestions:
            button = QPushButton(_slot_text(slot.start, slot.end))
            set_role(button, "suggestion")
            button.clicked.connect(
                lambda _c=False, s=slot: self.slot_chosen.emit(check.room_id, s.start, s.end)
            )
            self.suggestions.addWidget(button)
            self.slot_buttons.append(button)
        self.suggestions.addStretch(1)
        self.suggest_title.setVisible(bool(check.suggestions))
        if not check.suggestions:
            self.suggest_title.setText(_("No free slot nearby in this room."))
            self.suggest_title.show()
        else:
            self.suggest_title.setText(_("Free nearby — click to take it:"))
        for room in check.other_rooms:
            button = QPushButton(room.name)
            button.setToolTip(
                _("{room}, {capacity} places").format(room=room.name, capacity=room.capacity)
            )
            button.clicked.connect(
                lambda _c=False, r=room.room_id: self.slot_chosen.emit(
                    r, check.wanted.start, check.wanted.end
                )
            )
            self.rooms.addWidget(button)
            self.room_buttons.append(button)
        self.rooms.addStretch(1)
        self.rooms_title.setVisible(bool(check.other_rooms))
        self.show()

    def _close(self) -> None:
        self.hide()
        self.closed.emit()


def _empty(layout: QHBoxLayout) -> None:
    while (item := layout.takeAt(0)) is not None:
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


def _slot_text(start: datetime, end: datetime) -> str:
    local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
    return _("{day} {start}–{end}").format(
        day=format_date(local_start.date(), "EEE d MMM"),
        start=local_start.strftime("%H:%M"),
        end=local_end.strftime("%H:%M"),
    )
