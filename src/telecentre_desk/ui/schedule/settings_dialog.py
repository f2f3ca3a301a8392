"""For managers: how each room is booked (bookable, buffers, tariffs), the centre's
exceptional closures, and the cancellation cut-off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import PARIS, _, format_datetime, ngettext
from telecentre_desk.services.booking_rooms import (
    BookingPolicy,
    ClosureInfo,
    RoomBookingDraft,
    RoomBookingInfo,
    add_closure,
    booking_policy,
    booking_rooms,
    list_closures,
    remove_closure,
    set_booking_policy,
    update_room_booking,
)
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.offers import TariffInfo, list_tariffs
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, apply_theme
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner


@dataclass(frozen=True)
class SettingsData:
    rooms: list[RoomBookingInfo]
    tariffs: list[TariffInfo]
    closures: list[ClosureInfo]
    policy: BookingPolicy


def load_settings(store: Store) -> SettingsData:
    """Everything the dialog shows (runs on the worker thread)."""
    return SettingsData(
        booking_rooms(store, bookable_only=False),
        list_tariffs(store),
        list_closures(store),
        booking_policy(store),
    )


class BookingSettingsDialog(QDialog):
    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        apply_theme(self)
        self.runner, self.store, self.actor = runner, store, actor
        self.data: SettingsData | None = None
        self.setWindowTitle(_("Rooms, closures and cancellations"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._rooms_tab(), _("Rooms"))
        self.tabs.addTab(self._closures_tab(), _("Closures"))
        self.tabs.addTab(self._policy_tab(), _("Cancellations"))
        layout.addWidget(self.tabs, 1)
        self.message = label("", "muted")
        layout.addWidget(self.message)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.reload()

    # -- tabs ----------------------------------------------------------------------------------
    def _rooms_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.room = QComboBox()
        self.room.currentIndexChanged.connect(self._show_room)
        form.addRow(_("Room"), self.room)
        self.bookable = QCheckBox(_("Open to bookings"))
        form.addRow("", self.bookable)
        self.setup = QSpinBox()
        self.cleanup = QSpinBox()
        for spin in (self.setup, self.cleanup):
            spin.setRange(0, 240)
            spin.setSingleStep(5)
            spin.setSuffix(" min")
        form.addRow(_("Set-up before each booking"), self.setup)
        form.addRow(_("Clean-up after each booking"), self.cleanup)
        self.tariff_boxes: dict[TariffKind, QComboBox] = {}
        for kind, caption in (
            (TariffKind.HOUR, _("Price per hour")),
            (TariffKind.HALF_DAY, _("Price per half-day")),
            (TariffKind.DAY, _("Price per day")),
        ):
            box = QComboBox()
            form.addRow(caption, box)
            self.tariff_boxes[kind] = box
        for widget in (self.room, self.setup, self.cleanup, *self.tariff_boxes.values()):
            widget.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.save_room = QPushButton(_("Save this room"))
        self.save_room.clicked.connect(self._save_room)
        form.addRow("", self.save_room)
        return page

    def _closures_tab(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.closures = QListWidget()
        column.addWidget(self.closures, 1)
        self.remove = QPushButton(_("Remove the chosen closure"))
        self.remove.clicked.connect(self._remove_closure)
        column.addWidget(self.remove)
        form = QFormLayout()
        self.closure_room = QComboBox()
        self.closure_room.setMinimumHeight(FIELD_MIN_HEIGHT)
        form.addRow(_("Closed"), self.closure_room)
        self.closure_from_day, self.closure_from_time = QDateEdit(), QTimeEdit()
        self.closure_to_day, self.closure_to_time = QDateEdit(), QTimeEdit()
        today = datetime.now(PARIS).date()
        for day_edit, time_edit, moment in (
            (self.closure_from_day, self.closure_from_time, time(0)),
            (self.closure_to_day, self.closure_to_time, time(23, 59)),
        ):
            day_edit.setCalendarPopup(True)
            day_edit.setMinimumHeight(FIELD_MIN_HEIGHT)
            time_edit.setMinimumHeight(FIELD_MIN_HEIGHT)
            day_edit.setDisplayFormat("dd/MM/yyyy")
            day_edit.setDate(QDate(today.year, today.month, today.day))
            time_edit.setDisplayFormat("HH:mm")
            time_edit.setTime(QTime(moment.hour, moment.minute))
        for caption, day_edit, time_edit in (
            (_("From"), self.closure_from_day, self.closure_from_time),
            (_("To"), self.closure_to_day, self.closure_to_time),
        ):
            row = QHBoxLayout()
            row.addWidget(day_edit)
            row.addWidget(time_edit)
            form.addRow(caption, row)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("For example: staff training, works, summer break"))
        form.addRow(_("Why"), self.reason)
        column.addLayout(form)
        self.add = QPushButton(_("Add the closure"))
        self.add.clicked.connect(self._add_closure)
        column.addWidget(self.add)
        return page

    def _policy_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.addRow(
            label(
                _(
                    "A booking cancelled less than this before it starts is still billed. "
                    "A no-show is always billed."
                ),
                "lead",
            )
        )
        self.cutoff = QSpinBox()
        self.cutoff.setRange(0, 24 * 14)
        self.cutoff.setSuffix(" " + _("hours"))
        self.cutoff.setMinimumHeight(FIELD_MIN_HEIGHT)
        form.addRow(_("Cut-off"), self.cutoff)
        save = QPushButton(_("Save the cut-off"))
        save.clicked.connect(self._save_policy)
        form.addRow("", save)
        return page

    # -- data ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.runner.submit(load_settings, self.store, on_done=self._show, on_error=self._failed)

    def _show(self, data: SettingsData) -> None:
        self.data = data
        current = self.room.currentData()
        self.room.blockSignals(True)
        self.room.clear()
        self.closure_room.clear()
        self.closure_room.addItem(_("The whole centre"), None)
        for room in data.rooms:
            self.room.addItem(room.name, room.id)
            self.closure_room.addItem(room.name, room.id)
        self.room.setCurrentIndex(max(0, self.room.findData(current)))
        self.room.blockSignals(False)
        nothing = {
            TariffKind.HOUR: _("No price per hour"),
            TariffKind.HALF_DAY: _("No price per half-day"),
            TariffKind.DAY: _("No price per day"),
        }
        for kind, box in self.tariff_boxes.items():
            box.clear()
            box.addItem(nothing[kind], None)
            for tariff in data.tariffs:
                if tariff.kind is kind:
                    box.addItem(f"{tariff.name} ({tariff.member_price} €)", tariff.id)
        self._show_room()
        self.closures.clear()
        if not data.closures:
            empty = QListWidgetItem(_("No closure planned."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.closures.addItem(empty)
        for closure in data.closures:
            where = closure.room_name or _("whole centre")
            item = QListWidgetItem(
                _("{start} → {end}: {reason} ({where})").format(
                    start=format_datetime(closure.starts_at, "short"),
                    end=format_datetime(closure.ends_at, "short"),
                    reason=closure.reason,
                    where=where,
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, closure.id)
            self.closures.addItem(item)
        self.cutoff.setValue(data.policy.cutoff_hours)

    def _show_room(self, *_args: object) -> None:
        if self.data is None:
            return
        room = next((r for r in self.data.rooms if r.id == self.room.currentData()), None)
        if room is None:
            return
        self.bookable.setChecked(room.bookable)
        self.setup.setValue(room.setup_minutes)
        self.cleanup.setValue(room.cleanup_minutes)
        for kind, tariff_id in (
            (TariffKind.HOUR, room.hour_tariff_id),
            (TariffKind.HALF_DAY, room.half_day_tariff_id),
            (TariffKind.DAY, room.day_tariff_id),
        ):
            box = self.tariff_boxes[kind]
            box.setCurrentIndex(max(0, box.findData(tariff_id)))

    # -- actions -------------------------------------------------------------------------------
    def _save_room(self) -> None:
        room_id = self.room.currentData()
        if not isinstance(room_id, int):
            return
        draft = RoomBookingDraft(
            bookable=self.bookable.isChecked(),
            setup_minutes=self.setup.value(),
            cleanup_minutes=self.cleanup.value(),
            hour_tariff_id=self.tariff_boxes[TariffKind.HOUR].currentData(),
            half_day_tariff_id=self.tariff_boxes[TariffKind.HALF_DAY].currentData(),
            day_tariff_id=self.tariff_boxes[TariffKind.DAY].currentData(),
        )
        self.runner.submit(
            update_room_booking,
            self.store,
            self.actor,
            room_id,
            draft,
            on_done=lambda result: self._done(_("Room saved.")),
            on_error=self._failed,
        )

    def _add_closure(self) -> None:
        start = _moment(self.closure_from_day, self.closure_from_time)
        end = _moment(self.closure_to_day, self.closure_to_time)
        room = self.closure_room.currentData()
        self.runner.submit(
            lambda: add_closure(
                self.store,
                self.actor,
                start,
                end,
                self.reason.text(),
                room_id=room if isinstance(room, int) else None,
            ),
            on_done=self._closure_added,
            on_error=self._failed,
        )

    def _closure_added(self, result: object) -> None:
        affected = getattr(result, "affected_bookings", ())
        text = _("Closure added.")
        if affected:
            text += " " + ngettext(
                "{count} booking falls in it: call the person concerned.",
                "{count} bookings fall in it: call the people concerned.",
                len(affected),
            ).format(count=len(affected))
        self.reason.clear()
        self._done(text)

    def _remove_closure(self) -> None:
        item = self.closures.currentItem()
        if item is None:
            return
        closure_id = item.data(Qt.ItemDataRole.UserRole)
        self.runner.submit(
            remove_closure,
            self.store,
            self.actor,
            closure_id,
            on_done=lambda _r: self._done(_("Closure removed.")),
            on_error=self._failed,
        )

    def _save_policy(self) -> None:
        self.runner.submit(
            set_booking_policy,
            self.store,
            self.actor,
            BookingPolicy(self.cutoff.value()),
            on_done=lambda _r: self._done(_("Cut-off saved.")),
            on_error=self._failed,
        )

    def _done(self, text: str) -> None:
        self.message.setText(text)
        self.reload()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            self.message.setText("\n".join(error.problems.values()))
        elif isinstance(error, ServiceError):
            self.message.setText(str(error))
        else:
            self.message.setText(_("This could not be saved. Try again; details are in the log."))


def _moment(day_edit: QDateEdit, time_edit: QTimeEdit) -> datetime:
    day = day_edit.date().toPython()
    moment = time_edit.time().toPython()
    assert isinstance(day, date) and isinstance(moment, time)
    return datetime.combine(day, moment, tzinfo=PARIS)
