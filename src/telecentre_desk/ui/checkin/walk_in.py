"""A walk-in visitor in a few keystrokes: name, Tab, company (optional), Tab, tariff, Enter."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import _, format_money
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.offers import TariffInfo, walk_in_tariffs
from telecentre_desk.services.presence import PresenceResult
from telecentre_desk.services.store import Store
from telecentre_desk.services.walk_in import WalkIn, check_in_walk_in
from telecentre_desk.ui.checkin.forms import FieldForm, caption_label
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.worker import ServiceRunner


def tariff_text(tariff: TariffInfo) -> str:
    """ "Journée — 20,00 €" (the visitor's price: the non-member one)."""
    return _("{name} — {price}").format(
        name=tariff.name, price=format_money(tariff.non_member_price)
    )


class WalkInDialog(QDialog):
    checked_in = Signal(object)  # PresenceResult

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        apply_checkin_style(self)
        self.runner, self.store, self.actor = runner, store, actor
        self.setWindowTitle(_("Walk-in visitor"))
        self.setMinimumWidth(560)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(12)
        layout.addWidget(
            caption_label(_("Someone new, for an hour, a half-day or a day"), "subheading")
        )
        layout.addWidget(
            caption_label(
                _(
                    "They are checked in at once and found by name next time. For a new member "
                    "with a badge, create them in Members instead."
                ),
                "muted",
            )
        )
        self.form = FieldForm()
        self.name_field = QLineEdit(name)
        self.name_field.setPlaceholderText(_("First name and last name"))
        self.form.add("full_name", _("&Name"), self.name_field)
        self.company_field = QLineEdit()
        self.company_field.setPlaceholderText(_("Optional"))
        self.form.add("company", _("&Company"), self.company_field)
        self.tariff = QComboBox()
        self.tariff.addItem(_("Loading the tariffs…"), None)
        self.form.add("tariff", _("&Tariff"), self.tariff)
        layout.addWidget(self.form)

        buttons = QDialogButtonBox()
        self.ok_button = buttons.addButton(_("Check &in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setDefault(True)
        self.ok_button.setProperty("primary", True)
        cancel = buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setTabOrder(self.name_field, self.company_field)
        self.setTabOrder(self.company_field, self.tariff)
        self.setTabOrder(self.tariff, self.ok_button)
        self.name_field.setFocus()
        self._busy = False
        self.runner.submit(
            walk_in_tariffs, self.store, on_done=self._tariffs, on_error=self._failed
        )

    def _tariffs(self, tariffs: list[TariffInfo]) -> None:
        self.tariff.clear()
        for tariff in tariffs:
            self.tariff.addItem(tariff_text(tariff), tariff.id)
        if not tariffs:
            self.tariff.addItem(_("By the time spent (no tariff yet)"), None)
        day = next((i for i, t in enumerate(tariffs) if t.kind is TariffKind.DAY), 0)
        self.tariff.setCurrentIndex(day)  # a day pass, the usual case

    def submit(self) -> None:
        if self._busy:
            return
        self._busy = True
        self.ok_button.setEnabled(False)
        walk_in = WalkIn(
            self.name_field.text(), self.company_field.text(), self.tariff.currentData()
        )
        self.runner.submit(
            check_in_walk_in,
            self.store,
            self.actor,
            walk_in,
            on_done=self._done,
            on_error=self._failed,
        )

    def _done(self, result: PresenceResult) -> None:
        self.checked_in.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.ok_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.show_problems(error.problems)
        else:
            self.form.show_general(error_text(error))
