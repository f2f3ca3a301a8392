"""One tariff of the catalogue: create or edit it, with each problem under its field.

Prices are typed as people write them ("12,50"); what is not a number is refused
here, the rest is checked by the service (the one place that decides).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.i18n import _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.offers import (
    TariffDraft,
    TariffInfo,
    TariffResult,
    create_tariff,
    update_tariff,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.members.fields import FieldForm, text_label
from telecentre_desk.ui.offers.money import amount_text, keyboard_ready, parse_amount, rate_text
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.worker import ServiceRunner

PRICE_HINT = "12,50"


class TariffDialog(QDialog):
    """``TariffDialog(runner, store, actor)`` creates; with ``tariff`` it edits that one."""

    saved = Signal(object)  # TariffInfo

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        tariff: TariffInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner, self.store, self.actor = runner, store, actor
        self.tariff = tariff
        title = _("Edit the tariff") if tariff else _("New tariff")
        self.setWindowTitle(title)
        self.setModal(True)
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(text_label(title, "heading"))
        form = self.form = FieldForm()
        kind = QComboBox()
        for value in TariffKind:
            kind.addItem(value.label, value)
        form.add("kind", _("&Kind"), kind)
        form.add("name", _("&Name"), QLineEdit(), _("As members read it, e.g. “Journée”."))
        form.add("member_price", _("&Member price"), QLineEdit(), _("Net, before VAT, in euros."))
        form.add(
            "non_member_price",
            _("N&on-member price"),
            QLineEdit(),
            _("For visitors with a day pass."),
        )
        form.add("vat_rate", _("&VAT rate (%)"), QLineEdit(), _("20, 10, 5,5 or 0."))
        form.add("units", _("&Half-days in the carnet"), QLineEdit())
        form.add("validity_days", _("Valid for (&days)"), QLineEdit(), _("Empty: one year."))
        form.add("active", "", QCheckBox(_("&Offered (untick to stop selling it)")))
        for key in ("member_price", "non_member_price"):
            form.line(key).setPlaceholderText(PRICE_HINT)
        layout.addWidget(form, 1)
        self.general_error = text_label("", "error")
        self.general_error.hide()
        layout.addWidget(self.general_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton(_("Save"))
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        keyboard_ready(self, self.save_button, cancel)
        kind.currentIndexChanged.connect(self._kind_changed)
        self._fill(tariff)
        self._kind_changed()
        form.line("name").setFocus()

    def _fill(self, tariff: TariffInfo | None) -> None:
        form = self.form
        if tariff is None:
            form.line("vat_rate").setText("20")
            form.line("units").setText("10")
            form.check("active").setChecked(True)
            return
        kind = form.combo("kind")
        kind.setCurrentIndex(kind.findData(tariff.kind))
        form.line("name").setText(tariff.name)
        form.line("member_price").setText(amount_text(tariff.member_price))
        form.line("non_member_price").setText(amount_text(tariff.non_member_price))
        form.line("vat_rate").setText(rate_text(tariff.vat_rate))
        form.line("units").setText(str(tariff.units))
        form.line("validity_days").setText(
            str(tariff.validity_days) if tariff.validity_days else ""
        )
        form.check("active").setChecked(tariff.active)

    def kind(self) -> TariffKind:
        return TariffKind(self.form.combo("kind").currentData())

    def _kind_changed(self, _index: int = 0) -> None:
        carnet = self.kind() is TariffKind.CARNET
        for key in ("units", "validity_days"):  # only a carnet has units and a validity
            line = self.form.line(key)
            holder = line.parentWidget()
            assert holder is not None
            self.form.form.setRowVisible(holder, carnet)
            self.form.clear_problem(key)

    def draft(self) -> TariffDraft | None:
        """The form as a draft; None (with each message shown) when a figure is no number."""
        form = self.form
        problems: dict[str, str] = {}
        prices = {}
        for key in ("member_price", "non_member_price"):
            prices[key] = parse_amount(form.line(key).text())
            if prices[key] is None or prices[key] < 0:  # type: ignore[operator]
                problems[key] = _("Enter a price in euros, 0 or more, for example 12.50.")
        vat_rate = parse_amount(form.line("vat_rate").text())
        if vat_rate is None:
            problems["vat_rate"] = _("Enter a VAT rate in percent: 20, 10, 5.5 or 0.")
        carnet = self.kind() is TariffKind.CARNET
        units, validity = 1, None
        if carnet:
            units_text = form.line("units").text().strip()
            if not units_text.isdigit():
                problems["units"] = _("A carnet holds at least one half-day.")
            else:
                units = int(units_text)
            validity_text = form.line("validity_days").text().strip()
            if validity_text and not validity_text.isdigit():
                problems["validity_days"] = _("A carnet stays valid at least one day.")
            elif validity_text:
                validity = int(validity_text)
        if problems:
            form.show_problems(problems)
            return None
        member_price, other_price = prices["member_price"], prices["non_member_price"]
        assert member_price is not None and other_price is not None and vat_rate is not None
        return TariffDraft(
            kind=self.kind(),
            name=form.line("name").text(),
            member_price=member_price,
            non_member_price=other_price,
            vat_rate=vat_rate,
            units=units,
            validity_days=validity,
            active=form.check("active").isChecked(),
        )

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        draft = self.draft()
        if draft is None:
            return
        self.save_button.setEnabled(False)
        self.general_error.hide()
        if self.tariff is None:
            self.runner.submit(
                create_tariff,
                self.store,
                self.actor,
                draft,
                on_done=self._saved,
                on_error=self._refused,
            )
        else:
            self.runner.submit(
                update_tariff,
                self.store,
                self.actor,
                self.tariff.id,
                draft,
                on_done=self._saved,
                on_error=self._refused,
            )

    def problem_text(self, key: str) -> str:
        return self.form.problem_text(key)

    def _saved(self, result: TariffResult) -> None:
        self.saved.emit(result.tariff)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            elsewhere = self.form.show_problems(error.problems)
            if not elsewhere:
                return
            message = "\n".join(elsewhere)
        else:
            message = error_text(error)
        self.general_error.setText(message)
        self.general_error.show()
