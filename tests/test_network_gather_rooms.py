"""The export's room use (from bookings) and revenue (from issued invoices only)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_weekday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk.domain.invoice_document import UnitCode
from telecentre_desk.domain.invoicing import DocumentKind, InvoiceStatus, LineFamily
from telecentre_desk.domain.vat import VatCategory
from telecentre_desk.network.period import Period
from telecentre_desk.services.bookings import Organiser, book, cancel_booking
from telecentre_desk.services.network_gather_rooms import revenue_rows, room_use_rows
from telecentre_desk.storage.invoice_models import Invoice, InvoiceLine


def test_room_use_counts_bookings_by_day_kind_and_booker_and_hides_small_groups(
    world: World,
) -> None:
    day = next_weekday(0)
    booked = [
        book(world.store, world.receptionist,
             world.draft(paris(day, 9 + n), paris(day, 9 + n, 30),
                         organiser=Organiser(name=f"Invitee {n}", phone="0612345678")))
        for n in range(6)
    ]  # fmt: skip
    cancel_booking(world.store, world.manager, booked[-1].booking.id)
    book(
        world.store,
        world.receptionist,
        world.draft(
            paris(day, 14), paris(day, 16, 30), room=world.meeting,
            organiser=Organiser(member_id=world.members["helene"]),
        ),
    )  # fmt: skip
    period = Period.month(day.year, day.month)
    with world.store.read() as session:
        rows = room_use_rows(session, period, "77-ROZ")
    assert rows == [
        {"date": day, "room_kind": "meeting_room", "booker_type": "member", "hours_booked": None,
         "bookings": None, "cancellations": None, "no_shows": None, "suppressed": True},
        {"date": day, "room_kind": "visio_room", "booker_type": "external",
         "hours_booked": Decimal("2.50"), "bookings": 5, "cancellations": 1, "no_shows": 0,
         "suppressed": False},
    ]  # fmt: skip
    before = Period.month(2020, 1)
    with world.store.read() as session:
        assert room_use_rows(session, before, "77-ROZ") == []


def _add(
    session: Session,
    kind: DocumentKind,
    number: int,
    buyer: str,
    issued: date | None,
    lines: list[tuple[LineFamily, str, str]],
) -> None:
    """A document written as a draft with its lines, then issued (the database's triggers
    refuse lines added to an issued document), as the invoicing services do."""
    invoice = Invoice(
        kind=kind, status=InvoiceStatus.DRAFT, buyer_name=buyer, period_start=date(2026, 3, 1),
        period_end=date(2026, 3, 31),
    )  # fmt: skip
    invoice.lines = [
        InvoiceLine(
            position=position, family=family, description="x", quantity=Decimal(1),
            unit_code=next(iter(UnitCode)), unit_price=Decimal(net),
            vat_category=VatCategory.STANDARD, vat_rate=Decimal(rate), net=Decimal(net),
        )
        for position, (family, rate, net) in enumerate(lines, start=1)
    ]  # fmt: skip
    session.add(invoice)
    session.flush()
    if issued is not None:
        invoice.status, invoice.number = InvoiceStatus.ISSUED, f"F-{number}"
        invoice.sequence = number
        invoice.issue_date, invoice.due_date, invoice.content_hash = issued, issued, "0" * 64
        session.flush()


def test_revenue_sums_issued_documents_by_month_family_and_rate(world: World) -> None:
    desk = LineFamily.DESK_USE
    with world.store.write() as session:
        for n in range(5):
            _add(session, DocumentKind.INVOICE, n + 1, f"Client {n}", date(2026, 3, 10),
                 [(desk, "20.00", "10.05")])  # fmt: skip
        _add(session, DocumentKind.CREDIT_NOTE, 6, "Client 0", date(2026, 3, 20),
             [(desk, "20.00", "10.05")])  # fmt: skip
        _add(session, DocumentKind.INVOICE, 7, "Client 9", None, [(desk, "20.00", "99")])
        _add(session, DocumentKind.INVOICE, 8, "Client 0", date(2026, 3, 11),
             [(LineFamily.ROOM_BOOKING, "20.00", "30.00")])  # fmt: skip
        _add(session, DocumentKind.INVOICE, 9, "Client 0", date(2026, 4, 1),
             [(desk, "20.00", "10.00")])  # fmt: skip
    with world.store.read() as session:
        rows = revenue_rows(session, Period.parse("2026-03"))
    assert rows == [
        {"month": date(2026, 3, 1), "family": "desk", "vat_rate": Decimal("20.00"),
         # 5 invoices of 10.05 (VAT 2.01 each, per document) minus a credit note of 10.05
         "net_amount": Decimal("40.20"), "vat_amount": Decimal("8.04"), "invoices": 5,
         "credit_notes": 1, "suppressed": False},
        {"month": date(2026, 3, 1), "family": "meeting_room", "vat_rate": Decimal("20.00"),
         "net_amount": None, "vat_amount": None, "invoices": None, "credit_notes": None,
         "suppressed": True},
    ]  # fmt: skip
