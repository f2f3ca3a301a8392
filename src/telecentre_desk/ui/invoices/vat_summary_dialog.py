"""The month's VAT summary for the accountant: bases and VAT per rate, invoices minus
credit notes (issued documents only, by issue date)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.vat import VatCategory
from telecentre_desk.i18n import _, format_date, format_money, ngettext
from telecentre_desk.services.accounting_exports import VatRow, VatSummary
from telecentre_desk.ui.invoices.amounts import quantity_text
from telecentre_desk.ui.views.base import label


def rate_text(row: VatRow) -> str:
    if row.category is VatCategory.EXEMPT:
        return _("No VAT")
    return f"{quantity_text(row.rate)} %"


class VatSummaryDialog(QDialog):
    def __init__(self, summary: VatSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("VAT summary"))
        self.resize(900, 360)
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 18)
        column.setSpacing(10)
        column.addWidget(
            label(
                _("VAT summary from {start} to {end}").format(
                    start=format_date(summary.start), end=format_date(summary.end)
                ),
                "subheading",
            )
        )
        column.addWidget(
            label(
                _("{invoices}, {credit_notes}: issued documents only, by issue date.").format(
                    invoices=ngettext(
                        "{count} invoice", "{count} invoices", summary.invoices
                    ).format(count=summary.invoices),
                    credit_notes=ngettext(
                        "{count} credit note", "{count} credit notes", summary.credit_notes
                    ).format(count=summary.credit_notes),
                ),
                "muted",
            )
        )
        rows = [
            [
                rate_text(row),
                format_money(row.invoiced_basis),
                format_money(row.credited_basis),
                format_money(row.basis),
                format_money(row.vat),
            ]
            for row in summary.rows
        ]
        rows.append([_("Total"), "", "", format_money(summary.basis), format_money(summary.vat)])
        headers = [_("VAT rate"), _("Invoiced (net)"), _("Credited (net)"), _("Net"), _("VAT")]
        self.table = QTableWidget(len(rows), len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(36)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for r, values in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(r, c, item)
        column.addWidget(self.table, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        close = QPushButton(_("Close"))
        close.setDefault(True)
        close.clicked.connect(self.close)
        bottom.addWidget(close)
        column.addLayout(bottom)
