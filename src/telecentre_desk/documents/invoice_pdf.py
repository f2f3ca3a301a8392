"""The invoice or credit-note PDF: every French mandatory mention, Factur-X embedded.

``render_invoice_pdf(document)`` draws the A4 pages with reportlab from the issued
:class:`InvoiceDocument`, then embeds the CII XML (profile EN 16931) made from the
same object with the factur-x package, which also writes the PDF/A-3 XMP metadata.
The page footer names the document and "page n / N" on every page; a long invoice
breaks across pages with the table header repeated. Text is laid out with plain
text blocks, not paragraphs (see invoice_layout.TextBlock): faster, and babel's
narrow no-break spaces never break an amount across two lines.
"""

from __future__ import annotations

import io
from functools import partial
from typing import Any

import facturx
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from telecentre_desk.documents import invoice_layout as layout
from telecentre_desk.documents.facturx_xml import build_cii_xml, legal_notes
from telecentre_desk.documents.invoice_layout import (
    Columns,
    Text,
    TextBlock,
    bold,
    day,
    draw_text,
    money,
    muted,
)
from telecentre_desk.documents.pdfa import add_srgb_output_intent
from telecentre_desk.domain.invoice_document import (
    Address,
    Buyer,
    DocumentKind,
    InvoiceDocument,
    Seller,
)
from telecentre_desk.domain.vat import VatCategory

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm  # where the ink starts, on every side
FRAME_PADDING = 6  # reportlab's frame pads its content by 6 pt: the margins allow for it
BOTTOM_MARGIN = 22 * mm  # room for the footer
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN
LOGO_MAX = (42 * mm, 20 * mm)
CELL_SIZE = 8.5
# A table sets its cells' font even for the cells holding flowables; reportlab's default is
# Helvetica, which is never embedded (PDF/A refuses it).
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), layout.REGULAR)
NATURE_OF_OPERATION = "Nature de l'opération : prestations de services."


def render_invoice_pdf(document: InvoiceDocument) -> bytes:
    """The final Factur-X PDF (PDF/A-3 shell, CII XML EN 16931 embedded) of ``document``."""
    return embed_facturx(render_visual_pdf(document), build_cii_xml(document), document)


def document_title(document: InvoiceDocument) -> str:
    return "Avoir" if document.kind is DocumentKind.CREDIT_NOTE else "Facture"


def embed_facturx(pdf: bytes, xml: bytes, document: InvoiceDocument) -> bytes:
    """Attach ``xml`` as factur-x.xml (AFRelationship Data) and write the PDF/A-3 XMP."""
    title = f"{document_title(document)} {document.number}"
    metadata = {
        "author": document.seller.name,
        "keywords": "Factur-X, " + document_title(document),
        "title": f"{document.seller.name} : {title}",
        "subject": f"{title} du {day(document.issue_date)} — {document.buyer.name}",
    }
    stream = RewrittenPdf(pdf)
    facturx.generate_from_file(
        stream,
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata=metadata,
        lang="fr-FR",
    )
    return stream.getvalue()


class RewrittenPdf(io.BytesIO):
    """The PDF factur-x reads, then only the PDF it writes back, in memory.

    Not ``facturx.generate_from_binary``: it writes the new PDF into its temporary file
    where pypdf stopped reading, after the old PDF, and returns both one after the other
    (twice the size, a stale copy in front of the real one). Here the first write
    starts the stream over, so what is left is the Factur-X PDF alone; and no disk.
    """

    def __init__(self, pdf: bytes) -> None:
        super().__init__(pdf)
        self._rewriting = False

    def write(self, data: Any, /) -> int:
        if not self._rewriting:
            self._rewriting = True
            self.seek(0)
            self.truncate()
        return super().write(data)


