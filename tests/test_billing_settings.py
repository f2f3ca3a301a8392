"""The centre's billing settings: defaults, checked changes, what an invoice still needs."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import select

import billing_world
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.i18n import _
from telecentre_desk.services.billing_settings import (
    get_billing_settings,
    missing_legal_identity,
    update_billing_settings,
)
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.invoice_models import BillingSettings
from telecentre_desk.storage.models import AuditEvent

SIRET = "84731952200011"
COMPLETE = {
    "legal_form": "SCIC SARL à capital variable",
    "address_line": "7 rue de la Grange",
    "postal_code": "77540",
    "city": "Rozay-en-Brie",
    "siret": "847 319 522 00011",
    "share_capital": "12 400 €",
    "rcs": "RCS Melun 847 319 522",
}
IBAN = "FR76 3000 4000 0000 0123 4567 845"


store_fixture = billing_world.store_fixture
actors_fixture = billing_world.actors_fixture
desk_template_fixture = billing_world.desk_template_fixture


@pytest.fixture
def manager(actors: tuple[Actor, Actor, Actor]) -> Actor:
    return actors[0]


def _png(size: tuple[int, int] = (40, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 90, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_defaults_apply_until_the_manager_saves_something(store: Store, manager: Actor) -> None:
    settings = get_billing_settings(store)
    assert (settings.invoice_prefix, settings.credit_note_prefix) == ("F", "AV")
    assert (settings.payment_due_days, settings.late_payment_rate) == (30, Decimal("12.00"))
    assert settings.name == "Tiers-lieu de la Brie"
    assert not settings.has_logo
    with store.read() as session:
        assert session.get(BillingSettings, 1) is None


def test_the_manager_saves_the_identity_and_terms(store: Store, manager: Actor) -> None:
    result = update_billing_settings(
        store,
        manager,
        {
            **COMPLETE,
            "iban": IBAN,
            "bic": "bnpafrpp",
            "invoice_prefix": "fac-",
            "payment_due_days": "45",
            "late_payment_rate": "10,15",
            "vat_mode": VatMode.LIABLE,
            "vat_number": "FR52 847319522",
            "logo_png": _png(),
        },
    )
    saved = get_billing_settings(store)
    assert saved == result.settings
    assert saved.siret == SIRET
    assert (saved.iban, saved.bic) == ("FR7630004000000001234567845", "BNPAFRPP")
    assert (saved.invoice_prefix, saved.payment_due_days) == ("FAC-", 45)
    assert saved.late_payment_rate == Decimal("10.15")
    assert (saved.vat_mode, saved.vat_number) == (VatMode.LIABLE, "FR52847319522")
    assert saved.logo_png == _png()
    with store.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "update_billing_settings")
        ).one()
    assert event.changes["to"]["iban"] == "FR7630004000000001234567845"
    assert event.changes["to"]["logo_png"].endswith("bytes")  # not the image itself


def test_bad_input_is_refused_with_a_message_per_field_and_nothing_changes(
    store: Store, manager: Actor
) -> None:
    update_billing_settings(store, manager, {"iban": IBAN})
    before = get_billing_settings(store)
    bad = {
        "name": "  ",
        "siret": "12345678901234",
        "postal_code": "775",
        "iban": "FR76 3000 4000 0000 0123 4567 846",
        "bic": "NOTABIC",
        "invoice_prefix": "F 1",
        "payment_due_days": 90,
        "late_payment_rate": "-3",
        "vat_number": "FR00123",
        "logo_png": b"GIF89a not a png",
    }
    with pytest.raises(ValidationError) as error:
        update_billing_settings(store, manager, bad)
    assert set(error.value.problems) == set(bad)
    # In French, and each says what to do.
    assert error.value.problems["name"] == (
        "Saisissez le nom du centre, tel qu’il figure sur les factures."
    )
    assert "77540" in error.value.problems["postal_code"]
    assert get_billing_settings(store) == before
    assert get_billing_settings(store).logo_png is None


def test_a_logo_must_be_a_small_readable_png(store: Store, manager: Actor) -> None:
    huge = b"\x89PNG\r\n\x1a\n" + bytes(600 * 1024)
    damaged = _png()[:40]
    for logo in (huge, damaged, "logo.png"):
        with pytest.raises(ValidationError) as error:
            update_billing_settings(store, manager, {"logo_png": logo})
        assert set(error.value.problems) == {"logo_png"}
    update_billing_settings(store, manager, {"logo_png": _png()})
    update_billing_settings(store, manager, {"logo_png": None})
    assert not get_billing_settings(store).has_logo


def test_cross_field_rules(store: Store, manager: Actor) -> None:
    update_billing_settings(store, manager, {"siret": SIRET})
    with pytest.raises(ValidationError) as error:
        update_billing_settings(store, manager, {"vat_mode": "liable"})
    assert set(error.value.problems) == {"vat_number"}
    with pytest.raises(ValidationError) as error:
        update_billing_settings(store, manager, {"vat_number": "FR40303265045"})  # another SIREN
    assert set(error.value.problems) == {"vat_number"}
    with pytest.raises(ValidationError) as error:
        update_billing_settings(store, manager, {"credit_note_prefix": "F"})
    assert set(error.value.problems) == {"credit_note_prefix"}
    with pytest.raises(ValidationError) as error:
        update_billing_settings(store, manager, {"colour": "green"})
    assert set(error.value.problems) == {"colour"}


def test_missing_legal_identity_names_what_an_invoice_needs(store: Store, manager: Actor) -> None:
    missing = missing_legal_identity(store)
    assert _("the SIRET number") in missing
    assert _("the street address") in missing
    assert _("the share capital") not in missing  # no legal form yet: not a company
    update_billing_settings(store, manager, {"legal_form": "SARL"})
    assert _("the share capital") in missing_legal_identity(store)
    update_billing_settings(store, manager, COMPLETE)
    assert missing_legal_identity(store) == ()
    update_billing_settings(store, manager, {"vat_mode": "liable", "vat_number": "FR52847319522"})
    assert missing_legal_identity(store) == ()


def test_an_association_needs_no_share_capital(store: Store, manager: Actor) -> None:
    association = {**COMPLETE, "legal_form": "Association loi 1901", "share_capital": "", "rcs": ""}
    update_billing_settings(store, manager, association)
    assert missing_legal_identity(store) == ()


def test_only_the_manager_changes_the_billing_settings(
    store: Store, actors: tuple[Actor, Actor, Actor]
) -> None:
    for actor in actors[1:]:
        with pytest.raises(PermissionDenied):
            update_billing_settings(store, actor, {"iban": IBAN})
    assert get_billing_settings(store).iban == ""
