"""The first-run assistant: the centre's identity and its first manager, created together.

Each page checks what it can as soon as the user presses Next (the same rules
the service applies); the service call on Finish is one transaction, so a
refusal leaves nothing half-created and sends the user back to the field.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from telecentre_desk.domain.identifiers import normalise_digits
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.i18n import _
from telecentre_desk.services.auth import user_problems
from telecentre_desk.services.centre import (
    CentreProfile,
    FirstManager,
    centre_problems,
    create_centre,
)
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, apply_theme, restyle, set_role
from telecentre_desk.ui.views.base import format_siret, postal_city
from telecentre_desk.ui.worker import ServiceRunner

CENTRE_FIELDS = (
    "name",
    "legal_form",
    "address_line",
    "postal_code",
    "city",
    "siret",
    "vat_mode",
    "vat_number",
)
MANAGER_FIELDS = ("display_name", "login", "secret", "secret_again")


def _text(text: str, role: str | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    if role:
        set_role(widget, role)
    return widget


class _FormPage(QWizardPage):
    """A page of labelled fields, each with a red message line under it."""

    def __init__(self, title: str, intro: str) -> None:
        super().__init__()
        self.setTitle(title)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(_text(intro, "lead"))
        self.form = QFormLayout()
        self.form.setVerticalSpacing(6)
        self.form.setHorizontalSpacing(18)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)
        layout.addStretch(1)
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}

    def add_field(
        self, key: str, caption: str, widget: QLineEdit | QComboBox, hint: str = ""
    ) -> None:
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 4)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            column.addWidget(_text(hint, "muted"))
        error = _text("", "error")
        error.hide()
        column.addWidget(error)
        label = QLabel(caption)
        label.setBuddy(widget)
        label.setContentsMargins(0, 8, 0, 0)
        self.form.addRow(label, holder)
        self.fields[key] = widget
        self.errors[key] = error
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(lambda _text, k=key: self.clear_problem(k))

    def text(self, key: str) -> str:
        widget = self.fields[key]
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Show each message under its field; focus the first one. True if there were any."""
        for key in self.errors:
            self.clear_problem(key)
        first: QWidget | None = None
        for key, message in problems.items():
            if key not in self.errors:
                continue
            self.errors[key].setText(message)
            self.errors[key].show()
            self.fields[key].setProperty("invalid", True)
            restyle(self.fields[key])
            first = first or self.fields[key]
        if first is not None:
            first.setFocus()
        return bool(problems)

    def clear_problem(self, key: str) -> None:
        self.errors[key].clear()
        self.errors[key].hide()
        if self.fields[key].property("invalid"):
            self.fields[key].setProperty("invalid", False)
            restyle(self.fields[key])

    def problem_text(self, key: str) -> str:
        """The message shown under ``key`` ("" if none): for tests and screen readers."""
        error = self.errors[key]
        return error.text() if error.isVisibleTo(self) else ""


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Welcome to Telecentre Desk"))
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        layout.addWidget(
            _text(
                _("This assistant prepares the desk for your centre, in three short steps:"), "lead"
            )
        )
        steps = [
            _("1. The centre: its name and the identity printed on invoices."),
            _("2. The first manager's account, protected by a PIN or a password."),
            _("3. A summary to check before anything is saved."),
        ]
        for step in steps:
            layout.addWidget(_text(step))
        layout.addWidget(
            _text(
                _(
                    "Everything stays on this computer. Only the centre's name and the "
                    "manager are required now; the rest can be completed later."
                ),
                "muted",
            )
        )
        layout.addStretch(1)


class CentrePage(_FormPage):
    def __init__(self) -> None:
        super().__init__(
            _("The centre"),
            _("How the centre is named and identified. Fields marked * are required."),
        )
        self.add_field("name", _("Centre na&me *"), QLineEdit())
        self.add_field(
            "legal_form",
            _("&Legal form"),
            _line(_("for example: association, SAS, SCIC, commune")),
        )
        self.add_field("address_line", _("&Address"), _line(_("street and number")))
        self.add_field("postal_code", _("&Postal code"), QLineEdit())
        self.add_field("city", _("&City"), QLineEdit())
        self.add_field(
            "siret",
            _("&SIRET"),
            QLineEdit(),
            _("14 digits, from the INSEE notice. You may leave it empty for now."),
        )
        vat_mode = QComboBox()
        vat_mode.setMinimumHeight(FIELD_MIN_HEIGHT)
        for mode in VatMode:
            vat_mode.addItem(mode.label, mode.value)
        vat_mode.setCurrentIndex(vat_mode.findData(VatMode.FRANCHISE.value))
        self.add_field("vat_mode", _("&VAT mode"), vat_mode)
        self.add_field(
            "vat_number",
            _("VAT n&umber"),
            QLineEdit(),
            _("Only if the centre is liable to VAT: FR followed by 11 characters."),
        )
        self.fields["postal_code"].setMaximumWidth(160)

    def vat_mode(self) -> VatMode:
        combo = self.fields["vat_mode"]
        assert isinstance(combo, QComboBox)
        return VatMode(combo.currentData())

    def profile(self) -> CentreProfile:
        return CentreProfile(
            name=self.text("name").strip(),
            legal_form=self.text("legal_form").strip(),
            address_line=self.text("address_line").strip(),
            postal_code=self.text("postal_code").strip(),
            city=self.text("city").strip(),
            siret=self.text("siret").strip(),
            vat_mode=self.vat_mode(),
            vat_number=self.text("vat_number").strip(),
        )

    def validatePage(self) -> bool:
        return not self.show_problems(centre_problems(self.profile()))


