"""Kiosk mode: a full-screen self check-in for members, left only with a staff PIN.

Members scan their badge (or type their name and choose it): they are checked
in, or out if they were here, and greeted with their carnet balance. On this
public screen, suggestions show a first name and an initial only. Escape, the
window's close button or the discreet "Staff" button ask for a manager's or a
receptionist's PIN (checked by ``services.auth.sign_in``); a volunteer's PIN
does not unlock it.
"""

from __future__ import annotations

from functools import partial

import shiboken6
from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.badge_codes import looks_like_badge
from telecentre_desk.domain.durations import format_duration
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.domain.roles import Role
from telecentre_desk.i18n import _, format_date, ngettext
from telecentre_desk.services.auth import UserSummary, sign_in, users_for_sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.members import MemberSummary, search_members
from telecentre_desk.services.offers import MemberBalance, member_balance
from telecentre_desk.services.presence import (
    PresenceResult,
    ScanOutcome,
    ScanResult,
    scan,
    toggle_presence,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.forms import caption_label
from telecentre_desk.ui.checkin.member_field import MemberField
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.theme import LIST_ITEM_HEIGHT, apply_theme, set_role
from telecentre_desk.ui.worker import ServiceRunner

STAFF_ROLES = (Role.MANAGER, Role.RECEPTIONIST)
MESSAGE_MS = 8_000


def kiosk_name(member: MemberSummary) -> str:
    """ "Hélène L.": enough to find oneself, not a list of the members' full names."""
    initial = f" {member.last_name[:1]}." if member.last_name else ""
    return f"{member.first_name or member.last_name}{initial}"


class KioskWindow(QWidget):
    unlocked = Signal(object)  # the staff Actor who left kiosk mode

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        centre_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.setObjectName("kiosk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        apply_checkin_style(self)
        self.runner, self.store, self.actor = runner, store, actor
        self._unlocked = False
        self.setWindowTitle(_("Self check-in"))

        outer = QVBoxLayout(self)
        outer.setContentsMargins(60, 48, 60, 32)
        outer.addStretch(2)
        column = QVBoxLayout()
        column.setSpacing(18)
        title = QLabel(centre_name or _("Welcome"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title.setWordWrap(True)
        set_role(title, "kioskTitle")
        column.addWidget(title)
        lead = QLabel(_("Scan your badge, or type your name and choose it."))
        lead.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lead.setWordWrap(True)
        set_role(lead, "kioskLead")
        column.addWidget(lead)
        self.field = MemberField(runner, store, describe_member=kiosk_name, limit=6)
        self.field.setClearButtonEnabled(False)
        self.field.setPlaceholderText(_("Badge or name"))
        self.field.setAccessibleName(_("Badge or name"))
        self.field.setMinimumWidth(560)
        self.field.setMaximumWidth(760)
        self.field.returnPressed.connect(self.submit)
        self.field.picked.connect(lambda _member: self.submit())
        column.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
        self.welcome = QLabel("")
        self.welcome.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.welcome.setWordWrap(True)
        set_role(self.welcome, "kioskWelcome")
        column.addWidget(self.welcome)
        self.detail = QLabel("")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        set_role(self.detail, "kioskDetail")
        column.addWidget(self.detail)
        outer.addLayout(column)
        outer.addStretch(3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.staff_button = QPushButton(_("Staff"))
        self.staff_button.setObjectName("kioskStaff")
        self.staff_button.setToolTip(_("Leave kiosk mode (a manager's or receptionist's PIN)"))
        self.staff_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.staff_button.clicked.connect(self.ask_unlock)
        bottom.addWidget(self.staff_button)
        outer.addLayout(bottom)

        self._reset_timer = QTimer(self)
        self._reset_timer.setSingleShot(True)
        self._reset_timer.setInterval(MESSAGE_MS)
        self._reset_timer.timeout.connect(self.idle)
        self.field.setFocus()

    # -- checking in -------------------------------------------------------------------------------
    def idle(self) -> None:
        self.welcome.setText("")
        self.detail.setText("")
        self.field.setFocus()

    def submit(self) -> None:
        member = self.field.picked_member
        text = self.field.text().strip()
        self.field.reset()
        if member is not None:
            self._toggle(member.id)
        elif text:
            self.runner.submit(
                partial(scan, source=PresenceSource.KIOSK),
                self.store,
                self.actor,
                text,
                on_done=partial(self._scanned, text),
                on_error=self._failed,
            )

    def _scanned(self, text: str, result: ScanResult) -> None:
        if result.outcome is not ScanOutcome.UNKNOWN_BADGE:
            assert result.result is not None
            self._greet(result.result)
            return
        if looks_like_badge(text):
            self._say(
                _("This badge is not known here."), _("Please ask at the desk."), problem=True
            )
            return
        self.runner.submit(search_members, self.store, text, 6, on_done=partial(self._names, text))

    def _names(self, text: str, found: list[MemberSummary]) -> None:
        if len(found) == 1:
            self._toggle(found[0].id)
        elif not found:
            self._say(
                _("No member found with this name."), _("Please ask at the desk."), problem=True
            )
        else:
            self.field.setText(text)
            self.field.setFocus()
            self.field.show_results(found)
            self._say(_("Which one is you?"), _("Choose your name with ↓ and Enter, or tap it."))

    def _toggle(self, member_id: int) -> None:
        self.runner.submit(
            partial(toggle_presence, source=PresenceSource.KIOSK),
            self.store,
            self.actor,
            member_id,
            on_done=self._greet,
            on_error=self._failed,
        )

    def _greet(self, result: PresenceResult) -> None:
        info = result.presence
        self.runner.submit(
            member_balance,
            self.store,
            info.member_id,
            on_done=partial(self._greet_with_balance, result),
            on_error=lambda _error: self._greet_with_balance(result, None),
        )

    def _greet_with_balance(self, result: PresenceResult, balance: MemberBalance | None) -> None:
        if not shiboken6.isValid(self):
            return
        name = balance.first_name if balance else result.presence.member_name
        if result.checked_out:
            self._say(
                _("Goodbye {name}, see you soon!").format(name=name),
                _("You stayed {duration}.").format(
                    duration=format_duration(result.presence.duration())
                ),
            )
            return
        if result.already_present:
            self._say(_("Hello {name}, you are already checked in.").format(name=name), "")
            return
        details = [_balance_text(balance)] if balance else []
        if result.presence.desk_label:
            details.insert(0, _("Your desk: {desk}.").format(desk=result.presence.desk_label))
        self._say(_("Welcome, {name}!").format(name=name), "\n".join(d for d in details if d))

    def _failed(self, error: BaseException) -> None:
        self._say(error_text(error), _("Please ask at the desk."), problem=True)

    def _say(self, welcome: str, detail: str, *, problem: bool = False) -> None:
        set_role(self.welcome, "kioskProblem" if problem else "kioskWelcome")
        self.welcome.setText(welcome)
        self.detail.setText(detail)
        self._reset_timer.start()

    # -- leaving kiosk mode ----------------------------------------------------------------------
    def is_unlocked(self) -> bool:
        return self._unlocked

    def ask_unlock(self) -> UnlockDialog:
        current = getattr(self, "unlock_dialog", None)
        if isinstance(current, UnlockDialog) and shiboken6.isValid(current) and current.isVisible():
            return current  # already asking
        dialog = UnlockDialog(self.runner, self.store, self)
        dialog.unlocked.connect(self._unlock)
        self.unlock_dialog = dialog
        dialog.open()
        return dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Escape (the field passes it on when it has no suggestions open) asks for a PIN."""
        if event.key() == Qt.Key.Key_Escape:
            self.ask_unlock()
            return
        super().keyPressEvent(event)

    def _unlock(self, actor: Actor) -> None:
        self._unlocked = True
        self.unlocked.emit(actor)
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._unlocked:
            event.accept()
            return
        event.ignore()
        self.ask_unlock()


def _balance_text(balance: MemberBalance) -> str:
    if balance.subscription:
        return _("Your subscription: {name}.").format(name=balance.subscription)
    if balance.carnet_units and balance.carnet_expires_on:
        return ngettext(
            "Your carnet: {count} half-day left (valid until {date}).",
            "Your carnet: {count} half-days left (valid until {date}).",
            balance.carnet_units,
        ).format(count=balance.carnet_units, date=format_date(balance.carnet_expires_on, "long"))
    return ""


class UnlockDialog(QDialog):
    """A manager or receptionist chooses their name and types their PIN."""

    unlocked = Signal(object)  # Actor

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget) -> None:
        super().__init__(parent)
        self.runner, self.store = runner, store
        self.setWindowTitle(_("Leave kiosk mode"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumWidth(480)
        self._busy = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(caption_label(_("Leave kiosk mode"), "subheading"))
        layout.addWidget(
            caption_label(
                _("A manager or a receptionist: choose your name, type your PIN."), "muted"
            )
        )
        self.accounts = QListWidget()
        self.accounts.setAccessibleName(_("Staff accounts"))
        layout.addWidget(self.accounts)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(_("PIN or password"))
        self.secret.setPlaceholderText(_("PIN or password"))
        self.secret.returnPressed.connect(self.submit)
        layout.addWidget(self.secret)
        self.message = caption_label("", "error")
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(
            _("Leave kiosk mode"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.ok_button.setProperty("primary", True)
        buttons.addButton(_("Stay in kiosk mode"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.secret.setFocus()
        self.runner.submit(users_for_sign_in, self.store, on_done=self._accounts_loaded)

    def _accounts_loaded(self, users: list[UserSummary]) -> None:
        if not shiboken6.isValid(self):
            return
        for user in users:
            if user.role in STAFF_ROLES:
                item = QListWidgetItem(
                    _("{name} — {role}").format(name=user.display_name, role=user.role.label)
                )
                item.setData(Qt.ItemDataRole.UserRole, user.login)
                item.setSizeHint(QSize(0, LIST_ITEM_HEIGHT - 10))
                self.accounts.addItem(item)
        if self.accounts.count():
            self.accounts.setCurrentRow(0)
        self.accounts.setFixedHeight(min(self.accounts.count(), 4) * (LIST_ITEM_HEIGHT - 10) + 6)

    def select_login(self, login: str) -> bool:
        for row in range(self.accounts.count()):
            if self.accounts.item(row).data(Qt.ItemDataRole.UserRole) == login:
                self.accounts.setCurrentRow(row)
                return True
        return False

    def message_text(self) -> str:
        return "" if self.message.isHidden() else self.message.text()

    def submit(self) -> None:
        item = self.accounts.currentItem()
        if item is None:
            self._refuse(_("Choose your name in the list first."))
            return
        self.try_unlock(str(item.data(Qt.ItemDataRole.UserRole)), self.secret.text())

    def try_unlock(self, login: str, secret: str) -> None:
        if self._busy:
            return
        if not secret:
            self._refuse(_("Type your PIN or password, then press Enter."))
            return
        self._busy = True
        self.runner.submit(
            sign_in, self.store, login, secret, on_done=self._checked, on_error=self._wrong
        )

    def _checked(self, actor: Actor) -> None:
        self._busy = False
        if actor.role not in STAFF_ROLES:
            self._refuse(_("Only a manager or a receptionist can leave kiosk mode."))
            return
        self.unlocked.emit(actor)
        self.accept()

    def _wrong(self, error: BaseException) -> None:
        self._busy = False
        self._refuse(error_text(error))

    def _refuse(self, text: str) -> None:
        self.secret.clear()
        self.message.setText(text)
        self.message.show()
        self.secret.setFocus()
