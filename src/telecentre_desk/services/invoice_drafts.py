"""Reviewing a draft before it is issued: add, remove or discount a line, fix the buyer.

Only drafts change: an issued document is frozen (the database triggers refuse it
too) and is corrected by a credit note. Removing a line or deleting a draft frees
what it billed, so the next billing run bills it again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.identifiers import is_valid_siren, is_valid_siret, normalise_digits
from telecentre_desk.domain.invoice_document import DocumentKind, UnitCode
from telecentre_desk.domain.invoicing import InvoiceStatus, LineFamily
from telecentre_desk.domain.money import cents
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.billing_lines import vat_for
from telecentre_desk.services.billing_run import buyer_fields
from telecentre_desk.services.changes import ChangeSet, changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ServiceError, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import BilledItem, Invoice, InvoiceLine
from telecentre_desk.storage.models import Centre, Member, Organisation
from telecentre_desk.storage.types import utc_now

_POSTAL_CODE = re.compile(r"^\d{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_AMOUNT = Decimal("1000000")


class InvoiceFrozen(ServiceError):
    """The document is issued: it never changes."""


@dataclass(frozen=True)
class DraftResult:
    invoice_id: int
    line_id: int | None
    changes: ChangeSet


# -- lines -------------------------------------------------------------------------------------
def add_line(
    store: Store,
    actor: Actor,
    invoice_id: int,
    description: str,
    quantity: Decimal,
    unit_price: Decimal,
    *,
    unit: UnitCode = UnitCode.ONE,
    family: LineFamily = LineFamily.OTHER,
    vat_rate: Decimal = Decimal(0),
) -> DraftResult:
    """A line typed by hand (a printing, a one-off service), at the end of the draft."""
    require(actor, Permission.ISSUE_INVOICES)
    problems: dict[str, str] = {}
    text = " ".join(description.split())
    if not text:
        problems["description"] = _("Describe what is sold, as the customer will read it.")
    elif len(text) > 300:
        problems["description"] = _("Keep the description under 300 characters.")
    if not _is_amount(quantity, places=3) or quantity <= 0:
        problems["quantity"] = _("Enter a quantity above 0, for example 1 or 2.5.")
    if not _is_amount(unit_price):
        problems["unit_price"] = _("Enter a price in euros, 0 or more, for example 12.50.")
    if not _is_amount(vat_rate) or vat_rate >= 100:
        problems["vat_rate"] = _("Enter a VAT rate in percent: 20, 10, 5.5 or 0.")
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        invoice = _draft(session, invoice_id)
        vat = vat_for(session.get_one(Centre, 1).vat_mode, vat_rate)
        position = session.scalar(
            select(func.max(InvoiceLine.position)).where(InvoiceLine.invoice_id == invoice.id)
        )
        line = InvoiceLine(
            invoice_id=invoice.id,
            position=(position or 0) + 1,
            family=family,
            description=text,
            quantity=quantity,
            unit_code=unit,
            unit_price=unit_price,
            discount=Decimal(0),
            vat_category=vat.category,
            vat_rate=vat.rate,
            vat_exemption_reason=vat.exemption_reason,
            vat_exemption_code=vat.exemption_code,
            net=cents(quantity * unit_price),
            period_start=invoice.period_start,
            period_end=invoice.period_end,
        )
        session.add(line)
        session.flush()
        audit.record(
            session,
            actor,
            "add_invoice_line",
            "invoice",
            invoice.id,
            {
                "line": line.id,
                "description": text,
                "quantity": str(quantity),
                "price": str(unit_price),
            },
        )
        return DraftResult(invoice.id, line.id, _changes(invoice))


def remove_line(store: Store, actor: Actor, line_id: int) -> DraftResult:
    """Take a line off its draft; what it billed is free for the next billing run."""
    require(actor, Permission.ISSUE_INVOICES)
    with store.write() as session:
        line = _line(session, line_id)
        invoice = _draft(session, line.invoice_id)
        freed = session.execute(delete(BilledItem).where(BilledItem.line_id == line.id)).rowcount  # type: ignore[attr-defined]
        audit.record(
            session,
            actor,
            "remove_invoice_line",
            "invoice",
            invoice.id,
            {"line": line.id, "description": line.description, "freed_items": freed},
        )
        session.delete(line)
        session.flush()
        return DraftResult(invoice.id, line_id, _changes(invoice))


def discount_line(store: Store, actor: Actor, line_id: int, discount: Decimal) -> DraftResult:
    """A discount in euros on one line (0 removes it), never more than the line's amount."""
    require(actor, Permission.ISSUE_INVOICES)
    if not _is_amount(discount):
        raise ValidationError(
            {"discount": _("Enter a discount in euros, 0 or more, for example 5.00.")}
        )
    with store.write() as session:
        line = _line(session, line_id)
        invoice = _draft(session, line.invoice_id)
        amount = cents(line.quantity * line.unit_price)
        if discount > amount:
            from telecentre_desk.i18n import format_money

            raise ValidationError(
                {
                    "discount": _(
                        "The discount cannot be more than the line's amount ({amount})."
                    ).format(amount=format_money(amount))
                }
            )
        before = line.discount
        line.discount = discount
        line.net = amount - discount
        audit.record(
            session,
            actor,
            "discount_invoice_line",
            "invoice",
            invoice.id,
            {"line": line.id, "from": str(before), "to": str(discount)},
        )
        session.flush()
        return DraftResult(invoice.id, line.id, _changes(invoice))


