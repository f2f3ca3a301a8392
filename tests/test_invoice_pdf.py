"""The invoice PDF as the customer and the accountant read it: mentions, totals, pages, Factur-X."""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import facturx
import pytest
from lxml import etree
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from invoice_samples import (
    ALL_MODES,
    sample_credit_note,
    sample_invoice,
    sample_long_invoice,
)
from telecentre_desk.documents.facturx_xml import RAM, build_cii_xml
from telecentre_desk.documents.invoice_layout import money, percent
from telecentre_desk.documents.invoice_pdf import render_invoice_pdf
from telecentre_desk.documents.pdf_preview import render_pages_png
from telecentre_desk.domain.invoice_document import InvoiceDocument
from telecentre_desk.domain.kinds import VatMode


def _flat(text: str) -> str:
    """One space for any run of white space (line breaks, no-break spaces): layout, not content."""
    return " ".join(text.split())


def _pages_text(pdf: bytes) -> list[str]:
    return [_flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _text(pdf: bytes) -> str:
    return " ".join(_pages_text(pdf))


def _mandatory_mentions(document: InvoiceDocument) -> list[str]:
    seller, buyer, totals = document.seller, document.buyer, document.totals
    mentions = [
        # seller identity
        seller.name,
        seller.legal_form,
        seller.address.line,
        f"{seller.address.postal_code} {seller.address.city}",
        "SIRET 732 829 320 00074",
        # buyer
        buyer.name,
        buyer.address.line,
        f"{buyer.address.postal_code} {buyer.address.city}",
        # the document
        f"N° {document.number}",
        f"Date d'émission : {document.issue_date:%d/%m/%Y}",
        "Période de service : du 01/11/2026 au 30/11/2026",
        # totals: net, VAT per rate, gross
        "Total HT",
        money(totals.net),
        money(totals.gross),
        # payment terms and the legal sentences
        "pénalités au taux annuel de 12,15 %",
        "Indemnité forfaitaire pour frais de recouvrement",
        "40,00 €",
        "Pas d'escompte pour paiement anticipé.",
        "Nature de l'opération : prestations de services.",
    ]
    if seller.share_capital:
        mentions.append(f"au capital de {seller.share_capital}")
    if seller.rcs:
        mentions.append(seller.rcs)
    if seller.vat_number:
        mentions.append(f"N° TVA intracommunautaire : {seller.vat_number}")
    if buyer.is_company:
        mentions.append("SIREN 552 100 554")
        mentions.append(f"N° TVA : {buyer.vat_number}")
    if document.kind.value == "invoice":
        mentions.append("Échéance : 31/12/2026")
        mentions.append("À régler au plus tard le 31/12/2026.")
        if document.terms.iban:
            mentions.append("IBAN : FR76 3000 6000 0112 3456 7890 189")
    for group in totals.groups:
        mentions.append(money(group.vat))
    mentions.extend(document.exemption_mentions)
    return mentions


@pytest.mark.parametrize("mode", ALL_MODES, ids=lambda mode: mode.value)
@pytest.mark.parametrize("kind", ["invoice", "credit_note"])
def test_every_mandatory_mention_is_printed(mode: VatMode, kind: str) -> None:
    document = sample_invoice(mode) if kind == "invoice" else sample_credit_note(mode)
    text = _text(render_invoice_pdf(document))
    missing = [mention for mention in _mandatory_mentions(document) if _flat(mention) not in text]
    assert missing == []


def test_each_line_shows_quantity_unit_price_and_vat_rate() -> None:
    document = sample_invoice(VatMode.LIABLE)
    text = _text(render_invoice_pdf(document))
    assert "Salle de réunion « Marne » — 4,5 heures 4,5 heures 18,00 € − 5,00 € 20 % 76,00 €" in (
        text
    )
    assert _flat(f"TVA {percent(Decimal('20'))} sur {money(Decimal('362.50'))}") in text
    assert "Total TTC à payer 435,00 €" in text


def test_french_amounts_keep_babels_narrow_no_break_space() -> None:
    document = sample_long_invoice(lines=100)  # 1 250,00 € net, 1 500,00 € gross
    pdf = render_invoice_pdf(document)
    raw = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "1\u202f500,00" in raw  # drawn as U+202F, from the embedded font, never a break
    assert "1\u202f250,00" in raw


def test_franchise_invoice_says_vat_is_not_applicable_and_has_no_vat_number() -> None:
    text = _text(render_invoice_pdf(sample_invoice(VatMode.FRANCHISE, company=False)))
    assert "TVA non applicable, art. 293 B du CGI" in text
    assert "intracommunautaire" not in text
    assert "SIREN" not in text  # a private person has none
    assert "Total à payer 362,50 €" in text


def test_credit_note_cites_the_corrected_invoice() -> None:
    text = _text(render_invoice_pdf(sample_credit_note()))
    assert "Avoir sur la facture n° F-2026-00001 du 01/12/2026" in text
    assert "Annulation de la réunion du 18 novembre" in text
    assert "Avoir AV-2026-00001 — page 1 / 1" in text
    assert "À régler" not in text


@pytest.mark.parametrize("mode", ALL_MODES, ids=lambda mode: mode.value)
def test_embedded_xml_is_the_documents_xml_with_the_same_totals(mode: VatMode) -> None:
    document = sample_invoice(mode, lines=7)
    pdf = render_invoice_pdf(document)
    filename, xml = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml"
    assert xml == build_cii_xml(document)
    summation = etree.fromstring(xml).find(
        f".//{{{RAM}}}SpecifiedTradeSettlementHeaderMonetarySummation"
    )
    assert summation is not None
    totals = document.totals
    assert Decimal(summation.findtext(f"{{{RAM}}}TaxBasisTotalAmount", "")) == totals.net
    assert Decimal(summation.findtext(f"{{{RAM}}}TaxTotalAmount", "")) == totals.vat
    assert Decimal(summation.findtext(f"{{{RAM}}}GrandTotalAmount", "")) == totals.gross
    text = _text(pdf)
    for amount in (totals.net, totals.vat, totals.gross):
        assert _flat(money(amount)) in text


def test_seventy_lines_break_over_two_pages_with_the_header_repeated() -> None:
    document = sample_long_invoice(lines=70)
    pages = _pages_text(render_invoice_pdf(document))
    assert len(pages) == 2
    assert "Facture F-2026-00042 — page 1 / 2" in pages[0]
    assert "Facture F-2026-00042 — page 2 / 2" in pages[1]
    assert all("Désignation Qté Unité PU HT TVA Montant HT" in page for page in pages)
    printed_lines = sum(page.count("Demi-journée bureau partagé") for page in pages)
    assert printed_lines == 70
    assert "Total TTC à payer" in pages[1]


def test_pdf_is_a_pdfa3_shell_with_fonts_embedded_and_an_srgb_intent() -> None:
    pdf = render_invoice_pdf(sample_invoice())
    # One PDF, not the stale one followed by the new one (facturx.generate_from_binary).
    assert pdf.startswith(b"%PDF-1.6")
    assert pdf.count(b"%%EOF") == 1
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "fr-FR"
    assert root["/AF"][0].get_object()["/AFRelationship"] == "/Data"
    intents = root["/OutputIntents"]
    intent = intents[0].get_object()
    assert intent["/S"] == "/GTS_PDFA1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3
    assert profile.get_data()[36:40] == b"acsp"  # an ICC profile's signature
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp
    assert b"EN 16931" in xmp
    fonts = [
        font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()
    ]
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"]
        assert isinstance(descriptor.get_object(), DictionaryObject)
        assert "/FontFile2" in descriptor, f"{font['/BaseFont']} is not embedded"


def test_a_very_long_note_goes_on_over_the_next_page() -> None:
    note = " ".join(f"Ligne {index} de la note, avec un peu de texte." for index in range(400))
    pages = _pages_text(render_invoice_pdf(replace(sample_credit_note(), note=note)))
    assert len(pages) >= 3
    assert "Ligne 0 de la note" in pages[0]
    assert "Ligne 399 de la note" in " ".join(pages)
    assert "Total TTC de l'avoir" in pages[-1]


def test_logo_is_drawn_when_the_centre_has_one() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 100), (11, 92, 173)).save(buffer, format="PNG")
    with_logo = render_invoice_pdf(sample_invoice(logo_png=buffer.getvalue()))
    without = render_invoice_pdf(sample_invoice())
    images = [len(PdfReader(io.BytesIO(pdf)).pages[0].images) for pdf in (with_logo, without)]
    assert images == [1, 0]


def test_what_people_type_is_printed_as_typed() -> None:
    document = sample_invoice()
    buyer = replace(document.buyer, name="Dupont & Fils <SARL>")
    text = _text(render_invoice_pdf(replace(document, buyer=buyer)))
    assert "Dupont & Fils <SARL>" in text


def test_preview_gives_one_png_per_page() -> None:
    pdf = render_invoice_pdf(sample_long_invoice(lines=70))
    pngs = render_pages_png(pdf, dpi=80)
    assert len(pngs) == 2
    for png in pngs:
        width, height = Image.open(io.BytesIO(png)).size
        assert abs(width - 661) <= 1  # A4 at 80 dpi: 661 x 935 px (PDFium rounds up)
        assert abs(height - 935) <= 1
    assert render_pages_png(pdf, dpi=40)[0] != pngs[0]


def test_preview_refuses_a_nonsense_resolution() -> None:
    with pytest.raises(ValueError, match="dpi"):
        render_pages_png(render_invoice_pdf(sample_invoice()), dpi=0)
