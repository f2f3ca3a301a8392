"""A VAT-liable centre with issued invoices, for the payments, reminders, closings and exports.

Issued invoices are written straight through the ORM, as the issuing service
would leave them (a draft with its lines, then numbered and frozen in the same
transaction): the payments tests do not depend on the issuing code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from telecentre_desk.domain.invoice_document import GENESIS_HASH, DocumentKind, UnitCode
from telecentre_desk.domain.invoicing import InvoiceStatus, LineFamily
from telecentre_desk.domain.kinds import MemberCategory, OrganisationKind, VatMode
from telecentre_desk.domain.roles import Role
from telecentre_desk.domain.vat import Line, VatCategory, compute_totals
from telecentre_desk.services.auth import create_user, sign_in
from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import (
    BillingSettings,
    Invoice,
    InvoiceLine,
    InvoiceSeries,
)
from telecentre_desk.storage.models import Member, Organisation

SIRET = "73282932000074"
SIREN = SIRET[:9]
CENTRE = "Tiers-lieu de la Brie"


@dataclass(frozen=True)
class World:
    store: Store
    manager: Actor
    receptionist: Actor
    volunteer: Actor
    helene: int  # a freelancer member
    marc: int  # another member
    company: int  # an organisation (a company with a SIREN)


def new_world(store: Store, vat_mode: VatMode = VatMode.LIABLE) -> World:
    create_centre(
        store,
        CentreProfile(
            name=CENTRE,
            legal_form="SCIC SARL",
            address_line="2 place du Marché",
            postal_code="77540",
            city="Rozay-en-Brie",
            siret=SIRET,
            vat_mode=vat_mode,
            vat_number="FR32732829320" if vat_mode is VatMode.LIABLE else "",
            email="accueil@tiers-lieu-brie.fr",
            phone="01 64 00 00 00",
        ),
        FirstManager("Marie Dupont", "marie", "1234"),
    )
    manager = sign_in(store, "marie", "1234")
    create_user(store, manager, "karim", "Karim Benali", Role.RECEPTIONIST, "2345")
    create_user(store, manager, "jeanne", "Jeanne Martin", Role.VOLUNTEER, "3456")
    with store.write() as session:
        session.add(BillingSettings(iban="FR7630006000011234567890189", bic="AGRIFRPP"))
        helene = Member(
            first_name="Hélène",
            last_name="Lefèvre",
            category=MemberCategory.FREELANCER,
            address_line="12 rue des Tilleuls",
            postal_code="77540",
            city="Rozay-en-Brie",
        )
        marc = Member(first_name="Marc", last_name="Dubois", category=MemberCategory.NOMAD)
        company = Organisation(
            name="Logiciels de la Brie SAS",
            kind=OrganisationKind.COMPANY,
            siret="55210055400013",
            address_line="5 avenue de la Gare",
            postal_code="77100",
            city="Meaux",
        )
        session.add_all([helene, marc, company])
        session.flush()
        ids = helene.id, marc.id, company.id
    return World(
        store,
        manager,
        sign_in(store, "karim", "2345"),
        sign_in(store, "jeanne", "3456"),
        *ids,
    )


def issue(
    world: World,
    *,
    customer: str = "helene",
    lines: tuple[tuple[str, str, str], ...] = (("Journée bureau partagé", "1", "20.00"),),
    issued: date = date(2026, 11, 2),
    due: date | None = None,
    rate: str = "20.00",
    credit_for: int | None = None,
) -> int:
    """An issued invoice (or a credit note of ``credit_for``); lines as (text, qty, unit price)."""
    kind = DocumentKind.CREDIT_NOTE if credit_for else DocumentKind.INVOICE
    category = VatCategory.STANDARD if Decimal(rate) else VatCategory.EXEMPT
    with world.store.write() as session:
        prefix = "AV" if credit_for else "F"
        series = session.scalar(
            select(InvoiceSeries).where(
                InvoiceSeries.kind == kind, InvoiceSeries.year == issued.year
            )
        )
        if series is None:
            series = InvoiceSeries(kind=kind, prefix=prefix, year=issued.year, last_number=0)
            session.add(series)
            session.flush()
        last = session.scalar(
            select(Invoice)
            .where(Invoice.chain_index.is_not(None))
            .order_by(Invoice.chain_index.desc())
        )
        member_id, organisation_id, buyer = _customer(world, customer)
        invoice = Invoice(
            kind=kind,
            status=InvoiceStatus.DRAFT,
            member_id=member_id,
            organisation_id=organisation_id,
            buyer_name=buyer[0],
            buyer_address_line=buyer[1],
            buyer_postal_code=buyer[2],
            buyer_city=buyer[3],
            buyer_is_company=organisation_id is not None,
            buyer_siret="55210055400013" if organisation_id else "",
            period_start=issued.replace(day=1),
            period_end=issued,
            corrects_invoice_id=credit_for,
        )
        vat_lines = []
        for position, (text, quantity, price) in enumerate(lines, start=1):
            vat_line = Line(Decimal(quantity), Decimal(price), category, Decimal(rate))
            vat_lines.append(vat_line)
            invoice.lines.append(
                InvoiceLine(
                    position=position,
                    family=LineFamily.DESK_USE,
                    description=text,
                    quantity=Decimal(quantity),
                    unit_code=UnitCode.DAY,
                    unit_price=Decimal(price),
                    vat_category=category,
                    vat_rate=Decimal(rate),
                    vat_exemption_reason=""
                    if Decimal(rate)
                    else "TVA non applicable, art. 293 B du CGI",
                    net=vat_line.net,
                )
            )
        session.add(invoice)
        session.flush()
        totals = compute_totals(vat_lines)
        series.last_number += 1
        previous = last.content_hash if last and last.content_hash else GENESIS_HASH
        invoice.status = InvoiceStatus.ISSUED
        invoice.series_id = series.id
        invoice.sequence = series.last_number
        invoice.number = f"{prefix}-{issued.year}-{series.last_number:04d}"
        invoice.issue_date = issued
        invoice.due_date = due or issued + timedelta(days=30)
        invoice.net_total = totals.net
        invoice.vat_total = totals.vat
        invoice.gross_total = totals.gross
        invoice.chain_index = (last.chain_index + 1) if last and last.chain_index else 1
        invoice.previous_hash = previous
        invoice.content_hash = hashlib.sha256((previous + invoice.number).encode()).hexdigest()
        invoice.issued_at = datetime.combine(issued, datetime.min.time(), tzinfo=UTC)
        invoice.issued_by = world.manager.user_id
        session.flush()
        return invoice.id


def draft(world: World) -> int:
    """A draft invoice (no number) of one line."""
    with world.store.write() as session:
        invoice = Invoice(
            kind=DocumentKind.INVOICE,
            status=InvoiceStatus.DRAFT,
            member_id=world.helene,
            buyer_name="Hélène Lefèvre",
            period_start=date(2026, 11, 1),
            period_end=date(2026, 11, 30),
        )
        invoice.lines.append(
            InvoiceLine(
                position=1,
                family=LineFamily.DESK_USE,
                description="Journée",
                quantity=Decimal(1),
                unit_code=UnitCode.DAY,
                unit_price=Decimal("20.00"),
                vat_category=VatCategory.STANDARD,
                vat_rate=Decimal("20.00"),
                net=Decimal("20.00"),
            )
        )
        session.add(invoice)
        session.flush()
        return invoice.id


def _customer(world: World, key: str) -> tuple[int | None, int | None, tuple[str, ...]]:
    if key == "helene":
        return (
            world.helene,
            None,
            ("Hélène Lefèvre", "12 rue des Tilleuls", "77540", "Rozay-en-Brie"),
        )
    if key == "marc":
        return world.marc, None, ("Marc Dubois", "", "", "")
    if key == "company":
        return (
            None,
            world.company,
            ("Logiciels de la Brie SAS", "5 avenue de la Gare", "77100", "Meaux"),
        )
    return None, None, (key, "", "", "")