def render_visual_pdf(document: InvoiceDocument) -> bytes:
    """The printed pages alone (with the sRGB output intent), before Factur-X."""
    layout.register_fonts()
    buffer = io.BytesIO()
    title = f"{document_title(document)} {document.number}"
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN - FRAME_PADDING,
        rightMargin=MARGIN - FRAME_PADDING,
        topMargin=MARGIN - FRAME_PADDING,
        bottomMargin=BOTTOM_MARGIN - FRAME_PADDING,
        title=title,
        author=document.seller.name,
        creator="Telecentre Desk",
        lang="fr-FR",
        # reportlab's default page font is Helvetica, never embedded; PDF/A wants every
        # font a page names (even the unused preamble one) embedded.
        initialFontName=layout.REGULAR,
    )
    canvas_maker = partial(
        InvoiceCanvas, footer_label=title, footer_legal=_footer_legal(document.seller)
    )
    template.build(_story(document), canvasmaker=canvas_maker)
    return buffer.getvalue()


def _story(document: InvoiceDocument) -> list[Flowable]:
    story: list[Flowable] = [
        _header(document),
        Spacer(1, 6 * mm),
        _parties(document),
        Spacer(1, 5 * mm),
    ]
    cited: list[Text] = []
    if document.kind is DocumentKind.CREDIT_NOTE and document.corrects_number:
        text = f"Avoir sur la facture n° {document.corrects_number}"
        if document.corrects_issue_date is not None:
            text += f" du {day(document.corrects_issue_date)}"
        cited.append(bold(text, 9.5))
    if document.note:
        cited.append(Text(document.note))
    if cited:
        story.extend([TextBlock(cited), Spacer(1, 3 * mm)])
    story.append(_lines_table(document))
    story.append(Spacer(1, 4 * mm))
    story.append(_closing_block(document))
    return story


def _header(document: InvoiceDocument) -> Flowable:
    left: list[Flowable] = []
    logo = _logo(document)
    if logo is not None:
        left.extend([logo, Spacer(1, 2 * mm)])
    left.append(_seller_block(document.seller))
    title = TextBlock([bold(document_title(document), 20, layout.ACCENT)], align="right")
    right = [
        bold(f"N° {document.number}", 10),
        Text(f"Date d'émission : {day(document.issue_date)}", 10),
    ]
    if document.kind is DocumentKind.INVOICE:
        right.append(Text(f"Échéance : {day(document.terms.due_date)}", 10))
    return Columns(
        [
            (left, CONTENT_WIDTH * 0.58),
            ([title, TextBlock(right, align="right")], CONTENT_WIDTH * 0.42),
        ]
    )


def _seller_block(seller: Seller) -> Flowable:
    legal = seller.legal_form
    if seller.share_capital:
        legal = f"{legal} au capital de {seller.share_capital}" if legal else seller.share_capital
    lines = [legal, *_address_lines(seller.address), f"SIRET {_grouped_siret(seller.siret)}"]
    if seller.rcs:
        lines.append(seller.rcs)
    if seller.vat_number:
        lines.append(f"N° TVA intracommunautaire : {seller.vat_number}")
    contact = " · ".join(part for part in (seller.phone, seller.email) if part)
    if contact:
        lines.append(contact)
    return TextBlock([bold(seller.name, 11), *(Text(line) for line in lines)])


def _parties(document: InvoiceDocument) -> Flowable:
    details = [
        muted("DÉTAILS"),
        Text(f"Période de service : du {day(document.period_start)} au {day(document.period_end)}"),
    ]
    if document.buyer.reference:
        details.append(Text(f"Votre référence : {document.buyer.reference}"))
    return Columns(
        [
            ([TextBlock(details)], CONTENT_WIDTH * 0.52),
            ([_buyer_block(document.buyer)], CONTENT_WIDTH * 0.48),
        ],
        boxed=1,
    )


