"""The member form: create or edit one member, with each problem shown under its field.

Saving goes through the service (the one place that decides); a possible
duplicate is shown in the form with the people it may be, and the user either
corrects the form or confirms that it is someone else.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

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

from telecentre_desk.domain.kinds import CommuteMode, MemberCategory
from telecentre_desk.i18n import _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.member_records import (
    MemberDetails,
    MemberResult,
    PossibleDuplicate,
    create_member,
    get_member,
    update_member,
)
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.organisations import OrganisationSummary, list_organisations
from telecentre_desk.services.store import Store
from telecentre_desk.ui.members.fields import FieldForm, text_label
from telecentre_desk.ui.offers.member_offers import MemberOffers
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.worker import ServiceRunner


class MemberDialog(QDialog):
    """``MemberDialog(runner, store, actor)`` creates; with ``member_id`` it edits."""

    saved = Signal(object)  # MemberDetails

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        member_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner, self.store, self.actor = runner, store, actor
        self.member_id = member_id
        self._confirmed_duplicate = False
        self._organisations: list[OrganisationSummary] = []
        self._details: MemberDetails | None = None
        self._loading = 2 if member_id is not None else 1
        self.setWindowTitle(_("Edit member") if member_id else _("New member"))
        self.setModal(True)
        self.resize(1060, 740)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 22, 28, 20)
        outer.setSpacing(12)
        outer.addWidget(text_label(_("Edit member") if member_id else _("New member"), "heading"))
        # The fields scroll (error lines make the form taller), the buttons stay in view.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget()
        scroll.setWidget(page)
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 12, 0)
        page_layout.setSpacing(16)
        columns = QHBoxLayout()
        columns.setSpacing(36)
        page_layout.addLayout(columns)
        outer.addWidget(scroll, 1)
        self.person = self._person_column()
        self.links = self._links_column()
        columns.addWidget(self.person, 1)
        columns.addWidget(self.links, 1)
        # An existing member's carnets and subscriptions, sold from here.
        self.offers: MemberOffers | None = None
        if member_id is not None:
            self.offers = MemberOffers(runner, store, actor, member_id)
            page_layout.addWidget(self.offers)
        outer.addWidget(self._duplicate_panel())
        self.general_error = text_label("", "error")
        self.general_error.hide()
        outer.addWidget(self.general_error)
        outer.addLayout(self._buttons())
        self.save_button.setEnabled(False)
        self.runner.submit(
            list_organisations,
            self.store,
            on_done=self._organisations_loaded,
            on_error=self._failed,
        )
        if member_id is not None:
            self.runner.submit(
                get_member,
                self.store,
                member_id,
                on_done=self._member_loaded,
                on_error=self._failed,
            )
        self.form("last_name").setFocus()

    # -- building --------------------------------------------------------------
    def _person_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text_label(_("The person"), "subheading"))
        form = FieldForm()
        form.add("last_name", _("Last name"), QLineEdit())
        form.add("first_name", _("First name"), QLineEdit())
        category = QComboBox()
        for value in MemberCategory:
            category.addItem(value.label, value)
        category.setCurrentIndex(list(MemberCategory).index(MemberCategory.FREELANCER))
        form.add("category", _("Category"), category)
        form.add("email", _("E-mail"), QLineEdit())
        form.add("phone", _("Phone"), QLineEdit(), _("For example 06 12 34 56 78"))
        form.add("address_line", _("Address"), QLineEdit())
        form.add("postal_code", _("Postal code"), QLineEdit())
        form.add("city", _("City"), QLineEdit())
        self._person_form = form
        layout.addWidget(form)
        layout.addStretch(1)
        return column

    def _links_column(self) -> QWidget:
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(text_label(_("Organisation, badge and network"), "subheading"))
        form = FieldForm()
        organisation = QComboBox()
        organisation.addItem(_("No organisation"), None)
        form.add("organisation_id", _("Organisation"), organisation)
        billed = QCheckBox(_("Billed to the organisation"))
        form.add(
            "billed_to_organisation",
            "",
            billed,
            _("Possible when the organisation pays for its members."),
        )
        organisation.currentIndexChanged.connect(self._organisation_changed)
        form.add("badge_code", _("Badge code"), QLineEdit())
        form.add(
            "home_centre_code",
            _("Home centre"),
            QLineEdit(),
            _("Only for a member of another network centre, e.g. 77-MEL."),
        )
        form.add("network_member_id", _("Network number"), QLineEdit())
        layout.addWidget(form)
        layout.addWidget(text_label(_("Consents"), "subheading"))
        consents = FieldForm()
        consents.add("consent_contact", "", QCheckBox(_("Agrees to be contacted by the centre")))
        commute = QCheckBox(_("Agrees to give their commute (for the impact report)"))
        consents.add("consent_commute", "", commute)
        consents.add("commute_distance_km", _("Distance (km)"), QLineEdit())
        mode = QComboBox()
        mode.addItem(_("Not given"), None)
        for value in CommuteMode:
            mode.addItem(value.label, value)
        consents.add("commute_mode", _("Usual mode"), mode)
        commute.toggled.connect(self._commute_consent_changed)
        layout.addWidget(consents)
        layout.addStretch(1)
        self._links_form, self._consents_form = form, consents
        self._commute_consent_changed(False)
        self._organisation_changed()
        return column

    def _duplicate_panel(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("card")
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(16, 12, 16, 12)
        self.duplicate_text = text_label("", "lead")
        layout.addWidget(self.duplicate_text)
        row = QHBoxLayout()
        self.create_anyway_button = QPushButton(_("It is another person: create anyway"))
        self.create_anyway_button.clicked.connect(self._create_anyway)
        row.addWidget(self.create_anyway_button)
        row.addStretch(1)
        layout.addLayout(row)
        panel.hide()
        self.duplicate_panel = panel
        return panel

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setDefault(True)
        self.save_button.setAutoDefault(True)
        self.save_button.clicked.connect(self.save)
        row.addWidget(cancel)
        row.addWidget(self.save_button)
        return row

    # -- fields ----------------------------------------------------------------
    def form(self, key: str) -> QLineEdit:
        for form in self._forms():
            if key in form.fields:
                return form.line(key)
        raise KeyError(key)

    def _forms(self) -> tuple[FieldForm, ...]:
        return (self._person_form, self._links_form, self._consents_form)

    def field(self, key: str) -> QWidget:
        for form in self._forms():
            if key in form.fields:
                return form.fields[key]
        raise KeyError(key)

    def problem_text(self, key: str) -> str:
        for form in self._forms():
            if key in form.fields:
                return form.problem_text(key)
        raise KeyError(key)

    def _combo(self, key: str) -> QComboBox:
        widget = self.field(key)
        assert isinstance(widget, QComboBox)
        return widget

    def _check(self, key: str) -> QCheckBox:
        widget = self.field(key)
        assert isinstance(widget, QCheckBox)
        return widget

    def _organisation_changed(self, _index: int = 0) -> None:
        organisation_id = self._combo("organisation_id").currentData()
        chosen = next((o for o in self._organisations if o.id == organisation_id), None)
        billed = self._check("billed_to_organisation")
        pays = chosen is not None and chosen.pays_for_members
        billed.setEnabled(pays)
        if not pays:
            billed.setChecked(False)

    def _commute_consent_changed(self, consent: bool) -> None:
        distance, mode = self.form("commute_distance_km"), self._combo("commute_mode")
        distance.setEnabled(consent)
        mode.setEnabled(consent)
        if not consent:  # no consent: nothing about the commute is kept
            distance.clear()
            mode.setCurrentIndex(0)

    # -- loading ---------------------------------------------------------------
    def _organisations_loaded(self, organisations: list[OrganisationSummary]) -> None:
        self._organisations = organisations
        combo = self._combo("organisation_id")
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for organisation in organisations:
            combo.addItem(organisation.name, organisation.id)
        combo.blockSignals(False)
        self._select_organisation(current)
        self._loaded()

    def _member_loaded(self, details: MemberDetails) -> None:
        self._details = details
        draft = details.draft
        for key in (
            "last_name",
            "first_name",
            "email",
            "phone",
            "address_line",
            "postal_code",
            "city",
            "badge_code",
            "home_centre_code",
            "network_member_id",
        ):
            self.form(key).setText(str(getattr(draft, key)))
        category = self._combo("category")
        category.setCurrentIndex(category.findData(draft.category))
        if draft.organisation_id is not None and not any(
            o.id == draft.organisation_id for o in self._organisations
        ):  # an archived organisation is not in the list: show it anyway
            self._combo("organisation_id").addItem(details.organisation, draft.organisation_id)
        self._select_organisation(draft.organisation_id)
        self._check("consent_contact").setChecked(draft.consent_contact)
        self._check("consent_commute").setChecked(draft.consent_commute)
        if draft.commute_distance_km is not None:
            self.form("commute_distance_km").setText(
                str(draft.commute_distance_km).replace(".", ",")
            )
        mode = self._combo("commute_mode")
        mode.setCurrentIndex(max(mode.findData(draft.commute_mode), 0))
        self._organisation_changed()
        self._check("billed_to_organisation").setChecked(draft.billed_to_organisation)
        self._loaded()

    def _select_organisation(self, organisation_id: object) -> None:
        combo = self._combo("organisation_id")
        combo.setCurrentIndex(max(combo.findData(organisation_id), 0))
        self._organisation_changed()

    def _loaded(self) -> None:
        self._loading -= 1
        if self._loading <= 0:
            self.save_button.setEnabled(True)

    # -- saving ----------------------------------------------------------------
    def draft(self) -> MemberDraft | None:
        """The form as a draft; None (with the message shown) if the distance is no number."""
        distance_text = self.form("commute_distance_km").text().strip().replace(",", ".")
        distance: Decimal | None = None
        if distance_text:
            try:
                distance = Decimal(distance_text)
            except InvalidOperation:
                self._show_problems(
                    {"commute_distance_km": _("Write the distance in kilometres, e.g. 12,5.")}
                )
                return None
            if not distance.is_finite():
                self._show_problems(
                    {"commute_distance_km": _("Write the distance in kilometres, e.g. 12,5.")}
                )
                return None
        return MemberDraft(
            last_name=self.form("last_name").text(),
            first_name=self.form("first_name").text(),
            category=MemberCategory(self._combo("category").currentData()),
            organisation_id=self._combo("organisation_id").currentData(),
            email=self.form("email").text(),
            phone=self.form("phone").text(),
            address_line=self.form("address_line").text(),
            postal_code=self.form("postal_code").text(),
            city=self.form("city").text(),
            badge_code=self.form("badge_code").text(),
            home_centre_code=self.form("home_centre_code").text(),
            network_member_id=self.form("network_member_id").text(),
            consent_contact=self._check("consent_contact").isChecked(),
            consent_commute=self._check("consent_commute").isChecked(),
            commute_distance_km=distance,
            commute_mode=_commute_mode(self._combo("commute_mode").currentData()),
            billed_to_organisation=self._check("billed_to_organisation").isChecked(),
        )

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        draft = self.draft()
        if draft is None:
            return
        self.save_button.setEnabled(False)
        self.general_error.hide()
        if self.member_id is None:
            self.runner.submit(
                _create,
                self.store,
                self.actor,
                draft,
                self._confirmed_duplicate,
                on_done=self._saved,
                on_error=self._refused,
            )
        else:
            self.runner.submit(
                update_member,
                self.store,
                self.actor,
                self.member_id,
                draft,
                on_done=self._saved,
                on_error=self._refused,
            )

    def _create_anyway(self) -> None:
        self._confirmed_duplicate = True
        self.duplicate_panel.hide()
        self.save()

    def _saved(self, result: MemberResult) -> None:
        self.saved.emit(result.member)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, PossibleDuplicate):
            lines = [str(error), ""] + [
                "• "
                + " · ".join(
                    part for part in (m.display_name, m.organisation, m.email, m.phone) if part
                )
                + (" " + _("(archived)") if m.archived else "")
                for m in error.matches[:5]
            ]
            self.duplicate_text.setText("\n".join(lines))
            self.duplicate_panel.show()
            self.create_anyway_button.setFocus()
        elif isinstance(error, ValidationError):
            self._show_problems(error.problems)
        else:
            self._show_general(error)

    def _show_problems(self, problems: dict[str, str]) -> None:
        known = {key for form in self._forms() for key in form.fields}
        for form in self._forms():
            form.show_problems({k: v for k, v in problems.items() if k in form.fields})
        elsewhere = [message for key, message in problems.items() if key not in known]
        first = next((self.field(key) for key in problems if key in known), None)
        if first is not None:
            first.setFocus()
        if elsewhere:
            self.general_error.setText("\n".join(elsewhere))
            self.general_error.show()

    def _show_general(self, error: BaseException) -> None:
        message = (
            str(error)
            if isinstance(error, ServiceError)
            else _("The member could not be saved. Try again; the details are in the log.")
        )
        self.general_error.setText(message)
        self.general_error.show()

    def _failed(self, error: BaseException) -> None:
        self._show_general(error)


def _create(store: Store, actor: Actor, draft: MemberDraft, confirmed: bool) -> MemberResult:
    return create_member(store, actor, draft, confirm_duplicate=confirmed)


def _commute_mode(value: object) -> CommuteMode | None:
    """Combo boxes hand enum values back as plain text."""
    return CommuteMode(str(value)) if value else None
