"""The draft editor: check a draft invoice or credit note, correct it, then issue it.

The buyer block can be corrected; lines can be added, discounted or removed; the
totals follow. "Issue" gives the draft the next number of its series (which number
is only known once issued) and freezes it. Every change goes through the services on
the worker thread and the editor reloads the draft from what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.i18n import N_, _, format_date, format_money
from telecentre_desk.services.billing_settings import (
    get_billing_settings,
    missing_legal_identity,
)
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import NeedsConfirmation, ServiceError, ValidationError
from telecentre_desk.services.invoice_queries import InvoiceDetail, InvoiceLineView, get_invoice
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.amounts import quantity_text
from telecentre_desk.ui.invoices.asking import Asker
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner

# The buyer block: field name in the service, caption.
BUYER_FIELDS: tuple[tuple[str, str], ...] = (
    ("buyer_name", N_("Name")),
    ("buyer_address_line", N_("Address")),
    ("buyer_postal_code", N_("Postal code")),
    ("buyer_city", N_("City")),
    ("buyer_siret", N_("SIRET or SIREN")),
    ("buyer_vat_number", N_("VAT number")),
    ("buyer_email", N_("E-mail")),
    ("buyer_reference", N_("Customer's reference")),
)


@dataclass(frozen=True)
class LoadedDraft:
    detail: InvoiceDetail
    missing_identity: tuple[str, ...]
    vat_mode: VatMode


BUYER_KEYS = {name.removeprefix("buyer_") for name, _caption in BUYER_FIELDS} | {"is_company"}


def load_draft(store: Store, invoice_id: int) -> LoadedDraft:
    """The draft, the legal identity fields still missing, the VAT mode (worker thread)."""
    settings = get_billing_settings(store)
    return LoadedDraft(
        get_invoice(store, invoice_id), missing_legal_identity(store), settings.vat_mode
    )


class DraftEditor(QDialog):
    issued = Signal(int, str)  # invoice id, number
    settings_requested = Signal()
    deleted = Signal(int)
    changed = Signal()  # a line or the buyer changed: the list's totals follow

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        invoice_id: int,
        asker: Asker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.invoice_id = invoice_id
        self.asker = asker
        self.detail: InvoiceDetail | None = None
        self.vat_mode = VatMode.LIABLE
        self.line_dialog: QDialog | None = None
        self.setWindowTitle(_("Draft invoice"))
        self.resize(1100, 780)
        self._build()
        self.reload()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 18, 24, 18)
        column.setSpacing(10)
        self.heading = label("", "heading")
        column.addWidget(self.heading)
        self.subtitle = label("", "lead")
        column.addWidget(self.subtitle)
        self.warnings = label("", "coming")
        self.warnings.hide()
        column.addWidget(self.warnings)
        column.addWidget(self._identity_banner())

        middle = QHBoxLayout()
        middle.setSpacing(16)
        middle.addWidget(self._buyer_card(), 0)
        lines_column = QVBoxLayout()
        lines_column.addWidget(label(_("Lines"), "subheading"))
        self.lines = QTableWidget(0, 6)
        self.lines.setHorizontalHeaderLabels(
            [_("Description"), _("Quantity"), _("Unit price"), _("Discount"), _("VAT"), _("Net")]
        )
        self.lines.verticalHeader().setVisible(False)
        self.lines.verticalHeader().setDefaultSectionSize(38)
        self.lines.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.lines.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.lines.setWordWrap(True)
        self.lines.setAccessibleName(_("Lines of the draft"))
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Long descriptions wrap: the rows follow the width the columns end up with.
        header.sectionResized.connect(lambda *_args: self.lines.resizeRowsToContents())
        self.lines.itemSelectionChanged.connect(self._selection_changed)
        self.lines.itemActivated.connect(lambda _item: self.discount_selected())
        lines_column.addWidget(self.lines, 1)
        line_buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add a line…"))
        self.add_button.clicked.connect(self.add_line)
        self.discount_button = QPushButton(_("&Discount the line…"))
        self.discount_button.clicked.connect(self.discount_selected)
        self.remove_button = QPushButton(_("&Remove the line"))
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.add_button, self.discount_button, self.remove_button):
            line_buttons.addWidget(button)
        line_buttons.addStretch(1)
        lines_column.addLayout(line_buttons)
        self.totals = label("", "subheading")
        self.totals.setAlignment(Qt.AlignmentFlag.AlignRight)
        lines_column.addWidget(self.totals)
        middle.addLayout(lines_column, 1)
        column.addLayout(middle, 1)

        self.message = label("", "muted")
        column.addWidget(self.message)
        bottom = QHBoxLayout()
        self.delete_button = QPushButton(_("Delete the draft…"))
        self.delete_button.clicked.connect(self.delete_draft)
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        self.issue_button = QPushButton(_("&Issue…"))
        self.issue_button.setProperty("primary", True)
        self.issue_button.setToolTip(_("Give the draft its number and freeze it (Ctrl+Enter)"))
        self.issue_button.clicked.connect(self.issue)
        bottom.addWidget(self.issue_button)
        column.addLayout(bottom)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.issue)
        self.lines.installEventFilter(self)  # Delete on a line removes it
        self._selection_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.lines
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.remove_button.isEnabled()
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def _identity_banner(self) -> QFrame:
        self.identity_banner = QFrame()
        self.identity_banner.setObjectName("card")
        row = QHBoxLayout(self.identity_banner)
        row.setContentsMargins(14, 8, 14, 8)
        self.identity_text = label("", "error")
        row.addWidget(self.identity_text, 1)
        self.settings_button = QPushButton(_("Open the billing settings"))
        self.settings_button.clicked.connect(self._open_settings)
        row.addWidget(self.settings_button)
        self.identity_banner.hide()
        return self.identity_banner

    def _buyer_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        card.setFixedWidth(360)
        form = QFormLayout(card)
        form.setContentsMargins(16, 12, 16, 12)
        form.setVerticalSpacing(4)
        # Captions above their fields: the fields get the card's whole width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(label(_("Customer on the invoice"), "subheading"))
        self.buyer: dict[str, QLineEdit] = {}
        for name, caption in BUYER_FIELDS:
            field = QLineEdit()
            field.setAccessibleName(_(caption))
            self.buyer[name] = field
            caption_label = label(_(caption), "muted", wrap=False)
            caption_label.setBuddy(field)
            form.addRow(caption_label, field)
            if name == "buyer_city":
                self.is_company = QCheckBox(_("A company or an administration"))
                form.addRow(self.is_company)
        self.buyer["buyer_name"].returnPressed.connect(self.save_buyer)
        self.save_buyer_button = QPushButton(_("&Save the customer"))
        self.save_buyer_button.clicked.connect(self.save_buyer)
        form.addRow(self.save_buyer_button)
        self.buyer_error = label("", "error")
        self.buyer_error.hide()
        form.addRow(self.buyer_error)
        return card

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self.runner.submit(
            load_draft, self.store, self.invoice_id, on_done=self._show, on_error=self._failed
        )

    def _show(self, loaded: LoadedDraft) -> None:
        detail, missing = loaded.detail, loaded.missing_identity
        self.detail = detail
        self.vat_mode = loaded.vat_mode
        summary = detail.summary
        credit = summary.kind is DocumentKind.CREDIT_NOTE
        self.setWindowTitle(_("Draft credit note") if credit else _("Draft invoice"))
        if credit:
            self.heading.setText(
                _("Credit note for {customer}").format(customer=summary.customer_name)
            )
            subtitle = _(
                "Corrects invoice {number} of {date}. It will receive the next credit-note "
                "number when issued."
            ).format(
                number=detail.corrects_number or "",
                date=format_date(detail.corrects_issue_date) if detail.corrects_issue_date else "",
            )
        else:
            self.heading.setText(_("Invoice for {customer}").format(customer=summary.customer_name))
            subtitle = _(
                "Period {start} to {end}. Still a draft: it will receive the next invoice "
                "number when issued."
            ).format(start=format_date(summary.period_start), end=format_date(summary.period_end))
        self.subtitle.setText(subtitle)
        warnings = detail.warnings
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        self._show_identity(missing)
        self._fill_buyer(detail)
        self._fill_lines(detail)
        self.totals.setText(
            _("Net {net}   VAT {vat}   Total {gross}").format(
                net=format_money(summary.net_total),
                vat=format_money(summary.vat_total),
                gross=format_money(summary.gross_total),
            )
        )
        # A credit note only takes back what was invoiced: nothing to add or discount.
        self.add_button.setVisible(not credit)
        self.discount_button.setVisible(not credit)
        if self.selected_line_id() is None and self.lines.rowCount():
            self.select_line(0)

    def _show_identity(self, missing: tuple[str, ...]) -> None:
        if missing:
            self.identity_text.setText(
                _("Complete the centre's legal identity first: {fields}.").format(
                    fields=", ".join(missing)
                )
            )
        self.identity_banner.setVisible(bool(missing))

    def _fill_buyer(self, detail: InvoiceDetail) -> None:
        for name, field in self.buyer.items():
            field.setText(str(getattr(detail, name)))
            field.setCursorPosition(0)
        self.is_company.setChecked(detail.buyer_is_company)

    def _fill_lines(self, detail: InvoiceDetail) -> None:
        selected = self.selected_line_id()
        lines = list(detail.lines)
        self.lines.setRowCount(len(lines))
        for row, line in enumerate(lines):
            cells = (
                line.description,
                quantity_text(line.quantity),
                format_money(line.unit_price),
                format_money(line.discount) if line.discount else "",
                _vat_text(line),
                format_money(line.net),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, line.id)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.lines.setItem(row, column, item)
            if line.id == selected:
                self.lines.selectRow(row)
        self.lines.resizeRowsToContents()
        self._selection_changed()

    def _failed(self, error: BaseException) -> None:
        self.show_error(error)

    # -- lines ---------------------------------------------------------------------------------
    def selected_line_id(self) -> int | None:
        rows = self.lines.selectionModel().selectedRows() if self.lines.selectionModel() else []
        if not rows:
            return None
        item = self.lines.item(rows[0].row(), 0)
        value = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return value if isinstance(value, int) else None

    def select_line(self, position: int) -> None:
        self.lines.selectRow(position)
        self.lines.setFocus()

    def _selection_changed(self) -> None:
        chosen = self.selected_line_id() is not None
        self.discount_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _line(self, line_id: int) -> InvoiceLineView | None:
        for line in self.detail.lines if self.detail is not None else ():
            if line.id == line_id:
                return line
        return None

    def discount_selected(self) -> None:
        line_id = self.selected_line_id()
        line = self._line(line_id) if line_id is not None else None
        if line is None:
            return
        from telecentre_desk.ui.invoices.line_dialogs import DiscountDialog

        dialog = DiscountDialog(line, parent=self)
        dialog.accepted_discount.connect(lambda amount: self._discount(line.id, amount))
        self._open_line_dialog(dialog)

    def _discount(self, line_id: int, amount: Decimal) -> None:
        from telecentre_desk.services.invoice_drafts import discount_line

        self._write(discount_line, line_id, amount, done=_("Discount saved."))

    def add_line(self) -> None:
        from telecentre_desk.ui.invoices.line_dialogs import NewLineDialog

        dialog = NewLineDialog(self.vat_mode, parent=self)
        dialog.accepted_line.connect(self._add)
        self._open_line_dialog(dialog)

    def _add(self, values: dict[str, object]) -> None:
        from telecentre_desk.services.invoice_drafts import add_line

        def add(store: Store, actor: Actor, invoice_id: int) -> object:
            return add_line(
                store,
                actor,
                invoice_id,
                str(values["description"]),
                Decimal(str(values["quantity"])),
                Decimal(str(values["unit_price"])),
                vat_rate=Decimal(str(values["vat_rate"])),
            )

        self._write(add, self.invoice_id, done=_("Line added."))

    def remove_selected(self) -> None:
        line_id = self.selected_line_id()
        line = self._line(line_id) if line_id is not None else None
        if line is None:
            return
        if not self.asker.confirm(
            _("Remove the line"),
            _("Remove “{line}” from this draft? What it billed can be billed again later.").format(
                line=line.description
            ),
            _("Remove"),
        ):
            return
        from telecentre_desk.services.invoice_drafts import remove_line

        self._write(remove_line, line.id, done=_("Line removed."))

    def _open_line_dialog(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.line_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "line_dialog", None))
        dialog.open()

    # -- buyer ---------------------------------------------------------------------------------
    def save_buyer(self) -> None:
        from telecentre_desk.services.invoice_drafts import update_buyer

        if self.detail is None:
            return
        changes: dict[str, object] = {}
        for name, field in self.buyer.items():
            if field.text().strip() != getattr(self.detail, name):
                changes[name.removeprefix("buyer_")] = field.text()
        if self.is_company.isChecked() != self.detail.buyer_is_company:
            changes["is_company"] = self.is_company.isChecked()
        self.buyer_error.hide()
        if not changes:
            self.say(_("Nothing to save: the customer was not changed."))
            return
        self._write(update_buyer, self.invoice_id, changes, done=_("Customer saved."))

    # -- whole draft ---------------------------------------------------------------------------
    def delete_draft(self) -> None:
        if not self.asker.confirm(
            _("Delete the draft"),
            _(
                "Delete this draft? Nothing is lost: what it billed will be billed again by the "
                "next “Prepare the invoices”."
            ),
            _("Delete"),
        ):
            return
        from telecentre_desk.services.invoice_drafts import delete_draft

        self.runner.submit(
            delete_draft,
            self.store,
            self.actor,
            self.invoice_id,
            on_done=self._deleted,
            on_error=self.show_error,
        )

    def _deleted(self, _result: object) -> None:
        self.deleted.emit(self.invoice_id)
        self.close()

    def issue(self) -> None:
        if self.detail is None or not self.issue_button.isEnabled():
            return
        credit = self.detail.summary.kind is DocumentKind.CREDIT_NOTE
        question = (
            _(
                "Issue this credit note now? It will receive the next credit-note number and can "
                "no longer be changed."
            )
            if credit
            else _(
                "Issue this invoice now? It will receive the next invoice number and can no "
                "longer be changed: a mistake is then corrected with a credit note."
            )
        )
        if not self.asker.confirm(_("Issue"), question, _("Issue")):
            return
        self._issue(confirm_missing_siren=False)

    def _issue(self, *, confirm_missing_siren: bool) -> None:
        from telecentre_desk.services.invoice_issue import issue_invoice

        self.issue_button.setEnabled(False)
        self.say(_("Issuing…"))

        def issue(store: Store, actor: Actor, invoice_id: int) -> object:
            return issue_invoice(
                store, actor, invoice_id, confirm_missing_siren=confirm_missing_siren
            )

        self.runner.submit(
            issue,
            self.store,
            self.actor,
            self.invoice_id,
            on_done=self._issued,
            on_error=self._issue_refused,
        )

    def _issued(self, result: object) -> None:
        self.issued.emit(self.invoice_id, str(getattr(result, "number", "")))
        self.close()

    def _issue_refused(self, error: BaseException) -> None:
        self.issue_button.setEnabled(True)
        if isinstance(error, NeedsConfirmation):
            self.say("")
            if self.asker.confirm(_("Issue"), str(error), _("Issue without it")):
                self._issue(confirm_missing_siren=True)
            return
        if isinstance(error, ValidationError) and "seller" in error.problems:
            self.identity_text.setText(error.problems["seller"])
            self.identity_banner.show()
            self.say("")
            return
        self.show_error(error)

    def _open_settings(self) -> None:
        self.settings_requested.emit()
        self.close()

    # -- writing -------------------------------------------------------------------------------
    def _write(self, service: Any, *args: object, done: str) -> None:
        self.runner.submit(
            service,
            self.store,
            self.actor,
            *args,
            on_done=lambda _result: self._written(done),
            on_error=self.show_error,
        )

    def _written(self, text: str) -> None:
        self.say(text)
        self.reload()
        self.changed.emit()

    def say(self, text: str) -> None:
        set_role(self.message, "muted")
        self.message.setText(text)

    def show_error(self, error: BaseException) -> None:
        set_role(self.message, "error")
        if isinstance(error, ValidationError):
            text = "\n".join(error.problems.values())
            if BUYER_KEYS & set(error.problems):
                self.buyer_error.setText(text)
                self.buyer_error.show()
        elif isinstance(error, ServiceError):
            text = str(error)
        else:
            text = _("That did not work. Try again; details are in the log.")
        self.message.setText(text)


def _vat_text(line: InvoiceLineView) -> str:
    rate = Decimal(line.vat_rate)
    if rate == 0:
        return _("No VAT")
    return f"{quantity_text(rate)} %"
