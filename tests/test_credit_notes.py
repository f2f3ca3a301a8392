"""Credit notes: full or partial, never more than the invoice, in their own series."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoicing_world import (
    HALF_DAYS,
    ISSUE_DAY,
    SUBSCRIPTION,
    DraftLine,
    InvoicingWorld,
    fake_pdf,
    new_invoicing_centre,
)
from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.credit_notes import draft_credit_note
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.invoice_chain import verify_chain
from telecentre_desk.services.invoice_issue import issue_invoice
from telecentre_desk.storage.invoice_models import Invoice, InvoiceArchive, InvoiceLine


@pytest.fixture
def world(data_paths: DataPaths) -> Iterator[InvoicingWorld]:
    world = new_invoicing_centre(data_paths)
    yield world
    world.store.close()


def _issue(world: InvoicingWorld, invoice_id: int) -> str:
    return issue_invoice(
        world.store, world.manager, invoice_id, today=ISSUE_DAY, render=fake_pdf
    ).number


def _issued_invoice(world: InvoicingWorld, *lines: DraftLine) -> int:
    invoice_id = world.draft(lines or (HALF_DAYS, SUBSCRIPTION))
    _issue(world, invoice_id)
    return invoice_id


def test_a_full_credit_note_cites_the_invoice_and_cancels_its_totals(
    world: InvoicingWorld,
) -> None:
    invoice_id = _issued_invoice(world)
    draft = draft_credit_note(world.store, world.manager, invoice_id)
    note = world.invoice(draft.invoice_id)
    assert note.kind is DocumentKind.CREDIT_NOTE and note.status is InvoiceStatus.DRAFT
    assert note.corrects_invoice_id == invoice_id
    assert [(line.description, line.quantity) for line in note.lines] == [
        (HALF_DAYS.description, Decimal(3)),
        (SUBSCRIPTION.description, Decimal(1)),
    ]

    assert _issue(world, draft.invoice_id) == "AV-2026-00001"
    note = world.invoice(draft.invoice_id)
    invoice = world.invoice(invoice_id)
    assert note.gross_total == invoice.gross_total == Decimal("157.20")  # positive, type 381
    with world.store.read() as session:
        snapshot = json.loads(session.get_one(InvoiceArchive, note.id).document_json)
    assert snapshot["kind"] == "credit_note"
    assert snapshot["corrects_number"] == "F-2026-00001"
    assert snapshot["corrects_issue_date"] == "2026-12-01"
    assert verify_chain(world.store).ok
    # The invoices' own series goes on where it was.
    assert _issue(world, world.draft()) == "F-2026-00002"


def test_partial_credits_never_exceed_the_invoice(world: InvoicingWorld) -> None:
    invoice_id = _issued_invoice(
        world, DraftLine("Demi-journées", Decimal(3), Decimal(10), discount=Decimal("1.00"))
    )
    line_id = world.invoice(invoice_id).lines[0].id

    first = draft_credit_note(world.store, world.manager, invoice_id, {line_id: Decimal(1)})
    _issue(world, first.invoice_id)
    assert world.invoice(first.invoice_id).net_total == Decimal("9.67")  # 10 - 1/3 of 1.00

    with pytest.raises(ValidationError, match="2"):
        draft_credit_note(world.store, world.manager, invoice_id, {line_id: Decimal(3)})
    with pytest.raises(ValidationError):
        draft_credit_note(world.store, world.manager, invoice_id, {line_id: Decimal(-1)})
    with pytest.raises(ValidationError):
        draft_credit_note(world.store, world.manager, invoice_id, {line_id: Decimal(0)})
    with pytest.raises(ValidationError):
        draft_credit_note(world.store, world.manager, invoice_id, {line_id + 999: Decimal(1)})

    rest = draft_credit_note(world.store, world.manager, invoice_id)  # what is left: 2
    assert [line.quantity for line in world.invoice(rest.invoice_id).lines] == [Decimal(2)]
    _issue(world, rest.invoice_id)
    # Together the credit notes cancel the invoice to the cent.
    assert (
        world.invoice(first.invoice_id).net_total + world.invoice(rest.invoice_id).net_total
        == world.invoice(invoice_id).net_total
        == Decimal("29.00")
    )
    with pytest.raises(ValidationError, match="F-2026-00001"):
        draft_credit_note(world.store, world.manager, invoice_id)


def test_two_drafts_cannot_credit_the_same_quantity_twice(world: InvoicingWorld) -> None:
    invoice_id = _issued_invoice(world, HALF_DAYS)
    draft_credit_note(world.store, world.manager, invoice_id)
    with pytest.raises(ValidationError):
        draft_credit_note(world.store, world.manager, invoice_id)


def test_a_credit_note_that_became_too_large_is_refused_at_issue(world: InvoicingWorld) -> None:
    invoice_id = _issued_invoice(world, HALF_DAYS)
    first = draft_credit_note(world.store, world.manager, invoice_id)
    # A second draft made behind the service's back (as if both were drafted at once).
    with world.store.write() as session:
        first_note = session.get_one(Invoice, first.invoice_id)
        line = first_note.lines[0]
        twin = Invoice(
            kind=DocumentKind.CREDIT_NOTE,
            status=InvoiceStatus.DRAFT,
            buyer_name="Hélène Lefèvre",
            period_start=first_note.period_start,
            period_end=first_note.period_end,
            corrects_invoice_id=invoice_id,
        )

        twin.lines.append(
            InvoiceLine(
                **{
                    column: getattr(line, column)
                    for column in (c.key for c in InvoiceLine.__table__.columns)
                    if column not in ("id", "invoice_id")
                }
            )
        )
        session.add(twin)
        session.flush()
        twin_id = twin.id
    _issue(world, first.invoice_id)
    with pytest.raises(ValidationError, match="F-2026-00001"):
        _issue(world, twin_id)
    assert world.invoice(twin_id).status is InvoiceStatus.DRAFT


def test_a_draft_or_a_credit_note_cannot_be_credited(world: InvoicingWorld) -> None:
    draft_id = world.draft()
    with pytest.raises(ValidationError, match=r"brouillon|draft"):
        draft_credit_note(world.store, world.manager, draft_id)
    invoice_id = _issued_invoice(world)
    note = draft_credit_note(world.store, world.manager, invoice_id)
    _issue(world, note.invoice_id)
    with pytest.raises(ValidationError, match=r"avoir|credit note"):
        draft_credit_note(world.store, world.manager, note.invoice_id)


@pytest.mark.parametrize("who", ["receptionist", "volunteer"])
def test_only_the_manager_credits(world: InvoicingWorld, who: str) -> None:
    invoice_id = _issued_invoice(world)
    before = world.count()
    with pytest.raises(PermissionDenied):
        draft_credit_note(world.store, getattr(world, who), invoice_id)
    assert world.count() == before


@settings(max_examples=12, deadline=None)
@given(steps=st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=5))
def test_partial_credits_never_exceed_and_end_exactly_at_the_invoice(
    tmp_path_factory: pytest.TempPathFactory, steps: list[int]
) -> None:
    """Whatever the pieces, the credit notes of a line add up to at most the line, and
    to the cent of it (discount included) once the whole line is credited."""
    paths = prepare_data_dir(tmp_path_factory.mktemp("credit-notes") / "centre")
    world = new_invoicing_centre(paths)
    try:
        line = DraftLine("Heures", Decimal(7), Decimal("9.99"), discount=Decimal("3.33"))
        invoice_id = _issued_invoice(world, line)
        line_id = world.invoice(invoice_id).lines[0].id
        left, credited = Decimal(7), Decimal(0)
        for step in steps:
            quantity = min(Decimal(step), left)
            if quantity == 0:
                with pytest.raises(ValidationError):
                    draft_credit_note(world.store, world.manager, invoice_id, {line_id: Decimal(1)})
                continue
            note = draft_credit_note(world.store, world.manager, invoice_id, {line_id: quantity})
            _issue(world, note.invoice_id)
            credited += world.invoice(note.invoice_id).net_total or Decimal(0)
            left -= quantity
            assert credited <= world.invoice(invoice_id).net_total
        if left:
            rest = draft_credit_note(world.store, world.manager, invoice_id)
            _issue(world, rest.invoice_id)
            credited += world.invoice(rest.invoice_id).net_total or Decimal(0)
        assert credited == world.invoice(invoice_id).net_total == Decimal("66.60")
        assert verify_chain(world.store).ok
    finally:
        world.store.close()
