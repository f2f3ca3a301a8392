"""The unpaid invoices, oldest due date first: how late, what is left, which reminder was sent.

Enter opens the invoice (to record a payment); "Reminder letter…" writes the next
level's letter as a PDF.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import N_, _, format_date, format_money, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.invoice_files import write_atomically
from telecentre_desk.services.payments import UnpaidInvoice, paris_today, unpaid_invoices
from telecentre_desk.services.reminders import send_reminder
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.asking import Asker
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner

HEADERS = (
    N_("Customer"),
    N_("Number"),
    N_("Due on"),
    N_("Late"),
    N_("Left to pay"),
    N_("Reminders sent"),
)


def load_unpaid(store: Store, text: str) -> list[UnpaidInvoice]:
    from telecentre_desk.domain.text import fold

    wanted = fold(text.strip())
    rows = unpaid_invoices(store, today=paris_today())
    return [row for row in rows if not wanted or wanted in fold(row.customer_name)]


def late_text(days: int) -> str:
    if days <= 0:
        return _("Not yet due")
    return ngettext("{count} day late", "{count} days late", days).format(count=days)


LAST_LEVEL = 3


def level_name(level: int) -> str:
    return {
        1: _("friendly reminder"),
        2: _("formal reminder"),
        3: _("formal notice"),
    }[level]


def reminder_text(level: int) -> str:
    if level <= 0:
        return _("None")
    return _("{level} of 3 ({name})").format(level=level, name=level_name(level))


class UnpaidPanel(QWidget):
    open_requested = Signal(int, bool)  # invoice id, is a draft (always False)

    def __init__(self, runner: ServiceRunner, store: Store, actor: Actor, view: QWidget) -> None:
        super().__init__()
        self.runner, self.store, self.actor = runner, store, actor
        self.view = view
        self.rows: list[UnpaidInvoice] = []
        self.loaded = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.summary = label("", "lead")
        column.addWidget(self.summary)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([_(text) for text in HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(_("Unpaid invoices"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.open_selected())  # Enter, double-click
        self.table.itemSelectionChanged.connect(self._selection_changed)
        column.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(_("Open the invoice"))
        self.open_button.clicked.connect(self.open_selected)
        self.reminder_button = QPushButton(_("Reminder letter…"))
        self.reminder_button.clicked.connect(self.write_reminder)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.reminder_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.message = label("", "muted")
        column.addWidget(self.message)
        self._selection_changed()

    def reload(self, text: str = "") -> None:
        self.runner.submit(
            load_unpaid, self.store, text, on_done=self._show, on_error=self._refused
        )

    def _show(self, rows: list[UnpaidInvoice]) -> None:
        self.loaded = True
        selected = self.selected()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for position, row in enumerate(rows):
            cells = (
                row.customer_name,
                row.number,
                format_date(row.due_date),
                late_text(row.days_late),
                format_money(row.balance),
                reminder_text(row.reminder_level),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 4:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(position, column, item)
            if selected is not None and row.invoice_id == selected.invoice_id:
                self.table.selectRow(position)
        late = [row for row in rows if row.days_late > 0]
        total = sum((row.balance for row in rows), start=Decimal(0))
        if not rows:
            self.summary.setText(_("Every issued invoice is paid."))
        else:
            self.summary.setText(
                ngettext(
                    "{count} invoice unpaid, {late} late, {total} in all.",
                    "{count} invoices unpaid, {late} late, {total} in all.",
                    len(rows),
                ).format(count=len(rows), late=len(late), total=format_money(total))
            )
        self._selection_changed()

    def selected(self) -> UnpaidInvoice | None:
        model = self.table.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()]

    def _selection_changed(self) -> None:
        chosen = self.selected()
        self.open_button.setEnabled(chosen is not None)
        self.reminder_button.setEnabled(chosen is not None and chosen.days_late > 0)

    def open_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self.open_requested.emit(chosen.invoice_id, False)

    def write_reminder(self) -> None:
        """The next reminder letter for the chosen invoice and the customer's other late
        invoices at the same level: recorded as sent, and saved as a PDF to print or mail."""
        chosen = self.selected()
        asker: Asker | None = getattr(self.view, "asker", None)
        if chosen is None or asker is None:
            return
        level = chosen.reminder_level + 1
        if level > LAST_LEVEL:
            self.say(
                _("The formal notice was already sent: what follows is outside the software."),
                "muted",
            )
            return
        same = [
            row
            for row in self.rows
            if row.customer_key == chosen.customer_key
            and row.days_late > 0
            and row.reminder_level + 1 == level
        ]
        numbers = ", ".join(row.number for row in same)
        if not asker.confirm(
            _("Reminder letter"),
            _(
                "Write the {kind} to {customer} for {numbers}? It is recorded as sent today; "
                "then print it or attach it to an e-mail."
            ).format(kind=level_name(level), customer=chosen.customer_name, numbers=numbers),
            _("Write the letter"),
        ):
            return
        path: Path | None = asker.save_path(
            _("Save the reminder letter"),
            f"relance-{level}-{chosen.number}.pdf",
            _("PDF (*.pdf)"),
        )
        if path is None:
            return
        ids = [row.invoice_id for row in same]

        def send(store: Store, actor: Actor) -> Path:
            result = send_reminder(store, actor, ids, level)
            write_atomically(path, result.pdf)
            return path

        self.runner.submit(
            send, self.store, self.actor, on_done=self._written, on_error=self._refused
        )

    def _written(self, path: Path) -> None:
        self.say(_("Letter saved to {path}.").format(path=path), "muted")
        self.reload()

    def say(self, text: str, role: str) -> None:
        set_role(self.message, role)
        self.message.setText(text)

    def _refused(self, error: BaseException) -> None:
        self.loaded = True
        if isinstance(error, ValidationError):
            self.say("\n".join(error.problems.values()), "error")
        elif isinstance(error, ServiceError):
            self.say(str(error), "error")
        else:
            self.say(_("The unpaid invoices could not be loaded. Try again with F5."), "error")
