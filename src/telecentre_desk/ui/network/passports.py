"""Passports in the Network view: print one for a member, check a visitor's."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QSize, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _, format_date, format_datetime, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.members import MemberSummary, search_members
from telecentre_desk.services.network_passport import (
    DEFAULT_ALLOWANCE_DAYS,
    PassportCheck,
    PassportCheckIn,
    check_in_with_passport,
    check_passport,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.worker import ServiceRunner

SEARCH_DELAY_MS = 200
LIST_ROW_HEIGHT = 36


class PassportRequestDialog(QDialog):
    """Choose the member, the end of validity and the monthly allowance of a passport."""

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.store = runner, store
        self.setWindowTitle(_("Print a network passport"))
        self.setMinimumSize(560, 520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        intro = QLabel(
            _(
                "The passport lets the member work in the other centres of the network. It "
                "carries their network number, not their name."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Name, company, e-mail or badge"))
        caption = QLabel(_("&Member"))
        caption.setBuddy(self.search)
        layout.addWidget(caption)
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName(_("Members found"))
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout.addWidget(self.results, 1)
        form = QFormLayout()
        self.valid_until = QDateEdit(QDate.currentDate().addDays(365))
        self.valid_until.setCalendarPopup(True)
        self.valid_until.setDisplayFormat("dd/MM/yyyy")
        self.valid_until.setMinimumDate(QDate.currentDate())
        self.allowance = QSpinBox()
        self.allowance.setRange(0, 31)
        self.allowance.setValue(DEFAULT_ALLOWANCE_DAYS)
        self.allowance.setSuffix(_(" days a month"))
        form.addRow(_("&Valid until"), self.valid_until)
        form.addRow(_("&Allowance"), self.allowance)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = self.buttons.addButton(
            _("&Print…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.print_button.setDefault(True)
        self.print_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._timer.start)
        self.results.currentItemChanged.connect(
            lambda *_args: self.print_button.setEnabled(self.member_id() is not None)
        )
        self.search.returnPressed.connect(self._run_search)
        self._run_search()

    def member_id(self) -> int | None:
        item = self.results.currentItem()
        return None if item is None else int(item.data(Qt.ItemDataRole.UserRole))

    def valid_until_date(self) -> date:
        chosen = self.valid_until.date().toPython()
        assert isinstance(chosen, date)
        return chosen

    def _run_search(self) -> None:
        self.runner.submit(
            search_members, self.store, self.search.text(), 30, on_done=self._show_results
        )

    def _show_results(self, members: list[MemberSummary]) -> None:
        self.results.clear()
        for member in members:
            text = member.display_name
            if member.organisation:
                text = _("{name} — {organisation}").format(
                    name=member.display_name, organisation=member.organisation
                )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, member.id)
            item.setSizeHint(QSize(0, LIST_ROW_HEIGHT))
            self.results.addItem(item)
        if members:
            self.results.setCurrentRow(0)


class PassportCheckPanel(QWidget):
    """Scan or paste a visitor's passport: valid (and check in), or why it is refused."""

    checked_in = Signal(object)  # PassportCheckIn

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.field = QLineEdit()
        self.field.setPlaceholderText(_("Scan the QR code, or paste the passport (TDP1:…)"))
        self.field.setAccessibleName(_("Passport to check"))
        self.check_button = QPushButton(_("Chec&k"))
        self.check_in_button = QPushButton(_("Check &in"))
        self.check_in_button.setEnabled(False)
        row.addWidget(self.field, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.check_in_button)
        layout.addLayout(row)
        self.result = QLabel("")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)
        self.field.returnPressed.connect(self.check)
        self.check_button.clicked.connect(self.check)
        self.check_in_button.clicked.connect(self.check_in)
        self.field.textChanged.connect(lambda _text: self.check_in_button.setEnabled(False))

    def check(self) -> None:
        text = self.field.text().strip()
        if not text:
            return
        self.runner.submit(
            check_passport,
            self.store,
            self.actor,
            text,
            on_done=self._valid,
            on_error=self._refused,
        )

    def check_in(self) -> None:
        self.runner.submit(
            check_in_with_passport,
            self.store,
            self.actor,
            self.field.text().strip(),
            on_done=self._checked_in,
            on_error=self._refused,
        )

    def _valid(self, check: PassportCheck) -> None:
        set_role(self.result, "lead")
        self.result.setText(describe_check(check))
        self.check_in_button.setEnabled(True)
        self.check_in_button.setFocus()

    def _checked_in(self, done: PassportCheckIn) -> None:
        set_role(self.result, "lead")
        if done.already_present:
            text = _("Already checked in since {time}.").format(
                time=format_datetime(done.presence.started_at, "short")
            )
        else:
            text = _("Checked in. {details}").format(details=describe_check(done.check))
        self.result.setText(text)
        self.check_in_button.setEnabled(False)
        self.field.clear()
        self.checked_in.emit(done)

    def _refused(self, error: BaseException) -> None:
        set_role(self.result, "error")
        message = str(error) if isinstance(error, ServiceError) else _("The check failed.")
        self.result.setText(message)
        self.check_in_button.setEnabled(False)
        self.field.selectAll()
        self.field.setFocus()


def describe_check(check: PassportCheck) -> str:
    """Whose passport it is, until when, and what is left of the month's allowance."""
    passport = check.passport
    if check.own_member:
        return _("Valid passport of this centre, until {day}.").format(
            day=format_date(passport.valid_until)
        )
    left = ngettext(
        "{count} day left this month", "{count} days left this month", check.allowance_left
    ).format(count=check.allowance_left)
    text = _("Valid: member of {centre} (number {number}), until {day}; {left}.").format(
        centre=check.centre_name,
        number=passport.member_id,
        day=format_date(passport.valid_until),
        left=left,
    )
    if check.over_allowance:
        text = _(
            "{valid} The monthly allowance is used up: this visit is not covered by it."
        ).format(valid=text)
    return text
