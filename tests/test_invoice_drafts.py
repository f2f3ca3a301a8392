"""Reviewing drafts: discounts, lines added and removed, the buyer, issued ones refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

import billing_world
from billing_world import NOVEMBER, drafts, half_days, mark_issued
from presence_world import World
from telecentre_desk.domain.invoice_document import DocumentKind, UnitCode
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.i18n import _
from telecentre_desk.services.billing_run import run_billing
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import NotFound, PermissionDenied, ValidationError
from telecentre_desk.services.invoice_drafts import (
    InvoiceFrozen,
    add_line,
    create_manual_draft,
    delete_draft,
    discount_line,
    remove_line,
    update_buyer,
)
from telecentre_desk.services.invoice_queries import InvoiceDetail, get_invoice, list_invoices
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import BilledItem

VALID_SIREN = "732829320"


desk_template_fixture = billing_world.desk_template_fixture
store_fixture = billing_world.store_fixture
actors_fixture = billing_world.actors_fixture


@pytest.fixture
def desk(desk_template: tuple[Path, World, billing_world.Actors], store: Store) -> World:
    """Hélène's 3 half-days of November on her draft."""
    world = replace(desk_template[1], store=store)
    half_days(world, world.manager, "helene", 2, 3, 4)  # 3 half-days at 10 €: 30 €
    run_billing(world.store, world.manager, *NOVEMBER)
    return world


def _draft(world: World) -> InvoiceDetail:
    return get_invoice(world.store, drafts(world.store)["Hélène Lefèvre"].id)


def _billed_items(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(BilledItem)) or 0)


def test_a_discount_lowers_the_line_and_the_totals(desk: World) -> None:
    (line,) = _draft(desk).lines
    discount_line(desk.store, desk.manager, line.id, Decimal("5.00"))
    detail = _draft(desk)
    assert (detail.lines[0].discount, detail.lines[0].net) == (Decimal("5.00"), Decimal("25.00"))
    assert detail.summary.gross_total == Decimal("25.00")
    listed = {s.id: s for s in list_invoices(desk.store)}[detail.id]
    assert listed.gross_total == Decimal("25.00")
    # The whole amount is the most; back to 0 removes the discount.
    discount_line(desk.store, desk.manager, line.id, Decimal("30.00"))
    assert _draft(desk).summary.gross_total == Decimal(0)
    discount_line(desk.store, desk.manager, line.id, Decimal(0))
    assert _draft(desk).summary.gross_total == Decimal("30.00")


@pytest.mark.parametrize("discount", [Decimal("30.01"), Decimal("-1"), Decimal("2.555")])
def test_a_wrong_discount_is_refused_and_changes_nothing(desk: World, discount: Decimal) -> None:
    (line,) = _draft(desk).lines
    with pytest.raises(ValidationError) as error:
        discount_line(desk.store, desk.manager, line.id, discount)
    assert set(error.value.problems) == {"discount"}
    assert _draft(desk).lines[0].net == Decimal("30.00")


def test_removing_a_line_frees_what_it_billed_for_the_next_run(desk: World) -> None:
    (line,) = _draft(desk).lines
    assert _billed_items(desk.store) == 3
    remove_line(desk.store, desk.manager, line.id)
    assert _draft(desk).lines == ()
    assert _billed_items(desk.store) == 0
    result = run_billing(desk.store, desk.manager, *NOVEMBER)
    assert (result.drafts_created, result.drafts_updated, result.lines_added) == (0, 1, 1)


def test_deleting_a_draft_frees_its_items(desk: World) -> None:
    delete_draft(desk.store, desk.manager, _draft(desk).id)
    assert drafts(desk.store) == {}
    assert _billed_items(desk.store) == 0
    assert run_billing(desk.store, desk.manager, *NOVEMBER).drafts_created == 1


def test_a_line_added_by_hand_counts_in_the_totals(desk: World) -> None:
    detail = _draft(desk)
    add_line(desk.store, desk.manager, detail.id, "  Impressions  couleur ", Decimal(12),
             Decimal("0.50"))  # fmt: skip
    lines = _draft(desk).lines
    assert [(li.position, li.description) for li in lines][1] == (2, "Impressions couleur")
    assert (lines[1].unit, lines[1].net) == (UnitCode.ONE, Decimal("6.00"))
    assert _draft(desk).summary.gross_total == Decimal("36.00")


def test_a_wrong_manual_line_is_refused_field_by_field(desk: World) -> None:
    detail = _draft(desk)
    with pytest.raises(ValidationError) as error:
        add_line(desk.store, desk.manager, detail.id, " ", Decimal(0), Decimal("-2"))
    assert set(error.value.problems) == {"description", "quantity", "unit_price"}
    assert len(_draft(desk).lines) == 1


