"""The list of upcoming bookings, with filters: room, status, words, days ahead, and
"needs a volunteer". Enter or a double-click opens the booking."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.i18n import N_, PARIS, _, format_date, ngettext
from telecentre_desk.services.booking_queries import BookingInfo, UpcomingFilter, upcoming_bookings
from telecentre_desk.services.booking_rooms import RoomBookingInfo
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner

COLUMNS = (N_("When"), N_("Room"), N_("Title"), N_("For"), N_("People"), N_("Status"), N_("Help"))


class UpcomingList(QWidget):
    open_requested = Signal(int)

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.store = runner, store
        self.rows: list[BookingInfo] = []
        self.loaded = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        filters = QHBoxLayout()
        filters.setSpacing(10)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search a title, a name, a room"))
        self.search.setAccessibleName(_("Search the bookings"))
        self.room = QComboBox()
        self.room.addItem(_("All rooms"), None)
        self.status = QComboBox()
        self.status.addItem(_("All but cancelled"), None)
        for status in BookingStatus:
            self.status.addItem(status.label, status.value)  # Qt returns a StrEnum as a str
        self.days = QSpinBox()
        self.days.setRange(1, 366)
        self.days.setValue(30)
        self.days.setSuffix(" " + _("days ahead"))
        self.volunteer = QCheckBox(_("Needs a volunteer"))
        for widget in (self.search, self.room, self.status, self.days):
            widget.setMinimumHeight(FIELD_MIN_HEIGHT)
        filters.addWidget(self.search, 2)
        filters.addWidget(self.room, 1)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.days)
        filters.addWidget(self.volunteer)
        layout.addLayout(filters)
        self.count = label("", "muted")
        layout.addWidget(self.count)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(38)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(self._activated)
        self.table.itemDoubleClicked.connect(self._activated)
        layout.addWidget(self.table, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        for signal in (
            self.room.currentIndexChanged,
            self.status.currentIndexChanged,
            self.days.valueChanged,
            self.volunteer.toggled,
        ):
            signal.connect(lambda *_a: self.reload())

    def set_rooms(self, rooms: Sequence[RoomBookingInfo]) -> None:
        current = self.room.currentData()
        self.room.blockSignals(True)
        self.room.clear()
        self.room.addItem(_("All rooms"), None)
        for room in rooms:
            self.room.addItem(room.name, room.id)
        self.room.setCurrentIndex(max(0, self.room.findData(current)))
        self.room.blockSignals(False)

    def filters(self) -> UpcomingFilter:
        room = self.room.currentData()
        status = self.status.currentData()
        return UpcomingFilter(
            room_id=room if isinstance(room, int) else None,
            status=BookingStatus(status) if status else None,
            text=self.search.text(),
            days=self.days.value(),
            volunteer_help_only=self.volunteer.isChecked(),
        )

    def reload(self) -> None:
        self.runner.submit(upcoming_bookings, self.store, self.filters(), on_done=self._show)

    def _show(self, rows: list[BookingInfo]) -> None:
        self.rows = rows
        self.loaded = True
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            start, end = row.starts_at.astimezone(PARIS), row.ends_at.astimezone(PARIS)
            when = f"{format_date(start.date(), 'EEE d MMM')} {start:%H:%M}–{end:%H:%M}"
            values = (
                when,
                row.room_name,
                row.title or _("No title"),
                row.organiser_name,
                str(row.attendees),
                row.status.label,
                _("volunteer") if row.volunteer_help else "",
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                self.table.setItem(index, column, item)
        self.count.setText(
            ngettext("{count} booking", "{count} bookings", len(rows)).format(count=len(rows))
        )

    def _activated(self, item: QTableWidgetItem) -> None:
        booking_id = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(booking_id, int):
            self.open_requested.emit(booking_id)
