"""The "Organisations" tab: the companies, administrations and associations, and who pays."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import _, format_number, ngettext
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.organisations import (
    OrganisationResult,
    OrganisationSummary,
    archive_organisation,
    list_organisations,
    restore_organisation,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.members.columns import ProportionalColumns
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.members.organisation_form import (
    OrganisationDialog,
    billing_cleared_message,
)
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.views.base import format_siret
from telecentre_desk.ui.worker import ServiceRunner


class _Item(QTableWidgetItem):
    """Sorts as people expect: "Cabinet" before "CIAS", "Énergies" among the E."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        return fold(self.text()) < fold(other.text())


def _list(store: Store, text: str, archived: bool) -> list[OrganisationSummary]:
    return list_organisations(store, text, archived=archived)


class OrganisationList(QWidget):
    loaded = Signal()

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.can_edit = actor.can(Permission.MANAGE_MEMBERS)
        self._rows: list[OrganisationSummary] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        top.setSpacing(12)
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(_("Search by name, town or SIRET"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumHeight(FIELD_MIN_HEIGHT + 4)
        self.search_field.setMinimumWidth(360)
        self.search_field.textChanged.connect(lambda _text: self.reload())
        self.search_field.returnPressed.connect(self.open_current)
        top.addWidget(self.search_field, 2)
        self.archived_toggle = QCheckBox(_("Show archived organisations"))
        self.archived_toggle.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.archived_toggle.toggled.connect(self._archived_toggled)
        top.addWidget(self.archived_toggle)
        top.addStretch(1)
        self.new_button = QPushButton(_("New organisation"))
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.new_organisation)
        self.new_button.setVisible(self.can_edit)
        top.addWidget(self.new_button)
        layout.addLayout(top)
        self.count_label = text_label("", "muted")
        layout.addWidget(self.count_label)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Name"), _("Kind"), _("City"), _("SIRET"), _("Contract"), _("Members")]
        )
        contract = self.table.horizontalHeaderItem(4)
        if contract is not None:
            contract.setToolTip(_("Pays for its members (a contract with the centre)"))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        # Name, kind, city, SIRET, pays, members.
        self._columns = ProportionalColumns(self.table, (28, 12, 16, 18, 15, 11))
        self.table.doubleClicked.connect(lambda _index: self.open_current())
        self.table.activated.connect(lambda _index: self.open_current())
        self.table.itemSelectionChanged.connect(self._update_actions)
        layout.addWidget(self.table, 1)

        actions = QHBoxLayout()
        self.edit_button = QPushButton(_("Open"))
        self.edit_button.clicked.connect(self.open_current)
        self.archive_button = QPushButton(_("Archive"))
        self.archive_button.clicked.connect(self.toggle_archived)
        for button in (self.edit_button, self.archive_button):
            button.setVisible(self.can_edit)
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.status = text_label("", "lead")
        self.status.hide()
        layout.addWidget(self.status)
        self.runner.changed.connect(self._changes_arrived)
        self._update_actions()
        self.reload()

    def reload(self) -> None:
        self.runner.submit(
            _list,
            self.store,
            self.search_field.text(),
            self.archived_toggle.isChecked(),
            on_done=self._show,
            on_error=self._failed,
        )

    def _archived_toggled(self, archived: bool) -> None:
        self.archive_button.setText(_("Restore") if archived else _("Archive"))
        self.reload()

    def _changes_arrived(self, changes: ChangeSet) -> None:
        if changes.members or changes.everything:
            self.reload()

    def _show(self, rows: list[OrganisationSummary]) -> None:
        selected = self.selected()
        self._rows = rows
        table = self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(rows))
        for index, organisation in enumerate(rows):
            name = _Item(organisation.name)
            name.setData(Qt.ItemDataRole.UserRole, organisation.id)
            table.setItem(index, 0, name)
            table.setItem(index, 1, _Item(organisation.kind.label))
            table.setItem(index, 2, _Item(organisation.city))
            table.setItem(index, 3, QTableWidgetItem(format_siret(organisation.siret)))
            table.setItem(
                index, 4, QTableWidgetItem(_("Yes") if organisation.pays_for_members else "")
            )
            count = QTableWidgetItem()
            count.setData(Qt.ItemDataRole.DisplayRole, organisation.members)
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(index, 5, count)
        table.setSortingEnabled(True)
        if selected is not None:
            self.select(selected.id)
        self.count_label.setText(
            ngettext("{count} organisation", "{count} organisations", len(rows)).format(
                count=format_number(len(rows))
            )
        )
        self._update_actions()
        self.loaded.emit()

    def selected(self) -> OrganisationSummary | None:
        items = self.table.selectedItems()
        if not items:
            return None
        item = self.table.item(items[0].row(), 0)
        organisation_id = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((o for o in self._rows if o.id == organisation_id), None)

    def select(self, organisation_id: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == organisation_id:
                self.table.selectRow(row)
                return

    def names(self) -> list[str]:
        return [
            item.text()
            for row in range(self.table.rowCount())
            if (item := self.table.item(row, 0)) is not None
        ]

    def _update_actions(self) -> None:
        chosen = self.selected() is not None
        self.edit_button.setEnabled(chosen)
        self.archive_button.setEnabled(chosen)

    def new_organisation(self) -> None:
        if self.can_edit:
            self._open(None)

    def open_current(self) -> None:
        chosen = self.selected()
        if chosen is None and self._rows:
            chosen = self._rows[0]
        if chosen is not None and self.can_edit:
            self._open(chosen.id)

    def _open(self, organisation_id: int | None) -> None:
        dialog = OrganisationDialog(
            self.runner, self.store, self.actor, organisation_id, parent=self
        )
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()

    def _saved(self, result: OrganisationResult) -> None:
        self.status.setText(billing_cleared_message(result))
        self.status.show()
        self.reload()

    def toggle_archived(self) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        service = restore_organisation if chosen.archived else archive_organisation
        self.runner.submit(
            service,
            self.store,
            self.actor,
            chosen.id,
            on_done=self._archived,
            on_error=self._failed,
        )

    def _archived(self, result: OrganisationResult) -> None:
        name = result.organisation.draft.name
        self.status.setText(
            _("{name} is archived.").format(name=name)
            if result.organisation.archived
            else _("{name} is restored.").format(name=name)
        )
        self.status.show()
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.status.setText(
            str(error)
            if isinstance(error, ServiceError)
            else _("That did not work. Try again; the details are in the log.")
        )
        self.status.show()
