"""Reading the amounts and quantities a user types: "12,50", "12.5 €", "1 234,50", "10 %"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal

from telecentre_desk.i18n import current_locale, format_number

CENT = Decimal("0.01")


def parse_decimal(text: str) -> Decimal | None:
    """The number typed, or None when it is not one (a comma or a point for decimals)."""
    cleaned = (
        text.replace("€", "")
        .replace("%", "")
        .replace("\u202f", "")
        .replace("\xa0", "")
        .replace(" ", "")
        .replace(",", ".")
    )
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_money(text: str) -> Decimal | None:
    value = parse_decimal(text)
    return None if value is None else value.quantize(CENT)


def is_percentage(text: str) -> bool:
    return "%" in text


def money_text(amount: Decimal) -> str:
    """``Decimal("12.5")`` -> ``12,50`` for a field the user edits (no currency sign)."""
    return format_decimal(amount.quantize(CENT), format="#,##0.00", locale=current_locale())


def quantity_text(quantity: Decimal) -> str:
    """``Decimal("3.000")`` -> ``3``; ``Decimal("1.500")`` -> ``1,5``."""
    normal = quantity.normalize()
    if normal == normal.to_integral():
        normal = normal.quantize(Decimal(1))
    return format_number(normal)