class ManagerPage(_FormPage):
    def __init__(self) -> None:
        super().__init__(
            _("The first manager"),
            _(
                "The person who will run the desk and create the other accounts. "
                "Fields marked * are required."
            ),
        )
        self.add_field("display_name", _("&Full name *"), _line(_("for example: Marie Dupont")))
        self.add_field(
            "login",
            _("&Login *"),
            _line(_("for example: marie.dupont")),
            _("Lower-case letters, digits, dots or dashes."),
        )
        self.add_field(
            "secret",
            _("&PIN or password *"),
            _secret(),
            _("At least 4 digits, or a password of 8 characters."),
        )
        self.add_field("secret_again", _("&Type it again *"), _secret())

    def manager(self) -> FirstManager:
        return FirstManager(
            display_name=self.text("display_name").strip(),
            login=self.text("login").strip().lower(),
            secret=self.text("secret"),
        )

    def validatePage(self) -> bool:
        manager = self.manager()
        problems = user_problems(manager.login, manager.display_name, manager.secret)
        if "secret" not in problems and self.text("secret_again") != manager.secret:
            problems["secret_again"] = _(
                "The two entries are different. Type the same PIN or password twice."
            )
        return not self.show_problems(problems)


class SummaryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Check and create"))
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(
            _text(
                _("Check these details. Nothing is saved until you press “Create the centre”."),
                "lead",
            )
        )
        self.card = QFrame()
        self.card.setObjectName("card")
        self.summary = QFormLayout(self.card)
        self.summary.setContentsMargins(20, 14, 20, 14)
        self.summary.setHorizontalSpacing(24)
        self.summary.setVerticalSpacing(8)
        layout.addWidget(self.card)
        self.status = _text("", "muted")
        self.status.hide()
        layout.addWidget(self.status)
        self.error = _text("", "error")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        profile, manager = wizard.centre_page.profile(), wizard.manager_page.manager()
        while self.summary.rowCount():
            self.summary.removeRow(0)
        rows = [
            (_("Centre name"), profile.name),
            (_("Legal form"), profile.legal_form),
            (_("Address"), profile.address_line),
            (_("Postal code and city"), postal_city(profile.postal_code, profile.city)),
            (_("SIRET"), format_siret(normalise_digits(profile.siret))),
            (_("VAT mode"), profile.vat_mode.label),
            (_("VAT number"), profile.vat_number),
            (_("Manager"), manager.display_name),
            (_("Login"), manager.login),
        ]
        for caption, value in rows:
            shown = _text(value) if value else _text(_("Not set"), "muted")
            self.summary.addRow(_text(caption, "muted"), shown)
        self.error.hide()
        self.status.hide()

    def validatePage(self) -> bool:
        wizard = self.wizard()
        assert isinstance(wizard, FirstRunWizard)
        if wizard.actor is not None:
            return True
        wizard.submit_centre()
        return False

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))


class FirstRunWizard(QWizard):
    """Emits ``completed(Actor)`` (the first manager, signed in) once the centre exists."""

    completed = Signal(object)  # Actor

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner = runner
        self.store = store
        self.actor: Actor | None = None
        self._busy = False
        self.setWindowTitle(_("Telecentre Desk — first start"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("&Back"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Create the centre"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        self.welcome_page = WelcomePage()
        self.centre_page = CentrePage()
        self.manager_page = ManagerPage()
        self.summary_page = SummaryPage()
        for page in (self.welcome_page, self.centre_page, self.manager_page, self.summary_page):
            self.addPage(page)
        for which in (QWizard.WizardButton.NextButton, QWizard.WizardButton.FinishButton):
            self.button(which).setProperty("primary", True)
        self.resize(880, 760)

    def submit_centre(self) -> None:
        """Create the centre and its manager in the background (the Finish button)."""
        if self._busy:
            return
        self._set_busy(True)
        self.summary_page.show_error("")
        self.summary_page.show_status(_("Creating the centre…"))
        self.runner.submit(
            create_centre,
            self.store,
            self.centre_page.profile(),
            self.manager_page.manager(),
            on_done=self._created,
            on_error=self._refused,
        )

    def _created(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        self.summary_page.show_status(_("The centre is ready."))
        # Show what comes next before this window closes, so the application never
        # finds itself without a window.
        self.completed.emit(actor)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        self.summary_page.show_status("")
        if isinstance(error, ValidationError):
            self._send_back(error.problems)
        elif isinstance(error, ServiceError):
            self.summary_page.show_error(str(error))
        else:
            self.summary_page.show_error(
                _(
                    "The centre could not be created because of an unexpected problem. "
                    "Nothing was saved. Try again; the details are in the log."
                )
            )

    def _send_back(self, problems: dict[str, str]) -> None:
        centre = {k: v for k, v in problems.items() if k in CENTRE_FIELDS}
        manager = {
            k.removeprefix("manager_"): v
            for k, v in problems.items()
            if k.removeprefix("manager_") in MANAGER_FIELDS and k.startswith("manager_")
        }
        others = [
            message
            for key, message in problems.items()
            if key not in CENTRE_FIELDS and key.removeprefix("manager_") not in manager
        ]
        target: QWizardPage | None = None
        if centre:
            target = self.centre_page
        elif manager:
            target = self.manager_page
        if target is not None:
            while self.currentPage() is not target and self.currentId() > 0:
                self.back()
        self.centre_page.show_problems(centre)
        self.manager_page.show_problems(manager)
        if others:
            self.summary_page.show_error("\n".join(others))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)


def _line(placeholder: str) -> QLineEdit:
    widget = QLineEdit()
    widget.setPlaceholderText(placeholder)
    return widget


def _secret() -> QLineEdit:
    widget = QLineEdit()
    widget.setEchoMode(QLineEdit.EchoMode.Password)
    return widget
