"""◀ novembre 2026 ▶: the month whose invoices are prepared and listed."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from telecentre_desk.i18n import _, format_date
from telecentre_desk.ui.theme import set_role


def month_name(first_day: date) -> str:
    """``2026-11-01`` -> "novembre 2026" (in the user's language)."""
    return format_date(first_day, "LLLL yyyy")


def shift_month(first_day: date, step: int) -> date:
    index = first_day.year * 12 + first_day.month - 1 + step
    return date(index // 12, index % 12 + 1, 1)


def month_end(first_day: date) -> date:
    return shift_month(first_day, 1) - timedelta(days=1)


class MonthPicker(QWidget):
    """Emits ``month_changed`` with the first day of the month chosen."""

    month_changed = Signal(object)  # date

    def __init__(self, first_day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._month = first_day.replace(day=1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.previous_button = QPushButton("◀")
        self.previous_button.setAccessibleName(_("Previous month"))
        self.previous_button.setToolTip(_("Previous month (Alt+Left)"))
        self.next_button = QPushButton("▶")
        self.next_button.setAccessibleName(_("Next month"))
        self.next_button.setToolTip(_("Next month (Alt+Right)"))
        for button in (self.previous_button, self.next_button):
            button.setStyleSheet("min-width: 44px; padding: 2px 8px;")
        self.caption = QLabel()
        set_role(self.caption, "subheading")
        self.caption.setMinimumWidth(190)
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        layout.addWidget(self.previous_button)
        layout.addWidget(self.caption)
        layout.addWidget(self.next_button)
        self._show()

    def month(self) -> date:
        return self._month

    def set_month(self, first_day: date) -> None:
        first_day = first_day.replace(day=1)
        if first_day != self._month:
            self._month = first_day
            self._show()
            self.month_changed.emit(first_day)

    def step(self, months: int) -> None:
        self.set_month(shift_month(self._month, months))

    def _show(self) -> None:
        self.caption.setText(month_name(self._month).capitalize())