def _buyer_block(buyer: Buyer) -> Flowable:
    lines = list(_address_lines(buyer.address))
    if buyer.is_company and buyer.siret:
        lines.append(f"SIREN {_grouped(buyer.siren)}")
    if buyer.vat_number:
        lines.append(f"N° TVA : {buyer.vat_number}")
    return TextBlock([muted("FACTURÉ À"), bold(buyer.name, 11), *(Text(line) for line in lines)])


def _lines_table(document: InvoiceDocument) -> Flowable:
    # Figures are plain strings: drawn as they are (babel's U+202F included), never wrapped.
    with_discount = any(line.discount for line in document.lines)
    headers = ["Désignation", "Qté", "Unité", "PU HT"]
    widths = [0.0, 13 * mm, 17 * mm, 22 * mm]
    if with_discount:
        headers.append("Remise")
        widths.append(20 * mm)
    headers.extend(["TVA", "Montant HT"])
    widths.extend([14 * mm, 25 * mm])
    widths[0] = CONTENT_WIDTH - sum(widths)
    header_row: list[Flowable | str] = [TextBlock([bold(headers[0], CELL_SIZE)])]
    header_row += [TextBlock([bold(text, CELL_SIZE)], align="right") for text in headers[1:]]
    rows = [header_row]
    currency = document.currency
    for line in document.lines:
        description = [Text(line.description, CELL_SIZE)]
        if line.period_start is not None and line.period_end is not None:
            description.append(muted(f"du {day(line.period_start)} au {day(line.period_end)}"))
        cells: list[Flowable | str] = [
            TextBlock(description),
            layout.number(line.quantity),
            layout.unit_name(line.unit, line.quantity),
            money(line.unit_price, currency),
        ]
        if with_discount:
            cells.append(f"− {money(line.discount, currency)}" if line.discount else "")
        cells.append(layout.percent(line.vat.rate))
        cells.append(money(line.net, currency))
        rows.append(cells)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                CELL_FONT,
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_SIZE * 1.3),
                ("TEXTCOLOR", (0, 0), (-1, -1), layout.INK),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("BACKGROUND", (0, 0), (-1, 0), layout.BAND),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, layout.RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _closing_block(document: InvoiceDocument) -> Flowable:
    """Payment terms on the left, totals on the right: kept together, on the last page."""
    totals_width = 88 * mm
    # One block: it never splits, so the totals and terms stay together on the last page.
    return Columns(
        [
            ([_payment_block(document)], CONTENT_WIDTH - totals_width - 10),
            ([Spacer(10, 1)], 10),
            (_totals_block(document, totals_width), totals_width),
        ]
    )


