"""Money: Decimal euros, rounded to the cent the way invoices round (half up)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up (0.005 -> 0.01), as EN 16931 amounts are."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def euros(value: str | int | Decimal) -> Decimal:
    """An amount from text, an int or a Decimal; floats are refused (they are not exact)."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a str or a Decimal")
    return cents(Decimal(value))


def prorate(monthly: Decimal, days_used: int, days_in_month: int) -> Decimal:
    """A monthly price for part of a month, to the day: 300 € for 10 days of 30 = 100 €."""
    if not 0 <= days_used <= days_in_month:
        raise ValueError("days_used must be between 0 and days_in_month")
    return cents(monthly * days_used / days_in_month)
