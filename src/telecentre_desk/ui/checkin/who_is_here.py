"""Who is here: arrival time and live duration, sortable and filterable; checking out.

The list reloads when a change set names presences or members (a check-in from
the field, the plan, the kiosk or another view); durations tick every 30 seconds
without asking the database anything.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.durations import format_duration
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor
from telecentre_desk.services.desk_choice import DeskChoices, desk_choices
from telecentre_desk.services.presence import (
    BatchResult,
    PresenceInfo,
    PresenceResult,
    check_out_everyone,
    check_out_members,
    move_to_desk,
    present_now,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.desk_combo import DeskCombo
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.forms import caption_label
from telecentre_desk.ui.checkin.text import clock, error_text
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.worker import ServiceRunner

TICK_MS = 30_000
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class PresenceModel(QAbstractTableModel):
    NAME, ORGANISATION, DESK, ARRIVAL, DURATION, NOTES = range(6)

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[PresenceInfo] = []
        self._now = datetime.now(UTC)
        self._headers = [
            _("Name"),
            _("Organisation"),
            _("Desk"),
            _("Arrival"),
            _("Duration"),
            _("Notes"),
        ]

    def set_rows(self, rows: list[PresenceInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._now = datetime.now(UTC)
        self.endResetModel()

    def rows(self) -> list[PresenceInfo]:
        return list(self._rows)

    def tick(self, now: datetime | None = None) -> None:
        """Move the clock: only the duration column changes."""
        self._now = now or datetime.now(UTC)
        if self._rows:
            top = self.index(0, self.DURATION)
            bottom = self.index(len(self._rows) - 1, self.DURATION)
            self.dataChanged.emit(top, bottom, [Qt.ItemDataRole.DisplayRole, SORT_ROLE])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return row.member_id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.NOTES:
            return self._text(row, column) or None
        return None

    def _text(self, row: PresenceInfo, column: int) -> str:
        if column == self.NAME:
            return row.member_name
        if column == self.ORGANISATION:
            return row.organisation
        if column == self.DESK:
            return row.desk_label or "—"
        if column == self.ARRIVAL:
            return clock(row.started_at)
        if column == self.DURATION:
            return format_duration(row.duration(self._now))
        notes = []
        if row.network_visitor:
            notes.append(_("network member"))
        if row.tariff_id is not None:
            notes.append(_("walk-in"))
        if row.source is not PresenceSource.DESK:
            notes.append(row.source.label)
        return ", ".join(notes)

    def _sort_key(self, row: PresenceInfo, column: int) -> Any:
        if column in (self.ARRIVAL, self.DURATION):
            return row.started_at.timestamp() * (1 if column == self.ARRIVAL else -1)
        return fold(self._text(row, column))


class _Filter(QSortFilterProxyModel):
    """Accent- and case-insensitive filter over name, organisation and desk."""

    def __init__(self) -> None:
        super().__init__()
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        texts = [
            str(model.data(model.index(source_row, column, source_parent)) or "")
            for column in (PresenceModel.NAME, PresenceModel.ORGANISATION, PresenceModel.DESK)
        ]
        haystack = fold(" ".join(texts))
        return all(word in haystack for word in self._words)


class WhoIsHere(QWidget):
    loaded = Signal(int)  # rows shown after a reload
    checked_out = Signal(object)  # BatchResult

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self._loading = False
        self._again = False
        # Presences already shown from a service's own answer: their change set needs
        # no reload (the list shows the change at once, without a second query).
        self._applied: set[int] = set()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        top = QHBoxLayout()
        self.title = caption_label(_("Who is here"), "subheading")
        self.title.setWordWrap(False)
        top.addWidget(self.title)
        top.addStretch(1)
        self.filter_field = QLineEdit()
        self.filter_field.setPlaceholderText(_("Filter: name, organisation or desk"))
        self.filter_field.setAccessibleName(_("Filter who is here"))
        self.filter_field.setClearButtonEnabled(True)
        self.filter_field.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.filter_field.setMinimumWidth(240)
        top.addWidget(self.filter_field)
        layout.addLayout(top)

        self.model = PresenceModel()
        self.proxy = _Filter()
        self.proxy.setSourceModel(self.model)
        self.filter_field.textChanged.connect(self.proxy.set_text)
        self.table = QTableView()
        self.table.setObjectName("whoIsHere")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(PresenceModel.ARRIVAL, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setWordWrap(False)
        self.table.setAccessibleName(_("Who is here"))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(PresenceModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PresenceModel.ORGANISATION, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (PresenceModel.DESK, 76),
            (PresenceModel.ARRIVAL, 92),
            (PresenceModel.DURATION, 116),
            (PresenceModel.NOTES, 120),
        ):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        layout.addWidget(self.table, 1)
        self.empty = caption_label(_("Nobody is checked in yet."), "muted")
        layout.addWidget(self.empty)

        actions = QHBoxLayout()
        actions.setSpacing(10)
        self.check_out_button = QPushButton(_("Check &out"))
        self.check_out_button.setToolTip(_("Check out the selected people (Delete)"))
        self.check_out_button.clicked.connect(self.check_out_selected)
        self.desk_button = QPushButton(_("Change &desk…"))
        self.desk_button.clicked.connect(self.change_desk)
        self.everyone_button = QPushButton(_("Check out &everyone…"))
        self.everyone_button.setToolTip(_("At closing time: everyone still here leaves now"))
        self.everyone_button.clicked.connect(self.check_out_all)
        for button in (self.check_out_button, self.desk_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.everyone_button)
        layout.addLayout(actions)
        self.feedback = Feedback()
        layout.addWidget(self.feedback)

        delete = QAction(self.table)
        delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.check_out_selected)
        self.table.addAction(delete)

        self._ticker = QTimer(self)
        self._ticker.setInterval(TICK_MS)
        self._ticker.timeout.connect(lambda: self.model.tick())
        self._ticker.start()
        self.runner.changed.connect(self._changes_arrived)
        self._update_buttons()
        self.reload()

    # -- data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        if self._loading:
            self._again = True
            return
        self._loading = True
        self.runner.submit(present_now, self.store, on_done=self._loaded, on_error=self._failed)

    def _loaded(self, rows: list[PresenceInfo]) -> None:
        self._loading = False
        if self._again:
            self._again = False
            self.reload()
            return
        self._applied.clear()
        self._show(rows)

    def apply(self, result: PresenceResult) -> None:
        """Show an arrival, a departure or a move at once, from the service's answer."""
        if not shiboken6.isValid(self) or result.already_present:
            return
        info = result.presence
        rows = [row for row in self.model.rows() if row.member_id != info.member_id]
        if not result.checked_out:
            rows.append(info)
        self._applied.add(info.id)
        self._show(rows)

    def _show(self, rows: list[PresenceInfo]) -> None:
        selected = set(self.selected_member_ids())
        self.model.set_rows(rows)
        self._reselect(selected)
        count = len(rows)
        self.title.setText(
            ngettext("Who is here: {count} person", "Who is here: {count} people", count).format(
                count=count
            )
        )
        self.empty.setVisible(count == 0)
        self._update_buttons()
        self.loaded.emit(count)

    def _failed(self, error: BaseException) -> None:
        self._loading = False
        self.feedback.problem(error_text(error))

    def _changes_arrived(self, changes: ChangeSet) -> None:
        if not shiboken6.isValid(self):
            return
        if not (changes.everything or changes.presences or changes.members):
            return
        if not changes.everything and changes.presences and changes.presences <= self._applied:
            self._applied -= changes.presences
            return
        self.reload()

    # -- selection ---------------------------------------------------------------------------------
    def selected_member_ids(self) -> list[int]:
        rows = self.table.selectionModel().selectedRows()
        return [int(self.proxy.data(index, ID_ROLE)) for index in rows]

    def shown_names(self) -> list[str]:
        """The names in the order shown (sorted and filtered), for tests and screen readers."""
        return [
            str(self.proxy.data(self.proxy.index(row, PresenceModel.NAME)))
            for row in range(self.proxy.rowCount())
        ]

    def select_members(self, member_ids: list[int]) -> None:
        self._reselect(set(member_ids))

    def _reselect(self, member_ids: set[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, ID_ROLE) in member_ids:
                selection.select(
                    index,
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )

    def _update_buttons(self) -> None:
        chosen = len(self.selected_member_ids())
        self.check_out_button.setEnabled(chosen > 0)
        self.desk_button.setEnabled(chosen == 1)
        self.everyone_button.setEnabled(self.model.rowCount() > 0)
        self.check_out_button.setText(
            _("Check &out") if chosen <= 1 else _("Check &out ({count})").format(count=chosen)
        )

    # -- actions -----------------------------------------------------------------------------------
    def check_out_selected(self) -> None:
        members = self.selected_member_ids()
        if not members:
            return
        self.runner.submit(
            check_out_members,
            self.store,
            self.actor,
            members,
            on_done=self._checked_out,
            on_error=self._failed,
        )

    def check_out_all(self) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Check out everyone"))
        box.setText(
            ngettext(
                "Check out the {count} person still here, now?",
                "Check out the {count} people still here, now?",
                count,
            ).format(count=count)
        )
        yes = box.addButton(_("Check out everyone"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        box.buttonClicked.connect(
            lambda button: self._everyone_confirmed() if button is yes else None
        )
        self.confirm_box = box
        box.open()

    def _everyone_confirmed(self) -> None:
        self.runner.submit(
            check_out_everyone,
            self.store,
            self.actor,
            on_done=self._checked_out,
            on_error=self._failed,
        )

    def _checked_out(self, result: BatchResult) -> None:
        gone = {info.member_id for info in result.closed}
        self._applied |= {info.id for info in result.closed}
        self._show([row for row in self.model.rows() if row.member_id not in gone])
        count = len(result.closed)
        if count == 1:
            self.feedback.done(
                _("{name} is checked out.").format(name=result.closed[0].member_name)
            )
        else:
            self.feedback.done(
                ngettext(
                    "{count} person checked out.", "{count} people checked out.", count
                ).format(count=count)
            )
        self.checked_out.emit(result)

    def change_desk(self) -> None:
        members = self.selected_member_ids()
        if len(members) != 1:
            return
        member = members[0]
        self.runner.submit(
            desk_choices,
            self.store,
            member,
            on_done=partial(self._ask_desk, member),
            on_error=self._failed,
        )

    def _ask_desk(self, member_id: int, choices: DeskChoices) -> None:
        info = next((row for row in self.model.rows() if row.member_id == member_id), None)
        if info is None:
            return
        dialog = DeskDialog(info, choices, self)
        dialog.chosen.connect(partial(self._move, member_id))
        self.desk_dialog = dialog
        dialog.open()

    def _move(self, member_id: int, desk_id: int | None) -> None:
        self.runner.submit(
            move_to_desk,
            self.store,
            self.actor,
            member_id,
            desk_id,
            on_done=self._moved,
            on_error=self._failed,
        )

    def _moved(self, result: PresenceResult) -> None:
        self.apply(result)
        info = result.presence
        if info.desk_label:
            text = _("{name} is now at desk {desk}.").format(
                name=info.member_name, desk=info.desk_label
            )
        else:
            text = _("{name} has no desk now.").format(name=info.member_name)
        self.feedback.done(text)


class DeskDialog(QDialog):
    """Choose another desk (or none) for someone who is here."""

    chosen = Signal(object)  # desk id or None

    def __init__(self, info: PresenceInfo, choices: DeskChoices, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Change desk"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(
            caption_label(
                _("Where does {name} sit now?").format(name=info.member_name), "subheading"
            )
        )
        self.combo = DeskCombo()
        self.combo.set_choices(choices)
        if info.desk_id is not None and not self.combo.select_desk(info.desk_id):
            label = info.desk_label or "?"
            self.combo.insertItem(1, _("{desk} (current)").format(desk=label), info.desk_id)
            self.combo.setCurrentIndex(1)
        layout.addWidget(self.combo)
        buttons = QDialogButtonBox()
        ok = buttons.addButton(_("Move"), QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        ok.setProperty("primary", True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.combo.setFocus()

    def _accept(self) -> None:
        self.chosen.emit(self.combo.desk_id())
        self.accept()
