"""Small dialogs of the Network view: the key file's passphrase, the network secret."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _
from telecentre_desk.ui.theme import set_role


class _Form(QDialog):
    def __init__(self, title: str, explanation: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._layout = QVBoxLayout(self)
        self._layout.setSpacing(12)
        text = QLabel(explanation)
        text.setWordWrap(True)
        self._layout.addWidget(text)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        set_role(self.error, "error")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._check_and_accept)
        self.buttons.rejected.connect(self.reject)

    def _finish(self) -> None:
        self._layout.addWidget(self.error)
        self._layout.addWidget(self.buttons)

    def _field(self, caption: str, *, secret: bool) -> QLineEdit:
        field = QLineEdit()
        if secret:
            field.setEchoMode(QLineEdit.EchoMode.Password)
        label = QLabel(caption)
        label.setBuddy(field)
        self._layout.addWidget(label)
        self._layout.addWidget(field)
        return field

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _check_and_accept(self) -> None:
        self.accept()


class PassphraseDialog(_Form):
    """Asks the passphrase of the key file; when ``creating``, asks it twice."""

    def __init__(self, explanation: str, *, creating: bool, parent: QWidget | None = None) -> None:
        super().__init__(_("Passphrase of the centre's keys"), explanation, parent)
        self.creating = creating
        self.passphrase = self._field(_("&Passphrase"), secret=True)
        self.again = self._field(_("The same passphrase &again"), secret=True) if creating else None
        self._finish()

    def _check_and_accept(self) -> None:
        if self.again is not None and self.again.text() != self.passphrase.text():
            self.show_error(_("The two passphrases differ. Type them again."))
            return
        if not self.passphrase.text():
            self.show_error(_("Type the passphrase."))
            return
        self.accept()


class SecretDialog(_Form):
    """Asks for the network secret, as the network handed it out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Network secret"),
            _(
                "Type or paste the network secret exactly as the network gave it to you. It "
                "starts with tdns1- and is the same for every centre of the network. It is "
                "kept in this computer's keyring, never in the database."
            ),
            parent,
        )
        self.secret = self._field(_("&Secret"), secret=False)
        self.secret.setPlaceholderText("tdns1-…")
        self._finish()
