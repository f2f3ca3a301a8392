"""The paper sheet: copy the past presences written down while the computer was off.

One line after another: member, date, arrival, departure, desk (optional), then
Enter. The date stays for the next line; what was saved is listed below.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import PARIS, _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.desk_choice import DeskOption, all_desks
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.members import MemberSummary
from telecentre_desk.services.presence import PresenceResult
from telecentre_desk.services.presence_paper import PaperLine, record_paper_presence
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.desk_combo import DeskCombo, desk_text
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.forms import FieldForm, caption_label
from telecentre_desk.ui.checkin.member_field import MemberField
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import clock, error_text
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.worker import ServiceRunner


class PaperSheetDialog(QDialog):
    saved = Signal(object)  # PresenceResult

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        apply_theme()
        apply_checkin_style(self)
        self.runner, self.store, self.actor = runner, store, actor
        self.setWindowTitle(_("Paper sheet"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumWidth(620)
        self._busy = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(caption_label(_("Copy the paper sheet"), "subheading"))
        layout.addWidget(
            caption_label(
                _(
                    "One line at a time: the member, the day, when they arrived and left. "
                    "Each line is marked as entered afterwards, by you."
                ),
                "muted",
            )
        )
        self.form = FieldForm()
        self.member = MemberField(runner, store)
        self.member.setPlaceholderText(_("Type a name and choose (↓ then Enter)"))
        self.member.picked.connect(self._member_picked)
        self.form.add("member", _("&Member"), self.member)
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        today = datetime.now(UTC).astimezone(PARIS).date()
        self.day.setDate(QDate(today.year, today.month, today.day))
        self.day.setMaximumDate(QDate(today.year, today.month, today.day))
        self.form.add("day", _("&Day"), self.day)
        self.arrival = QTimeEdit(QTime(9, 0))
        self.arrival.setDisplayFormat("HH:mm")
        self.form.add("arrival", _("&Arrival"), self.arrival)
        self.departure = QTimeEdit(QTime(12, 0))
        self.departure.setDisplayFormat("HH:mm")
        self.form.add("departure", _("D&eparture"), self.departure)
        self.desk = DeskCombo()
        self.form.add("desk", _("Des&k"), self.desk)
        self.note = QLineEdit()
        self.note.setPlaceholderText(_("Optional"))
        self.form.add("note", _("N&ote"), self.note)
        layout.addWidget(self.form)

        self.feedback = Feedback()
        layout.addWidget(self.feedback)
        self.done_list = QListWidget()
        self.done_list.setAccessibleName(_("Lines saved"))
        self.done_list.setMaximumHeight(120)
        self.done_list.hide()
        layout.addWidget(self.done_list)

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            _("&Save and add another"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setDefault(True)
        self.save_button.setProperty("primary", True)
        close = buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(self.submit)
        close.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.member.setFocus()
        self.runner.submit(all_desks, self.store, on_done=self._desks)

    def _member_picked(self, _member: MemberSummary) -> None:
        self.day.setFocus()

    def _desks(self, desks: list[DeskOption]) -> None:
        self.desk.set_choices(None)
        for desk in desks:
            self.desk.addItem(desk_text(desk), desk.id)

    def line(self) -> PaperLine | None:
        member: MemberSummary | None = self.member.picked_member
        if member is None:
            return None
        chosen_day = self.day.date()
        return PaperLine(
            member.id,
            date(chosen_day.year(), chosen_day.month(), chosen_day.day()),
            _time(self.arrival.time()),
            _time(self.departure.time()),
            self.desk.desk_id(),
            self.note.text(),
        )

    def submit(self) -> None:
        if self._busy:
            return
        line = self.line()
        if line is None:
            self.form.show_problems(
                {"member": _("Type the member's name, then choose them in the list.")}
            )
            return
        self._busy = True
        self.form.clear_problems()
        self.runner.submit(
            record_paper_presence,
            self.store,
            self.actor,
            line,
            on_done=self._saved,
            on_error=self._failed,
        )

    def _saved(self, result: PresenceResult) -> None:
        self._busy = False
        info = result.presence
        end = clock(info.ended_at) if info.ended_at else "?"
        text = _("{name}, {start}–{end}").format(
            name=info.member_name, start=clock(info.started_at), end=end
        )
        self.done_list.insertItem(0, text)
        self.done_list.show()
        self.feedback.done(_("Saved: {line}. Next line?").format(line=text))
        self.member.reset()
        self.note.clear()
        self.desk.setCurrentIndex(0)
        self.member.setFocus()
        self.saved.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        if isinstance(error, ValidationError):
            self.form.show_problems(error.problems)
            self.feedback.clear()
        else:
            self.feedback.problem(error_text(error))


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())
