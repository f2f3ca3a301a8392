"""An issued invoice or credit note: its archived PDF shown page by page, and what to do next.

The pages are rendered from the PDF stored at issue time (on the worker thread), so
what is shown is exactly what the customer receives. From here: record a payment,
prepare a credit note, save the PDF, print it or open it in the PDF viewer.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.i18n import _, format_date, format_money, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.invoice_issue import archived_pdf
from telecentre_desk.services.invoice_queries import InvoiceDetail, get_invoice
from telecentre_desk.services.payments import PaymentView, balance, payments_of
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.asking import Asker
from telecentre_desk.ui.invoices.payment_dialog import payment_text
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner

PREVIEW_DPI = 80


@dataclass(frozen=True)
class LoadedDocument:
    detail: InvoiceDetail
    pdf: bytes
    pages: tuple[bytes, ...]  # PNG of each page
    balance: Decimal | None  # None for a credit note
    payments: tuple[PaymentView, ...]


def load_document(store: Store, invoice_id: int) -> LoadedDocument:
    """The issued document, its archived PDF rendered to images, its payments (worker)."""
    from telecentre_desk.documents.pdf_preview import render_pages_png

    detail = get_invoice(store, invoice_id)
    pdf = archived_pdf(store, invoice_id)
    pages = tuple(render_pages_png(pdf, dpi=PREVIEW_DPI))
    if detail.summary.kind is DocumentKind.CREDIT_NOTE:
        return LoadedDocument(detail, pdf, pages, None, ())
    return LoadedDocument(
        detail, pdf, pages, balance(store, invoice_id), tuple(payments_of(store, invoice_id))
    )


class PreviewDialog(QDialog):
    credit_drafted = Signal(int)  # a credit-note draft made from here
    paid = Signal(object)  # PaymentResult

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
        self.loaded: LoadedDocument | None = None
        self.page_labels: list[QLabel] = []
        self.child_dialog: QDialog | None = None
        self.setWindowTitle(_("Invoice"))
        self.resize(1100, 860)
        self._build()
        self.reload()

    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(18, 16, 18, 16)
        outer.setSpacing(18)
        self.page_area = QScrollArea()
        self.page_area.setWidgetResizable(True)
        self.page_area.setMinimumWidth(700)
        pages = QWidget()
        pages.setObjectName("viewPage")
        self.pages_layout = QVBoxLayout(pages)
        self.pages_layout.setSpacing(16)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.loading = label(_("Preparing the preview…"), "muted")
        self.pages_layout.addWidget(self.loading)
        self.page_area.setWidget(pages)
        outer.addWidget(self.page_area, 1)

        side = QVBoxLayout()
        side.setSpacing(10)
        self.heading = label("", "heading")
        side.addWidget(self.heading)
        self.customer = label("", "subheading")
        side.addWidget(self.customer)
        self.facts = label("", "lead")
        side.addWidget(self.facts)
        self.state = label("", "subheading")
        side.addWidget(self.state)
        self.payments = label("", "muted")
        side.addWidget(self.payments)
        side.addSpacing(8)
        self.pay_button = QPushButton(_("Record a &payment…"))
        self.pay_button.setProperty("primary", True)
        self.pay_button.clicked.connect(self.record_payment)
        self.reverse_button = QPushButton(_("Cancel a payment…"))
        self.reverse_button.setToolTip(_("For a payment recorded by mistake"))
        self.reverse_button.clicked.connect(self.cancel_payment)
        self.credit_button = QPushButton(_("&Credit note…"))
        self.credit_button.clicked.connect(self.credit_note)
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.save_button.setToolTip(_("The PDF archived when it was issued (Ctrl+S)"))
        self.save_button.clicked.connect(self.save_pdf)
        self.print_button = QPushButton(_("P&rint…"))
        self.print_button.setToolTip(_("Ctrl+P"))
        self.print_button.clicked.connect(self.print_document)
        self.open_button = QPushButton(_("&Open in the PDF viewer"))
        self.open_button.clicked.connect(self.open_in_viewer)
        for button in (
            self.pay_button,
            self.reverse_button,
            self.credit_button,
            self.save_button,
            self.print_button,
            self.open_button,
        ):
            button.setEnabled(False)
            side.addWidget(button)
        self.message = label("", "muted")
        side.addWidget(self.message)
        side.addStretch(1)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.close)
        side.addWidget(self.close_button)
        holder = QFrame()
        holder.setFixedWidth(330)
        holder.setLayout(side)
        outer.addWidget(holder)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_pdf)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_document)

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        self.runner.submit(
            load_document, self.store, self.invoice_id, on_done=self._show, on_error=self._failed
        )

    def _show(self, loaded: LoadedDocument) -> None:
        self.loaded = loaded
        summary = loaded.detail.summary
        credit = summary.kind is DocumentKind.CREDIT_NOTE
        title = (_("Credit note {number}") if credit else _("Invoice {number}")).format(
            number=summary.number or ""
        )
        self.setWindowTitle(title)
        self.heading.setText(title)
        self.customer.setText(summary.customer_name)
        facts = [
            _("Issued on {date}").format(date=format_date(summary.issue_date))
            if summary.issue_date
            else "",
            _("Total {amount}").format(amount=format_money(summary.gross_total)),
        ]
        if credit and loaded.detail.corrects_number:
            facts.append(
                _("Corrects invoice {number}").format(number=loaded.detail.corrects_number)
            )
        elif summary.due_date:
            facts.append(_("Due on {date}").format(date=format_date(summary.due_date)))
        self.facts.setText("\n".join(fact for fact in facts if fact))
        self._show_state(loaded)
        self._show_pages(loaded.pages)
        for button in (self.save_button, self.print_button, self.open_button):
            button.setEnabled(True)
        self.pay_button.setVisible(not credit)
        self.credit_button.setVisible(not credit)
        self.pay_button.setEnabled(loaded.balance is not None and loaded.balance > 0)
        self.credit_button.setEnabled(True)
        reversible = [p for p in loaded.payments if not p.reversed and not p.reverses_payment_id]
        self.reverse_button.setVisible(bool(reversible))
        self.reverse_button.setEnabled(bool(reversible))
        (self.pay_button if self.pay_button.isEnabled() else self.save_button).setFocus()

    def _show_state(self, loaded: LoadedDocument) -> None:
        if loaded.balance is None:
            self.state.setText("")
            self.payments.setText("")
            return
        if loaded.balance > 0:
            text = _("Left to pay: {amount}").format(amount=format_money(loaded.balance))
        elif loaded.balance == 0:
            text = _("Paid in full")
        else:
            text = _("Overpaid by {amount}").format(amount=format_money(-loaded.balance))
        self.state.setText(text)
        set_role(self.state, "subheading")
        lines = [payment_text(payment) for payment in loaded.payments]
        if lines:
            header = ngettext("{count} payment:", "{count} payments:", len(lines)).format(
                count=len(lines)
            )
            self.payments.setText("\n".join([header, *lines]))
        else:
            self.payments.setText(_("No payment recorded yet."))

    def _show_pages(self, pages: tuple[bytes, ...]) -> None:
        for page_label in self.page_labels:
            page_label.setParent(None)
            page_label.deleteLater()
        self.page_labels = []
        self.loading.hide()
        for number, png in enumerate(pages, start=1):
            pixmap = QPixmap()
            pixmap.loadFromData(png, "PNG")
            page = QLabel()
            page.setPixmap(pixmap)
            page.setAccessibleName(
                _("Page {page} of {pages}").format(page=number, pages=len(pages))
            )
            page.setStyleSheet("border: 1px solid #c9d1d9; background: white;")
            self.pages_layout.addWidget(page)
            self.page_labels.append(page)

    def _failed(self, error: BaseException) -> None:
        self.loading.setText(
            str(error)
            if isinstance(error, ServiceError)
            else _("The preview could not be made. Try again; details are in the log.")
        )
        set_role(self.loading, "error")

    # -- actions -------------------------------------------------------------------------------
    def record_payment(self) -> None:
        loaded = self.loaded
        if loaded is None or loaded.balance is None:
            return
        from telecentre_desk.ui.invoices.payment_dialog import PaymentDialog

        dialog = PaymentDialog(
            self.runner,
            self.store,
            self.actor,
            self.invoice_id,
            loaded.detail.summary.number or "",
            loaded.balance,
            self.asker,
            parent=self,
        )
        dialog.recorded.connect(self._paid)
        self._open_child(dialog)

    def _paid(self, result: object) -> None:
        amount = getattr(result, "amount", None)
        if isinstance(amount, Decimal):
            self.message.setText(
                _("Payment of {amount} recorded.").format(amount=format_money(amount))
            )
        self.paid.emit(result)
        self.reload()

    def cancel_payment(self) -> None:
        if self.loaded is None:
            return
        from telecentre_desk.ui.invoices.payment_dialog import ReversalDialog

        dialog = ReversalDialog(
            self.runner, self.store, self.actor, self.loaded.payments, self.asker, parent=self
        )
        dialog.reversed.connect(self._reversed)
        self._open_child(dialog)

    def _reversed(self, result: object) -> None:
        self.message.setText(_("Payment cancelled: the balance is back up."))
        self.paid.emit(result)
        self.reload()

    def credit_note(self) -> None:
        if self.loaded is None:
            return
        from telecentre_desk.ui.invoices.credit_note_dialog import CreditNoteDialog

        dialog = CreditNoteDialog(
            self.runner, self.store, self.actor, self.loaded.detail, parent=self
        )
        dialog.drafted.connect(self._credit_drafted)
        self._open_child(dialog)

    def _credit_drafted(self, credit_id: int) -> None:
        self.credit_drafted.emit(credit_id)
        self.close()

    def _open_child(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.child_dialog = dialog
        dialog.destroyed.connect(lambda: setattr(self, "child_dialog", None))
        dialog.open()

    def file_name(self) -> str:
        number = self.loaded.detail.summary.number if self.loaded else None
        return f"{number or 'document'}.pdf"

    def save_pdf(self) -> None:
        if self.loaded is None:
            return
        path = self.asker.save_path(_("Save the PDF"), self.file_name(), _("PDF (*.pdf)"))
        if path is None:
            return
        try:
            path.write_bytes(self.loaded.pdf)
        except OSError as error:
            self.message.setText(
                _("Not saved: {reason}. Choose another folder.").format(
                    reason=error.strerror or error
                )
            )
            set_role(self.message, "error")
            return
        set_role(self.message, "muted")
        self.message.setText(_("Saved to {path}.").format(path=path))

    def print_document(self) -> None:
        if self.loaded is None:
            return
        from telecentre_desk.ui.invoices.printing import print_pdf

        print_pdf(self, self.runner, self.loaded.pdf, self.windowTitle())

    def open_in_viewer(self) -> None:
        if self.loaded is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="telecentre-desk-"))
        path = folder / self.file_name()
        path.write_bytes(self.loaded.pdf)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            self.message.setText(
                _("No PDF viewer answered. The file is at {path}.").format(path=path)
            )
