"""The list of documents of the Invoices view: what is loaded, and the table model showing it.

``load_rows`` runs on the worker thread (it calls the services); the model only
formats the plain rows it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.i18n import _, format_date, format_money
from telecentre_desk.services.invoice_queries import InvoiceSummary, list_invoices
from telecentre_desk.services.payments import balances as balances_of
from telecentre_desk.services.store import Store
from telecentre_desk.ui.theme import ERROR

ZERO = Decimal("0.00")
_Index = QModelIndex | QPersistentModelIndex


class Shown(StrEnum):
    """The tabs above the list."""

    DRAFTS = "drafts"
    ISSUED = "issued"
    CREDIT_NOTES = "credit_notes"


@dataclass(frozen=True)
class Row:
    id: int
    kind: DocumentKind
    status: InvoiceStatus
    number: str  # empty for a draft
    customer: str
    period_start: date
    period_end: date
    issue_date: date | None
    due_date: date | None
    net: Decimal
    vat: Decimal
    gross: Decimal
    balance: Decimal | None  # None for drafts and credit notes

    @property
    def is_draft(self) -> bool:
        return self.status is InvoiceStatus.DRAFT

    @property
    def state(self) -> str:
        """What the user reads in the "Status" column."""
        if self.is_draft:
            return _("Draft")
        if self.kind is DocumentKind.CREDIT_NOTE:
            return _("Credit note")
        if self.balance is None or self.balance == self.gross:
            return _("Unpaid") if self.gross > 0 else _("Paid")
        if self.balance <= 0:
            return _("Paid") if self.balance == 0 else _("Overpaid")
        return _("Partly paid")


def load_rows(
    store: Store, shown: Shown, period_start: date, period_end: date, text: str
) -> list[Row]:
    """The documents of one tab for the period, with the balance of each issued invoice."""
    status = InvoiceStatus.DRAFT if shown is Shown.DRAFTS else InvoiceStatus.ISSUED
    kind = DocumentKind.CREDIT_NOTE if shown is Shown.CREDIT_NOTES else DocumentKind.INVOICE
    summaries = list_invoices(
        store,
        status=status,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        customer_text=text,
    )
    balances: dict[int, Decimal] = {}
    if shown is Shown.ISSUED and summaries:
        balances = balances_of(store, [summary.id for summary in summaries])
    return [row_of(summary, balances.get(summary.id)) for summary in summaries]


def row_of(summary: InvoiceSummary, balance: Decimal | None) -> Row:
    return Row(
        id=summary.id,
        kind=summary.kind,
        status=summary.status,
        number=summary.number or "",
        customer=summary.customer_name,
        period_start=summary.period_start,
        period_end=summary.period_end,
        issue_date=summary.issue_date,
        due_date=summary.due_date,
        net=summary.net_total,
        vat=summary.vat_total,
        gross=summary.gross_total,
        balance=balance,
    )


class Column(StrEnum):
    CUSTOMER = "customer"
    NUMBER = "number"
    ISSUED = "issued"
    DUE = "due"
    NET = "net"
    VAT = "vat"
    GROSS = "gross"
    BALANCE = "balance"
    STATUS = "status"

    @property
    def heading(self) -> str:
        return {
            Column.CUSTOMER: _("Customer"),
            Column.NUMBER: _("Number"),
            Column.ISSUED: _("Issued on"),
            Column.DUE: _("Due on"),
            Column.NET: _("Net"),
            Column.VAT: _("VAT"),
            Column.GROSS: _("Total"),
            Column.BALANCE: _("Left to pay"),
            Column.STATUS: _("Status"),
        }[self]


COLUMNS = tuple(Column)
_MONEY = {Column.NET, Column.VAT, Column.GROSS, Column.BALANCE}


class DocumentModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []

    def set_rows(self, rows: list[Row]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def row_at(self, index: int) -> Row | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].heading
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        row = self.row_at(index.row())
        if row is None:
            return None
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column is Column.STATUS
            and row.balance is not None
            and row.balance > 0
            and row.due_date is not None
            and row.due_date < date.today()
        ):
            return QColor(ERROR)  # late
        return None


def cell_text(row: Row, column: Column) -> str:
    if column is Column.CUSTOMER:
        return row.customer
    if column is Column.NUMBER:
        return row.number or _("(no number yet)")
    if column is Column.ISSUED:
        return format_date(row.issue_date) if row.issue_date else ""
    if column is Column.DUE:
        return format_date(row.due_date) if row.due_date else ""
    if column is Column.NET:
        return format_money(row.net)
    if column is Column.VAT:
        return format_money(row.vat)
    if column is Column.GROSS:
        return format_money(row.gross)
    if column is Column.BALANCE:
        return format_money(row.balance) if row.balance is not None else ""
    return row.state
