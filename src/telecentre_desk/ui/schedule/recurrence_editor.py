"""The series editor: how a booking repeats, until when, and which dates to skip.

"Check the dates" lists the dates that fall on a public holiday, a closure or
another booking; each is ticked "skip" by default, and the user decides before
saving. Dates can also be skipped by hand (a date the organiser already knows
they will miss).
"""

from __future__ import annotations

from datetime import date, time

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.recurrence import MAX_COUNT, Recurrence
from telecentre_desk.domain.scheduling import Frequency
from telecentre_desk.i18n import N_, _, format_date, ngettext
from telecentre_desk.services.booking_series import SeriesPreview
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.views.base import label

_ORDINALS = {
    1: N_("first"),
    2: N_("second"),
    3: N_("third"),
    4: N_("fourth"),
    5: N_("fifth"),
}


class RecurrenceEditor(QWidget):
    changed = Signal()
    check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first_date = date.today()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.repeat = QComboBox()
        self.repeat.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.repeat.addItem(_("Does not repeat"), None)
        # Combo data are plain strings: Qt hands a StrEnum back as a str.
        self.repeat.addItem(_("Every week (or every few weeks)"), Frequency.WEEKLY.value)
        self.repeat.addItem(_("Every month, on the same weekday"), Frequency.MONTHLY.value)
        self.repeat.setAccessibleName(_("Repeats"))
        grid.addWidget(QLabel(_("How often")), 0, 0)
        grid.addWidget(self.repeat, 0, 1, 1, 3)

        self.every_label = QLabel(_("Every"))
        self.every = QSpinBox()
        self.every.setRange(1, 12)
        self.every.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.every_unit = QLabel()
        grid.addWidget(self.every_label, 1, 0)
        grid.addWidget(self.every, 1, 1)
        grid.addWidget(self.every_unit, 1, 2, 1, 2)

        self.last_weekday = QCheckBox()
        grid.addWidget(self.last_weekday, 2, 1, 1, 3)

        self.ends_label = QLabel(_("Ends"))
        self.until_choice = QRadioButton(_("on"))
        self.until = QDateEdit()
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("dd/MM/yyyy")
        self.until.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.count_choice = QRadioButton(_("after"))
        self.count = QSpinBox()
        self.count.setRange(1, MAX_COUNT)
        self.count.setValue(10)
        self.count.setSuffix(" " + _("times"))
        self.count.setMinimumHeight(FIELD_MIN_HEIGHT)
        ends = QButtonGroup(self)
        ends.addButton(self.until_choice)
        ends.addButton(self.count_choice)
        self.count_choice.setChecked(True)
        grid.addWidget(self.ends_label, 3, 0)
        grid.addWidget(self.until_choice, 3, 1)
        grid.addWidget(self.until, 3, 2)
        grid.addWidget(self.count_choice, 4, 1)
        grid.addWidget(self.count, 4, 2)
        grid.setColumnStretch(3, 1)
        layout.addLayout(grid)

        row = QHBoxLayout()
        self.check_button = QPushButton(_("Check the dates"))
        self.check_button.setToolTip(
            _("List the dates that fall on a holiday, a closure or another booking")
        )
        self.check_button.clicked.connect(self.check_requested)
        row.addWidget(self.check_button)
        self.summary = label("", "muted")
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        self.dates = QListWidget()
        self.dates.setAccessibleName(_("Dates to decide"))
        self.dates.setMaximumHeight(220)
        self.dates.hide()
        layout.addWidget(self.dates)

        for signal in (
            self.repeat.currentIndexChanged,
            self.every.valueChanged,
            self.until.dateChanged,
            self.count.valueChanged,
            self.last_weekday.toggled,
            self.until_choice.toggled,
        ):
            signal.connect(self._edited)
        self._update_visibility()

    # -- values --------------------------------------------------------------------------------
    def frequency(self) -> Frequency | None:
        data = self.repeat.currentData()
        return Frequency(data) if isinstance(data, str) and data else None

    def set_first_date(self, day: date) -> None:
        self._first_date = day
        if self.until.date().toPython() <= day:  # type: ignore[operator]
            self.until.setDate(QDate(day.year, day.month, day.day).addMonths(3))
        self._update_visibility()

    def recurrence(self, first_date: date, start: time, end: time) -> Recurrence | None:
        frequency = self.frequency()
        if frequency is None:
            return None
        until: date | None = None
        count: int | None = None
        if self.until_choice.isChecked():
            picked = self.until.date().toPython()
            assert isinstance(picked, date)
            until = picked
        else:
            count = self.count.value()
        return Recurrence(
            frequency=frequency,
            first_date=first_date,
            start_time=start,
            end_time=end,
            interval=self.every.value(),
            until=until,
            count=count,
            last_weekday=frequency is Frequency.MONTHLY and self.last_weekday.isChecked(),
        )

    def set_recurrence(self, rule: Recurrence) -> None:
        self.repeat.setCurrentIndex(max(0, self.repeat.findData(rule.frequency.value)))
        self.every.setValue(rule.interval)
        self.last_weekday.setChecked(rule.last_weekday)
        if rule.until is not None:
            self.until_choice.setChecked(True)
            self.until.setDate(QDate(rule.until.year, rule.until.month, rule.until.day))
        else:
            self.count_choice.setChecked(True)
            self.count.setValue(rule.count or 1)
        self.set_first_date(rule.first_date)

    def skip_dates(self) -> set[date]:
        skipped: set[date] = set()
        for row in range(self.dates.count()):
            item = self.dates.item(row)
            day = item.data(Qt.ItemDataRole.UserRole)
            if isinstance(day, date) and item.checkState() is Qt.CheckState.Checked:
                skipped.add(day)
        return skipped

    def show_preview(self, preview: SeriesPreview, *, can_override: bool = False) -> None:
        """List every date of the series; tick one to skip it. A date that is taken or closed
        comes ticked with the reason (unless a manager may keep a closed date)."""
        skipped_before = self.skip_dates() | set(preview.skipped)
        self.dates.clear()
        problems = {o.on: o for o in preview.problems}
        days = sorted({o.on for o in preview.occurrences} | set(preview.skipped))
        for day in days:
            occurrence = problems.get(day)
            text = format_date(day, "EEEE d MMMM yyyy")
            if occurrence is not None:
                text = _("{day} — {problem}").format(day=text, problem=occurrence.problem())
            item = QListWidgetItem(text)
            item.setSizeHint(QSize(0, 34))  # a big enough target to tick
            item.setData(Qt.ItemDataRole.UserRole, day)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            skip = day in skipped_before
            if occurrence is not None:
                skip = not (can_override and occurrence.only_closed)
            item.setCheckState(Qt.CheckState.Checked if skip else Qt.CheckState.Unchecked)
            self.dates.addItem(item)
        self.dates.setVisible(bool(days))
        self.summary.setText(
            ngettext(
                "{total} date; {problems} to decide. Tick a date to skip it.",
                "{total} dates; {problems} to decide. Tick a date to skip it.",
                len(days),
            ).format(total=len(days), problems=len(problems))
        )

    def clear_dates(self) -> None:
        self.dates.clear()
        self.dates.hide()
        self.summary.setText("")

    # -- private -------------------------------------------------------------------------------
    def _edited(self, *_args: object) -> None:
        self._update_visibility()
        self.changed.emit()

    def _update_visibility(self) -> None:
        frequency = self.frequency()
        repeating = frequency is not None
        for widget in (
            self.every_label,
            self.every,
            self.every_unit,
            self.ends_label,
            self.until_choice,
            self.until,
            self.count_choice,
            self.count,
            self.check_button,
            self.summary,
        ):
            widget.setVisible(repeating)
        if not repeating:
            self.dates.hide()
        weekday = format_date(self._first_date, "EEEE")
        if frequency is Frequency.MONTHLY:
            self.every_unit.setText(
                ngettext("month", "months", self.every.value())
                + "  "
                + _("on the {nth} {weekday}").format(
                    nth=_(_ORDINALS.get((self._first_date.day - 1) // 7 + 1, "fifth")),
                    weekday=weekday,
                )
            )
        else:
            self.every_unit.setText(
                ngettext("week", "weeks", self.every.value())
                + "  "
                + _("on {weekday}").format(weekday=weekday)
            )
        last_week = (self._first_date.day + 7) > _month_length(self._first_date)
        self.last_weekday.setText(_("On the last {weekday} of each month").format(weekday=weekday))
        self.last_weekday.setVisible(frequency is Frequency.MONTHLY and last_week)
        self.until.setEnabled(self.until_choice.isChecked())
        self.count.setEnabled(self.count_choice.isChecked())


def _month_length(day: date) -> int:
    import calendar

    return calendar.monthrange(day.year, day.month)[1]
