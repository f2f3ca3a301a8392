"""Schedule: the visio and meeting rooms' calendar, by day or week, one room or all.

The toolbar moves through days and weeks and picks the rooms; "New booking"
(Ctrl+N) opens the form on the calendar's cursor. Dragging on the calendar
books, moves and resizes; a refused move shows the conflict panel with the
nearest free slots. The second tab lists the upcoming bookings with filters.
"Print / export" writes the day sheet and the door card (PDF) and the room's
calendar or a booking's invitation (.ics).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _, format_date
from telecentre_desk.services.booking_conflicts import BookingConflict, SlotCheck
from telecentre_desk.services.booking_drafts import EditScope
from telecentre_desk.services.booking_queries import (
    BookingChoices,
    BookingDetails,
    CalendarData,
    booking_choices,
    calendar_data,
    get_booking,
)
from telecentre_desk.services.bookings import cancel_booking, move_booking
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.schedule.booking_dialog import BookingDialog, Prefill
from telecentre_desk.ui.schedule.calendar import CalendarWidget
from telecentre_desk.ui.schedule.conflict_panel import ConflictPanel
from telecentre_desk.ui.schedule.layout import CalendarMode, week_start
from telecentre_desk.ui.schedule.scope import ScopeDialog
from telecentre_desk.ui.schedule.upcoming import UpcomingList
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.views.base import View, label
from telecentre_desk.ui.worker import ServiceRunner


class ScheduleView(View):
    name = "schedule"

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        runner: ServiceRunner | None = None,
        store: Store | None = None,
        actor: Actor | None = None,
    ) -> None:
        self._body: QWidget | None = None
        self._loaded = False
        self.mode = CalendarMode.DAY
        self.day = datetime.now(PARIS).date()
        self.room_filter: int | None = None
        self.choices: BookingChoices | None = None
        self.dialog: BookingDialog | None = None
        self.settings_dialog: QWidget | None = None
        # Replaced in tests: these ask the user in a modal dialog.
        self.choose_scope: Callable[[str], EditScope | None] = self._ask_scope
        self.confirm: Callable[[str], bool] = self._ask_confirm
        self.ask_path: Callable[[str, str], Path | None] = self._ask_path
        super().__init__(parent, runner=runner, store=store, actor=actor)
        self.coming.hide()
        last = self._layout.itemAt(self._layout.count() - 1)
        if last is not None and last.spacerItem() is not None:
            self._layout.takeAt(self._layout.count() - 1)
        self._layout.setStretchFactor(self._content, 1)
        self._layout.setContentsMargins(28, 20, 28, 16)

    def title(self) -> str:
        return _("Schedule")

    def coming_soon(self) -> str:
        return ""

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:  # pragma: no cover
        raise NotImplementedError  # set_overview builds the view itself

    # -- context -------------------------------------------------------------------------------

    def set_overview(self, overview: CentreOverview) -> None:
        self._overview = overview
        self._error = None
        context = self.context()
        if context is None:
            return
        if self._body is None:
            self._clear()
            self._body = self._build(*context)
            self._content_layout.addWidget(self._body, 1)
            context[0].changed.connect(self._changed)
        self.reload()

    def is_settled(self) -> bool:
        return self._error is not None or (self._overview is not None and self._loaded)

    # -- building ------------------------------------------------------------------------------
    def _build(self, runner: ServiceRunner, store: Store, actor: Actor) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(10)
        # The heading shares the first row with the main actions: the calendar gets the height.
        self._layout.removeWidget(self.heading)
        top.addWidget(self.heading)
        top.addStretch(1)
        self.new_button = QPushButton(_("&New booking"))
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip(_("Book a room (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_booking)
        top.addWidget(self.new_button)
        top.addWidget(self._export_button())
        self.settings_button = QPushButton(_("Rooms and closures"))
        self.settings_button.setToolTip(_("Buffers, tariffs, closures, cancellation cut-off"))
        self.settings_button.clicked.connect(self.open_settings)
        self.settings_button.setVisible(actor.can(Permission.EDIT_CENTRE))
        top.addWidget(self.settings_button)
        column.addLayout(top)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.previous_button = QPushButton("◀")
        self.previous_button.setToolTip(_("Previous day or week (Alt+Left)"))
        self.previous_button.setAccessibleName(_("Previous"))
        self.today_button = QPushButton(_("&Today"))
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip(_("Next day or week (Alt+Right)"))
        self.next_button.setAccessibleName(_("Next"))
        for button in (self.previous_button, self.next_button):
            button.setStyleSheet("min-width: 44px; padding: 2px 8px;")
        self.previous_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.today_button.clicked.connect(self.go_today)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(8)
        self.period = label("", "subheading", wrap=False)
        # A long date must not widen the page: it is cut rather than pushing the buttons out.
        self.period.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.period.setMinimumWidth(160)
        bar.addWidget(self.period, 1)
        self.day_button = QPushButton(_("&Day"))
        self.week_button = QPushButton(_("&Week"))
        modes = QButtonGroup(self)
        for button, mode in (
            (self.day_button, CalendarMode.DAY),
            (self.week_button, CalendarMode.WEEK),
        ):
            button.setCheckable(True)
            modes.addButton(button)
            button.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            bar.addWidget(button)
        self.day_button.setChecked(True)
        self.rooms = QComboBox()
        self.rooms.setAccessibleName(_("Rooms shown"))
        self.rooms.addItem(_("All rooms"), None)
        self.rooms.setMinimumWidth(200)
        self.rooms.setMinimumHeight(40)
        self.rooms.currentIndexChanged.connect(self._room_chosen)
        bar.addWidget(self.rooms)
        column.addLayout(bar)

        self.conflict = ConflictPanel()
        self.conflict.slot_chosen.connect(self._take_suggestion)
        column.addWidget(self.conflict)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.calendar = CalendarWidget()
        self.calendar.create_requested.connect(self.open_new)
        self.calendar.open_requested.connect(self.open_booking)
        self.calendar.move_requested.connect(self.move_booking_to)
        self.calendar.cancel_requested.connect(self.cancel)
        self.calendar.selection_changed.connect(self._selection_changed)
        self.calendar_area = QScrollArea()
        self.calendar_area.setWidgetResizable(True)
        self.calendar_area.setWidget(self.calendar)
        self.tabs.addTab(self.calendar_area, _("Calendar"))
        self.upcoming = UpcomingList(runner, store)
        self.upcoming.open_requested.connect(self.open_booking)
        self.tabs.addTab(self.upcoming, _("Upcoming bookings"))
        self.tabs.currentChanged.connect(self._tab_changed)
        column.addWidget(self.tabs, 1)
        self.status = label("", "muted")
        column.addWidget(self.status)
        self._shortcuts()
        return body

    def _export_button(self) -> QPushButton:
        self.export_button = QPushButton(_("Print / export"))
        menu = QMenu(self.export_button)
        menu.addAction(_("Day sheet of the day shown (PDF)…"), self.export_day_sheet)
        menu.addAction(_("Door card of a room for the day shown (PDF)…"), self.export_door_card)
        menu.addAction(_("Calendar of a room (.ics)…"), self.export_room_feed)
        self.invitation_action = menu.addAction(
            _("Invitation for the chosen booking (.ics)…"), self.export_invitation
        )
        self.invitation_action.setEnabled(False)
        self.export_button.setMenu(menu)
        return self.export_button

    def _shortcuts(self) -> None:
        for keys, slot in (
            (QKeySequence("Ctrl+N"), self.new_booking),
            (QKeySequence("Alt+Left"), lambda: self.go(-1)),
            (QKeySequence("Alt+Right"), lambda: self.go(1)),
            (QKeySequence("Alt+Home"), self.go_today),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # -- navigation ----------------------------------------------------------------------------
    def first_day(self) -> date:
        return self.day if self.mode is CalendarMode.DAY else week_start(self.day)

    def days_shown(self) -> int:
        return 1 if self.mode is CalendarMode.DAY else 7

    def go(self, step: int) -> None:
        self.day += timedelta(days=step * self.days_shown())
        self.reload()

    def go_today(self) -> None:
        self.day = datetime.now(PARIS).date()
        self.reload()

    def go_to(self, day: date) -> None:
        self.day = day
        self.reload()

    def set_mode(self, mode: CalendarMode) -> None:
        self.mode = mode
        self.day_button.setChecked(mode is CalendarMode.DAY)
        self.week_button.setChecked(mode is CalendarMode.WEEK)
        self.reload()

    def set_room_filter(self, room_id: int | None) -> None:
        self.rooms.setCurrentIndex(max(0, self.rooms.findData(room_id)))

    def _room_chosen(self, _index: int) -> None:
        room = self.rooms.currentData()
        self.room_filter = room if isinstance(room, int) else None
        self.reload()

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        context = self.context()
        if context is None or self._body is None:
            return
        runner, store, _actor = context
        first = self.first_day()
        rooms = [self.room_filter] if self.room_filter is not None else None
        mode = self.mode
        self._update_period()

        def show(data: CalendarData) -> None:
            self._show(data, mode, first)

        runner.submit(
            calendar_data,
            store,
            first,
            self.days_shown(),
            rooms,
            on_done=show,
            on_error=self._load_failed,
        )
        runner.submit(booking_choices, store, on_done=self._set_choices)
        if self.upcoming.loaded or self.tabs.currentWidget() is self.upcoming:
            self.upcoming.reload()

    def _show(self, data: CalendarData, mode: CalendarMode, first: date) -> None:
        if (mode, first) != (self.mode, self.first_day()):
            return  # the user moved on meanwhile: a newer load is coming
        self.calendar.set_data(data, mode, first)
        self._loaded = True
        if not data.rooms:
            self.status.setText(
                _("No room is open to bookings yet. A manager opens them in “Rooms and closures”.")
            )

    def _set_choices(self, choices: BookingChoices) -> None:
        self.choices = choices
        current = self.rooms.currentData()
        self.rooms.blockSignals(True)
        self.rooms.clear()
        self.rooms.addItem(_("All rooms"), None)
        for room in choices.rooms:
            self.rooms.addItem(room.name, room.id)
        self.rooms.setCurrentIndex(max(0, self.rooms.findData(current)))
        self.rooms.blockSignals(False)
        self.upcoming.set_rooms(choices.rooms)

    def _load_failed(self, error: BaseException) -> None:
        self._loaded = True
        message = (
            str(error)
            if isinstance(error, ServiceError)
            else _("The bookings could not be loaded. Try again with F5; details are in the log.")
        )
        self.status.setText(message)

    def _changed(self, changes: ChangeSet) -> None:
        if self.data_rooms() & set(changes.rooms) or changes.everything:
            self.reload()

    def data_rooms(self) -> set[int]:
        data = self.calendar.data
        return {room.id for room in data.rooms} if data else set()

    def _update_period(self) -> None:
        first = self.first_day()
        if self.mode is CalendarMode.DAY:
            text = format_date(first, "full")
        else:
            text = _("{start} to {end}").format(
                start=format_date(first, "EEE d MMM"),
                end=format_date(first + timedelta(days=6), "EEE d MMM yyyy"),
            )
        self.period.setText(text)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.upcoming:
            self.upcoming.reload()

    # -- booking -------------------------------------------------------------------------------
    def new_booking(self) -> None:
        slot = self.calendar.cursor_slot()
        if slot is None:
            if not self.choices or not self.choices.rooms:
                self.status.setText(_("No room is open to bookings yet."))
                return
            start = datetime.combine(self.day, datetime.min.time(), tzinfo=PARIS) + timedelta(
                hours=9
            )
            slot = (self.choices.rooms[0].id, start, start + timedelta(hours=1))
        self.open_new(*slot)

    def open_new(self, room_id: int, start: datetime, end: datetime) -> None:
        self._open_dialog(prefill=Prefill(room_id, start, end))

    def open_booking(self, booking_id: int) -> None:
        context = self.context()
        if context is None:
            return
        runner, store, _actor = context
        runner.submit(
            get_booking,
            store,
            booking_id,
            on_done=lambda details: self._open_dialog(details=details),
            on_error=self._refused,
        )

    def _open_dialog(
        self, *, prefill: Prefill | None = None, details: BookingDetails | None = None
    ) -> None:
        context = self.context()
        if context is None or self.choices is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        dialog = BookingDialog(
            *context, self.choices, prefill=prefill, details=details, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.saved.connect(self._saved)
        dialog.destroyed.connect(self._dialog_gone)
        self.dialog = dialog
        self.conflict.hide()
        dialog.open()

    def _dialog_gone(self) -> None:
        self.dialog = None

    def _saved(self, result: object) -> None:
        booking = getattr(result, "booking", None)
        if booking is not None:
            self.status.setText(
                _("Saved: {title}, {room}, {day} {start}.").format(
                    title=booking.title or _("No title"),
                    room=booking.room_name,
                    day=format_date(booking.local_day),
                    start=booking.starts_at.astimezone(PARIS).strftime("%H:%M"),
                )
            )
            self.calendar.select_booking(booking.id)
        else:
            self.status.setText(_("Series saved."))
        # The result's change set reloads the calendar (the runner's "changed" signal).

    def move_booking_to(
        self, booking_id: int, room_id: int, start: datetime, end: datetime
    ) -> None:
        context = self.context()
        booking = self.calendar.booking(booking_id)
        if context is None or booking is None:
            self.calendar.clear_pending()
            return
        scope = EditScope.THIS
        if booking.in_series:
            chosen = self.choose_scope(_("Move the booking"))
            if chosen is None:
                self.calendar.clear_pending()
                return
            scope = chosen
        runner, store, actor = context
        runner.submit(
            move_booking,
            store,
            actor,
            booking_id,
            room_id,
            start,
            end,
            scope,
            on_done=self._moved,
            on_error=self._move_refused,
        )

    def _moved(self, result: object) -> None:
        self.calendar.clear_pending()
        self.conflict.hide()
        booking = getattr(result, "booking", None)
        if booking is not None:
            self.status.setText(
                _("Moved: {title}, now {day} {start}–{end} in {room}.").format(
                    title=booking.title or _("No title"),
                    day=format_date(booking.local_day),
                    start=booking.starts_at.astimezone(PARIS).strftime("%H:%M"),
                    end=booking.ends_at.astimezone(PARIS).strftime("%H:%M"),
                    room=booking.room_name,
                )
            )

    def _move_refused(self, error: BaseException) -> None:
        self.calendar.clear_pending()
        self._refused(error)
        self.reload()

    def cancel(self, booking_id: int) -> None:
        context = self.context()
        booking = self.calendar.booking(booking_id)
        if context is None or booking is None:
            return
        scope = EditScope.THIS
        if booking.in_series:
            chosen = self.choose_scope(_("Cancel the booking"))
            if chosen is None:
                return
            scope = chosen
        elif not self.confirm(
            _("Cancel “{title}”? The room becomes free.").format(
                title=booking.title or booking.room_name
            )
        ):
            return
        runner, store, actor = context
        runner.submit(
            cancel_booking,
            store,
            actor,
            booking_id,
            scope,
            on_done=lambda _r: self.status.setText(_("Booking cancelled.")),
            on_error=self._refused,
        )

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, BookingConflict):
            self.conflict.show_check(error.check, _("Not moved: this time is not free"))
            self.status.setText("")  # the panel says it
        elif isinstance(error, ValidationError):
            self.status.setText("\n".join(error.problems.values()))
            set_role(self.status, "error")
        elif isinstance(error, ServiceError):
            self.status.setText(str(error))
        else:
            self.status.setText(_("That did not work. Try again; details are in the log."))

    def _take_suggestion(self, room_id: int, start: datetime, end: datetime) -> None:
        """A free slot of the conflict panel: move the refused booking there."""
        check: SlotCheck | None = self.conflict.check
        selected = self.calendar.selected_booking()
        self.conflict.hide()
        if check is None or selected is None:
            return
        self.move_booking_to(selected.id, room_id, start, end)

    def _selection_changed(self, booking: object) -> None:
        self.invitation_action.setEnabled(booking is not None)

    # -- printing and exporting ----------------------------------------------------------------
    def export_day_sheet(self) -> None:
        from telecentre_desk.services.booking_documents import write_day_sheet_pdf

        day = self.day
        path = self.ask_path(_("Save the day sheet"), f"reservations-{day.isoformat()}.pdf")
        self._export(path, lambda store, p: write_day_sheet_pdf(store, day, p))

    def export_door_card(self) -> None:
        from telecentre_desk.services.booking_documents import write_door_card_pdf

        room_id = self._room_for_export()
        if room_id is None:
            return
        day = self.day
        path = self.ask_path(_("Save the door card"), f"porte-{day.isoformat()}.pdf")
        self._export(path, lambda store, p: write_door_card_pdf(store, room_id, day, p))

    def export_room_feed(self) -> None:
        room_id = self._room_for_export()
        if room_id is None:
            return
        path = self.ask_path(_("Save the room's calendar"), "salle.ics")
        self._export(path, lambda store, p: _write_feed(store, room_id, p))

    def export_invitation(self) -> None:
        booking = self.calendar.selected_booking()
        if booking is None:
            return
        path = self.ask_path(_("Save the invitation"), f"invitation-{booking.id}.ics")
        whole = booking.in_series
        self._export(path, lambda store, p: _write_invitation(store, booking.id, p, whole))

    def _room_for_export(self) -> int | None:
        if self.room_filter is not None:
            return self.room_filter
        selected = self.calendar.selected_booking()
        if selected is not None:
            return selected.room_id
        rooms = list(self.choices.rooms) if self.choices else []
        visio = [room for room in rooms if room.is_visio]
        chosen = visio or rooms
        return chosen[0].id if chosen else None

    def _export(self, path: Path | None, write: Callable[[Store, Path], Path]) -> None:
        context = self.context()
        if context is None or path is None:
            return
        runner, store, _actor = context
        runner.submit(
            write,
            store,
            path,
            on_done=lambda written: self.status.setText(
                _("Written to {path}.").format(path=written)
            ),
            on_error=self._refused,
        )

    def open_settings(self) -> None:
        from telecentre_desk.ui.schedule.settings_dialog import BookingSettingsDialog

        context = self.context()
        if context is None:
            return
        dialog = BookingSettingsDialog(*context, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.settings_dialog = dialog
        dialog.open()

    # -- asking --------------------------------------------------------------------------------
    def _ask_scope(self, action: str) -> EditScope | None:
        dialog = ScopeDialog(action, self)
        dialog.exec()
        return dialog.scope

    def _ask_confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("Schedule"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_path(self, title: str, suggested: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(self, title, str(Path.home() / suggested))
        return Path(name) if name else None


def _write_feed(store: Store, room_id: int, path: Path) -> Path:
    from telecentre_desk.services.ics import write_room_feed  # icalendar: only when asked

    return write_room_feed(store, room_id, path)


def _write_invitation(store: Store, booking_id: int, path: Path, whole: bool) -> Path:
    from telecentre_desk.services.ics import write_invitation

    return write_invitation(store, booking_id, path, whole_series=whole)
