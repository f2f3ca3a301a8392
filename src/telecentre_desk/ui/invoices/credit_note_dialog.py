"""Credit note: the whole invoice, or chosen quantities of some of its lines.

It prepares a credit-note draft (the service checks that nothing is credited twice);
the draft opens in the editor, where it is checked and issued like an invoice.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _, format_money
from telecentre_desk.services.context import Actor
from telecentre_desk.services.credit_notes import CreditNoteDraft, draft_credit_note
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.invoice_queries import InvoiceDetail
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.amounts import parse_decimal, quantity_text
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner

QUANTITY_COLUMN = 3


class CreditNoteDialog(QDialog):
    drafted = Signal(int)  # the credit-note draft's id

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        detail: InvoiceDetail,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.detail = detail
        self.setWindowTitle(_("Credit note"))
        self.resize(860, 520)
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 18)
        column.setSpacing(10)
        column.addWidget(
            label(
                _("Credit note for invoice {number} ({customer})").format(
                    number=detail.summary.number or "", customer=detail.summary.customer_name
                ),
                "subheading",
            )
        )
        column.addWidget(
            label(
                _(
                    "An issued invoice never changes: a credit note cancels all of it or part of "
                    "it, citing its number and date."
                ),
                "muted",
            )
        )
        self.whole = QRadioButton(_("Credit the &whole invoice"))
        self.some = QRadioButton(_("Credit &some lines only: type the quantity to credit"))
        group = QButtonGroup(self)
        group.addButton(self.whole)
        group.addButton(self.some)
        self.whole.setChecked(True)
        column.addWidget(self.whole)
        column.addWidget(self.some)
        self.lines = QTableWidget(len(detail.lines), 4)
        self.lines.setHorizontalHeaderLabels(
            [_("Line"), _("Invoiced"), _("Net"), _("Quantity to credit")]
        )
        self.lines.verticalHeader().setVisible(False)
        self.lines.verticalHeader().setDefaultSectionSize(40)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.quantities: dict[int, QLineEdit] = {}
        for row, line in enumerate(detail.lines):
            for col, text in enumerate(
                (line.description, quantity_text(line.quantity), format_money(line.net))
            ):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.lines.setItem(row, col, item)
            field = QLineEdit("0")
            field.setAccessibleName(
                _("Quantity to credit for {line}").format(line=line.description)
            )
            field.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.quantities[line.id] = field
            self.lines.setCellWidget(row, QUANTITY_COLUMN, field)
        column.addWidget(self.lines, 1)
        self.error = label("", "error")
        self.error.hide()
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.prepare_button = buttons.addButton(
            _("Prepare the credit note"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.prepare_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.whole.toggled.connect(self._mode_changed)
        self._mode_changed()

    def _mode_changed(self) -> None:
        self.lines.setEnabled(self.some.isChecked())

    def chosen(self) -> dict[int, Decimal] | None:
        """None for the whole invoice; else line id -> quantity (empty: an error is shown)."""
        if self.whole.isChecked():
            return None
        chosen: dict[int, Decimal] = {}
        for line in self.detail.lines:
            value = parse_decimal(self.quantities[line.id].text())
            if value is None or value < 0 or value > line.quantity:
                self._refuse(
                    _("For “{line}”, type a quantity from 0 to {most}.").format(
                        line=line.description, most=quantity_text(line.quantity)
                    )
                )
                return {}
            if value > 0:
                chosen[line.id] = value
        if not chosen:
            self._refuse(_("Type the quantity to credit on at least one line."))
        return chosen

    def accept(self) -> None:
        chosen = self.chosen()
        if chosen == {}:
            return
        self.error.hide()
        self.prepare_button.setEnabled(False)
        self.runner.submit(
            draft_credit_note,
            self.store,
            self.actor,
            self.detail.summary.id,
            chosen,
            on_done=self._drafted,
            on_error=self._refused,
        )

    def _drafted(self, result: CreditNoteDraft) -> None:
        self.drafted.emit(result.invoice_id)
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self.prepare_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self._refuse("\n".join(error.problems.values()))
        elif isinstance(error, ServiceError):
            self._refuse(str(error))
        else:
            self._refuse(_("That did not work. Try again; details are in the log."))

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
