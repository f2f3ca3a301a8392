"""A one-page receipt for money taken at the desk (a day pass paid on the spot).

The invoice is the legal document; the receipt tells the customer what they paid,
how, and which invoice it settles, with the VAT mention of that invoice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from telecentre_desk.documents.letter_style import (
    BAND,
    LINE,
    LetterStyles,
    french_date,
    french_money,
    french_percent,
    seller_lines,
)
from telecentre_desk.domain.invoice_document import Seller

METHOD_NAMES = {
    "cash": "Espèces",
    "cheque": "Chèque",
    "card": "Carte bancaire",
    "transfer": "Virement",
}


@dataclass(frozen=True)
class ReceiptLine:
    description: str
    quantity: Decimal
    net: Decimal


@dataclass(frozen=True)
class ReceiptVat:
    rate: Decimal
    basis: Decimal
    vat: Decimal


@dataclass(frozen=True)
class Receipt:
    number: str  # the receipt's own reference, e.g. "R-000042"
    seller: Seller
    customer: str
    paid_on: date
    method: str  # "cash", "cheque", "card", "transfer"
    reference: str  # cheque number
    amount: Decimal
    invoice_number: str
    invoice_date: date
    lines: tuple[ReceiptLine, ...]
    invoice_net: Decimal
    invoice_gross: Decimal
    vat_groups: tuple[ReceiptVat, ...]  # the taxed groups; empty when no VAT is charged
    exemption_mentions: tuple[str, ...]  # "TVA non applicable, art. 293 B du CGI"
    balance_after: Decimal  # what remains to pay on the invoice


def render_receipt_pdf(receipt: Receipt) -> bytes:
    styles = LetterStyles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A5,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"Reçu {receipt.number}",
        author=receipt.seller.name,
        creator="Telecentre Desk",
    )
    # The frame pads its content by 6 pt each side: tables use what is left.
    width = document.width - 12
    seller = seller_lines(receipt.seller)
    story: list[Flowable] = [Paragraph(escape(seller[0]), styles.block_title)]
    story += [Paragraph(escape(line), styles.small) for line in seller[1:]]
    story += [
        Spacer(1, 6 * mm),
        Paragraph("Reçu de paiement", styles.title),
        Paragraph(escape(f"N° {receipt.number} · le {french_date(receipt.paid_on)}"), styles.block),
        Paragraph(escape(f"Client : {receipt.customer}"), styles.block),
        Spacer(1, 5 * mm),
        _lines_table(receipt, styles, width),
        Spacer(1, 5 * mm),
        _paid_table(receipt, styles, width),
        Spacer(1, 4 * mm),
    ]
    for mention in _vat_mentions(receipt):
        story.append(Paragraph(escape(mention), styles.small))
    story.append(
        Paragraph(
            escape(
                f"Ce paiement règle la facture n° {receipt.invoice_number} du "
                f"{french_date(receipt.invoice_date)}."
                if receipt.balance_after <= 0
                else f"Ce paiement s’impute sur la facture n° {receipt.invoice_number} du "
                f"{french_date(receipt.invoice_date)} ; reste à payer : "
                f"{french_money(receipt.balance_after)}."
            ),
            styles.small,
        )
    )
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph("Merci de votre visite !", styles.block_title))
    document.build(story)
    return buffer.getvalue()


def _lines_table(receipt: Receipt, styles: LetterStyles, width: float) -> Table:
    rows: list[list[Paragraph]] = [
        [
            Paragraph("Prestation", styles.cell_bold),
            Paragraph("Qté", styles.cell_bold_right),
            Paragraph("Montant HT", styles.cell_bold_right),
        ]
    ]
    for line in receipt.lines:
        quantity = f"{line.quantity.normalize():f}".replace(".", ",")
        rows.append(
            [
                Paragraph(escape(line.description), styles.cell),
                Paragraph(escape(quantity), styles.cell_right),
                Paragraph(escape(french_money(line.net)), styles.cell_right),
            ]
        )
    table = Table(rows, colWidths=[width * 0.6, width * 0.12, width * 0.28], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _paid_table(receipt: Receipt, styles: LetterStyles, width: float) -> Table:
    method = METHOD_NAMES.get(receipt.method, receipt.method)
    if receipt.reference:
        method += f" n° {receipt.reference}"
    rows = [
        ["Total HT de la facture", french_money(receipt.invoice_net)],
        *(
            [f"TVA {french_percent(group.rate)}", french_money(group.vat)]
            for group in receipt.vat_groups
        ),
        ["Total TTC de la facture", french_money(receipt.invoice_gross)],
        ["Mode de paiement", method],
        ["Montant payé", french_money(receipt.amount)],
    ]
    cells = [
        [
            Paragraph(escape(label), styles.cell_bold if last else styles.cell),
            Paragraph(escape(value), styles.cell_bold_right if last else styles.cell_right),
        ]
        for index, (label, value) in enumerate(rows)
        for last in [index == len(rows) - 1]
    ]
    table = Table(cells, colWidths=[width * 0.6, width * 0.4])
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, -1), (-1, -1), 1, LINE),
                ("BACKGROUND", (0, -1), (-1, -1), BAND),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _vat_mentions(receipt: Receipt) -> list[str]:
    mentions = list(receipt.exemption_mentions)
    if receipt.vat_groups:
        vat = sum((group.vat for group in receipt.vat_groups), Decimal("0.00"))
        mentions.insert(0, f"Prix TTC, dont TVA {french_money(vat)}.")
    return mentions
