"""A small centre ready to invoice: a complete legal identity, three accounts, drafts.

Drafts are inserted through the ORM, as the billing run would leave them, so the
issuing tests do not depend on the billing run. Kept small and stable: the payments
and interface tests import it too.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from telecentre_desk.domain.invoice_document import DocumentKind, InvoiceDocument, UnitCode
from telecentre_desk.domain.invoicing import InvoiceStatus, LineFamily
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.roles import Role
from telecentre_desk.domain.vat import Line, treatment_for
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.auth import create_user, sign_in
from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.invoice_models import BillingSettings, Invoice, InvoiceLine

CENTRE_SIRET = "73282932000074"  # Luhn-valid (the INSEE's own example)
BUYER_SIRET = "84731952200011"
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
ISSUE_DAY = date(2026, 12, 1)


@dataclass(frozen=True)
class DraftLine:
    description: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = Decimal(0)
    unit: UnitCode = UnitCode.ONE
    family: LineFamily = LineFamily.DESK_USE


HALF_DAYS = DraftLine("Bureau partagé — 3 demi-journées — novembre 2026", Decimal(3), Decimal(12))
SUBSCRIPTION = DraftLine(
    "Abonnement nomade — novembre 2026",
    Decimal(1),
    Decimal("95.00"),
    unit=UnitCode.MONTH,
    family=LineFamily.SUBSCRIPTION,
)


@dataclass
class InvoicingWorld:
    store: Store
    manager: Actor
    receptionist: Actor
    volunteer: Actor

    def draft(
        self,
        lines: Sequence[DraftLine] = (HALF_DAYS, SUBSCRIPTION),
        *,
        buyer: str = "Hélène Lefèvre",
        company: bool = False,
        siret: str = "",
        period: tuple[date, date] = NOVEMBER,
    ) -> int:
        return add_draft(
            self.store, lines, buyer=buyer, company=company, siret=siret, period=period
        )

    def count(self, model: type[Any] = Invoice, **where: Any) -> int:
        with self.store.read() as session:
            query = select(func.count()).select_from(model)
            for name, value in where.items():
                query = query.where(getattr(model, name) == value)
            return session.scalar(query) or 0

    def invoice(self, invoice_id: int) -> Invoice:
        """The row (detached, lines loaded), for assertions."""
        with self.store.read() as session:
            invoice = session.get_one(Invoice, invoice_id)
            _ = list(invoice.lines)
            return invoice


def new_invoicing_centre(
    paths: DataPaths, vat_mode: VatMode = VatMode.LIABLE, *, complete: bool = True
) -> InvoicingWorld:
    """A centre whose legal identity is complete (or, with ``complete=False``, lacks SIRET
    and legal form), with billing settings, a manager, a receptionist and a volunteer.

    The first centre of each kind is built through the services, then its database file
    is copied for the next tests: creating accounts hashes PINs, which is slow on purpose.
    """
    key = (vat_mode, complete)
    if key not in _TEMPLATES:
        template = prepare_data_dir(Path(tempfile.mkdtemp(prefix="invoicing-world-")))
        world = _build_centre(template, vat_mode, complete=complete)
        world.store.close()
        with sqlite3.connect(template.database) as raw:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw.close()
        _TEMPLATES[key] = (template.database, world.manager, world.receptionist, world.volunteer)
    database, manager, receptionist, volunteer = _TEMPLATES[key]
    shutil.copyfile(database, paths.database)
    return InvoicingWorld(open_store(paths), manager, receptionist, volunteer)


_TEMPLATES: dict[tuple[VatMode, bool], tuple[Path, Actor, Actor, Actor]] = {}


def _build_centre(paths: DataPaths, vat_mode: VatMode, *, complete: bool) -> InvoicingWorld:
    store = open_store(paths)
    manager = create_centre(
        store,
        CentreProfile(
            name="Tiers-lieu de la Brie",
            legal_form="Association loi 1901" if complete else "",
            address_line="12 place du Marché",
            postal_code="77540",
            city="Rozay-en-Brie",
            siret=CENTRE_SIRET if complete else "",
            vat_mode=vat_mode,
            vat_number="FR12732829320" if vat_mode is VatMode.LIABLE else "",
            email="bonjour@tiers-lieu-brie.example",
        ),
        FirstManager("Marie Dupont", "marie", "1234"),
    )
    create_user(store, manager, "karim", "Karim Benali", Role.RECEPTIONIST, "2345")
    create_user(store, manager, "jeanne", "Jeanne Martin", Role.VOLUNTEER, "3456")
    with store.write() as session:
        session.add(
            BillingSettings(
                id=1,
                payment_due_days=30,
                late_payment_rate=Decimal("12.00"),
                iban="FR7630006000011234567890189",
                bic="AGRIFRPP",
            )
        )
    return InvoicingWorld(
        store, manager, sign_in(store, "karim", "2345"), sign_in(store, "jeanne", "3456")
    )


def add_draft(
    store: Store,
    lines: Sequence[DraftLine],
    *,
    buyer: str = "Hélène Lefèvre",
    company: bool = False,
    siret: str = "",
    period: tuple[date, date] = NOVEMBER,
) -> int:
    """An invoice draft with ``lines``, VAT as the centre's mode wants it."""
    from telecentre_desk.storage.models import Centre

    with store.write() as session:
        vat = treatment_for(session.get_one(Centre, 1).vat_mode)
        invoice = Invoice(
            kind=DocumentKind.INVOICE,
            status=InvoiceStatus.DRAFT,
            buyer_name=buyer,
            buyer_address_line="3 rue de la Gare",
            buyer_postal_code="77540",
            buyer_city="Rozay-en-Brie",
            buyer_is_company=company,
            buyer_siret=siret,
            period_start=period[0],
            period_end=period[1],
        )
        for position, line in enumerate(lines, start=1):
            invoice.lines.append(
                InvoiceLine(
                    position=position,
                    family=line.family,
                    description=line.description,
                    quantity=line.quantity,
                    unit_code=line.unit,
                    unit_price=line.unit_price,
                    discount=line.discount,
                    vat_category=vat.category,
                    vat_rate=vat.rate,
                    vat_exemption_reason=vat.exemption_reason,
                    vat_exemption_code=vat.exemption_code,
                    net=Line(
                        line.quantity, line.unit_price, vat.category, vat.rate, line.discount
                    ).net,
                )
            )
        session.add(invoice)
        session.flush()
        return invoice.id


def fake_pdf(document: InvoiceDocument) -> bytes:
    """A stand-in renderer: quick, deterministic, and tied to the document's content."""
    return (
        b"%PDF-1.7\n% "
        + document.number.encode()
        + b"\n"
        + hashlib.sha256(document.canonical_bytes()).hexdigest().encode()
        + b"\n%%EOF\n"
    )
