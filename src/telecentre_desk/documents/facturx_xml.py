"""The Factur-X XML (UN/CEFACT CII D16B, profile EN 16931) of an issued invoice or credit note.

Made from the same :class:`InvoiceDocument` as the PDF, so the totals cannot disagree.
Element order follows the CII schema (the XSD rejects any other order); the business
terms are named in comments (BT-n) as EN 16931 numbers them. French rules (BR-FR) ask
for the notes PMD, PMT and AAB, the operation category (S1: services) as the business
process, and the seller's SIREN as its legal registration (scheme 0002).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from lxml import etree

from telecentre_desk.domain.invoice_document import (
    Address,
    DocumentKind,
    DocumentLine,
    InvoiceDocument,
)
from telecentre_desk.domain.vat import VatCategory

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NSMAP = {"rsm": RSM, "qdt": QDT, "ram": RAM, "udt": UDT}

GUIDELINE_EN16931 = "urn:cen.eu:en16931:2017"
# French CTC "cadre de facturation": S1 = services only, invoice deposited (BT-23).
OPERATION_CATEGORY_SERVICES = "S1"
SIREN_SCHEME = "0002"  # ISO 6523 ICD of the SIRENE register
SIRET_SCHEME = "0009"
EMAIL_SCHEME = "EM"
DIRECTORY_SCHEME = "0225"  # an address of the French e-invoicing directory (SIREN based)
PAYMENT_MEANS_SEPA_TRANSFER = "58"
PAYMENT_MEANS_NOT_DEFINED = "1"
DISCOUNT_REASON_CODE = "95"  # UNTDID 5189: discount

# The notes French law asks every B2B invoice to carry (BR-FR-05), in French.
NOTE_LATE_PENALTIES = (
    "PMD",
    "En cas de retard de paiement, pénalités au taux annuel de {rate} %.",
)
NOTE_RECOVERY_INDEMNITY = (
    "PMT",
    "Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : {amount} €.",
)
NOTE_NO_DISCOUNT = ("AAB", "Pas d'escompte pour paiement anticipé.")


def build_cii_xml(document: InvoiceDocument) -> bytes:
    """The CII XML of ``document``, UTF-8 with an XML declaration."""
    root = etree.Element(etree.QName(RSM, "CrossIndustryInvoice"), nsmap=NSMAP)
    _context(root)
    _header(root, document)
    transaction = _sub(root, RSM, "SupplyChainTradeTransaction")
    for index, line in enumerate(document.lines, start=1):
        _line(transaction, index, line)
    _agreement(transaction, document)
    _delivery(transaction, document)
    _settlement(transaction, document)
    xml: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return xml


def legal_notes(document: InvoiceDocument) -> tuple[tuple[str, str], ...]:
    """(subject code, text) of the payment notes; the PDF prints the same sentences."""
    rate = _french_decimal(document.terms.late_payment_rate)
    indemnity = _french_decimal(document.terms.recovery_indemnity)
    return (
        (NOTE_LATE_PENALTIES[0], NOTE_LATE_PENALTIES[1].format(rate=rate)),
        (NOTE_RECOVERY_INDEMNITY[0], NOTE_RECOVERY_INDEMNITY[1].format(amount=indemnity)),
        NOTE_NO_DISCOUNT,
    )


def _context(root: etree._Element) -> None:
    context = _sub(root, RSM, "ExchangedDocumentContext")
    business = _sub(context, RAM, "BusinessProcessSpecifiedDocumentContextParameter")
    _text(business, "ID", OPERATION_CATEGORY_SERVICES)  # BT-23
    guideline = _sub(context, RAM, "GuidelineSpecifiedDocumentContextParameter")
    _text(guideline, "ID", GUIDELINE_EN16931)  # BT-24


def _header(root: etree._Element, document: InvoiceDocument) -> None:
    header = _sub(root, RSM, "ExchangedDocument")
    _text(header, "ID", document.number)  # BT-1
    _text(header, "TypeCode", document.kind.type_code)  # BT-3
    _date(_sub(header, RAM, "IssueDateTime"), document.issue_date)  # BT-2
    notes: list[tuple[str, str]] = []
    if document.note:
        notes.append(("", document.note))
    for mention in document.exemption_mentions:
        notes.append(("", mention))
    notes.extend(legal_notes(document))
    for code, content in notes:  # BG-1
        note = _sub(header, RAM, "IncludedNote")
        _text(note, "Content", content)
        if code:
            _text(note, "SubjectCode", code)


def _line(transaction: etree._Element, index: int, line: DocumentLine) -> None:
    item = _sub(transaction, RAM, "IncludedSupplyChainTradeLineItem")
    _text(_sub(item, RAM, "AssociatedDocumentLineDocument"), "LineID", str(index))  # BT-126
    _text(_sub(item, RAM, "SpecifiedTradeProduct"), "Name", line.description)  # BT-153
    agreement = _sub(item, RAM, "SpecifiedLineTradeAgreement")
    price = _sub(agreement, RAM, "NetPriceProductTradePrice")
    _text(price, "ChargeAmount", _price(line.unit_price))  # BT-146
    delivery = _sub(item, RAM, "SpecifiedLineTradeDelivery")
    quantity = _text(delivery, "BilledQuantity", _quantity(line.quantity))  # BT-129
    quantity.set("unitCode", line.unit.value)  # BT-130
    settlement = _sub(item, RAM, "SpecifiedLineTradeSettlement")
    tax = _sub(settlement, RAM, "ApplicableTradeTax")
    _text(tax, "TypeCode", "VAT")
    _text(tax, "CategoryCode", line.vat.category.value)  # BT-151
    _text(tax, "RateApplicablePercent", _amount(line.vat.rate))  # BT-152
    if line.period_start is not None and line.period_end is not None:
        _period(settlement, line.period_start, line.period_end)  # BG-26
    if line.discount:
        allowance = _sub(settlement, RAM, "SpecifiedTradeAllowanceCharge")  # BG-27
        _text(_sub(allowance, RAM, "ChargeIndicator"), "Indicator", "false", UDT)
        _text(allowance, "ActualAmount", _amount(line.discount))  # BT-136
        _text(allowance, "ReasonCode", DISCOUNT_REASON_CODE)  # BT-140
        _text(allowance, "Reason", "Remise")  # BT-139
    summation = _sub(settlement, RAM, "SpecifiedTradeSettlementLineMonetarySummation")
    _text(summation, "LineTotalAmount", _amount(line.net))  # BT-131


def _agreement(transaction: etree._Element, document: InvoiceDocument) -> None:
    agreement = _sub(transaction, RAM, "ApplicableHeaderTradeAgreement")
    if document.buyer.reference:
        _text(agreement, "BuyerReference", document.buyer.reference)  # BT-10
    seller = document.seller
    party = _sub(agreement, RAM, "SellerTradeParty")  # BG-4
    _text(party, "Name", seller.name)  # BT-27
    description = ", ".join(
        part for part in (seller.legal_form, _capital(seller.share_capital), seller.rcs) if part
    )
    if description:
        _text(party, "Description", description)  # BT-33: additional legal information
    legal = _sub(party, RAM, "SpecifiedLegalOrganization")
    _text(legal, "ID", seller.siren).set("schemeID", SIREN_SCHEME)  # BT-30
    _address(party, seller.address)  # BG-5
    _electronic_address(party, seller.email, seller.siren)  # BT-34
    if seller.vat_number:
        _tax_registration(party, seller.vat_number, "VA")  # BT-31
    else:
        # BR-E-02 wants a seller tax identifier on exempt invoices; without a VAT
        # number the French SIRET is the centre's fiscal registration (BT-32).
        _tax_registration(party, seller.siret, "FC")
    buyer = document.buyer
    party = _sub(agreement, RAM, "BuyerTradeParty")  # BG-7
    _text(party, "Name", buyer.name)  # BT-44
    if buyer.siret:
        legal = _sub(party, RAM, "SpecifiedLegalOrganization")
        _text(legal, "ID", buyer.siren).set("schemeID", SIREN_SCHEME)  # BT-47
    _address(party, buyer.address)  # BG-8
    _electronic_address(party, buyer.email, buyer.siren)  # BT-49
    if buyer.vat_number:
        _tax_registration(party, buyer.vat_number, "VA")  # BT-48


def _delivery(transaction: etree._Element, document: InvoiceDocument) -> None:
    _sub(transaction, RAM, "ApplicableHeaderTradeDelivery")


def _settlement(transaction: etree._Element, document: InvoiceDocument) -> None:
    settlement = _sub(transaction, RAM, "ApplicableHeaderTradeSettlement")
    _text(settlement, "InvoiceCurrencyCode", document.currency)  # BT-5
    terms = document.terms
    means = _sub(settlement, RAM, "SpecifiedTradeSettlementPaymentMeans")  # BG-16
    if terms.iban:
        _text(means, "TypeCode", PAYMENT_MEANS_SEPA_TRANSFER)  # BT-81
        account = _sub(means, RAM, "PayeePartyCreditorFinancialAccount")
        _text(account, "IBANID", terms.iban.replace(" ", ""))  # BT-84
        if terms.bic:
            bank = _sub(means, RAM, "PayeeSpecifiedCreditorFinancialInstitution")
            _text(bank, "BICID", terms.bic)  # BT-86
    else:
        _text(means, "TypeCode", PAYMENT_MEANS_NOT_DEFINED)
    totals = document.totals
    reasons = {(line.vat.category, line.vat.rate): line.vat for line in document.lines}
    for group in totals.groups:  # BG-23
        tax = _sub(settlement, RAM, "ApplicableTradeTax")
        _text(tax, "CalculatedAmount", _amount(group.vat))  # BT-117
        _text(tax, "TypeCode", "VAT")
        treatment = reasons[(group.category, group.rate)]
        if group.category is not VatCategory.STANDARD and treatment.exemption_reason:
            _text(tax, "ExemptionReason", treatment.exemption_reason)  # BT-120
        _text(tax, "BasisAmount", _amount(group.basis))  # BT-116
        _text(tax, "CategoryCode", group.category.value)  # BT-118
        if group.category is not VatCategory.STANDARD and treatment.exemption_code:
            _text(tax, "ExemptionReasonCode", treatment.exemption_code)  # BT-121
        _text(tax, "RateApplicablePercent", _amount(group.rate))  # BT-119
    _period(settlement, document.period_start, document.period_end)  # BG-14
    payment_terms = _sub(settlement, RAM, "SpecifiedTradePaymentTerms")
    _date(_sub(payment_terms, RAM, "DueDateDateTime"), terms.due_date)  # BT-9
    summation = _sub(settlement, RAM, "SpecifiedTradeSettlementHeaderMonetarySummation")
    _text(summation, "LineTotalAmount", _amount(totals.lines_net))  # BT-106
    _text(summation, "TaxBasisTotalAmount", _amount(totals.net))  # BT-109
    tax_total = _text(summation, "TaxTotalAmount", _amount(totals.vat))  # BT-110
    tax_total.set("currencyID", document.currency)
    _text(summation, "GrandTotalAmount", _amount(totals.gross))  # BT-112
    _text(summation, "DuePayableAmount", _amount(totals.gross))  # BT-115
    if document.kind is DocumentKind.CREDIT_NOTE and document.corrects_number:
        reference = _sub(settlement, RAM, "InvoiceReferencedDocument")  # BG-3
        _text(reference, "IssuerAssignedID", document.corrects_number)  # BT-25
        if document.corrects_issue_date is not None:
            issued = _sub(reference, RAM, "FormattedIssueDateTime")
            _text(issued, "DateTimeString", _yyyymmdd(document.corrects_issue_date), QDT).set(
                "format", "102"
            )  # BT-26


def _address(party: etree._Element, address: Address) -> None:
    postal = _sub(party, RAM, "PostalTradeAddress")
    if address.postal_code:
        _text(postal, "PostcodeCode", address.postal_code)  # BT-38 / BT-53
    if address.line:
        _text(postal, "LineOne", address.line)  # BT-35 / BT-50
    if address.city:
        _text(postal, "CityName", address.city)  # BT-37 / BT-52
    _text(postal, "CountryID", address.country_code or "FR")  # BT-40 / BT-55


def _electronic_address(party: etree._Element, email: str, siren: str) -> None:
    """BT-34 / BT-49, which BR-FR makes mandatory: the e-mail, else the SIREN (scheme 0225,
    the address of the French invoicing directory); a person with neither gets none."""
    if email:
        address, scheme = email, EMAIL_SCHEME
    elif siren:
        address, scheme = siren, DIRECTORY_SCHEME
    else:
        return
    uri = _sub(party, RAM, "URIUniversalCommunication")
    _text(uri, "URIID", address).set("schemeID", scheme)


def _tax_registration(party: etree._Element, identifier: str, scheme: str) -> None:
    registration = _sub(party, RAM, "SpecifiedTaxRegistration")
    _text(registration, "ID", identifier.replace(" ", "")).set("schemeID", scheme)


def _period(parent: etree._Element, start: date, end: date) -> None:
    period = _sub(parent, RAM, "BillingSpecifiedPeriod")
    _date(_sub(period, RAM, "StartDateTime"), start)
    _date(_sub(period, RAM, "EndDateTime"), end)


def _date(parent: etree._Element, value: date) -> None:
    _text(parent, "DateTimeString", _yyyymmdd(value), UDT).set("format", "102")


def _sub(parent: etree._Element, namespace: str, name: str) -> etree._Element:
    return etree.SubElement(parent, etree.QName(namespace, name))


def _text(parent: etree._Element, name: str, value: str, namespace: str = RAM) -> etree._Element:
    element = etree.SubElement(parent, etree.QName(namespace, name))
    element.text = value
    return element


def _yyyymmdd(value: date) -> str:
    return value.strftime("%Y%m%d")


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _price(value: Decimal) -> str:
    """A unit price keeps up to 4 decimals (0.1234 €/unit), at least 2."""
    text = format(value.normalize(), "f")
    whole, _, decimals = text.partition(".")
    return f"{whole}.{(decimals + '00')[: max(2, min(4, len(decimals)))]}"


def _quantity(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." not in text else text.rstrip("0").rstrip(".")


def _french_decimal(value: Decimal) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",")


def _capital(share_capital: str) -> str:
    return f"capital de {share_capital}" if share_capital else ""
