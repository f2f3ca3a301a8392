"""Record a payment: the amount (what remains to pay, already typed), how, when, a reference.

A payment above what remains asks to confirm it as an overpayment; every other
refusal of the service is shown under the form and nothing is recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.invoicing import PaymentMethod
from telecentre_desk.i18n import _, format_date, format_money
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.payments import (
    OverpaymentError,
    PaymentResult,
    PaymentView,
    record_payment,
    reverse_payment,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.amounts import money_text, parse_money
from telecentre_desk.ui.invoices.asking import Asker
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner


class PaymentDialog(QDialog):
    recorded = Signal(object)  # PaymentResult

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        invoice_id: int,
        number: str,
        balance: Decimal,
        asker: Asker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.invoice_id = invoice_id
        self.asker = asker
        self.setWindowTitle(_("Record a payment"))
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 18)
        column.setSpacing(10)
        column.addWidget(
            label(_("Payment for invoice {number}").format(number=number), "subheading")
        )
        column.addWidget(
            label(
                _("Left to pay: {amount}.").format(amount=format_money(balance)),
                "lead",
            )
        )
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.amount = QLineEdit(money_text(max(balance, Decimal(0))))
        self.amount.setAccessibleName(_("Amount"))
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(method.label, method.value)
        self.method.setCurrentIndex(self.method.findData(PaymentMethod.TRANSFER.value))
        self.paid_on = QDateEdit(QDate.currentDate())
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("dd/MM/yyyy")
        self.paid_on.setMaximumDate(QDate.currentDate())
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Cheque number, transfer reference…"))
        self.at_desk = QCheckBox(_("Taken at the desk today (counts in the desk closing)"))
        for widget in (self.amount, self.method, self.paid_on, self.reference):
            widget.setMinimumHeight(FIELD_MIN_HEIGHT)
        form.addRow(_("&Amount (€)"), self.amount)
        form.addRow(_("&How"), self.method)
        form.addRow(_("&Paid on"), self.paid_on)
        form.addRow(_("&Reference"), self.reference)
        form.addRow(self.at_desk)
        column.addLayout(form)
        self.error = label("", "error")
        self.error.hide()
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.record_button = buttons.addButton(
            _("Record the payment"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.record_button.setDefault(True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()
        self.amount.setFocus()
        self.amount.selectAll()

    def _method_changed(self) -> None:
        transfer = self.method.currentData() == PaymentMethod.TRANSFER.value
        self.at_desk.setEnabled(not transfer)
        if transfer:
            self.at_desk.setChecked(False)
        else:
            self.at_desk.setChecked(self.paid_on.date() == QDate.currentDate())

    def accept(self) -> None:
        self._record(allow_overpayment=False)

    def _record(self, *, allow_overpayment: bool) -> None:
        amount = parse_money(self.amount.text())
        if amount is None or amount <= 0:
            self._refuse(_("Type the amount received, such as 45,00."))
            return
        paid_on = self.paid_on.date().toPython()
        assert isinstance(paid_on, date)
        method = PaymentMethod(self.method.currentData())
        reference = self.reference.text()
        at_desk = self.at_desk.isChecked()

        def record(store: Store, actor: Actor, invoice_id: int) -> PaymentResult:
            return record_payment(
                store,
                actor,
                invoice_id,
                amount,
                method,
                paid_on,
                reference=reference,
                taken_at_desk=at_desk,
                allow_overpayment=allow_overpayment,
            )

        self.record_button.setEnabled(False)
        self.runner.submit(
            record,
            self.store,
            self.actor,
            self.invoice_id,
            on_done=self._recorded,
            on_error=self._refused,
        )

    def _recorded(self, result: PaymentResult) -> None:
        self.record_button.setEnabled(True)
        self.recorded.emit(result)
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self.record_button.setEnabled(True)
        if isinstance(error, OverpaymentError):
            if self.asker.confirm(_("Overpayment"), str(error), _("Record the overpayment")):
                self._record(allow_overpayment=True)
            else:
                self._refuse(_("Not recorded: check the amount."))
            return
        if isinstance(error, ValidationError):
            self._refuse("\n".join(error.problems.values()))
        elif isinstance(error, ServiceError):
            self._refuse(str(error))
        else:
            self._refuse(_("That did not work. Try again; details are in the log."))

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class ReversalDialog(QDialog):
    """Cancel a payment recorded by mistake: a negative row citing it is added (payments
    are never deleted), dated today."""

    reversed = Signal(object)  # PaymentResult

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        payments: Sequence[PaymentView],
        asker: Asker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.asker = asker
        self.payments = [p for p in payments if not p.reversed and p.reverses_payment_id is None]
        self.setWindowTitle(_("Cancel a payment"))
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 18)
        column.addWidget(label(_("Which payment was recorded by mistake?"), "subheading"))
        column.addWidget(
            label(
                _(
                    "It is not deleted: a cancelling line dated today is added, and the "
                    "invoice's balance goes back up."
                ),
                "muted",
            )
        )
        self.choices = QListWidget()
        self.choices.setObjectName("accounts")
        for payment in self.payments:
            self.choices.addItem(payment_text(payment))
        if self.payments:
            self.choices.setCurrentRow(0)
        column.addWidget(self.choices)
        self.error = label("", "error")
        self.error.hide()
        column.addWidget(self.error)
        buttons = QDialogButtonBox()
        self.cancel_payment_button = buttons.addButton(
            _("Cancel this payment"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_payment_button.setEnabled(bool(self.payments))
        buttons.addButton(_("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def accept(self) -> None:
        row = self.choices.currentRow()
        if not 0 <= row < len(self.payments):
            return
        payment = self.payments[row]
        if not self.asker.confirm(
            _("Cancel a payment"),
            _("Cancel the payment {payment}?").format(payment=payment_text(payment)),
            _("Cancel this payment"),
        ):
            return
        self.cancel_payment_button.setEnabled(False)
        self.runner.submit(
            reverse_payment,
            self.store,
            self.actor,
            payment.id,
            on_done=self._reversed,
            on_error=self._refused,
        )

    def _reversed(self, result: PaymentResult) -> None:
        self.reversed.emit(result)
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self.cancel_payment_button.setEnabled(True)
        if isinstance(error, ValidationError):
            text = "\n".join(error.problems.values())
        elif isinstance(error, ServiceError):
            text = str(error)
        else:
            text = _("That did not work. Try again; details are in the log.")
        self.error.setText(text)
        self.error.show()


def payment_text(payment: PaymentView) -> str:
    """ "28 nov. 2026: 18,00 €, Cheque 1234567"."""
    text = _("{date}: {amount}, {method}").format(
        date=format_date(payment.paid_on),
        amount=format_money(payment.amount),
        method=payment.method.label,
    )
    return f"{text} {payment.reference}".strip()
