"""VAT as EN 16931 computes it, for the centre's invoices.

Each line's net amount is rounded to the cent; VAT is then computed once per
VAT category and rate, on the sum of the line nets of that group, and rounded
(BR-CO-17). Summing VAT rounded line by line would drift by cents on long
invoices and the French e-invoicing platforms reject such totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.money import ZERO, cents

STANDARD_RATE = Decimal("20.00")


class VatCategory(StrEnum):
    """UNTDID 5305 codes used by EN 16931 (BT-118)."""

    STANDARD = "S"
    EXEMPT = "E"


@dataclass(frozen=True)
class VatTreatment:
    """How the centre's VAT mode applies to its lines, with the legal mention to print."""

    category: VatCategory
    rate: Decimal
    exemption_reason: str = ""  # BT-120, printed on the invoice
    exemption_code: str = ""  # BT-121 (VATEX code list)


def treatment_for(mode: VatMode, rate: Decimal = STANDARD_RATE) -> VatTreatment:
    if mode is VatMode.LIABLE:
        return VatTreatment(VatCategory.STANDARD, rate)
    if mode is VatMode.FRANCHISE:
        return VatTreatment(
            VatCategory.EXEMPT,
            ZERO,
            "TVA non applicable, art. 293 B du CGI",
            "VATEX-FR-FRANCHISE",
        )
    return VatTreatment(
        VatCategory.EXEMPT, ZERO, "Exonération de TVA, art. 261-7-1° du CGI", "VATEX-EU-132"
    )


@dataclass(frozen=True)
class Line:
    quantity: Decimal
    unit_price: Decimal  # net, in euros
    category: VatCategory
    rate: Decimal  # percent, e.g. Decimal("20.00")
    discount: Decimal = ZERO  # a line allowance, in euros

    @property
    def net(self) -> Decimal:
        return cents(self.quantity * self.unit_price - self.discount)


@dataclass(frozen=True)
class VatGroup:
    category: VatCategory
    rate: Decimal
    basis: Decimal  # BT-116: sum of the line nets of this group
    vat: Decimal  # BT-117: basis x rate, rounded once


@dataclass(frozen=True)
class Totals:
    lines_net: Decimal  # BT-106
    groups: tuple[VatGroup, ...]
    vat: Decimal  # BT-110
    gross: Decimal  # BT-112

    @property
    def net(self) -> Decimal:  # BT-109 (no document-level allowances or charges)
        return self.lines_net


def compute_totals(lines: Iterable[Line]) -> Totals:
    bases: dict[tuple[VatCategory, Decimal], Decimal] = {}
    for line in lines:
        key = (line.category, line.rate)
        bases[key] = bases.get(key, ZERO) + line.net
    groups = tuple(
        VatGroup(category, rate, basis, cents(basis * rate / 100))
        for (category, rate), basis in sorted(bases.items(), key=lambda item: item[0])
    )
    lines_net = sum((group.basis for group in groups), ZERO)
    vat = sum((group.vat for group in groups), ZERO)
    return Totals(lines_net, groups, vat, lines_net + vat)
