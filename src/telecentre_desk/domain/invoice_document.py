"""An invoice or credit note as it is issued: the one snapshot every output is made from.

The services build an :class:`InvoiceDocument` from the database when a document is
issued; the PDF, the Factur-X XML and the hash chain all read this same object, so
the totals printed, embedded and stored cannot disagree. Amounts of a credit note
are positive, as EN 16931 wants them (type code 381 says it is a credit).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from telecentre_desk.domain.invoicing import DocumentKind, UnitCode
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.money import ZERO
from telecentre_desk.domain.vat import Line, Totals, VatTreatment, compute_totals

__all__ = [
    "GENESIS_HASH",
    "RECOVERY_INDEMNITY",
    "Address",
    "Buyer",
    "DocumentKind",
    "DocumentLine",
    "InvoiceDocument",
    "PaymentTerms",
    "Seller",
    "UnitCode",
]

RECOVERY_INDEMNITY = Decimal("40.00")  # art. L441-10 and D441-5 of the Code de commerce
GENESIS_HASH = "0" * 64  # the "previous hash" of the first document of the chain


@dataclass(frozen=True)
class Address:
    line: str
    postal_code: str
    city: str
    country_code: str = "FR"


@dataclass(frozen=True)
class Seller:
    name: str
    legal_form: str
    address: Address
    siret: str  # 14 digits; the SIREN is its first 9
    vat_number: str  # empty in franchise or when exempt without a number
    share_capital: str = ""  # as printed, e.g. "10 000 €"; empty for an association
    rcs: str = ""  # e.g. "RCS Meaux 123 456 789"; empty when not registered
    email: str = ""
    phone: str = ""

    @property
    def siren(self) -> str:
        return self.siret[:9]


@dataclass(frozen=True)
class Buyer:
    name: str
    address: Address
    is_company: bool  # a company or administration: its SIREN is a mandatory mention
    siret: str = ""
    vat_number: str = ""
    email: str = ""
    reference: str = ""  # BT-10, the buyer's own reference (order, cost centre)

    @property
    def siren(self) -> str:
        return self.siret[:9]


@dataclass(frozen=True)
class PaymentTerms:
    due_date: date
    late_payment_rate: Decimal  # percent a year, printed with the 40 € indemnity
    iban: str = ""
    bic: str = ""
    recovery_indemnity: Decimal = RECOVERY_INDEMNITY


@dataclass(frozen=True)
class DocumentLine:
    description: str  # readable, e.g. "Bureau partagé — 3 demi-journées — novembre 2026"
    quantity: Decimal
    unit: UnitCode
    unit_price: Decimal  # net, in euros
    vat: VatTreatment
    discount: Decimal = ZERO  # a line allowance in euros, net
    period_start: date | None = None
    period_end: date | None = None

    def as_vat_line(self) -> Line:
        return Line(self.quantity, self.unit_price, self.vat.category, self.vat.rate, self.discount)

    @property
    def net(self) -> Decimal:
        return self.as_vat_line().net


@dataclass(frozen=True)
class InvoiceDocument:
    kind: DocumentKind
    number: str
    issue_date: date
    period_start: date  # the date (or period) of service, a mandatory mention
    period_end: date
    vat_mode: VatMode
    seller: Seller
    buyer: Buyer
    lines: tuple[DocumentLine, ...]
    terms: PaymentTerms
    currency: str = "EUR"
    # A credit note cites the invoice it corrects (number and issue date).
    corrects_number: str = ""
    corrects_issue_date: date | None = None
    note: str = ""
    # The logo is printed but not part of the hashed content (it is the centre's
    # decoration, not a term of the sale).
    logo_png: bytes | None = field(default=None, compare=False, repr=False)

    @property
    def totals(self) -> Totals:
        return compute_totals(line.as_vat_line() for line in self.lines)

    @property
    def exemption_mentions(self) -> tuple[str, ...]:
        """The legal VAT mentions the lines need ("TVA non applicable, art. 293 B du CGI")."""
        seen: dict[str, None] = {}
        for line in self.lines:
            if line.vat.exemption_reason:
                seen.setdefault(line.vat.exemption_reason)
        return tuple(seen)

    def canonical_bytes(self) -> bytes:
        """The document's terms as canonical JSON (sorted keys, no spaces), for hashing."""
        return json.dumps(
            _plain(self), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")

    def chained_hash(self, previous_hash: str) -> str:
        """SHA-256 of the previous document's hash followed by this document's content."""
        return hashlib.sha256(previous_hash.encode("ascii") + self.canonical_bytes()).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, InvoiceDocument):
        data = {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
        del data["logo_png"]
        return data
    if hasattr(value, "__dataclass_fields__"):
        return {name: _plain(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, Decimal):
        # 3, 3.0 and 3.00 are one amount: the hash must not depend on the column's scale.
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return value