# -- the buyer ---------------------------------------------------------------------------------
BUYER_FIELDS = (
    "name",
    "address_line",
    "postal_code",
    "city",
    "country_code",
    "is_company",
    "siret",
    "vat_number",
    "email",
    "reference",
)


def update_buyer(
    store: Store, actor: Actor, invoice_id: int, changes: Mapping[str, object]
) -> DraftResult:
    """Correct the buyer on a draft (``{"address_line": ..., "siret": ...}``), all or none."""
    require(actor, Permission.ISSUE_INVOICES)
    with store.write() as session:
        invoice = _draft(session, invoice_id)
        cleaned = _clean_buyer(invoice, changes)
        before = {name: getattr(invoice, f"buyer_{name}") for name in cleaned}
        for name, value in cleaned.items():
            setattr(invoice, f"buyer_{name}", value)
        audit.record(
            session,
            actor,
            "update_invoice_buyer",
            "invoice",
            invoice.id,
            {"from": before, "to": cleaned},
        )
        session.flush()
        return DraftResult(invoice.id, None, _changes(invoice))


def _clean_buyer(invoice: Invoice, changes: Mapping[str, object]) -> dict[str, Any]:
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in BUYER_FIELDS:
            problems[name] = _("This buyer field does not exist: {name}.").format(name=name)
        elif name == "is_company":
            if not isinstance(value, bool):
                problems[name] = _("Say whether the buyer is a company: yes or no.")
            else:
                cleaned[name] = value
        elif not isinstance(value, str):
            problems[name] = _("Enter text here.")
        else:
            cleaned[name] = " ".join(value.split())
    merged = {name: getattr(invoice, f"buyer_{name}") for name in BUYER_FIELDS} | cleaned
    if "name" in cleaned and not cleaned["name"]:
        problems["name"] = _("Enter the buyer's name, as the invoice will show it.")
    if "siret" in cleaned:
        digits = normalise_digits(cleaned["siret"])
        cleaned["siret"] = digits
        if digits and not (is_valid_siren(digits) or is_valid_siret(digits)):
            problems["siret"] = _(
                "This SIREN or SIRET is not valid: 9 or 14 digits whose check digit matches. "
                "Copy it from the company's invoices or annuaire-entreprises.data.gouv.fr."
            )
    if "country_code" in cleaned:
        cleaned["country_code"] = cleaned["country_code"].upper()
        if not re.fullmatch(r"[A-Z]{2}", cleaned["country_code"]):
            problems["country_code"] = _("Enter the country as 2 letters, for example FR.")
    postal_code = cleaned.get("postal_code", "")
    if merged["country_code"] == "FR" and postal_code and not _POSTAL_CODE.match(postal_code):
        problems["postal_code"] = _("A French postal code has 5 digits, for example 77540.")
    if cleaned.get("email") and not _EMAIL.match(cleaned["email"]):
        problems["email"] = _("This e-mail address looks wrong: check it (name@example.fr).")
    limits = {"name": 200, "address_line": 200, "city": 100, "vat_number": 20, "email": 200}
    limits["reference"] = 100
    for name, limit in limits.items():
        if len(cleaned.get(name, "")) > limit and name not in problems:
            problems[name] = _("Keep this under {limit} characters.").format(limit=limit)
    if problems:
        raise ValidationError(problems)
    return cleaned


