"""Who a booking is for: a member (search as you type), an organisation, or an outside
guest (a name and a phone number or an e-mail)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.scheduling import OrganiserKind
from telecentre_desk.i18n import _
from telecentre_desk.services.booking_drafts import Organiser
from telecentre_desk.services.booking_queries import BookingInfo, OrganisationChoice
from telecentre_desk.services.members import MemberSummary, search_members
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner

SEARCH_DELAY_MS = 180
RESULTS = 8


class _SearchField(QLineEdit):
    """Down arrow goes to the results; Enter takes the first one."""

    down = Signal()
    pick_first = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            self.pick_first.emit()
            return
        super().keyPressEvent(event)


class OrganiserPicker(QWidget):
    changed = Signal()

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.store = runner, store
        self._member: tuple[int, str] | None = None
        self._typed = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)

        kinds = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.kind_buttons: dict[OrganiserKind, QRadioButton] = {}
        for index, kind in enumerate(OrganiserKind):
            button = QRadioButton(kind.label)
            button.setMinimumHeight(FIELD_MIN_HEIGHT)
            self.group.addButton(button, index)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        kinds.addStretch(1)
        layout.addLayout(kinds)

        # One page per kind, only the chosen one shown (a stack would keep the tallest height).
        self.pages = [self._member_page(), self._organisation_page(), self._guest_page()]
        for page in self.pages:
            layout.addWidget(page)
        self.group.idToggled.connect(self._kind_toggled)
        self.kind_buttons[OrganiserKind.MEMBER].setChecked(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search)

    # -- pages ---------------------------------------------------------------------------------
    def _member_page(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        self.member_search = _SearchField()
        self.member_search.setPlaceholderText(_("Type a name, a company or a badge code"))
        self.member_search.setAccessibleName(_("Search a member"))
        self.member_search.textEdited.connect(self._typed_text)
        self.member_search.down.connect(self._to_results)
        self.member_search.pick_first.connect(self._pick_first)
        column.addWidget(self.member_search)
        self.results = QListWidget()
        self.results.setMaximumHeight(150)
        self.results.setAccessibleName(_("Members found"))
        self.results.itemActivated.connect(self._pick)
        self.results.itemClicked.connect(self._pick)
        self.results.hide()
        column.addWidget(self.results)
        self.member_label = label("", "muted")
        column.addWidget(self.member_label)
        return page

    def _organisation_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.organisation = QComboBox()
        self.organisation.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.organisation.currentIndexChanged.connect(lambda _i: self.changed.emit())
        form.addRow(_("Organisation"), self.organisation)
        self.organisation_contact = QLineEdit()
        self.organisation_contact.setPlaceholderText(_("Who called (optional)"))
        form.addRow(_("Contact person"), self.organisation_contact)
        return page

    def _guest_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.guest_name = QLineEdit()
        self.guest_name.setPlaceholderText(_("First and last name"))
        self.guest_phone = QLineEdit()
        self.guest_phone.setPlaceholderText("06 12 34 56 78")
        self.guest_email = QLineEdit()
        self.guest_email.setPlaceholderText("prenom.nom@example.fr")
        form.addRow(_("Name"), self.guest_name)
        form.addRow(_("Phone"), self.guest_phone)
        form.addRow(_("E-mail"), self.guest_email)
        return page

    # -- values --------------------------------------------------------------------------------
    def set_organisations(self, choices: Sequence[OrganisationChoice]) -> None:
        current = self.organisation.currentData()
        self.organisation.clear()
        self.organisation.addItem(_("Choose an organisation"), None)
        for choice in choices:
            self.organisation.addItem(choice.name, choice.id)
        if current is not None:
            self.organisation.setCurrentIndex(max(0, self.organisation.findData(current)))

    def kind(self) -> OrganiserKind:
        return next(k for k, button in self.kind_buttons.items() if button.isChecked())

    def set_kind(self, kind: OrganiserKind) -> None:
        self.kind_buttons[kind].setChecked(True)

    def organiser(self) -> Organiser:
        kind = self.kind()
        if kind is OrganiserKind.MEMBER:
            return Organiser(
                member_id=self._member[0] if self._member else None,
                name="" if self._member else self.member_search.text(),
            )
        if kind is OrganiserKind.ORGANISATION:
            organisation = self.organisation.currentData()
            return Organiser(
                organisation_id=organisation if isinstance(organisation, int) else None,
                name=self.organisation_contact.text(),
            )
        return Organiser(
            name=self.guest_name.text(),
            phone=self.guest_phone.text(),
            email=self.guest_email.text(),
        )

    def show_booking(self, booking: BookingInfo) -> None:
        self.set_kind(booking.organiser_kind)
        if booking.organiser_kind is OrganiserKind.MEMBER and booking.member_id is not None:
            self.choose_member(booking.member_id, booking.organiser_name)
        elif booking.organiser_kind is OrganiserKind.ORGANISATION:
            index = self.organisation.findData(booking.organisation_id)
            if index < 0:
                self.organisation.addItem(booking.organiser_name, booking.organisation_id)
                index = self.organisation.count() - 1
            self.organisation.setCurrentIndex(index)
            self.organisation_contact.setText(booking.contact_name)
        else:
            self.guest_name.setText(booking.contact_name)
            self.guest_phone.setText(booking.contact_phone)
            self.guest_email.setText(booking.contact_email)

    def choose_member(self, member_id: int, name: str) -> None:
        self._member = (member_id, name)
        self.member_search.setText(name)
        self.member_label.setText(_("Booking for {name}").format(name=name))
        self.results.hide()
        self.changed.emit()

    def focus_first(self) -> None:
        page = self.kind()
        target = {
            OrganiserKind.MEMBER: self.member_search,
            OrganiserKind.ORGANISATION: self.organisation,
            OrganiserKind.GUEST: self.guest_name,
        }[page]
        target.setFocus()

    # -- searching -----------------------------------------------------------------------------
    def _kind_toggled(self, index: int, checked: bool) -> None:
        if checked:
            for number, page in enumerate(self.pages):
                page.setVisible(number == index)
            self.changed.emit()

    def _typed_text(self, text: str) -> None:
        self._member = None
        self.member_label.setText("")
        self._typed = text
        if text.strip():
            self._timer.start()
        else:
            self.results.clear()
            self.results.hide()

    def _search(self) -> None:
        asked = self._typed

        def show(found: list[MemberSummary]) -> None:
            self._show_results(asked, found)

        self.runner.submit(search_members, self.store, asked, RESULTS, on_done=show)

    def _show_results(self, asked: str, found: list[MemberSummary]) -> None:
        if asked != self._typed or self._member is not None:
            return  # an older answer, or a member was chosen meanwhile
        self.results.clear()
        for member in found:
            text = member.display_name
            if member.organisation:
                text += f" — {member.organisation}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (member.id, member.display_name))
            self.results.addItem(item)
        if not found:
            self.results.addItem(_("No member matches. Try an outside guest?"))
        self.results.setVisible(True)

    def _to_results(self) -> None:
        if self.results.isVisible() and self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(0)

    def _pick_first(self) -> None:
        if self.results.count():
            self._pick(self.results.item(0))

    def _pick(self, item: QListWidgetItem) -> None:
        data = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(data, tuple):
            self.choose_member(int(data[0]), str(data[1]))
            self.member_search.setFocus()
