"""What the reminder letters and the desk receipts share: fonts, colours, French formats.

Both are documents handed to the centre's customers, as its invoices are: they are
written in French whatever the language of the interface, with money and dates
formatted the French way (babel's narrow no-break spaces render with the DejaVu
fonts shipped in the package).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from telecentre_desk.documents.day_sheet import BOLD, REGULAR, register_fonts
from telecentre_desk.domain.invoice_document import Buyer, Seller

__all__ = [
    "ACCENT",
    "BAND",
    "BOLD",
    "INK",
    "LINE",
    "MUTED",
    "REGULAR",
    "LetterStyles",
    "buyer_lines",
    "french_date",
    "french_money",
    "french_percent",
    "paragraph_text",
    "register_fonts",
    "seller_lines",
]

FRENCH = "fr_FR"
INK = colors.HexColor("#1b2733")
MUTED = colors.HexColor("#4a5866")
ACCENT = colors.HexColor("#0b5cad")
BAND = colors.HexColor("#e6ebf0")
LINE = colors.HexColor("#c9d1d9")
WARN = colors.HexColor("#9a3412")


def french_money(amount: Decimal) -> str:
    return format_currency(amount, "EUR", locale=FRENCH)


def french_date(value: date) -> str:
    return format_date(value, "d MMMM y", locale=FRENCH)


def french_percent(rate: Decimal) -> str:
    return f"{format_decimal(rate.normalize(), locale=FRENCH)}\u202f%"


def paragraph_text(text: str) -> str:
    """Plain text for a reportlab Paragraph: escaped, line breaks kept."""
    return "<br/>".join(escape(line) for line in text.splitlines())


def seller_lines(seller: Seller) -> list[str]:
    lines = [seller.name]
    if seller.legal_form:
        lines[0] = f"{seller.name} ({seller.legal_form})"
    lines.append(seller.address.line)
    lines.append(f"{seller.address.postal_code} {seller.address.city}".strip())
    if seller.siret:
        lines.append(f"SIRET {seller.siret}")
    if seller.vat_number:
        lines.append(f"TVA intracommunautaire {seller.vat_number}")
    contact = " · ".join(part for part in (seller.phone, seller.email) if part)
    if contact:
        lines.append(contact)
    return [line for line in lines if line]


def buyer_lines(buyer: Buyer) -> list[str]:
    lines = [
        buyer.name,
        buyer.address.line,
        f"{buyer.address.postal_code} {buyer.address.city}".strip(),
    ]
    if buyer.is_company and buyer.siren:
        lines.append(f"SIREN {buyer.siren}")
    return [line for line in lines if line]


class LetterStyles:
    def __init__(self) -> None:
        register_fonts()
        self.body = ParagraphStyle(
            "body", fontName=REGULAR, fontSize=10.5, leading=15, textColor=INK, spaceAfter=6
        )
        self.small = ParagraphStyle(
            "small", fontName=REGULAR, fontSize=8.5, leading=11, textColor=MUTED
        )
        self.block = ParagraphStyle(
            "block", fontName=REGULAR, fontSize=10, leading=13.5, textColor=INK
        )
        self.block_title = ParagraphStyle("blockTitle", parent=self.block, fontName=BOLD)
        self.subject = ParagraphStyle(
            "subject", fontName=BOLD, fontSize=12, leading=16, textColor=INK, spaceAfter=8
        )
        self.title = ParagraphStyle(
            "title", fontName=BOLD, fontSize=20, leading=25, textColor=ACCENT, spaceAfter=4
        )
        self.warning = ParagraphStyle(
            "warning", parent=self.body, fontName=BOLD, textColor=WARN, spaceAfter=8
        )
        self.cell = ParagraphStyle(
            "cell", fontName=REGULAR, fontSize=9.5, leading=12, textColor=INK
        )
        self.cell_right = ParagraphStyle("cellRight", parent=self.cell, alignment=2)
        self.cell_bold = ParagraphStyle("cellBold", parent=self.cell, fontName=BOLD)
        self.cell_bold_right = ParagraphStyle("cellBoldRight", parent=self.cell_bold, alignment=2)
