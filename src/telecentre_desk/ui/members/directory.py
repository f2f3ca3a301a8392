"""The member directory: search as you type, a sortable list, and what to do with a member.

Every keystroke asks the service for the matching members (a few milliseconds,
in the background); while one search runs, later keystrokes are folded into
the next one, so a fast typist never queues a backlog. The list follows the
change sets the runner broadcasts: a member saved anywhere shows up here.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _, format_number, ngettext
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.member_export import ExportResult, export_members
from telecentre_desk.services.member_privacy import (
    DataExport,
    anonymise_member,
    export_member_data,
)
from telecentre_desk.services.member_records import (
    MemberDetails,
    MemberResult,
    archive_member,
    restore_member,
)
from telecentre_desk.services.members import DirectoryPage, MemberSort, MemberSummary
from telecentre_desk.services.members import search_directory as _search_directory
from telecentre_desk.services.store import Store
from telecentre_desk.ui.members import dialogs
from telecentre_desk.ui.members.columns import ProportionalColumns
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.members.row_painter import RowPainter
from telecentre_desk.ui.members.table_model import MemberTableModel
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.worker import ServiceRunner

_Query = tuple[str, bool, MemberSort, bool]  # text, archived, sort, descending


def search_directory(
    store: Store, text: str, archived: bool, sort: MemberSort, descending: bool
) -> DirectoryPage:
    """The service call, with positional arguments (the runner passes no keywords)."""
    return _search_directory(store, text, archived=archived, sort=sort, descending=descending)


class MemberDirectory(QWidget):
    """The "People" tab of the Members view."""

    results_shown = Signal()  # the list shows the answer to the latest search

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self._query: _Query = ("", False, MemberSort.NAME, False)
        self._shown: _Query | None = None  # the query whose answer the list shows
        self._in_flight = False
        self._again = False
        self._total = 0
        self._select_after: int | None = None
        self.can_edit = actor.can(Permission.MANAGE_MEMBERS)
        self.can_handle_data = actor.can(Permission.PERSONAL_DATA)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self._top_row())
        self.count_label = text_label("", "muted")
        layout.addWidget(self.count_label)
        self.table = self._build_table()
        layout.addWidget(self.table, 1)
        layout.addLayout(self._action_row())
        self.status = text_label("", "lead")
        self.status.hide()
        layout.addWidget(self.status)
        self.runner.changed.connect(self._changes_arrived)
        self._update_actions()
        self.search()

    # -- building --------------------------------------------------------------
    def _top_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.search_field = QLineEdit()
        self.search_field.setObjectName("memberSearch")
        self.search_field.setPlaceholderText(_("Name, organisation, e-mail, phone or badge"))
        self.search_field.setAccessibleName(_("Search members"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.setMinimumHeight(FIELD_MIN_HEIGHT + 4)
        self.search_field.setMinimumWidth(300)
        self.search_field.textChanged.connect(self._text_changed)
        self.search_field.returnPressed.connect(self.open_current)
        self.search_field.installEventFilter(self)
        row.addWidget(self.search_field, 1)
        self.archived_toggle = QCheckBox(_("Show archived members"))
        self.archived_toggle.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.archived_toggle.toggled.connect(self._archived_toggled)
        row.addWidget(self.archived_toggle)
        self.import_button = QPushButton(_("Import…"))
        self.import_button.setToolTip(_("Add members from a CSV or Excel file"))
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setToolTip(_("Save the member list as a CSV or Excel file"))
        self.new_button = QPushButton(_("New member"))
        self.new_button.setProperty("primary", True)
        self.new_button.setToolTip(_("Add a member (Ctrl+N)"))
        self.import_button.clicked.connect(self.open_import)
        self.export_button.clicked.connect(self.export_list)
        self.new_button.clicked.connect(self.new_member)
        for button in (self.import_button, self.export_button, self.new_button):
            button.setVisible(self.can_edit)
            row.addWidget(button)
        new_action = QAction(self)
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new_action.triggered.connect(self.new_member)
        self.addAction(new_action)
        find_action = QAction(self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_action.triggered.connect(self.focus_search)
        self.addAction(find_action)
        return row

    def _build_table(self) -> QTableView:
        self.model = MemberTableModel()
        self.model.sort_requested.connect(self._sort_requested)
        table = QTableView()
        table.setObjectName("memberTable")
        table.setModel(self.model)
        table.setItemDelegate(RowPainter(self.model, table))
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(False)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(38)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        # Name, organisation, category, e-mail, phone, badge, network.
        self._columns = ProportionalColumns(table, (19, 16, 12, 19, 13, 12, 9))
        table.setSortingEnabled(True)
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        table.doubleClicked.connect(lambda _index: self.open_current())
        table.activated.connect(lambda _index: self.open_current())
        table.selectionModel().selectionChanged.connect(lambda *_a: self._update_actions())
        table.setAccessibleName(_("Members"))
        return table

    def _action_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.edit_button = QPushButton(_("Open"))
        self.edit_button.setToolTip(_("Open the selected member's record (Enter)"))
        self.edit_button.clicked.connect(self.open_current)
        self.archive_button = QPushButton(_("Archive"))
        self.archive_button.clicked.connect(self.toggle_archived)
        self.data_button = QPushButton(_("Personal data"))
        menu = QMenu(self.data_button)
        self.export_data_action = menu.addAction(_("Export this member's data…"))
        self.export_data_action.triggered.connect(self.export_member_data)
        self.anonymise_action = menu.addAction(_("Anonymise this member…"))
        self.anonymise_action.triggered.connect(self.anonymise_member)
        self.data_button.setMenu(menu)
        for button in (self.edit_button, self.archive_button):
            button.setVisible(self.can_edit)
            row.addWidget(button)
        self.data_button.setVisible(self.can_handle_data)
        row.addWidget(self.data_button)
        row.addStretch(1)
        return row

    # -- searching -------------------------------------------------------------
    def focus_search(self) -> None:
        self.search_field.setFocus()
        self.search_field.selectAll()

    def _text_changed(self, text: str) -> None:
        self._query = (text, *self._query[1:])
        self.search()

    def _archived_toggled(self, archived: bool) -> None:
        text, _old, sort, descending = self._query
        self._query = (text, archived, sort, descending)
        self.archive_button.setText(_("Restore") if archived else _("Archive"))
        self.search()

    def _sort_requested(self, sort: MemberSort, descending: bool) -> None:
        text, archived, _sort, _descending = self._query
        self._query = (text, archived, sort, descending)
        self.search()

    def search(self) -> None:
        """Ask for the current query; one search at a time, the latest query wins."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        query = self._query
        self.runner.submit(
            search_directory,
            self.store,
            *query,
            on_done=partial(self._results, query),
            on_error=self._search_failed,
        )

    def _results(self, query: _Query, page: DirectoryPage) -> None:
        self._in_flight = False
        if self._again or query != self._query:
            self._again = False
            self.search()
            if query[:2] != self._query[:2]:
                return  # an answer to an older text: the next one is on its way
        selected = self._select_after or self.selected_id()
        self._select_after = None
        self.table.selectionModel().clear()
        self.model.set_rows(page.rows)
        if query != self._shown:
            self.table.scrollToTop()
            self._shown = query
        self._total = page.total
        self._show_count(query, page)
        if selected is not None:
            self.select_member(selected)
        elif page.rows and self.table.hasFocus():
            self.table.selectRow(0)
        self._update_actions()
        self.results_shown.emit()

    def _show_count(self, query: _Query, page: DirectoryPage) -> None:
        text, archived = query[0].strip(), query[1]
        total = page.total
        if archived:
            sentence = ngettext(
                "{count} archived member", "{count} archived members", total
            ).format(count=format_number(total))
        elif text:
            sentence = ngettext(
                "{count} member matches “{text}”", "{count} members match “{text}”", total
            ).format(count=format_number(total), text=text)
        else:
            sentence = ngettext("{count} member", "{count} members", total).format(
                count=format_number(total)
            )
        if len(page.rows) < total:
            sentence += " — " + _(
                "showing the first {shown}: type a few letters to narrow the list."
            ).format(shown=format_number(len(page.rows)))
        if not total and text:
            sentence = _("No member matches “{text}”. Check the spelling, or add them.").format(
                text=text
            )
        self.count_label.setText(sentence)

    def _search_failed(self, error: BaseException) -> None:
        self._in_flight = False
        self._show_status(
            str(error)
            if isinstance(error, ServiceError)
            else _("The list could not be loaded. Try again; the details are in the log.")
        )
        if self._again:
            self._again = False
            self.search()

    def _changes_arrived(self, changes: ChangeSet) -> None:
        if changes.members or changes.everything:
            self.search()

    # -- selection -------------------------------------------------------------
    def selected_member(self) -> MemberSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.member(rows[0].row()) if rows else None

    def selected_id(self) -> int | None:
        member = self.selected_member()
        return member.id if member else None

    def select_member(self, member_id: int) -> bool:
        row = self.model.row_of(member_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        return True

    def _update_actions(self) -> None:
        member = self.selected_member()
        for widget in (self.edit_button, self.archive_button, self.data_button):
            widget.setEnabled(member is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search_field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount()
        ):
            self.table.setFocus()
            if self.selected_member() is None:
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    # -- actions -----------------------------------------------------------------
    def new_member(self) -> None:
        if not self.can_edit:
            return
        from telecentre_desk.ui.members.member_form import MemberDialog

        dialog = MemberDialog(self.runner, self.store, self.actor, parent=self)
        dialog.saved.connect(self._member_saved)
        dialog.open()
        self.member_dialog = dialog

    def open_current(self) -> None:
        member = self.selected_member()
        if member is None and self.model.rowCount():
            member = self.model.member(0)
        if member is not None:
            self.open_member(member.id)

    def open_member(self, member_id: int) -> None:
        """Open the member's form (from the list, or from another view such as the plan)."""
        if not self.can_edit:
            return
        from telecentre_desk.ui.members.member_form import MemberDialog

        dialog = MemberDialog(self.runner, self.store, self.actor, member_id, parent=self)
        dialog.saved.connect(self._member_saved)
        dialog.open()
        self.member_dialog = dialog

    def _member_saved(self, details: MemberDetails) -> None:
        self._select_after = details.id
        self._show_status(_("{name} is saved.").format(name=details.display_name))
        if details.archived != self._query[1]:
            return
        self.search()

    def toggle_archived(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        service = restore_member if member.archived else archive_member
        self.runner.submit(
            service,
            self.store,
            self.actor,
            member.id,
            on_done=self._archived_done,
            on_error=self._action_failed,
        )

    def _archived_done(self, result: MemberResult) -> None:
        name = result.member.display_name
        if result.member.archived:
            message = _(
                "{name} is archived: hidden from the list and the check-in. Tick “Show "
                "archived members” to restore them."
            ).format(name=name)
        else:
            message = _("{name} is restored.").format(name=name)
        self._show_status(message)

    def export_member_data(self) -> None:
        member = self.selected_member()
        if member is None or not self.can_handle_data:
            return
        suggested = _("personal data of {name}").format(name=member.display_name) + ".html"
        path = dialogs.ask_save_path(
            self, _("Export this member's data"), suggested, _("Web page (*.html)")
        )
        if path is None:
            return
        self.runner.submit(
            export_member_data,
            self.store,
            self.actor,
            member.id,
            path,
            on_done=self._data_exported,
            on_error=self._action_failed,
        )

    def _data_exported(self, export: DataExport) -> None:
        self._show_status(
            _(
                "Saved: {page} (to read) and {data} (complete data). Give both to the member."
            ).format(page=export.summary_path.name, data=export.json_path.name)
        )

    def anonymise_member(self) -> None:
        member = self.selected_member()
        if member is None or not self.can_handle_data:
            return
        agreed = dialogs.confirm(
            self,
            _("Anonymise this member"),
            _(
                "Anonymise {name}? Their name, contact details, address, badge and network "
                "number are deleted for good, and the record is archived. Their presences stay "
                "in the statistics without their name; issued invoices are not changed. This "
                "cannot be undone."
            ).format(name=member.display_name),
            _("Anonymise"),
        )
        if not agreed:
            return
        self.runner.submit(
            anonymise_member,
            self.store,
            self.actor,
            member.id,
            on_done=self._anonymised,
            on_error=self._action_failed,
        )

    def _anonymised(self, result: MemberResult) -> None:
        self._show_status(
            _("The member is anonymised; they now appear as “{label}”.").format(
                label=result.member.display_name
            )
        )

    def open_import(self) -> None:
        if not self.can_edit:
            return
        from telecentre_desk.ui.members.import_dialog import ImportDialog

        dialog = ImportDialog(self.runner, self.store, self.actor, parent=self)
        dialog.imported.connect(
            lambda count: self._show_status(
                ngettext("{count} member imported.", "{count} members imported.", count).format(
                    count=format_number(count)
                )
            )
        )
        self.import_dialog = dialog
        dialog.open()
        dialog.choose_file()

    def export_list(self) -> None:
        if not self.can_edit:
            return
        path = dialogs.ask_save_path(
            self,
            _("Export the member list"),
            _("members") + ".xlsx",
            _("Excel workbook (*.xlsx);;CSV for Excel (*.csv)"),
        )
        if path is None:
            return
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".xlsx")
        self.export_to(path)

    def export_to(self, path: Path) -> None:
        self.runner.submit(
            export_members,
            self.store,
            self.actor,
            path,
            on_done=self._list_exported,
            on_error=self._action_failed,
        )

    def _list_exported(self, result: ExportResult) -> None:
        self._show_status(
            ngettext(
                "{count} member saved in {path}.",
                "{count} members saved in {path}.",
                result.members,
            ).format(count=format_number(result.members), path=result.path)
        )

    def _action_failed(self, error: BaseException) -> None:
        self._show_status(
            str(error)
            if isinstance(error, ServiceError)
            else _("That did not work. Try again; the details are in the log.")
        )

    def _show_status(self, message: str) -> None:
        self.status.setText(message)
        self.status.show()

    def status_text(self) -> str:
        return self.status.text() if not self.status.isHidden() else ""

    def visible_names(self) -> list[str]:
        """The names in the list, top to bottom (what a user reads; for tests)."""
        return [
            str(self.model.data(self.model.index(row, 0)))
            for row in range(self.model.rowCount(QModelIndex()))
        ]
