"""The sign-in screen: choose your name, type your PIN or password, press Enter."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _
from telecentre_desk.services.auth import UserSummary, sign_in, users_for_sign_in
from telecentre_desk.services.centre import get_centre
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import LIST_ITEM_HEIGHT, apply_theme, set_role
from telecentre_desk.ui.worker import ServiceRunner


def load_sign_in(store: Store) -> tuple[str, list[UserSummary]]:
    """The centre's name and the active accounts (runs on the worker thread)."""
    return get_centre(store).name, users_for_sign_in(store)


class _SecretField(QLineEdit):
    """The PIN field; Up and Down move the choice in the account list, so hands stay put."""

    def __init__(self, accounts: QListWidget) -> None:
        super().__init__()
        self._accounts = accounts

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._accounts.count():
            step = -1 if key == Qt.Key.Key_Up else 1
            row = max(0, min(self._accounts.count() - 1, self._accounts.currentRow() + step))
            self._accounts.setCurrentRow(row)
            return
        super().keyPressEvent(event)


class SignInWidget(QWidget):
    """Emits ``signed_in(Actor)`` after a correct PIN or password."""

    signed_in = Signal(object)  # Actor
    loaded = Signal()

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner = runner
        self.store = store
        self._busy = False
        self.setObjectName("signInScreen")
        self.setWindowTitle(_("Telecentre Desk — Sign in"))
        self.resize(900, 720)

        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(560)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(36, 28, 36, 28)
        layout.setSpacing(12)

        self.title = QLabel(_("Telecentre Desk"))
        self.title.setWordWrap(True)
        set_role(self.title, "heading")
        layout.addWidget(self.title)
        intro = QLabel(_("Choose your name, then type your PIN or password."))
        intro.setWordWrap(True)
        set_role(intro, "lead")
        layout.addWidget(intro)

        self.accounts = QListWidget()
        self.accounts.setObjectName("accounts")
        self.accounts.setAccessibleName(_("Accounts"))
        self.accounts.setMinimumHeight(3 * LIST_ITEM_HEIGHT + 8)
        self.accounts.currentRowChanged.connect(self._account_changed)
        accounts_label = QLabel(_("&Who are you?"))
        accounts_label.setBuddy(self.accounts)
        layout.addWidget(accounts_label)
        layout.addWidget(self.accounts, 1)

        self.secret = _SecretField(self.accounts)
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName(_("PIN or password"))
        self.secret.returnPressed.connect(self.submit)
        self.accounts.itemActivated.connect(lambda _item: self.secret.setFocus())
        secret_label = QLabel(_("&PIN or password"))
        secret_label.setBuddy(self.secret)
        layout.addWidget(secret_label)
        layout.addWidget(self.secret)

        self.message = QLabel("")
        self.message.setWordWrap(True)
        set_role(self.message, "error")
        self.message.hide()
        layout.addWidget(self.message)

        self.sign_in_button = QPushButton(_("Sign &in"))
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setProperty("primary", True)
        self.sign_in_button.clicked.connect(self.submit)
        layout.addWidget(self.sign_in_button)

        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(card, 4)
        column.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

        self.setTabOrder(self.accounts, self.secret)
        self.setTabOrder(self.secret, self.sign_in_button)
        self._set_busy(True)
        self.runner.submit(
            load_sign_in, self.store, on_done=self._loaded, on_error=self._load_failed
        )

    # -- loading ---------------------------------------------------------------
    def _loaded(self, result: tuple[str, list[UserSummary]]) -> None:
        centre_name, users = result
        self.title.setText(centre_name)
        self.setWindowTitle(_("Telecentre Desk — {centre}").format(centre=centre_name))
        self.accounts.clear()
        for user in users:
            item = QListWidgetItem(
                _("{name} — {role}").format(name=user.display_name, role=user.role.label)
            )
            item.setData(Qt.ItemDataRole.UserRole, user.login)
            item.setSizeHint(QSize(0, LIST_ITEM_HEIGHT))
            self.accounts.addItem(item)
        if users:
            self.accounts.setCurrentRow(0)
        self._set_busy(False)
        self.secret.setFocus()
        self.loaded.emit()

    def _load_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_message(_message_for(error))

    # -- signing in ----------------------------------------------------------------
    def selected_login(self) -> str | None:
        item = self.accounts.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def select_login(self, login: str) -> bool:
        for row in range(self.accounts.count()):
            if self.accounts.item(row).data(Qt.ItemDataRole.UserRole) == login:
                self.accounts.setCurrentRow(row)
                return True
        return False

    def message_text(self) -> str:
        return self.message.text() if self.message.isVisibleTo(self) else ""

    def submit(self) -> None:
        if self._busy:
            return
        login = self.selected_login()
        if login is None:
            self._show_message(_("Choose your name in the list first."))
            self.accounts.setFocus()
            return
        secret = self.secret.text()
        if not secret:
            self._show_message(_("Type your PIN or password, then press Enter."))
            self.secret.setFocus()
            return
        self._set_busy(True)
        self.runner.submit(
            sign_in, self.store, login, secret, on_done=self._accepted, on_error=self._refused
        )

    def _accepted(self, actor: Actor) -> None:
        self._set_busy(False)
        self.secret.clear()
        self.message.hide()
        self.signed_in.emit(actor)

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_message(_message_for(error))
        self.secret.clear()
        self.secret.setFocus()

    def _account_changed(self, _row: int) -> None:
        self.secret.clear()
        self.message.hide()

    def _show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.sign_in_button.setEnabled(not busy)


def _message_for(error: BaseException) -> str:
    if isinstance(error, ServiceError):
        return str(error)
    return _("Something went wrong while signing in. Try again; the details are in the log.")
