"""Believable InvoiceDocument snapshots in each VAT mode, for the PDF, Factur-X and bench.

Not a test module: tests and benches import these builders. The seller is a small
rural telecentre; the buyer a company with a SIREN (a mandatory mention) or a person.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from telecentre_desk.domain.invoice_document import (
    Address,
    Buyer,
    DocumentKind,
    DocumentLine,
    InvoiceDocument,
    PaymentTerms,
    Seller,
    UnitCode,
)
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.vat import treatment_for

ISSUE_DATE = date(2026, 12, 1)
PERIOD = (date(2026, 11, 1), date(2026, 11, 30))

# SIRET 14 digits (Luhn-valid SIREN 732829320); VAT key computed for that SIREN.
SELLER_SIRET = "73282932000074"
SELLER_VAT = "FR44732829320"
BUYER_SIRET = "55210055400013"
BUYER_VAT = "FR96552100554"


def sample_seller(mode: VatMode = VatMode.LIABLE) -> Seller:
    association = mode is VatMode.ASSOCIATION_EXEMPT
    return Seller(
        name="Télécentre du Pays de Meaux" if not association else "Les Amis du Télécentre",
        legal_form="SARL" if not association else "Association loi 1901",
        address=Address("12 rue de la Gare", "77100", "Meaux"),
        siret=SELLER_SIRET,
        vat_number=SELLER_VAT if mode is VatMode.LIABLE else "",
        share_capital="10 000 €" if not association else "",
        rcs="RCS Meaux 732 829 320" if not association else "",
        email="accueil@telecentre-meaux.fr",
        phone="01 60 00 00 00",
    )


def sample_company_buyer() -> Buyer:
    return Buyer(
        name="Atelier Numérique Briard SAS",
        address=Address("3 place de l'Église", "77120", "Coulommiers"),
        is_company=True,
        siret=BUYER_SIRET,
        vat_number=BUYER_VAT,
        email="compta@atelier-briard.fr",
        reference="BC-2026-118",
    )


def sample_person_buyer() -> Buyer:
    return Buyer(
        name="Élodie Marchand",
        address=Address("5 chemin des Prés", "77580", "Crécy-la-Chapelle"),
        is_company=False,
        email="elodie.marchand@example.org",
    )


def sample_lines(mode: VatMode, count: int = 4) -> tuple[DocumentLine, ...]:
    vat = treatment_for(mode)
    start, end = PERIOD
    base = [
        DocumentLine(
            "Bureau partagé — 3 demi-journées — novembre 2026",
            Decimal("3"),
            UnitCode.ONE,
            Decimal("12.50"),
            vat,
            period_start=start,
            period_end=end,
        ),
        DocumentLine(
            "Salle de réunion « Marne » — 4,5 heures",
            Decimal("4.5"),
            UnitCode.HOUR,
            Decimal("18.00"),
            vat,
            discount=Decimal("5.00"),
        ),
        DocumentLine(
            "Abonnement mensuel poste fixe — 10 au 30 novembre 2026 (prorata)",
            Decimal("1"),
            UnitCode.MONTH,
            Decimal("150.00"),
            vat,
            period_start=date(2026, 11, 10),
            period_end=end,
        ),
        DocumentLine(
            "Carnet de 10 demi-journées", Decimal("1"), UnitCode.ONE, Decimal("99.00"), vat
        ),
    ]
    lines = [base[index % len(base)] for index in range(count)]
    return tuple(lines)


def sample_invoice(
    mode: VatMode = VatMode.LIABLE,
    *,
    lines: int = 4,
    number: str = "F-2026-00001",
    company: bool = True,
    iban: bool = True,
    logo_png: bytes | None = None,
) -> InvoiceDocument:
    return InvoiceDocument(
        kind=DocumentKind.INVOICE,
        number=number,
        issue_date=ISSUE_DATE,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        vat_mode=mode,
        seller=sample_seller(mode),
        buyer=sample_company_buyer() if company else sample_person_buyer(),
        lines=sample_lines(mode, lines),
        terms=PaymentTerms(
            due_date=ISSUE_DATE + timedelta(days=30),
            late_payment_rate=Decimal("12.15"),
            iban="FR7630006000011234567890189" if iban else "",
            bic="AGRIFRPPXXX" if iban else "",
        ),
        logo_png=logo_png,
    )


def sample_credit_note(
    mode: VatMode = VatMode.LIABLE, *, number: str = "AV-2026-00001", company: bool = True
) -> InvoiceDocument:
    corrected = sample_invoice(mode, company=company)
    return InvoiceDocument(
        kind=DocumentKind.CREDIT_NOTE,
        number=number,
        issue_date=date(2026, 12, 10),
        period_start=corrected.period_start,
        period_end=corrected.period_end,
        vat_mode=mode,
        seller=corrected.seller,
        buyer=corrected.buyer,
        lines=corrected.lines[:2],
        terms=PaymentTerms(
            due_date=date(2026, 12, 10),
            late_payment_rate=corrected.terms.late_payment_rate,
            iban=corrected.terms.iban,
            bic=corrected.terms.bic,
        ),
        corrects_number=corrected.number,
        corrects_issue_date=corrected.issue_date,
        note="Annulation de la réunion du 18 novembre, facturée par erreur.",
    )


ALL_MODES = (VatMode.LIABLE, VatMode.FRANCHISE, VatMode.ASSOCIATION_EXEMPT)


def sample_long_invoice(lines: int = 70, mode: VatMode = VatMode.LIABLE) -> InvoiceDocument:
    """A month of day-by-day lines, one printed line each (the pagination case)."""
    vat = treatment_for(mode)
    short = tuple(
        DocumentLine(
            f"Demi-journée bureau partagé — poste {index % 12 + 1}",
            Decimal("1"),
            UnitCode.ONE,
            Decimal("12.50"),
            vat,
        )
        for index in range(lines)
    )
    return replace(sample_invoice(mode, number="F-2026-00042"), lines=short)