def test_the_buyer_is_corrected_on_the_draft(desk: World) -> None:
    detail = _draft(desk)
    incomplete = _("The buyer's address is incomplete (street, postal code and town): add it.")
    assert incomplete in detail.warnings
    update_buyer(
        desk.store,
        desk.manager,
        detail.id,
        {"address_line": "3 rue des Lilas", "postal_code": "77540", "city": "Rozay-en-Brie"},
    )
    fixed = _draft(desk)
    assert (fixed.buyer_address_line, fixed.buyer_city) == ("3 rue des Lilas", "Rozay-en-Brie")
    assert incomplete not in fixed.warnings


def test_a_company_buyer_gets_its_siren_and_the_warning_goes(desk: World) -> None:
    detail = _draft(desk)
    update_buyer(desk.store, desk.manager, detail.id, {"is_company": True})
    assert any("SIREN" in w for w in _draft(desk).warnings)
    update_buyer(desk.store, desk.manager, detail.id, {"siret": "732 829 320"})
    fixed = _draft(desk)
    assert fixed.buyer_siret == VALID_SIREN
    assert not any("SIREN" in w for w in fixed.warnings)


def test_bad_buyer_input_is_refused_and_nothing_changes(desk: World) -> None:
    detail = _draft(desk)
    with pytest.raises(ValidationError) as error:
        update_buyer(
            desk.store,
            desk.manager,
            detail.id,
            {"name": " ", "siret": "123456789", "postal_code": "775", "email": "nobody"},
        )
    assert set(error.value.problems) == {"name", "siret", "postal_code", "email"}
    assert _draft(desk) == detail


def test_a_manual_draft_for_an_organisation_or_a_named_buyer(desk: World) -> None:
    made = create_manual_draft(
        desk.store, desk.manager, date(2026, 11, 1), date(2026, 11, 30),
        organisation_id=desk.organisation_id,
    )  # fmt: skip
    detail = get_invoice(desk.store, made.invoice_id)
    assert (detail.buyer_name, detail.buyer_is_company) == ("Logiciels de la Brie SAS", True)
    assert detail.summary.kind is DocumentKind.INVOICE
    assert _("This draft has no lines yet.") in detail.warnings
    named = create_manual_draft(
        desk.store, desk.manager, date(2026, 11, 1), date(2026, 11, 30), buyer_name="Mairie"
    )
    assert get_invoice(desk.store, named.invoice_id).buyer_name == "Mairie"
    with pytest.raises(ValidationError):
        create_manual_draft(desk.store, desk.manager, date(2026, 11, 1), date(2026, 11, 30))
    with pytest.raises(NotFound):
        create_manual_draft(
            desk.store, desk.manager, date(2026, 11, 1), date(2026, 11, 30), member_id=999
        )


def test_an_issued_invoice_cannot_be_edited(desk: World) -> None:
    detail = _draft(desk)
    mark_issued(desk.store, detail.id)
    line_id = detail.lines[0].id
    attempts = [
        lambda: discount_line(desk.store, desk.manager, line_id, Decimal(1)),
        lambda: remove_line(desk.store, desk.manager, line_id),
        lambda: add_line(desk.store, desk.manager, detail.id, "Extra", Decimal(1), Decimal(1)),
        lambda: update_buyer(desk.store, desk.manager, detail.id, {"city": "Melun"}),
        lambda: delete_draft(desk.store, desk.manager, detail.id),
    ]
    for attempt in attempts:
        with pytest.raises(InvoiceFrozen) as error:
            attempt()
        assert str(error.value) == _("Issued invoices cannot be changed: issue a credit note.")
    issued = get_invoice(desk.store, detail.id)
    assert issued.summary.status is InvoiceStatus.ISSUED
    assert issued.lines == detail.lines
    assert _billed_items(desk.store) == 3
    # Issued: the billing run skips what it bills.
    assert run_billing(desk.store, desk.manager, *NOVEMBER).lines_added == 0


def test_only_the_manager_edits_drafts(desk: World, actors: tuple[Actor, Actor, Actor]) -> None:
    detail = _draft(desk)
    for actor in actors[1:]:
        with pytest.raises(PermissionDenied):
            discount_line(desk.store, actor, detail.lines[0].id, Decimal(1))
        with pytest.raises(PermissionDenied):
            delete_draft(desk.store, actor, detail.id)
    assert _draft(desk) == detail
