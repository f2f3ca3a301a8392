"""Reading and showing amounts as a French front desk types them: "12,50", "12.50", "12 €"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtWidgets import QDialog, QPushButton

from telecentre_desk.i18n import format_money


def parse_amount(text: str) -> Decimal | None:
    """The amount typed, or None when it is not a number (the caller says what to type)."""
    cleaned = (
        text.replace("€", "").replace("%", "").replace("\u202f", "").replace("\xa0", "").strip()
    )
    cleaned = cleaned.replace(" ", "").replace(",", ".")
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def amount_text(value: Decimal) -> str:
    """For an input field: "12,50" (no currency sign, French decimal comma)."""
    return f"{value:.2f}".replace(".", ",")


def rate_text(value: Decimal) -> str:
    """A VAT rate for an input field: "20", "5,5"."""
    return format(value.normalize(), "f").replace(".", ",")


def money(value: Decimal) -> str:
    return format_money(value)


def keyboard_ready(dialog: QDialog, default: QPushButton, *others: QPushButton) -> None:
    """Enter presses ``default`` (the one action), Esc closes (QDialog's own behaviour)."""
    for button in others:
        button.setAutoDefault(False)
        button.setDefault(False)
    default.setAutoDefault(True)
    default.setDefault(True)
