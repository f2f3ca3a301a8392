"""The FEC (fichier des écritures comptables) extract of the sales journal.

Layout of article A47 A-1 of the Livre des procédures fiscales: the 18 columns in
the legal order, ``|`` between fields, dates as YYYYMMDD, amounts with a decimal
comma, a first line naming the columns. Each invoice is one balanced entry in
journal VT: the customer's account 411 (with an auxiliary account per customer)
debited with the gross, 706 credited with the net of each VAT rate, 44571
credited with the VAT of each rate. A credit note is the same entry reversed.
The file is ISO 8859-15, one of the encodings that article allows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from telecentre_desk.domain.money import ZERO
from telecentre_desk.services.sales_ledger import SoldDocument

COLUMNS = (
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
)
SEPARATOR = "|"
ENCODING = "iso-8859-15"
JOURNAL = ("VT", "Ventes")
# The accounts of the Plan comptable général, at the level the accountant maps from.
CUSTOMERS = ("411", "Clients")
REVENUE = ("706", "Prestations de services")
VAT_COLLECTED = ("44571", "TVA collectée")


@dataclass(frozen=True)
class FecLine:
    entry_number: int
    entry_date: date
    account: tuple[str, str]
    auxiliary: tuple[str, str]  # ("", "") outside the customer account
    piece_ref: str
    label: str
    debit: Decimal
    credit: Decimal

    def fields(self) -> tuple[str, ...]:
        day = _date(self.entry_date)
        return (
            JOURNAL[0],
            JOURNAL[1],
            str(self.entry_number),
            day,
            self.account[0],
            self.account[1],
            self.auxiliary[0],
            _clean(self.auxiliary[1]),
            _clean(self.piece_ref),
            day,
            _clean(self.label),
            _amount(self.debit),
            _amount(self.credit),
            "",
            "",
            day,  # ValidDate: an issued invoice is final the day it is issued
            "",
            "",
        )


def file_name(siren: str, year_end: date) -> str:
    """``{SIREN}FEC{YYYYMMDD}.txt``, dated with the closing day of the fiscal year."""
    return f"{siren}FEC{_date(year_end)}.txt"


def auxiliary_account(customer_key: str) -> str:
    """A stable auxiliary account per customer, e.g. ``CM000012`` for member 12."""
    kind, _sep, ident = customer_key.partition(":")
    if kind in {"member", "organisation", "guest"}:
        return f"C{kind[0].upper()}{int(ident):06d}"
    return "CN" + hashlib.sha256(ident.encode("utf-8")).hexdigest()[:8].upper()


def entry_lines(document: SoldDocument, entry_number: int) -> list[FecLine]:
    """One balanced entry for ``document``: debits equal credits, to the cent."""
    word = "Avoir" if document.sign < 0 else "Facture"
    label = f"{word} {document.number} {document.customer_name}"
    customer = (auxiliary_account(document.customer_key), document.customer_name)

    def line(account: tuple[str, str], amount: Decimal, aux: tuple[str, str] = ("", "")) -> FecLine:
        # A sale credits revenue and VAT; a credit note debits them: the sign picks the side.
        signed = amount * document.sign
        debit, credit = (signed, ZERO) if signed >= 0 else (ZERO, -signed)
        return FecLine(
            entry_number, document.issue_date, account, aux, document.number, label, debit, credit
        )

    lines = [line(CUSTOMERS, document.gross, customer)]
    for group in document.groups:
        lines.append(line(REVENUE, -group.basis))
        lines.append(line(VAT_COLLECTED, -group.vat))
    # A zero line says nothing (an exempt rate has no VAT); an all-zero document, no entry.
    return [item for item in lines if item.debit or item.credit]


def render(documents: Iterable[SoldDocument]) -> tuple[bytes, int, int]:
    """The file's bytes, the number of entries and of lines (without the header)."""
    rows = [SEPARATOR.join(COLUMNS)]
    entries = 0
    for document in documents:
        lines = entry_lines(document, entries + 1)
        if lines:
            entries += 1
            rows.extend(SEPARATOR.join(item.fields()) for item in lines)
    text = "\r\n".join(rows) + "\r\n"
    return text.encode(ENCODING, errors="replace"), entries, len(rows) - 1


def _date(day: date) -> str:
    return day.strftime("%Y%m%d")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _clean(text: str) -> str:
    """No separator and no line break inside a field."""
    return " ".join(text.replace(SEPARATOR, "/").split())
