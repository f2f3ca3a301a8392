"""Small forms of the draft editor: discount a line, add a line by hand."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.i18n import _, format_money
from telecentre_desk.ui.invoices.amounts import (
    CENT,
    is_percentage,
    money_text,
    parse_decimal,
    parse_money,
    quantity_text,
)
from telecentre_desk.ui.views.base import label

ZERO = Decimal("0.00")


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    accept = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    accept.setDefault(True)
    box.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class DiscountDialog(QDialog):
    """ "Discount on this line": an amount in euros, or a percentage ("10 %")."""

    accepted_discount = Signal(object)  # Decimal, in euros

    def __init__(self, line: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = line
        self.setWindowTitle(_("Discount the line"))
        self.setMinimumWidth(520)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        column.setSpacing(10)
        self.gross = (Decimal(line.quantity) * Decimal(line.unit_price)).quantize(CENT)
        column.addWidget(label(line.description, "subheading"))
        column.addWidget(
            label(
                _("{quantity} × {price} = {amount} before discount.").format(
                    quantity=quantity_text(line.quantity),
                    price=format_money(line.unit_price),
                    amount=format_money(self.gross),
                ),
                "muted",
            )
        )
        form = QFormLayout()
        self.amount = QLineEdit(money_text(line.discount) if line.discount else "")
        self.amount.setPlaceholderText(_("e.g. 15,00 or 10 %"))
        self.amount.setAccessibleName(_("Discount"))
        form.addRow(_("&Discount (€ or %)"), self.amount)
        column.addLayout(form)
        self.error = label("", "error")
        self.error.hide()
        column.addWidget(self.error)
        column.addWidget(_buttons(self, _("Apply the discount")))
        self.amount.setFocus()
        self.amount.selectAll()

    def discount(self) -> Decimal | None:
        """The discount in euros, or None (with the reason shown) when it cannot be used."""
        text = self.amount.text().strip()
        if not text:
            return ZERO
        value = parse_decimal(text)
        if value is None or value < 0:
            self._refuse(_("Type an amount such as 15,00 or a percentage such as 10 %."))
            return None
        if is_percentage(text):
            if value > 100:
                self._refuse(_("A percentage cannot be more than 100 %."))
                return None
            value = self.gross * value / 100
        value = value.quantize(CENT)
        if value > self.gross:
            self._refuse(
                _("The discount cannot be more than the line itself ({amount}).").format(
                    amount=format_money(self.gross)
                )
            )
            return None
        return value

    def _refuse(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def accept(self) -> None:
        value = self.discount()
        if value is None:
            return
        self.accepted_discount.emit(value)
        super().accept()


class NewLineDialog(QDialog):
    """A line typed by hand: what, how many, at what unit price (net of VAT)."""

    accepted_line = Signal(object)  # dict: description, quantity, unit_price, vat_rate

    def __init__(self, vat_mode: VatMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Add a line"))
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        column.setContentsMargins(20, 16, 20, 16)
        form = QFormLayout()
        self.description = QLineEdit()
        self.description.setPlaceholderText(_("e.g. Printing — 40 pages"))
        self.quantity = QLineEdit("1")
        self.unit_price = QLineEdit()
        self.unit_price.setPlaceholderText(_("net of VAT, e.g. 12,50"))
        form.addRow(_("&What"), self.description)
        form.addRow(_("&Quantity"), self.quantity)
        form.addRow(_("&Unit price (€)"), self.unit_price)
        # Only a centre liable to VAT charges it; the others' lines carry none.
        self.vat_rate = QLineEdit("20" if vat_mode is VatMode.LIABLE else "0")
        if vat_mode is VatMode.LIABLE:
            form.addRow(_("&VAT rate (%)"), self.vat_rate)
        else:
            self.vat_rate.hide()
        column.addLayout(form)
        self.error = label("", "error")
        self.error.hide()
        column.addWidget(self.error)
        column.addWidget(_buttons(self, _("Add the line")))
        self.description.setFocus()

    def values(self) -> dict[str, object] | None:
        problems = []
        description = self.description.text().strip()
        quantity = parse_decimal(self.quantity.text())
        price = parse_money(self.unit_price.text())
        rate = parse_decimal(self.vat_rate.text())
        if not description:
            problems.append(_("Say what the line is for."))
        if quantity is None or quantity <= 0:
            problems.append(_("The quantity must be a number above zero."))
        if price is None or price < 0:
            problems.append(_("Type the unit price, such as 12,50."))
        if rate is None or not 0 <= rate < 100:
            problems.append(_("Type the VAT rate in percent: 20, 10, 5,5 or 0."))
        if problems:
            self.error.setText("\n".join(problems))
            self.error.show()
            return None
        return {
            "description": description,
            "quantity": quantity,
            "unit_price": price,
            "vat_rate": rate,
        }

    def accept(self) -> None:
        values = self.values()
        if values is None:
            return
        self.accepted_line.emit(values)
        super().accept()
