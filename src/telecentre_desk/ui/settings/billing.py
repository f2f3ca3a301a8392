"""Settings › Invoicing: what every invoice prints about the centre, and its terms.

The legal identity (name, legal form, address, SIRET, VAT mode and number, share
capital, RCS), the numbering prefixes, the payment terms, the bank details and the
logo. "Save" sends only what changed; the service checks everything and changes
nothing when one field is wrong, and its message is shown under that field.
Issued invoices keep what they printed: a change applies to later documents only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.i18n import N_, _
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.ui.settings import SettingsPage
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, restyle, set_role
from telecentre_desk.ui.views.base import label

if TYPE_CHECKING:
    from telecentre_desk.ui.views.settings import SettingsView

# (field, caption, hint) in the order of the form; the hint is shown under the field.
IDENTITY = (
    ("name", N_("Name"), ""),
    ("legal_form", N_("Legal form"), N_("e.g. Association loi 1901, SCIC SAS, SARL")),
    ("address_line", N_("Address"), ""),
    ("postal_code", N_("Postal code"), ""),
    ("city", N_("Town"), ""),
    ("siret", N_("SIRET"), N_("14 digits, from the INSEE notice")),
    ("vat_mode", N_("VAT"), ""),
    ("vat_number", N_("VAT number"), N_("FR, a 2-character key, then the SIREN")),
    ("share_capital", N_("Share capital"), N_("Companies only, e.g. 10 000 €")),
    ("rcs", N_("RCS registration"), N_("Companies only, e.g. RCS Meaux 123 456 789")),
    ("email", N_("E-mail"), ""),
    ("phone", N_("Phone"), ""),
)
TERMS = (
    ("invoice_prefix", N_("Invoice numbers start with"), N_("e.g. F gives F-2026-00001")),
    ("credit_note_prefix", N_("Credit-note numbers start with"), N_("e.g. AV")),
    ("payment_due_days", N_("Payment due after (days)"), N_("60 days at most")),
    ("late_payment_rate", N_("Late-payment interest (% a year)"), N_("e.g. 12")),
    ("iban", N_("IBAN"), N_("Printed so customers can pay by transfer")),
    ("bic", N_("BIC"), ""),
)
VAT_MODE_TEXTS = {
    VatMode.LIABLE: N_("Liable to VAT (20 %)"),
    VatMode.FRANCHISE: N_("Franchise en base (no VAT, art. 293 B du CGI)"),
    VatMode.ASSOCIATION_EXEMPT: N_("Association exempt from VAT"),
}


class BillingSettingsPage(SettingsPage):
    def __init__(self, view: SettingsView) -> None:
        super().__init__(view)
        self.current: Any = None
        self.logo: bytes | None = None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.ask_logo_path = self._ask_logo_path  # replaced in tests
        # The Settings view scrolls: the page lays out at its full height.
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 16, 0, 16)
        column.setSpacing(12)
        column.addWidget(
            label(
                _(
                    "What every invoice prints about the centre. A change applies to the invoices "
                    "issued afterwards; those already issued keep what they printed."
                ),
                "lead",
            )
        )
        self.missing = label("", "coming")
        self.missing.hide()
        column.addWidget(self.missing)
        cards = QHBoxLayout()
        cards.setSpacing(16)
        cards.addWidget(self._card(_("The centre's legal identity"), IDENTITY), 1)
        right = QVBoxLayout()
        right.setSpacing(16)
        right.addWidget(self._card(_("Numbers, terms and bank"), TERMS))
        right.addWidget(self._logo_card())
        right.addStretch(1)
        cards.addLayout(right, 1)
        column.addLayout(cards)
        bottom = QHBoxLayout()
        self.message = label("", "muted")
        bottom.addWidget(self.message, 1)
        self.save_button = QPushButton(_("&Save the invoicing settings"))
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(_("Ctrl+S"))
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.save_button)
        column.addLayout(bottom)
        column.addStretch(1)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        can_edit = self._can_edit()
        for widget in self.fields.values():
            widget.setEnabled(can_edit)
        self.save_button.setVisible(can_edit)

    # -- building ------------------------------------------------------------------------------
    def _card(self, title: str, rows: tuple[tuple[str, str, str], ...]) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        form = QFormLayout(card)
        form.setContentsMargins(18, 12, 18, 14)
        form.setVerticalSpacing(6)
        form.setHorizontalSpacing(16)
        # Captions above their fields: long French captions leave the fields their width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(label(title, "subheading"))
        for name, caption, hint in rows:
            field = self._field(name)
            field.setAccessibleName(_(caption))
            field.setMinimumHeight(FIELD_MIN_HEIGHT)
            self.fields[name] = field
            holder = QWidget()
            inner = QVBoxLayout(holder)
            inner.setContentsMargins(0, 0, 0, 0)
            inner.setSpacing(2)
            inner.addWidget(field)
            if hint:
                inner.addWidget(label(_(hint), "muted"))
            error = label("", "error")
            error.hide()
            self.errors[name] = error
            inner.addWidget(error)
            caption_label = label(_(caption), None, wrap=False)
            caption_label.setBuddy(field)
            form.addRow(caption_label, holder)
        return card

    def _field(self, name: str) -> QWidget:
        if name == "vat_mode":
            combo = QComboBox()
            for mode, text in VAT_MODE_TEXTS.items():
                combo.addItem(_(text), mode.value)
            combo.currentIndexChanged.connect(self._vat_mode_changed)
            return combo
        if name == "payment_due_days":
            spin = QSpinBox()
            spin.setRange(0, 60)
            return spin
        return QLineEdit()

    def _logo_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        column = QVBoxLayout(card)
        column.setContentsMargins(18, 12, 18, 14)
        column.addWidget(label(_("Logo"), "subheading"))
        row = QHBoxLayout()
        self.logo_preview = QLabel()
        self.logo_preview.setFixedSize(160, 80)
        self.logo_preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        row.addWidget(self.logo_preview)
        buttons = QVBoxLayout()
        self.logo_button = QPushButton(_("Choose a PNG image…"))
        self.logo_button.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(_("Remove the logo"))
        self.remove_logo_button.clicked.connect(self.remove_logo)
        buttons.addWidget(self.logo_button)
        buttons.addWidget(self.remove_logo_button)
        row.addLayout(buttons)
        row.addStretch(1)
        column.addLayout(row)
        self.errors["logo_png"] = label("", "error")
        self.errors["logo_png"].hide()
        column.addWidget(self.errors["logo_png"])
        can_edit = self._can_edit()
        self.logo_button.setEnabled(can_edit)
        self.remove_logo_button.setEnabled(can_edit)
        return card

    def _can_edit(self) -> bool:
        from telecentre_desk.domain.roles import Permission

        context = self.view.context()
        return context is not None and context[2].can(Permission.ISSUE_INVOICES)

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, _actor = context
        from telecentre_desk.services.billing_settings import (
            get_billing_settings,
            missing_legal_identity,
        )

        def load(store: Any) -> tuple[Any, tuple[str, ...]]:
            return get_billing_settings(store), missing_legal_identity(store)

        runner.submit(load, store, on_done=self._show, on_error=self._failed)

    def _show(self, loaded: tuple[Any, tuple[str, ...]]) -> None:
        settings, missing = loaded
        self.current = settings
        for name, field in self.fields.items():
            value = getattr(settings, name)
            if isinstance(field, QComboBox):
                field.setCurrentIndex(max(0, field.findData(value.value)))
            elif isinstance(field, QSpinBox):
                field.setValue(int(value))
            elif isinstance(field, QLineEdit):
                field.setText(_text_of(name, value))
                field.setCursorPosition(0)
        self.logo = settings.logo_png
        self._show_logo()
        self._show_missing(missing)
        self._vat_mode_changed()

    def _show_missing(self, missing: tuple[str, ...]) -> None:
        if missing:
            self.missing.setText(
                _("Invoices cannot be issued yet. Still missing: {fields}.").format(
                    fields=", ".join(missing)
                )
            )
        self.missing.setVisible(bool(missing))

    def _show_logo(self) -> None:
        pixmap = QPixmap()
        if self.logo and pixmap.loadFromData(self.logo):
            self.logo_preview.setPixmap(
                pixmap.scaled(
                    self.logo_preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_preview.clear()
            self.logo_preview.setText(_("No logo"))
        self.remove_logo_button.setVisible(bool(self.logo))

    def _failed(self, error: BaseException) -> None:
        self._say(str(error) if isinstance(error, ServiceError) else _("Not loaded."), "error")

    def _vat_mode_changed(self) -> None:
        combo = self.fields.get("vat_mode")
        number = self.fields.get("vat_number")
        if isinstance(combo, QComboBox) and number is not None:
            liable = combo.currentData() == VatMode.LIABLE.value
            number.setProperty("invalid", False)
            if isinstance(number, QLineEdit):
                number.setPlaceholderText(
                    _("Required when liable to VAT") if liable else _("Not needed in this mode")
                )

    # -- editing -------------------------------------------------------------------------------
    def changes(self) -> dict[str, object]:
        """What differs from the settings loaded (only that is sent)."""
        if self.current is None:
            return {}
        changes: dict[str, object] = {}
        for name, field in self.fields.items():
            value: object
            if isinstance(field, QComboBox):
                value = VatMode(field.currentData())
                if value == self.current.vat_mode:
                    continue
                changes[name] = value.value
                continue
            if isinstance(field, QSpinBox):
                value = field.value()
            else:
                assert isinstance(field, QLineEdit)
                value = field.text().strip()
            if value != _text_of(name, getattr(self.current, name)) and value != getattr(
                self.current, name
            ):
                changes[name] = value
        if self.logo != self.current.logo_png:
            changes["logo_png"] = self.logo
        return changes

    def save(self) -> None:
        context = self.view.context()
        if context is None or not self.save_button.isVisible():
            return
        runner, store, actor = context
        changes = self.changes()
        self._clear_errors()
        if not changes:
            self._say(_("Nothing to save: nothing was changed."), "muted")
            return
        from telecentre_desk.services.billing_settings import update_billing_settings

        self.save_button.setEnabled(False)
        runner.submit(
            update_billing_settings,
            store,
            actor,
            changes,
            on_done=self._saved,
            on_error=self._refused,
        )

    def _saved(self, _result: object) -> None:
        self.save_button.setEnabled(True)
        self._say(_("Saved. The invoices issued from now on carry these details."), "muted")
        self.refresh()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            first: QWidget | None = None
            for name, text in error.problems.items():
                error_label = self.errors.get(name)
                if error_label is not None:
                    error_label.setText(text)
                    error_label.show()
                field = self.fields.get(name)
                if field is not None:
                    field.setProperty("invalid", True)
                    restyle(field)
                    first = first or field
            self._say(_("Nothing was saved: correct the fields marked in red."), "error")
            if first is not None:
                first.setFocus()
            return
        self._say(str(error) if isinstance(error, ServiceError) else _("Not saved."), "error")

    def _clear_errors(self) -> None:
        for name, error_label in self.errors.items():
            error_label.hide()
            field = self.fields.get(name)
            if field is not None and field.property("invalid"):
                field.setProperty("invalid", False)
                restyle(field)

    def _say(self, text: str, role: str) -> None:
        set_role(self.message, role)
        self.message.setText(text)

    # -- logo ----------------------------------------------------------------------------------
    def choose_logo(self) -> None:
        path = self.ask_logo_path()
        if path is None:
            return
        try:
            data = path.read_bytes()
        except OSError as error:
            self.errors["logo_png"].setText(
                _("This file cannot be read: {reason}").format(reason=error.strerror or error)
            )
            self.errors["logo_png"].show()
            return
        self.errors["logo_png"].hide()
        self.logo = data
        self._show_logo()
        self._say(_("Logo chosen: save to keep it."), "muted")

    def remove_logo(self) -> None:
        self.logo = None
        self._show_logo()
        self._say(_("Logo removed: save to confirm."), "muted")

    def _ask_logo_path(self) -> Path | None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the logo"), str(Path.home()), _("PNG images (*.png)")
        )
        return Path(name) if name else None


def _text_of(name: str, value: object) -> str:
    if value is None:
        return ""
    if name == "late_payment_rate":
        from decimal import Decimal

        assert isinstance(value, Decimal)
        text = format(value.normalize(), "f")
        return text.replace(".", ",")
    return str(value)
