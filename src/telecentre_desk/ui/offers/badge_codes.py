"""Give badge codes to members who have none, before printing their cards.

Each member gets a suggested code (the next "TD-000123"); the receptionist keeps it,
types another, or scans a card already printed (a scanner types the code and presses
Enter, which moves on to the next member). A code given twice, or already someone
else's, is refused under its line and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.badges import (
    BadgeCodesResult,
    BadgeHolder,
    assign_badge_codes,
    suggest_badge_codes,
)
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.offers.enter_field import EnterField
from telecentre_desk.ui.offers.money import keyboard_ready
from telecentre_desk.ui.theme import apply_theme, restyle
from telecentre_desk.ui.worker import ServiceRunner


class _CodeField(EnterField):
    """Selects its text when focused, so a scan replaces the suggestion."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        QTimer.singleShot(0, self.selectAll)


class BadgeCodesDialog(QDialog):
    completed = Signal(object)  # BadgeCodesResult

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        members: Sequence[BadgeHolder],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner, self.store, self.actor = runner, store, actor
        self.members = list(members)
        self.setWindowTitle(_("Give badge codes"))
        self.setModal(True)
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(text_label(_("Give badge codes"), "heading"))
        layout.addWidget(
            text_label(
                ngettext(
                    "{count} member has no badge code yet. Keep the suggested code, type "
                    "another, or scan a card.",
                    "{count} members have no badge code yet. Keep the suggested codes, type "
                    "others, or scan cards.",
                    len(self.members),
                ).format(count=len(self.members)),
                "muted",
            )
        )
        page = QWidget()
        form = QFormLayout(page)
        form.setVerticalSpacing(4)
        form.setHorizontalSpacing(18)
        self.fields: dict[int, EnterField] = {}
        self.errors: dict[int, QLabel] = {}
        for member in self.members:
            field = _CodeField()
            field.setAccessibleName(_("Badge code of {name}").format(name=member.name))
            field.entered.connect(lambda m=member.member_id: self._next(m))
            error = text_label("", "error")
            error.hide()
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 4)
            column.setSpacing(2)
            column.addWidget(field)
            column.addWidget(error)
            caption = QLabel(member.name)
            caption.setBuddy(field)
            caption.setContentsMargins(0, 8, 0, 0)
            form.addRow(caption, holder)
            self.fields[member.member_id] = field
            self.errors[member.member_id] = error
            field.textEdited.connect(lambda _text, m=member.member_id: self._clear(m))
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # Room for each line and its message, up to a screenful; more lines scroll.
        scroll.setMinimumHeight(min(440, 100 * len(self.members) + 10))
        layout.addWidget(scroll, 1)
        self.general = text_label("", "error")
        self.general.hide()
        layout.addWidget(self.general)
        buttons = QHBoxLayout()
        self.generate_button = QPushButton(_("&Suggest new codes"))
        self.generate_button.setToolTip(_("Fill every line with the next free code"))
        self.generate_button.clicked.connect(self.suggest)
        buttons.addWidget(self.generate_button)
        buttons.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton(_("Save the &codes"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        keyboard_ready(self, self.save_button, cancel, self.generate_button)
        self.suggest()
        if self.members:
            self.fields[self.members[0].member_id].setFocus()

    def suggest(self) -> None:
        self.runner.submit(suggest_badge_codes, self.store, len(self.members), on_done=self._fill)

    def _fill(self, codes: list[str]) -> None:
        for member, code in zip(self.members, codes, strict=False):
            self.fields[member.member_id].setText(code)
            self._clear(member.member_id)
        focused = next((f for f in self.fields.values() if f.hasFocus()), None)
        if focused is not None:
            focused.selectAll()

    def codes(self) -> dict[int, str]:
        return {member_id: field.text() for member_id, field in self.fields.items()}

    def problem_text(self, member_id: int) -> str:
        error = self.errors[member_id]
        return error.text() if not error.isHidden() else ""

    def _next(self, member_id: int) -> None:
        """Enter (or a scanner's Enter) moves to the next member; on the last one, saves."""
        ids = [member.member_id for member in self.members]
        position = ids.index(member_id)
        if position + 1 < len(ids):
            self.fields[ids[position + 1]].setFocus()
        else:
            self.save()

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.save_button.setEnabled(False)
        self.general.hide()
        self.runner.submit(
            assign_badge_codes,
            self.store,
            self.actor,
            self.codes(),
            on_done=self._saved,
            on_error=self._refused,
        )

    def _saved(self, result: BadgeCodesResult) -> None:
        self.completed.emit(result)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not isinstance(error, ValidationError):
            self.general.setText(error_text(error))
            self.general.show()
            return
        first: EnterField | None = None
        for member in self.members:
            message = error.problems.get(str(member.member_id))
            if message is None:
                self._clear(member.member_id)
                continue
            self.errors[member.member_id].setText(message)
            self.errors[member.member_id].show()
            field = self.fields[member.member_id]
            field.setProperty("invalid", True)
            restyle(field)
            first = first or field
        if first is not None:
            first.setFocus()

    def _clear(self, member_id: int) -> None:
        self.errors[member_id].hide()
        field = self.fields[member_id]
        if field.property("invalid"):
            field.setProperty("invalid", False)
            restyle(field)
