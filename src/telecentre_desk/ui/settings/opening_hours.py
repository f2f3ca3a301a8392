"""Settings page "Opening hours": the centre's week, one row a day, and the days it is closed.

Each day: closed or open, the opening time, an optional lunch break (from, to) and
the closing time, typed or changed with the arrows; Enter (or Ctrl+S) saves the
whole week. Below, read-only: the public holidays of the coming year and the
exceptional closures, with a button to the dialog where closures are added (the
Schedule's "Rooms, closures and cancellations": closures are edited in one place).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.opening_hours import WeeklyHours, day_key, weekday_name
from telecentre_desk.i18n import _, format_date, format_datetime, ngettext
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.opening_hours_settings import (
    DaySpans,
    OpeningHoursInfo,
    OpeningHoursResult,
    opening_hours,
    set_opening_hours,
)
from telecentre_desk.ui.settings import SettingsPage
from telecentre_desk.ui.theme import BUTTON_MIN_HEIGHT, CARD, ERROR, LINE, set_role
from telecentre_desk.ui.views.base import label

if TYPE_CHECKING:
    from telecentre_desk.ui.views.settings import SettingsView

DEFAULT_OPENS, DEFAULT_CLOSES = time(8, 30), time(18, 30)
DEFAULT_LUNCH = (time(12, 0), time(13, 30))
ROW_HEIGHT = BUTTON_MIN_HEIGHT
# The theme outlines only line edits in red; time edits and big check boxes are this page's.
_STYLE = f"""
QTimeEdit {{ min-height: {ROW_HEIGHT - 8}px; padding: 2px 6px; font-size: 12pt; }}
QTimeEdit[invalid="true"] {{ border: 2px solid {ERROR}; }}
QCheckBox {{ min-height: {ROW_HEIGHT}px; spacing: 8px; }}
QCheckBox::indicator {{ width: 22px; height: 22px; }}
QLabel#dayName {{ font-size: 12pt; font-weight: bold; }}
QListWidget {{ background: {CARD}; border: 1px solid {LINE}; border-radius: 6px; }}
QListWidget::item {{ padding: 5px 10px; }}
"""


@dataclass
class DayRow:
    """The widgets of one weekday."""

    day: int
    name: QLabel
    closed: QCheckBox
    opens: QTimeEdit
    lunch: QCheckBox
    lunch_from: QTimeEdit
    lunch_to: QTimeEdit
    closes: QTimeEdit
    problem: QLabel

    def times(self) -> tuple[QTimeEdit, ...]:
        return (self.opens, self.lunch_from, self.lunch_to, self.closes)

    def fill(self, spans: DaySpans) -> None:
        self.closed.setChecked(not spans)
        self.lunch.setChecked(len(spans) > 1)
        opens, closes = DEFAULT_OPENS, DEFAULT_CLOSES
        lunch_from, lunch_to = DEFAULT_LUNCH
        if spans:
            opens, closes = spans[0][0], spans[-1][1]
        if len(spans) > 1:
            lunch_from, lunch_to = spans[0][1], spans[1][0]
        for edit, moment in zip(self.times(), (opens, lunch_from, lunch_to, closes), strict=True):
            edit.setTime(QTime(moment.hour, moment.minute))
        self.enable()

    def spans(self) -> list[tuple[time, time]]:
        if self.closed.isChecked():
            return []
        opens, lunch_from, lunch_to, closes = (_time_of(edit) for edit in self.times())
        if self.lunch.isChecked():
            return [(opens, lunch_from), (lunch_to, closes)]
        return [(opens, closes)]

    def enable(self) -> None:
        open_day = not self.closed.isChecked()
        self.opens.setEnabled(open_day)
        self.closes.setEnabled(open_day)
        self.lunch.setEnabled(open_day)
        for edit in (self.lunch_from, self.lunch_to):
            edit.setEnabled(open_day and self.lunch.isChecked())

    def mark(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.setVisible(bool(message))
        set_role(self.name, "error" if message else "")
        for edit in self.times():
            # Only the times in use are outlined (a day without a break keeps its break grey).
            wrong = bool(message) and edit.isEnabled()
            edit.setProperty("invalid", "true" if wrong else "false")
            edit.style().unpolish(edit)
            edit.style().polish(edit)


class OpeningHoursPage(SettingsPage):
    def __init__(self, view: SettingsView) -> None:
        super().__init__(view)
        self.setObjectName("openingHoursPage")
        self.setStyleSheet(_STYLE)
        self.info: OpeningHoursInfo | None = None
        self.settings_dialog: QWidget | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 16, 0, 0)
        column.setSpacing(12)
        column.addWidget(label(_("Opening hours"), "subheading"))
        column.addWidget(
            label(
                _(
                    "Bookings must fit inside these hours, and presences left open are "
                    "closed at the day's closing time. Tick “Lunch break” when the centre "
                    "closes at midday."
                ),
                "lead",
            )
        )
        column.addLayout(self._week())
        actions = QHBoxLayout()
        self.save = QPushButton(_("Save the opening hours"))
        self.save.setProperty("primary", True)
        self.save.setMinimumHeight(BUTTON_MIN_HEIGHT)
        self.save.setToolTip(_("Enter or Ctrl+S"))
        self.save.clicked.connect(self.save_hours)
        actions.addWidget(self.save)
        self.message = label("", "muted")
        actions.addWidget(self.message, 1)
        column.addLayout(actions)
        shortcut = QShortcut(QKeySequence.StandardKey.Save, self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.save_hours)
        column.addSpacing(8)
        column.addLayout(self._closed_days())
        column.addStretch(1)

    # -- building ------------------------------------------------------------------------------
    def _week(self) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        for position, caption in enumerate(
            ("", "", _("Opens at"), "", _("Break from"), _("Break until"), _("Closes at"))
        ):
            grid.addWidget(label(caption, "muted", wrap=False), 0, position)
        self.rows: list[DayRow] = []
        for day in range(7):
            row = DayRow(
                day,
                _day_name(day),
                QCheckBox(_("Closed")),
                _time_edit(_("{day}: opens at").format(day=weekday_name(day))),
                QCheckBox(_("Lunch break")),
                _time_edit(_("{day}: lunch break from").format(day=weekday_name(day))),
                _time_edit(_("{day}: lunch break until").format(day=weekday_name(day))),
                _time_edit(_("{day}: closes at").format(day=weekday_name(day))),
                label("", "error"),
            )
            row.closed.setAccessibleName(_("{day}: closed").format(day=weekday_name(day)))
            row.lunch.setAccessibleName(_("{day}: lunch break").format(day=weekday_name(day)))
            row.closed.toggled.connect(row.enable)
            row.lunch.toggled.connect(row.enable)
            row.problem.hide()
            line = 1 + day * 2
            for position, widget in enumerate(
                (
                    row.name,
                    row.closed,
                    row.opens,
                    row.lunch,
                    row.lunch_from,
                    row.lunch_to,
                    row.closes,
                )
            ):
                grid.addWidget(widget, line, position)
            grid.addWidget(row.problem, line + 1, 1, 1, 6)
            row.fill(((DEFAULT_OPENS, DEFAULT_CLOSES),) if day < 5 else ())
            self.rows.append(row)
        grid.setColumnStretch(7, 1)
        return grid

    def _closed_days(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(24)
        holidays = QVBoxLayout()
        holidays.addWidget(label(_("Public holidays (the centre is closed)"), "subheading"))
        self.holidays = QListWidget()
        self.holidays.setObjectName("holidays")
        self.holidays.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.holidays.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.holidays.setMinimumHeight(290)
        holidays.addWidget(self.holidays)
        row.addLayout(holidays, 1)
        closures = QVBoxLayout()
        closures.addWidget(label(_("Exceptional closures"), "subheading"))
        self.closures = QListWidget()
        self.closures.setObjectName("closures")
        self.closures.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.closures.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.closures.setMinimumHeight(226)
        closures.addWidget(self.closures)
        self.edit_closures = QPushButton(_("Add or remove closures…"))
        self.edit_closures.setMinimumHeight(BUTTON_MIN_HEIGHT)
        self.edit_closures.clicked.connect(self.open_closures)
        closures.addWidget(self.edit_closures)
        row.addLayout(closures, 1)
        return row

    # -- data ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, _actor = context
        runner.submit(opening_hours, store, on_done=self._show, on_error=self._failed)

    def _show(self, info: OpeningHoursInfo) -> None:
        self.info = info
        for row, spans in zip(self.rows, info.week, strict=True):
            row.fill(spans)
            row.mark("")
        self.holidays.clear()
        for holiday in info.holidays:
            self.holidays.addItem(
                _("{day} — {name}").format(
                    day=format_date(holiday.day, "EEEE d MMMM yyyy"), name=holiday.name
                )
            )
        self.closures.clear()
        if not info.closures:
            self.closures.addItem(QListWidgetItem(_("No closure planned.")))
        for closure in info.closures:
            self.closures.addItem(
                _("{start} → {end}: {reason} ({where})").format(
                    start=format_datetime(closure.starts_at, "short"),
                    end=format_datetime(closure.ends_at, "short"),
                    reason=closure.reason,
                    where=closure.room_name or _("whole centre"),
                )
            )

    def week(self) -> WeeklyHours:
        """What the rows say, as the service takes it."""
        return {row.day: row.spans() for row in self.rows}

    # -- actions -------------------------------------------------------------------------------
    def save_hours(self) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, actor = context
        for row in self.rows:
            row.mark("")
        self._say("", "muted")
        runner.submit(
            set_opening_hours,
            store,
            actor,
            self.week(),
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, result: OpeningHoursResult) -> None:
        text = _("Opening hours saved. The calendar and the bookings use them now.")
        if result.outside_hours:
            text += " " + ngettext(
                "{count} booking to come is now outside the hours: call the person.",
                "{count} bookings to come are now outside the hours: call the people.",
                len(result.outside_hours),
            ).format(count=len(result.outside_hours))
        self._say(text, "muted")
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            for row in self.rows:
                row.mark(error.problems.get(day_key(row.day), ""))
            general = error.problems.get("week", "")
            self._say(general or _("Nothing was saved: correct the days in red."), "error")
        elif isinstance(error, ServiceError):
            self._say(str(error), "error")
        else:
            self._say(_("This could not be saved. Try again; details are in the log."), "error")

    def _say(self, text: str, role: str) -> None:
        self.message.setText(text)
        set_role(self.message, role)

    def open_closures(self) -> None:
        """The Schedule's settings dialog, on its Closures tab (closures live there)."""
        from telecentre_desk.ui.schedule.settings_dialog import BookingSettingsDialog

        context = self.view.context()
        if context is None:
            return
        dialog = BookingSettingsDialog(*context, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.tabs.setCurrentIndex(1)
        dialog.finished.connect(self.refresh)
        self.settings_dialog = dialog
        dialog.open()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The time edits and check boxes leave Enter to their parent: Enter saves the week.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save_hours()
            return
        super().keyPressEvent(event)


def _day_name(day: int) -> QLabel:
    name = label(weekday_name(day), wrap=False)
    name.setObjectName("dayName")
    name.setMinimumWidth(110)
    return name


def _time_edit(accessible_name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setMinimumHeight(ROW_HEIGHT - 4)
    edit.setMinimumWidth(96)
    edit.setAccessibleName(accessible_name)
    edit.setProperty("invalid", "false")
    return edit


def _time_of(edit: QTimeEdit) -> time:
    moment = edit.time()
    return time(moment.hour(), moment.minute())
