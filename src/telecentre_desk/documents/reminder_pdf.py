"""Reminder letters for unpaid invoices, in three levels of firmness (A4, French).

1. a friendly reminder ("rappel"): perhaps an oversight;
2. a formal reminder ("relance"): the amounts are overdue, pay within 15 days;
3. a formal notice ("mise en demeure", sent by registered letter): pay within
   8 days, otherwise recovery proceedings; it cites the late-payment penalties at
   the rate printed on the invoice and, for a professional customer, the fixed
   40 € recovery indemnity (art. L441-10 and D441-5 of the Code de commerce).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from telecentre_desk.documents.letter_style import (
    BAND,
    LINE,
    MUTED,
    REGULAR,
    LetterStyles,
    buyer_lines,
    french_date,
    french_money,
    french_percent,
    seller_lines,
)
from telecentre_desk.domain.invoice_document import RECOVERY_INDEMNITY, Buyer, Seller

LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class ReminderItem:
    number: str
    issue_date: date
    due_date: date
    gross: Decimal
    balance: Decimal  # what remains to pay


@dataclass(frozen=True)
class ReminderLetter:
    level: int  # 1, 2 or 3
    seller: Seller
    buyer: Buyer
    dated: date
    items: tuple[ReminderItem, ...]
    late_payment_rate: Decimal  # percent a year, as on the invoices
    iban: str = ""
    bic: str = ""
    signatory: str = ""  # who signs, e.g. the manager's name

    @property
    def total(self) -> Decimal:
        return sum((item.balance for item in self.items), Decimal("0.00"))


_SUBJECTS = {
    1: "Rappel : facture{s} en attente de règlement",
    2: "Relance : facture{s} impayée{s}",
    3: "Mise en demeure de payer",
}


def render_reminder_pdf(letter: ReminderLetter) -> bytes:
    if letter.level not in LEVELS:
        raise ValueError("a reminder level is 1, 2 or 3")
    styles = LetterStyles()
    buffer = io.BytesIO()
    plural = "s" if len(letter.items) > 1 else ""
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=20 * mm,
        title=_SUBJECTS[letter.level].format(s=plural),
        author=letter.seller.name,
        creator="Telecentre Desk",
    )
    # The frame pads its content by 6 pt each side: tables use what is left.
    width = document.width - 12
    story: list[Flowable] = [_parties(letter, styles, width), Spacer(1, 10 * mm)]
    place = letter.seller.address.city
    story.append(
        Paragraph(
            escape(
                f"{place}, le {french_date(letter.dated)}" if place else french_date(letter.dated)
            ),
            styles.block,
        )
    )
    story.append(Spacer(1, 6 * mm))
    if letter.level == 3:
        story.append(Paragraph("Lettre recommandée avec accusé de réception", styles.warning))
    story.append(
        Paragraph(escape("Objet : " + _SUBJECTS[letter.level].format(s=plural)), styles.subject)
    )
    story.append(Paragraph("Madame, Monsieur,", styles.body))
    for text in _opening(letter):
        story.append(Paragraph(escape(text), styles.body))
    story.append(Spacer(1, 2 * mm))
    story.append(_items_table(letter, styles, width))
    story.append(Spacer(1, 4 * mm))
    for text in _closing(letter):
        story.append(Paragraph(escape(text), styles.body))
    if letter.iban:
        bank = f"Virement : IBAN {letter.iban}" + (f" · BIC {letter.bic}" if letter.bic else "")
        story.append(Paragraph(escape(bank), styles.body))
    story.append(Spacer(1, 4 * mm))
    story.append(
        Paragraph(
            "Nous vous prions d’agréer, Madame, Monsieur, l’expression de nos salutations "
            "distinguées.",
            styles.body,
        )
    )
    story.append(Spacer(1, 8 * mm))
    signature = letter.signatory or "La direction"
    story.append(
        Paragraph(
            escape(f"{signature}\nPour {letter.seller.name}").replace("\n", "<br/>"), styles.block
        )
    )
    document.build(
        story,
        onFirstPage=lambda canvas, doc: _footer(canvas, letter),
        onLaterPages=lambda canvas, doc: _footer(canvas, letter),
    )
    return buffer.getvalue()


def _parties(letter: ReminderLetter, styles: LetterStyles, width: float) -> Table:
    seller = seller_lines(letter.seller)
    buyer = buyer_lines(letter.buyer)
    left = [Paragraph(escape(seller[0]), styles.block_title)] + [
        Paragraph(escape(line), styles.block) for line in seller[1:]
    ]
    right = [Paragraph(escape(buyer[0]), styles.block_title)] + [
        Paragraph(escape(line), styles.block) for line in buyer[1:]
    ]
    table = Table([[left, right]], colWidths=[width * 0.55, width * 0.45])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                # The buyer's block sits where a window envelope shows it.
                ("TOPPADDING", (1, 0), (1, 0), 14 * mm),
            ]
        )
    )
    return table


def _opening(letter: ReminderLetter) -> list[str]:
    several = len(letter.items) > 1
    invoices = "les factures ci-dessous" if several else "la facture ci-dessous"
    if letter.level == 1:
        return [
            f"Sauf erreur de notre part, {invoices} "
            f"{'restent' if several else 'reste'} à régler alors que "
            f"{'leur' if several else 'son'} échéance est passée. "
            "Il s’agit sans doute d’un simple oubli.",
        ]
    if letter.level == 2:
        return [
            f"Malgré notre premier rappel, {invoices} "
            f"{'restent' if several else 'reste'} impayée{'s' if several else ''}. "
            "Nous vous demandons de bien vouloir régler la somme due sous quinze jours.",
        ]
    return [
        f"Malgré nos précédentes relances, {invoices} "
        f"{'demeurent' if several else 'demeure'} impayée{'s' if several else ''}. "
        f"Par la présente, nous vous mettons en demeure de nous régler la somme de "
        f"{french_money(letter.total)} dans un délai de huit jours à compter de la réception "
        "de ce courrier.",
    ]


def _closing(letter: ReminderLetter) -> list[str]:
    rate = french_percent(letter.late_payment_rate)
    if letter.level == 1:
        return [
            "Nous vous remercions de bien vouloir procéder au règlement dès réception de ce "
            "courrier. Si votre paiement nous est parvenu entre-temps, merci de ne pas tenir "
            "compte de ce rappel."
        ]
    if letter.level == 2:
        return [
            f"Nous vous rappelons que tout retard de paiement entraîne des pénalités au taux "
            f"annuel de {rate}, comme indiqué sur la facture."
            + (
                f" Une indemnité forfaitaire pour frais de recouvrement de "
                f"{french_money(RECOVERY_INDEMNITY)} par facture est également due."
                if letter.buyer.is_company
                else ""
            )
        ]
    penalties = (
        f"Conformément aux conditions figurant sur la facture, cette somme porte intérêt au "
        f"taux annuel de {rate} à compter de la date d’échéance (pénalités de retard)."
    )
    if letter.buyer.is_company:
        penalties += (
            f" S’y ajoute l’indemnité forfaitaire pour frais de recouvrement de "
            f"{french_money(RECOVERY_INDEMNITY)} par facture (articles L441-10 et D441-5 du "
            "Code de commerce)."
        )
    return [
        penalties,
        "À défaut de règlement dans ce délai, nous engagerons sans autre avis une procédure "
        "de recouvrement, dont les frais resteront à votre charge.",
    ]


def _items_table(letter: ReminderLetter, styles: LetterStyles, width: float) -> Table:
    header = [
        Paragraph(text, style)
        for text, style in (
            ("Facture", styles.cell_bold),
            ("Date", styles.cell_bold),
            ("Échéance", styles.cell_bold),
            ("Montant TTC", styles.cell_bold_right),
            ("Reste à payer", styles.cell_bold_right),
        )
    ]
    rows: list[list[Paragraph]] = [header]
    for item in letter.items:
        rows.append(
            [
                Paragraph(escape(item.number), styles.cell),
                Paragraph(escape(french_date(item.issue_date)), styles.cell),
                Paragraph(escape(french_date(item.due_date)), styles.cell),
                Paragraph(escape(french_money(item.gross)), styles.cell_right),
                Paragraph(escape(french_money(item.balance)), styles.cell_right),
            ]
        )
    rows.append(
        [
            Paragraph("Total dû", styles.cell_bold),
            "",
            "",
            "",
            Paragraph(escape(french_money(letter.total)), styles.cell_bold_right),
        ]
    )
    table = Table(
        rows,
        colWidths=[width * 0.18, width * 0.22, width * 0.22, width * 0.18, width * 0.2],
        repeatRows=1,
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, LINE),
                ("SPAN", (0, -1), (3, -1)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _footer(canvas: Canvas, letter: ReminderLetter) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 8)
    canvas.setFillColor(MUTED)
    parts = [letter.seller.name]
    if letter.seller.siret:
        parts.append(f"SIRET {letter.seller.siret}")
    parts.append(f"page {canvas.getPageNumber()}")
    canvas.drawCentredString(A4[0] / 2, 10 * mm, " · ".join(parts))
    canvas.restoreState()
