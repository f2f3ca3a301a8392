"""Importing members: choose a file, check the column choices and every line, then confirm.

Nothing is stored before the user presses "Import", and that button only
becomes available once the preview has no problem left. The import itself
checks everything again in one transaction: all the members, or none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.member_columns import MemberColumn
from telecentre_desk.i18n import _, format_number, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.member_import import (
    ImportPreview,
    ImportRefused,
    ImportResult,
    RowCheck,
    import_members,
    preview_import,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.members import dialogs
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.theme import ERROR, FIELD_MIN_HEIGHT, MUTED, apply_theme, set_role
from telecentre_desk.ui.worker import ServiceRunner

MAX_LINES_SHOWN = 1000


class ImportDialog(QDialog):
    imported = Signal(int)  # how many members were stored

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        apply_theme()
        self.runner, self.store, self.actor = runner, store, actor
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self._busy = False
        self.setWindowTitle(_("Import members"))
        self.setModal(True)
        self.resize(1100, 820)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.setSpacing(10)
        layout.addWidget(text_label(_("Import members"), "heading"))
        layout.addWidget(
            text_label(
                _(
                    "Choose a CSV or Excel file with one member per line and a header line "
                    "(Nom, Prénom, Courriel…). Nothing is stored until you confirm a preview "
                    "without problems."
                ),
                "lead",
            )
        )
        file_row = QHBoxLayout()
        self.file_label = text_label(_("No file chosen yet."), "muted")
        file_row.addWidget(self.file_label, 1)
        self.choose_button = QPushButton(_("Choose a file…"))
        self.choose_button.clicked.connect(self.choose_file)
        self.recheck_button = QPushButton(_("Check the file again"))
        self.recheck_button.setToolTip(_("After correcting the file in your spreadsheet"))
        self.recheck_button.clicked.connect(lambda: self._check())
        self.recheck_button.setEnabled(False)
        file_row.addWidget(self.recheck_button)
        file_row.addWidget(self.choose_button)
        layout.addLayout(file_row)

        self.summary = text_label("", "subheading")
        self.summary.hide()
        layout.addWidget(self.summary)

        layout.addWidget(text_label(_("Columns of the file"), "subheading"))
        self.columns_table = self._table([_("Column in the file"), _("Example"), _("Imported as")])
        self.columns_table.setMinimumHeight(200)
        layout.addWidget(self.columns_table, 1)

        lines_header = QHBoxLayout()
        lines_header.addWidget(text_label(_("Lines"), "subheading"))
        lines_header.addStretch(1)
        self.only_problems = QCheckBox(_("Only the lines with problems"))
        self.only_problems.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.only_problems.toggled.connect(lambda _on: self._fill_lines())
        lines_header.addWidget(self.only_problems)
        layout.addLayout(lines_header)
        self.lines_table = self._table([_("Line"), _("Member"), _("Problems and remarks")])
        self.lines_table.setMinimumHeight(160)
        layout.addWidget(self.lines_table, 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setProperty("primary", True)
        self.import_button.setEnabled(False)
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.confirm_import)
        buttons.addWidget(close)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)

    @staticmethod
    def _table(headers: list[str]) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(90)
        return table

    # -- choosing and checking -------------------------------------------------
    def choose_file(self) -> None:
        path = dialogs.ask_open_path(
            self,
            _("Choose the member list"),
            _("Spreadsheets (*.csv *.xlsx *.txt);;All files (*)"),
        )
        if path is not None:
            self.set_file(path)

    def set_file(self, path: Path) -> None:
        self.path = Path(path)
        self.preview = None
        self.file_label.setText(_("File: {name}").format(name=self.path.name))
        set_role(self.file_label, "lead")
        self.recheck_button.setEnabled(True)
        self._check(reset_mapping=True)

    def _check(self, *, reset_mapping: bool = False) -> None:
        if self.path is None or self._busy:
            return
        mapping = None if reset_mapping or self.preview is None else self.preview.mapping()
        self._set_busy(True)
        self.runner.submit(
            preview_import,
            self.store,
            self.path,
            mapping,
            on_done=self._show_preview,
            on_error=self._failed,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.import_button.setEnabled(not busy and self.preview is not None and self.preview.ok)
        self.choose_button.setEnabled(not busy)
        if busy:
            self.summary.setText(_("Reading the file…"))
            set_role(self.summary, "subheading")
            self.summary.show()

    def _show_preview(self, preview: ImportPreview) -> None:
        self.preview = preview
        self._set_busy(False)
        self._fill_columns(preview)
        self.only_problems.blockSignals(True)
        self.only_problems.setChecked(bool(preview.error_rows))
        self.only_problems.blockSignals(False)
        self._fill_lines()
        self._show_summary(preview)

    def _show_summary(self, preview: ImportPreview) -> None:
        details = _("{rows} lines read · {encoding}").format(
            rows=format_number(len(preview.rows)), encoding=preview.encoding
        )
        if preview.separator:
            shown = _("tab") if preview.separator == "\t" else preview.separator
            details += " · " + _("separator {separator}").format(separator=shown)
        self.file_label.setText(
            _("File: {name} ({details})").format(name=preview.file_name, details=details)
        )
        if preview.ok:
            count = len(preview.rows)
            text = ngettext(
                "{count} member is ready to be imported.",
                "{count} members are ready to be imported.",
                count,
            ).format(count=format_number(count))
            if preview.new_organisations:
                text += " " + _("New organisations to create: {names}.").format(
                    names=", ".join(preview.new_organisations)
                )
            self.import_button.setText(
                ngettext("Import {count} member", "Import {count} members", count).format(
                    count=format_number(count)
                )
            )
            role = "subheading"
        else:
            lines = len(preview.error_rows)
            parts = list(preview.problems)
            if lines:
                parts.append(
                    ngettext(
                        "{count} line has problems.", "{count} lines have problems.", lines
                    ).format(count=format_number(lines))
                )
            parts.append(
                _(
                    "Nothing will be imported until every problem is corrected: correct the "
                    "file in your spreadsheet, save it, then press “Check the file again”."
                )
            )
            text = "\n".join(parts)
            self.import_button.setText(_("Import"))
            role = "error"
        self.summary.setText(text)
        set_role(self.summary, role)
        self.summary.show()
        self.import_button.setEnabled(preview.ok)

    def _fill_columns(self, preview: ImportPreview) -> None:
        table = self.columns_table
        table.setRowCount(len(preview.columns))
        for row, choice in enumerate(preview.columns):
            table.setItem(row, 0, QTableWidgetItem(choice.header or _("(no header)")))
            table.setItem(row, 1, QTableWidgetItem(choice.sample))
            combo = QComboBox()
            combo.setMinimumHeight(FIELD_MIN_HEIGHT)
            none_text = (
                _("Not imported (not needed by the centre)")
                if choice.ignored_on_purpose
                else _("Not imported")
            )
            combo.addItem(none_text, None)
            for column in MemberColumn:
                combo.addItem(column.label, column)
            combo.setCurrentIndex(max(combo.findData(choice.column), 0))
            combo.setAccessibleName(_("Column “{header}” imported as").format(header=choice.header))
            combo.currentIndexChanged.connect(
                lambda _index, index=choice.index, box=combo: self._column_changed(index, box)
            )
            table.setCellWidget(row, 2, combo)
            table.setRowHeight(row, FIELD_MIN_HEIGHT + 8)

    def column_combo(self, header: str) -> QComboBox:
        """The "imported as" choice of the file column named ``header`` (for tests)."""
        assert self.preview is not None
        for row, choice in enumerate(self.preview.columns):
            if choice.header == header:
                widget = self.columns_table.cellWidget(row, 2)
                assert isinstance(widget, QComboBox)
                return widget
        raise KeyError(header)

    def _column_changed(self, index: int, combo: QComboBox) -> None:
        if self.preview is None:
            return
        mapping = self.preview.mapping()
        mapping[index] = combo.currentData()
        self._set_busy(True)
        self.runner.submit(
            preview_import,
            self.store,
            self.path,
            mapping,
            on_done=self._show_preview,
            on_error=self._failed,
        )

    def _fill_lines(self) -> None:
        table = self.lines_table
        preview = self.preview
        rows: list[RowCheck] = []
        if preview is not None:
            rows = list(preview.error_rows if self.only_problems.isChecked() else preview.rows)
        shown = rows[:MAX_LINES_SHOWN]
        table.setRowCount(len(shown))
        for index, row in enumerate(shown):
            line = QTableWidgetItem(format_number(row.line))
            line.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(index, 0, line)
            table.setItem(index, 1, QTableWidgetItem(row.name or _("(no name)")))
            if row.errors:
                text, colour = "\n".join(row.errors), ERROR
            elif row.warnings:
                text, colour = "\n".join(row.warnings), MUTED
            else:
                text, colour = _("Ready"), MUTED
            note = QTableWidgetItem(text[:1].upper() + text[1:])
            note.setForeground(QColor(colour))
            table.setItem(index, 2, note)
        table.resizeRowsToContents()

    def problems_shown(self) -> list[str]:
        """The problem texts in the lines table, top to bottom (what a user reads)."""
        return [
            item.text()
            for row in range(self.lines_table.rowCount())
            if (item := self.lines_table.item(row, 2)) is not None
        ]

    # -- importing ---------------------------------------------------------------
    def confirm_import(self) -> None:
        if self.preview is None or not self.preview.ok or self._busy or self.path is None:
            return
        self._set_busy(True)
        self.summary.setText(_("Importing…"))
        self.runner.submit(
            import_members,
            self.store,
            self.actor,
            self.path,
            self.preview.mapping(),
            on_done=self._imported,
            on_error=self._failed,
        )

    def _imported(self, result: ImportResult) -> None:
        self._set_busy(False)
        self.imported.emit(result.imported)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, ImportRefused):  # the file changed since the preview
            self._show_preview(error.preview)
            return
        message = (
            str(error)
            if isinstance(error, ServiceError)
            else _("The file could not be read. Try again; the details are in the log.")
        )
        self.preview = None
        self.columns_table.setRowCount(0)
        self.lines_table.setRowCount(0)
        self.summary.setText(message)
        set_role(self.summary, "error")
        self.summary.show()
        self.import_button.setEnabled(False)
