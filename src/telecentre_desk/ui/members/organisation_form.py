"""The organisation form: a company, administration or association, and whether it pays."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.kinds import OrganisationKind
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.organisations import (
    OrganisationDetails,
    OrganisationDraft,
    OrganisationResult,
    create_organisation,
    get_organisation,
    update_organisation,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.members.fields import FieldForm, text_label
from telecentre_desk.ui.offers.contract_prices import ContractPrices
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.views.base import format_siret
from telecentre_desk.ui.worker import ServiceRunner

_TEXT_FIELDS = (
    "name",
    "siret",
    "vat_number",
    "address_line",
    "postal_code",
    "city",
    "billing_email",
    "phone",
)


class OrganisationDialog(QDialog):
    saved = Signal(object)  # OrganisationResult

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        organisation_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner, self.store, self.actor = runner, store, actor
        self.organisation_id = organisation_id
        title = _("Edit organisation") if organisation_id else _("New organisation")
        self.setWindowTitle(title)
        self.setModal(True)
        self.resize(780, 740)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(text_label(title, "heading"))
        form = FieldForm()
        form.add("name", _("Name"), QLineEdit(), _("As it should appear on invoices."))
        kind = QComboBox()
        for value in OrganisationKind:
            kind.addItem(value.label, value)
        form.add("kind", _("Kind"), kind)
        form.add("siret", _("SIRET"), QLineEdit(), _("14 digits, on its invoices or Kbis."))
        form.add("vat_number", _("VAT number"), QLineEdit())
        form.add("address_line", _("Address"), QLineEdit())
        form.add("postal_code", _("Postal code"), QLineEdit())
        form.add("city", _("City"), QLineEdit())
        form.add("billing_email", _("Billing e-mail"), QLineEdit())
        form.add("phone", _("Phone"), QLineEdit())
        form.add(
            "pays_for_members",
            "",
            QCheckBox(_("Pays for its members (a contract with the centre)")),
            _("Its members can then be billed to it rather than to themselves."),
        )
        self.form = form
        # The fields scroll (error lines make the form taller), the buttons stay in view.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 12, 0)
        page_layout.addWidget(form)
        self.contract = ContractPrices(runner, store, actor, organisation_id)
        form.check("pays_for_members").toggled.connect(self.contract.set_pays)
        page_layout.addWidget(self.contract)
        page_layout.addStretch(1)
        scroll.setWidget(page)
        layout.addWidget(scroll, 1)
        self.general_error = text_label("", "error")
        self.general_error.hide()
        layout.addWidget(self.general_error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        form.line("name").setFocus()
        if organisation_id is not None:
            self.save_button.setEnabled(False)
            self.runner.submit(
                get_organisation,
                store,
                organisation_id,
                on_done=self._loaded,
                on_error=self._failed,
            )

    def _loaded(self, details: OrganisationDetails) -> None:
        draft = details.draft
        for key in _TEXT_FIELDS:
            self.form.line(key).setText(str(getattr(draft, key)))
        self.form.line("siret").setText(format_siret(draft.siret))
        kind = self.form.combo("kind")
        kind.setCurrentIndex(kind.findData(draft.kind))
        self.form.check("pays_for_members").setChecked(draft.pays_for_members)
        self.save_button.setEnabled(True)

    def draft(self) -> OrganisationDraft:
        values = {key: self.form.line(key).text() for key in _TEXT_FIELDS}
        return OrganisationDraft(
            kind=OrganisationKind(self.form.combo("kind").currentData()),
            pays_for_members=self.form.check("pays_for_members").isChecked(),
            **values,
        )

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.save_button.setEnabled(False)
        self.general_error.hide()
        if self.organisation_id is None:
            self.runner.submit(
                create_organisation,
                self.store,
                self.actor,
                self.draft(),
                on_done=self._saved,
                on_error=self._failed,
            )
        else:
            self.runner.submit(
                update_organisation,
                self.store,
                self.actor,
                self.organisation_id,
                self.draft(),
                on_done=self._saved,
                on_error=self._failed,
            )

    def _saved(self, result: OrganisationResult) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            elsewhere = self.form.show_problems(error.problems)
            if not elsewhere:
                return
            message = "\n".join(elsewhere)
        elif isinstance(error, ServiceError):
            message = str(error)
        else:
            message = _(
                "The organisation could not be saved. Try again; the details are in the log."
            )
        self.general_error.setText(message)
        self.general_error.show()


def billing_cleared_message(result: OrganisationResult) -> str:
    name = result.organisation.draft.name
    if not result.billing_cleared:
        return _("{name} is saved.").format(name=name)
    return ngettext(
        "{name} is saved. It no longer pays for its members: {count} member is billed "
        "to themselves again.",
        "{name} is saved. It no longer pays for its members: {count} members are billed "
        "to themselves again.",
        result.billing_cleared,
    ).format(name=name, count=result.billing_cleared)
