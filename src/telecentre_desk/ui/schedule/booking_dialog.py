"""The booking form: when and where, for whom, what for, the visio details, repeats.

One dialog for a new booking (from a drag, a double-click, Enter on the
calendar or "New booking") and for an existing one (double-click, Enter). Save
is the default button (Enter). A refusal is explained in place: the fields in
error are outlined in red with the message, a taken slot opens the conflict
panel with the nearest free slots (a click fills the time in), a series lists
the dates to decide. Nothing is stored until the service says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.kinds import Equipment
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.scheduling import BookingStatus
from telecentre_desk.i18n import N_, PARIS, _
from telecentre_desk.services.booking_conflicts import BookingConflict
from telecentre_desk.services.booking_drafts import BookingDraft, EditScope
from telecentre_desk.services.booking_queries import BookingChoices, BookingDetails, GuestInfo
from telecentre_desk.services.booking_rooms import RoomBookingInfo
from telecentre_desk.services.booking_series import (
    SeriesConflict,
    SeriesPreview,
    book_series,
    edit_series,
    preview_series,
)
from telecentre_desk.services.bookings import (
    book,
    cancel_booking,
    set_status,
    update_booking,
)
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.ui.schedule.conflict_panel import ConflictPanel
from telecentre_desk.ui.schedule.organiser import OrganiserPicker
from telecentre_desk.ui.schedule.recurrence_editor import RecurrenceEditor
from telecentre_desk.ui.schedule.scope import ScopeDialog
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, apply_theme, restyle
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner

TEST_CALLS = (
    (None, N_("No test call")),
    (15, N_("15 min before")),
    (30, N_("30 min before")),
    (60, N_("1 hour before")),
)
_GUEST = re.compile(r"^\s*(?P<name>[^<,;]*?)\s*(?:[<,;]\s*(?P<email>[^>\s]+)\s*>?)?\s*$")


@dataclass(frozen=True)
class Prefill:
    """Where a new booking starts: the slot the user dragged or typed."""

    room_id: int
    starts_at: datetime
    ends_at: datetime


class BookingDialog(QDialog):
    saved = Signal(object)  # the service's result

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        choices: BookingChoices,
        *,
        prefill: Prefill | None = None,
        details: BookingDetails | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme(self)
        self.runner, self.store, self.actor = runner, store, actor
        self.choices, self.details = choices, details
        self.result_value: object | None = None
        self.busy = False
        # Replaced in tests: asking the user is a modal dialog.
        self.choose_scope: Callable[[str], EditScope | None] = self._ask_scope
        self.confirm: Callable[[str], bool] = self._ask_confirm
        booking = details.booking if details else None
        self.setWindowTitle(
            _("Booking: {title}").format(title=booking.title or booking.room_name)
            if booking
            else _("New booking")
        )
        self.resize(860, 780)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll, 1)
        page = QWidget()
        scroll.setWidget(page)
        self.form = QVBoxLayout(page)
        self.form.setContentsMargins(24, 18, 24, 12)
        self.form.setSpacing(10)
        self._build_when()
        self._build_who()
        self._build_what()
        self._build_visio()
        self._build_repeat()
        self._build_note()
        self.form.addStretch(1)
        self.conflict = ConflictPanel()
        self.conflict.slot_chosen.connect(self.take_slot)
        outer.addWidget(self.conflict)
        self.errors = label("", "error")
        self.errors.setContentsMargins(24, 0, 24, 0)
        self.errors.hide()
        outer.addWidget(self.errors)
        outer.addLayout(self._build_buttons())
        if details is not None:
            self._show_details(details)
        elif prefill is not None:
            self._prefill(prefill)
        self._room_changed()
        self.organiser.focus_first()

    # -- building ------------------------------------------------------------------------------
    def _section(self, title: str) -> None:
        self.form.addWidget(label(title, "subheading"))

    def _build_when(self) -> None:
        self._section(_("When and where"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.room = QComboBox()
        for room in self.choices.rooms:
            self.room.addItem(_room_text(room), room.id)
        self.room.currentIndexChanged.connect(self._room_changed)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dddd dd/MM/yyyy")
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for field in (self.start, self.end):
            field.setDisplayFormat("HH:mm")
        self.attendees = QSpinBox()
        self.attendees.setRange(0, 999)
        self.attendees.setValue(1)
        for widget in (self.room, self.day, self.start, self.end, self.attendees):
            widget.setMinimumHeight(FIELD_MIN_HEIGHT)
        grid.addWidget(label(_("Room"), "muted"), 0, 0)
        grid.addWidget(self.room, 1, 0, 1, 2)
        grid.addWidget(label(_("People in the room"), "muted"), 0, 2)
        grid.addWidget(self.attendees, 1, 2)
        grid.addWidget(label(_("Day"), "muted"), 2, 0)
        grid.addWidget(self.day, 3, 0)
        grid.addWidget(label(_("From"), "muted"), 2, 1)
        grid.addWidget(self.start, 3, 1)
        grid.addWidget(label(_("To"), "muted"), 2, 2)
        grid.addWidget(self.end, 3, 2)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.form.addLayout(grid)
        self.day.dateChanged.connect(lambda _d: self.repeat.set_first_date(self.booking_day()))

    def _build_who(self) -> None:
        self._section(_("For whom"))
        self.organiser = OrganiserPicker(self.runner, self.store)
        self.organiser.set_organisations(self.choices.organisations)
        self.form.addWidget(self.organiser)

    def _build_what(self) -> None:
        self._section(_("What for"))
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        self.title = QLineEdit()
        self.title.setPlaceholderText(_("For example: Team meeting, Teleconsultation"))
        self.title.setMaxLength(200)
        form.addRow(_("Title"), self.title)
        self.status = QComboBox()
        # Combo data are plain strings: Qt hands a StrEnum back as a str.
        self.status.addItem(BookingStatus.CONFIRMED.label, BookingStatus.CONFIRMED.value)
        self.status.addItem(BookingStatus.TENTATIVE.label, BookingStatus.TENTATIVE.value)
        self.status.setMinimumHeight(FIELD_MIN_HEIGHT)
        form.addRow(_("Status"), self.status)
        equipment = QWidget()
        grid = QGridLayout(equipment)
        grid.setContentsMargins(0, 0, 0, 0)
        self.equipment: dict[Equipment, QCheckBox] = {}
        for index, item in enumerate(Equipment):
            box = QCheckBox(item.label)
            grid.addWidget(box, index // 3, index % 3)
            self.equipment[item] = box
        form.addRow(_("Equipment needed"), equipment)
        self.form.addLayout(form)

    def _build_visio(self) -> None:
        self.visio = QFrame()
        self.visio.setObjectName("card")
        form = QFormLayout(self.visio)
        form.setContentsMargins(16, 10, 16, 10)
        form.addRow(label(_("Videoconference"), "subheading"))
        self.meeting_link = QLineEdit()
        self.meeting_link.setPlaceholderText("https://")
        form.addRow(_("Meeting link"), self.meeting_link)
        self.guests = QPlainTextEdit()
        self.guests.setPlaceholderText(
            _("One per line: name, then the e-mail if they get the invitation")
        )
        self.guests.setFixedHeight(70)
        self.guests.setTabChangesFocus(True)
        form.addRow(_("Remote participants"), self.guests)
        self.volunteer = QCheckBox(_("A volunteer helps set up the call"))
        form.addRow("", self.volunteer)
        self.test_call = QComboBox()
        for minutes, text in TEST_CALLS:
            self.test_call.addItem(_(text), minutes)
        self.test_call.setMinimumHeight(FIELD_MIN_HEIGHT)
        form.addRow(_("Test call"), self.test_call)
        self.form.addWidget(self.visio)

    def _build_repeat(self) -> None:
        self.repeat_title = label(_("Repeats"), "subheading")
        self.form.addWidget(self.repeat_title)
        self.repeat = RecurrenceEditor()
        self.repeat.check_requested.connect(self.check_dates)
        self.form.addWidget(self.repeat)

    def _build_note(self) -> None:
        form = QFormLayout()
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)
        self.note.setTabChangesFocus(True)
        form.addRow(_("Note for the desk"), self.note)
        self.override = QLineEdit()
        self.override.setPlaceholderText(_("Only if the centre is closed then: why book anyway"))
        self.override_label = label(_("Closed, but booked because"), "muted")
        form.addRow(self.override_label, self.override)
        can_override = self.actor.can(Permission.EDIT_CENTRE)
        self.override.setVisible(can_override)
        self.override_label.setVisible(can_override)
        self.form.addLayout(form)

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setContentsMargins(24, 8, 24, 16)
        row.setSpacing(10)
        self.cancel_booking_button = QPushButton(_("Cancel the booking"))
        self.cancel_booking_button.clicked.connect(self.cancel_booking)
        self.no_show_button = QPushButton(_("Nobody came"))
        self.no_show_button.setToolTip(_("Record a no-show: the booking stays billed"))
        self.no_show_button.clicked.connect(self.mark_no_show)
        for button in (self.cancel_booking_button, self.no_show_button):
            button.setVisible(self.details is not None)
            row.addWidget(button)
        row.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        row.addWidget(self.close_button)
        self.save_button = QPushButton(_("Save the booking"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        return row

    # -- filling -------------------------------------------------------------------------------
    def _prefill(self, prefill: Prefill) -> None:
        self._select_room(prefill.room_id)
        self._set_times(prefill.starts_at, prefill.ends_at)
        self.repeat.set_first_date(self.booking_day())

    def _show_details(self, details: BookingDetails) -> None:
        booking = details.booking
        self._select_room(booking.room_id)
        self._set_times(booking.starts_at, booking.ends_at)
        self.organiser.show_booking(booking)
        self.title.setText(booking.title)
        self.attendees.setValue(booking.attendees)
        index = self.status.findData(booking.status.value)
        if index < 0:
            self.status.addItem(booking.status.label, booking.status.value)
            index = self.status.count() - 1
        self.status.setCurrentIndex(index)
        for item, box in self.equipment.items():
            box.setChecked(item in booking.equipment)
        self.meeting_link.setText(booking.meeting_link)
        self.guests.setPlainText(
            "\n".join(f"{g.name}, {g.email}" if g.email else g.name for g in details.guests)
        )
        self.volunteer.setChecked(booking.volunteer_help)
        if booking.test_call_at is not None:
            minutes = int((booking.starts_at - booking.test_call_at).total_seconds() // 60)
            index = self.test_call.findData(minutes)
            if index < 0:
                self.test_call.addItem(_("{minutes} min before").format(minutes=minutes), minutes)
                index = self.test_call.count() - 1
            self.test_call.setCurrentIndex(index)
        self.note.setPlainText(booking.note)
        self.override.setText(booking.closed_override)
        if details.series is not None:
            self.repeat.set_recurrence(details.series.recurrence)
            self.repeat_title.setText(
                _("Repeats: {rule}").format(rule=details.series.recurrence.describe())
            )
        else:
            self.repeat_title.hide()
            self.repeat.hide()
        cancelled = booking.status is BookingStatus.CANCELLED
        self.cancel_booking_button.setEnabled(not cancelled)
        self.no_show_button.setEnabled(
            not cancelled and booking.status is not BookingStatus.NO_SHOW
        )
        self.save_button.setEnabled(not cancelled)
        if cancelled:
            self._show_errors([_("This booking is cancelled: it cannot be changed.")])

    def _select_room(self, room_id: int) -> None:
        index = self.room.findData(room_id)
        if index >= 0:
            self.room.setCurrentIndex(index)

    def _set_times(self, start: datetime, end: datetime) -> None:
        local_start, local_end = start.astimezone(PARIS), end.astimezone(PARIS)
        self.day.setDate(QDate(local_start.year, local_start.month, local_start.day))
        self.start.setTime(QTime(local_start.hour, local_start.minute))
        self.end.setTime(QTime(local_end.hour, local_end.minute))

    def take_slot(self, room_id: int, start: datetime, end: datetime) -> None:
        """A suggestion of the conflict panel: fill it in (the user saves it)."""
        self._select_room(room_id)
        self._set_times(start, end)
        self.conflict.hide()
        self.save_button.setFocus()

    # -- reading the form ----------------------------------------------------------------------
    def room_info(self) -> RoomBookingInfo | None:
        room_id = self.room.currentData()
        return next((r for r in self.choices.rooms if r.id == room_id), None)

    def booking_day(self) -> date:
        picked = self.day.date().toPython()
        assert isinstance(picked, date)
        return picked

    def times(self) -> tuple[datetime, datetime]:
        day = self.booking_day()
        start = self.start.time().toPython()
        end = self.end.time().toPython()
        assert isinstance(start, time) and isinstance(end, time)
        return (
            datetime.combine(day, start, tzinfo=PARIS),
            datetime.combine(day, end, tzinfo=PARIS),
        )

    def draft(self) -> BookingDraft:
        starts_at, ends_at = self.times()
        minutes = self.test_call.currentData()
        status = self.status.currentData()
        return BookingDraft(
            room_id=int(self.room.currentData() or 0),
            starts_at=starts_at,
            ends_at=ends_at,
            organiser=self.organiser.organiser(),
            title=self.title.text(),
            attendees=self.attendees.value(),
            status=BookingStatus(status) if status else BookingStatus.CONFIRMED,
            equipment=tuple(item for item, box in self.equipment.items() if box.isChecked()),
            meeting_link=self.meeting_link.text() if self.visio.isVisible() else "",
            guests=_guests(self.guests.toPlainText()),
            volunteer_help=self.volunteer.isChecked(),
            test_call_at=starts_at - timedelta(minutes=minutes)
            if isinstance(minutes, int)
            else None,
            note=self.note.toPlainText(),
            closed_override=self.override.text(),
        )

    # -- saving --------------------------------------------------------------------------------
    def save(self) -> None:
        if self.busy:
            return
        self._clear_errors()
        draft = self.draft()
        starts_at, ends_at = self.times()
        rule = self.repeat.recurrence(self.booking_day(), starts_at.time(), ends_at.time())
        if self.details is None:
            if rule is None:
                self._submit(book, self.store, self.actor, draft)
            else:
                skip = self.repeat.skip_dates()
                self._submit(book_series, self.store, self.actor, draft, rule, skip=skip)
            return
        booking = self.details.booking
        if not booking.in_series:
            self._submit(update_booking, self.store, self.actor, booking.id, draft)
            return
        scope = self.choose_scope(_("Save the changes"))
        if scope is None:
            return
        if scope is EditScope.THIS:
            self._submit(update_booking, self.store, self.actor, booking.id, draft, scope)
        else:
            skip = self.repeat.skip_dates()
            self._submit(
                edit_series, self.store, self.actor, booking.id, draft, scope, rule, skip=skip
            )

    def check_dates(self) -> None:
        starts_at, ends_at = self.times()
        rule = self.repeat.recurrence(self.booking_day(), starts_at.time(), ends_at.time())
        if rule is None:
            return
        self._clear_errors()
        self.runner.submit(
            preview_series,
            self.store,
            self.draft(),
            rule,
            on_done=self._show_preview,
            on_error=self._failed,
        )

    def cancel_booking(self) -> None:
        assert self.details is not None
        booking = self.details.booking
        scope = EditScope.THIS
        if booking.in_series:
            chosen = self.choose_scope(_("Cancel the booking"))
            if chosen is None:
                return
            scope = chosen
        elif not self.confirm(
            _(
                "Cancel this booking? The room becomes free. Cancelled late (after the "
                "centre's cut-off), it is still billed."
            )
        ):
            return
        self._submit(cancel_booking, self.store, self.actor, booking.id, scope)

    def mark_no_show(self) -> None:
        assert self.details is not None
        self._submit(
            set_status, self.store, self.actor, self.details.booking.id, BookingStatus.NO_SHOW
        )

    def _submit(self, fn: Callable[..., object], *args: object, **kwargs: object) -> None:
        self.busy = True
        self.save_button.setEnabled(False)

        def call(*values: object) -> object:
            return fn(*values, **kwargs)

        self.runner.submit(call, *args, on_done=self._saved, on_error=self._failed)

    def _saved(self, result: object) -> None:
        self.busy = False
        self.result_value = result
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, BookingConflict):
            self.conflict.show_check(error.check)
            self._show_errors([str(error)])
        elif isinstance(error, SeriesConflict):
            self.repeat.show_preview(error.preview, can_override=self._can_override())
            self._show_errors([str(error)])
        elif isinstance(error, ValidationError):
            self._show_errors(list(error.problems.values()), error.problems)
        elif isinstance(error, ServiceError):
            self._show_errors([str(error)])
        else:
            self._show_errors(
                [_("The booking could not be saved. Try again; the details are in the log.")]
            )

    def _show_preview(self, preview: SeriesPreview) -> None:
        self.repeat.show_preview(preview, can_override=self._can_override())

    def _can_override(self) -> bool:
        return self.actor.can(Permission.EDIT_CENTRE) and bool(self.override.text().strip())

    # -- errors --------------------------------------------------------------------------------
    def _show_errors(self, messages: list[str], problems: dict[str, str] | None = None) -> None:
        self.errors.setText("\n".join(f"• {message}" for message in messages))
        self.errors.show()
        for key in problems or {}:
            widget = self._field_of(key)
            if widget is not None:
                widget.setProperty("invalid", True)
                widget.setToolTip(problems[key] if problems else "")
                restyle(widget)

    def _clear_errors(self) -> None:
        self.errors.hide()
        self.conflict.hide()
        for widget in self._fields().values():
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                restyle(widget)

    def _field_of(self, key: str) -> QWidget | None:
        return self._fields().get(key)

    def _fields(self) -> dict[str, QWidget]:
        return {
            "start": self.start,
            "end": self.end,
            "attendees": self.attendees,
            "title": self.title,
            "meeting_link": self.meeting_link,
            "organiser": self.organiser,
            "contact": self.organiser,
            "guests": self.guests,
            "note": self.note,
            "closed_override": self.override,
            "room": self.room,
            "test_call": self.test_call,
            "until": self.repeat,
            "count": self.repeat,
            "interval": self.repeat,
        }

    # -- room-dependent parts ------------------------------------------------------------------
    def _room_changed(self, *_args: object) -> None:
        room = self.room_info()
        if room is None:
            return
        for item, box in self.equipment.items():
            present = item in room.equipment
            box.setEnabled(present)
            box.setToolTip("" if present else _("{room} has none").format(room=room.name))
            if not present:
                box.setChecked(False)
        self.visio.setVisible(room.is_visio)
        self.attendees.setToolTip(
            _("{room} holds {capacity} people").format(room=room.name, capacity=room.capacity)
        )

    # -- asking --------------------------------------------------------------------------------
    def _ask_scope(self, action: str) -> EditScope | None:
        dialog = ScopeDialog(action, self)
        dialog.exec()
        return dialog.scope

    def _ask_confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("Cancel the booking"), text)
        return answer == QMessageBox.StandardButton.Yes


def _room_text(room: RoomBookingInfo) -> str:
    return _("{room} ({capacity} places, {floor})").format(
        room=room.name, capacity=room.capacity, floor=room.floor
    )


def _guests(text: str) -> tuple[GuestInfo, ...]:
    """ "Marie Dupont, marie@example.fr" per line (an e-mail alone is a name too)."""
    guests: list[GuestInfo] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        match = _GUEST.match(line)
        name = (match.group("name") if match else line).strip()
        email = (match.group("email") or "").strip() if match else ""
        if not name and email:
            name = email
        if "@" in name and not email:
            email = name
        guests.append(GuestInfo(name, email, True))
    return tuple(guests)