def _totals_block(document: InvoiceDocument, width: float) -> list[Flowable]:
    totals = document.totals
    currency = document.currency
    rows: list[list[Flowable | str]] = [["Total HT", money(totals.net, currency)]]
    for group in totals.groups:
        if group.category is VatCategory.STANDARD:
            label = f"TVA {layout.percent(group.rate)} sur {money(group.basis, currency)}"
        else:
            label = "TVA"
        rows.append([label, money(group.vat, currency)])
    gross_label = "Total TTC" if totals.vat else "Total"
    gross_label += " à payer" if document.kind is DocumentKind.INVOICE else " de l'avoir"
    gross = money(totals.gross, currency)
    rows.append(
        [TextBlock([bold(gross_label, 10.5)]), TextBlock([bold(gross, 10.5)], align="right")]
    )
    table = Table(rows, colWidths=[width - 32 * mm, 32 * mm], hAlign="RIGHT")
    table.setStyle(
        TableStyle(
            [
                CELL_FONT,
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("TEXTCOLOR", (0, 0), (-1, -1), layout.INK),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, layout.INK),
                ("BACKGROUND", (0, -1), (-1, -1), layout.BAND),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, -1), (-1, -1), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    block: list[Flowable] = [table]
    if document.exemption_mentions:
        block.append(Spacer(1, 2 * mm))
        mentions = TextBlock([bold(mention) for mention in document.exemption_mentions])
        # Indented like the totals' text (a table pads its cells by 6 pt).
        block.append(Columns([([Spacer(6, 1)], 6), ([mentions], width - 6)]))
    return block


def _payment_block(document: InvoiceDocument) -> Flowable:
    terms = document.terms
    lines: list[Text] = [bold("Conditions de paiement", 9.5)]
    if document.kind is DocumentKind.INVOICE:
        lines.append(bold(f"À régler au plus tard le {day(terms.due_date)}.", CELL_SIZE))
    else:
        lines.append(
            Text(
                "Cet avoir est déduit de votre prochain règlement ou vous est remboursé.",
                CELL_SIZE,
            )
        )
    if terms.iban and document.kind is DocumentKind.INVOICE:
        bank = f"Règlement par virement — IBAN : {_grouped_iban(terms.iban)}"
        if terms.bic:
            bank += f" — BIC : {terms.bic}"
        lines.append(Text(bank, CELL_SIZE))
    lines.extend(Text(text, CELL_SIZE) for _, text in legal_notes(document))
    lines.append(Text(NATURE_OF_OPERATION, CELL_SIZE))
    return TextBlock(lines)


def _logo(document: InvoiceDocument) -> Flowable | None:
    if not document.logo_png:
        return None
    reader = ImageReader(io.BytesIO(document.logo_png))
    width, height = reader.getSize()
    scale = min(LOGO_MAX[0] / width, LOGO_MAX[1] / height)
    image = Image(io.BytesIO(document.logo_png), width=width * scale, height=height * scale)
    image.hAlign = "LEFT"
    return image


def _address_lines(address: Address) -> tuple[str, ...]:
    city = f"{address.postal_code} {address.city}".strip()
    country = "" if address.country_code in ("", "FR") else address.country_code
    return tuple(part for part in (address.line, city, country) if part)


def _grouped(digits: str) -> str:
    return " ".join(digits[index : index + 3] for index in range(0, len(digits), 3))


def _grouped_siret(siret: str) -> str:
    return f"{_grouped(siret[:9])} {siret[9:]}".strip()


def _grouped_iban(iban: str) -> str:
    compact = iban.replace(" ", "")
    return " ".join(compact[index : index + 4] for index in range(0, len(compact), 4))


def _footer_legal(seller: Seller) -> str:
    parts = [seller.name, seller.legal_form, f"SIRET {_grouped_siret(seller.siret)}"]
    if seller.vat_number:
        parts.append(f"TVA {seller.vat_number}")
    return " · ".join(part for part in parts if part)


class InvoiceCanvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
    """Holds the pages back until the end, to print "page n / N" on each; sRGB intent."""

    def __init__(self, *args: Any, footer_label: str, footer_legal: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = (footer_label, footer_legal)
        self._held_pages: list[dict[str, Any]] = []
        add_srgb_output_intent(self)

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for index, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(index, total)
            super().showPage()
        super().save()

    def _draw_footer(self, page: int, total: int) -> None:
        label, legal = self._footer
        page_label = f"{label} — page {page} / {total}"
        room = CONTENT_WIDTH - stringWidth(page_label, layout.REGULAR, 8) - 6 * mm
        # A long legal line (name, legal form, SIRET, VAT) goes above the page number.
        legal_y, label_y = (10.5 * mm, 10.5 * mm)
        if stringWidth(legal, layout.REGULAR, 7.5) > room:
            legal_y, label_y = (11.5 * mm, 7.5 * mm)
        self.saveState()
        self.setStrokeColor(layout.RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, 15 * mm, PAGE_WIDTH - MARGIN, 15 * mm)
        self.setFillColor(layout.MUTED)
        self.setFont(layout.REGULAR, 7.5)
        self.drawString(MARGIN, legal_y, legal)
        page_run = bold(page_label, 8)
        draw_text(self, PAGE_WIDTH - MARGIN, label_y, page_label, page_run, align="right")
        self.restoreState()
