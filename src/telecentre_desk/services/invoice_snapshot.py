"""The snapshot of a document as it is issued: rows + centre + billing settings.

Everything an issued invoice shows is copied here, so a later change of the centre's
identity, terms or bank details never alters a document already issued. Once issued,
the archived JSON is the truth: :func:`document_from_json` reads it back (use it, not
:func:`build_document`, to show or re-render an issued document).
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

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
from telecentre_desk.domain.vat import VatCategory, VatTreatment
from telecentre_desk.i18n import PARIS
from telecentre_desk.storage.invoice_models import BillingSettings, Invoice, InvoiceLine
from telecentre_desk.storage.models import Centre

DEFAULT_DUE_DAYS = 30
DEFAULT_LATE_PAYMENT_RATE = Decimal("12.00")


def build_document(
    session: Session,
    invoice: Invoice,
    *,
    number: str | None = None,
    issue_date: date | None = None,
) -> InvoiceDocument:
    """The document of ``invoice``: as issued, or as it would be with ``number`` on ``issue_date``.

    A draft has no number nor issue date yet: the issuing service passes the ones it
    has just taken; a preview may leave them out (an empty number, dated today).
    """
    centre = session.get_one(Centre, 1)
    settings = session.get(BillingSettings, 1)
    when = issue_date or invoice.issue_date or datetime.now(PARIS).date()
    due_days = settings.payment_due_days if settings is not None else DEFAULT_DUE_DAYS
    corrects = (
        session.get(Invoice, invoice.corrects_invoice_id) if invoice.corrects_invoice_id else None
    )
    return InvoiceDocument(
        kind=invoice.kind,
        number=number if number is not None else (invoice.number or ""),
        issue_date=when,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        vat_mode=centre.vat_mode,
        seller=_seller(centre, settings),
        buyer=_buyer(invoice),
        lines=tuple(_line(line) for line in invoice.lines),
        terms=PaymentTerms(
            due_date=when + timedelta(days=due_days),
            late_payment_rate=(
                settings.late_payment_rate if settings is not None else DEFAULT_LATE_PAYMENT_RATE
            ),
            iban=settings.iban if settings is not None else "",
            bic=settings.bic if settings is not None else "",
        ),
        corrects_number=(corrects.number or "") if corrects is not None else "",
        corrects_issue_date=corrects.issue_date if corrects is not None else None,
        note=invoice.note,
        logo_png=settings.logo_png if settings is not None else None,
    )


def _seller(centre: Centre, settings: BillingSettings | None) -> Seller:
    return Seller(
        name=centre.name,
        legal_form=centre.legal_form,
        address=Address(centre.address_line, centre.postal_code, centre.city),
        siret=centre.siret,
        vat_number=centre.vat_number,
        share_capital=settings.share_capital if settings is not None else "",
        rcs=settings.rcs if settings is not None else "",
        email=centre.email,
        phone=centre.phone,
    )


def _buyer(invoice: Invoice) -> Buyer:
    return Buyer(
        name=invoice.buyer_name,
        address=Address(
            invoice.buyer_address_line,
            invoice.buyer_postal_code,
            invoice.buyer_city,
            invoice.buyer_country_code or "FR",
        ),
        is_company=invoice.buyer_is_company,
        siret=invoice.buyer_siret,
        vat_number=invoice.buyer_vat_number,
        email=invoice.buyer_email,
        reference=invoice.buyer_reference,
    )


def _line(line: InvoiceLine) -> DocumentLine:
    return DocumentLine(
        description=line.description,
        quantity=line.quantity,
        unit=line.unit_code,
        unit_price=line.unit_price,
        vat=VatTreatment(
            line.vat_category, line.vat_rate, line.vat_exemption_reason, line.vat_exemption_code
        ),
        discount=line.discount,
        period_start=line.period_start,
        period_end=line.period_end,
    )


def document_from_json(text: str | bytes, *, logo_png: bytes | None = None) -> InvoiceDocument:
    """The issued document back from its archived canonical JSON (the logo is not hashed,
    so it is not archived: pass the current one if the rendering should show it)."""
    data = json.loads(text)
    return InvoiceDocument(
        kind=DocumentKind(data["kind"]),
        number=data["number"],
        issue_date=date.fromisoformat(data["issue_date"]),
        period_start=date.fromisoformat(data["period_start"]),
        period_end=date.fromisoformat(data["period_end"]),
        vat_mode=VatMode(data["vat_mode"]),
        seller=Seller(**{**data["seller"], "address": Address(**data["seller"]["address"])}),
        buyer=Buyer(**{**data["buyer"], "address": Address(**data["buyer"]["address"])}),
        lines=tuple(_line_from_json(item) for item in data["lines"]),
        terms=PaymentTerms(
            due_date=date.fromisoformat(data["terms"]["due_date"]),
            late_payment_rate=Decimal(data["terms"]["late_payment_rate"]),
            iban=data["terms"]["iban"],
            bic=data["terms"]["bic"],
            recovery_indemnity=Decimal(data["terms"]["recovery_indemnity"]),
        ),
        currency=data["currency"],
        corrects_number=data["corrects_number"],
        corrects_issue_date=(
            date.fromisoformat(data["corrects_issue_date"]) if data["corrects_issue_date"] else None
        ),
        note=data["note"],
        logo_png=logo_png,
    )


def _line_from_json(item: dict[str, Any]) -> DocumentLine:
    vat = item["vat"]
    return DocumentLine(
        description=item["description"],
        quantity=Decimal(item["quantity"]),
        unit=UnitCode(item["unit"]),
        unit_price=Decimal(item["unit_price"]),
        vat=VatTreatment(
            VatCategory(vat["category"]),
            Decimal(vat["rate"]),
            vat["exemption_reason"],
            vat["exemption_code"],
        ),
        discount=Decimal(item["discount"]),
        period_start=date.fromisoformat(item["period_start"]) if item["period_start"] else None,
        period_end=date.fromisoformat(item["period_end"]) if item["period_end"] else None,
    )