# -- whole drafts ------------------------------------------------------------------------------
def delete_draft(store: Store, actor: Actor, invoice_id: int) -> DraftResult:
    """Throw a draft away; everything it billed goes back to the next billing run."""
    require(actor, Permission.ISSUE_INVOICES)
    with store.write() as session:
        invoice = _draft(session, invoice_id)
        line_ids = [line.id for line in invoice.lines]
        session.execute(delete(BilledItem).where(BilledItem.line_id.in_(line_ids)))
        audit.record(
            session,
            actor,
            "delete_invoice_draft",
            "invoice",
            invoice.id,
            {"buyer": invoice.buyer_name, "lines": len(line_ids)},
        )
        changes = _changes(invoice)
        session.delete(invoice)
        session.flush()
        return DraftResult(invoice_id, None, changes)


def create_manual_draft(
    store: Store,
    actor: Actor,
    period_start: date,
    period_end: date,
    *,
    member_id: int | None = None,
    organisation_id: int | None = None,
    buyer_name: str = "",
) -> DraftResult:
    """An empty draft for a member, an organisation, or someone named (lines added by hand)."""
    require(actor, Permission.ISSUE_INVOICES)
    problems: dict[str, str] = {}
    if period_end < period_start:
        problems["period_end"] = _("The period must end on or after its first day.")
    if member_id is not None and organisation_id is not None:
        problems["customer"] = _("Choose one customer: a member or an organisation.")
    if member_id is None and organisation_id is None and not buyer_name.strip():
        problems["customer"] = _("Choose a member or an organisation, or type the buyer's name.")
    if problems:
        raise ValidationError(problems)
    with store.write() as session:
        if member_id is not None:
            member = session.get(Member, member_id)
            if member is None:
                raise NotFound(_("This member does not exist (any more)."))
            fields = buyer_fields(
                member_id=member.id,
                name=buyer_name.strip() or f"{member.first_name} {member.last_name}".strip(),
                address_line=member.address_line,
                postal_code=member.postal_code,
                city=member.city,
                email=member.email,
            )
        elif organisation_id is not None:
            organisation = session.get(Organisation, organisation_id)
            if organisation is None:
                raise NotFound(_("This organisation does not exist (any more)."))
            fields = buyer_fields(
                organisation_id=organisation.id,
                name=buyer_name.strip() or organisation.name,
                address_line=organisation.address_line,
                postal_code=organisation.postal_code,
                city=organisation.city,
                email=organisation.billing_email,
                is_company=True,
                siret=organisation.siret,
                vat_number=organisation.vat_number,
            )
        else:
            fields = buyer_fields(name=" ".join(buyer_name.split()))
        invoice = Invoice(
            kind=DocumentKind.INVOICE,
            status=InvoiceStatus.DRAFT,
            period_start=period_start,
            period_end=period_end,
            note="",
            created_at=utc_now(),
            **fields,
        )
        session.add(invoice)
        session.flush()
        audit.record(
            session,
            actor,
            "create_invoice_draft",
            "invoice",
            invoice.id,
            {"buyer": invoice.buyer_name, "member": member_id, "organisation": organisation_id},
        )
        return DraftResult(invoice.id, None, _changes(invoice))


# -- helpers -----------------------------------------------------------------------------------
def _draft(session: Session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(_("This invoice does not exist (any more)."))
    if invoice.status is not InvoiceStatus.DRAFT:
        raise InvoiceFrozen(_("Issued invoices cannot be changed: issue a credit note."))
    return invoice


def _line(session: Session, line_id: int) -> InvoiceLine:
    line = session.get(InvoiceLine, line_id)
    if line is None:
        raise NotFound(_("This invoice line does not exist (any more)."))
    return line


def _is_amount(value: Decimal, places: int = 2) -> bool:
    try:
        return (
            isinstance(value, Decimal)
            and value.is_finite()
            and 0 <= value < MAX_AMOUNT
            and value == value.quantize(Decimal(1).scaleb(-places))
        )
    except InvalidOperation:
        return False


def _changes(invoice: Invoice) -> ChangeSet:
    return changed(members=[invoice.member_id])
