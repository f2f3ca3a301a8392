"""Reminder letters (three levels, one step at a time) and the desk receipt."""

from __future__ import annotations

import io
import os
import subprocess
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from payments_world import SIRET, World, draft, issue, new_world
from telecentre_desk.domain.invoicing import PaymentMethod
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.paths import prepare_data_dir
from telecentre_desk.services import payments, receipts, reminders
from telecentre_desk.services.errors import NotFound, PermissionDenied, ValidationError
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.invoice_models import Reminder

LATE = date(2026, 11, 20)
# Set PAYMENTS_SHOTS=/some/folder to keep PNGs of the letters and receipts for review.
SHOTS = os.environ.get("PAYMENTS_SHOTS", "")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = open_store(prepare_data_dir(tmp_path / "centre"))
    try:
        yield new_world(store)
    finally:
        store.close()


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _reminder_rows(world: World) -> int:
    with world.store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Reminder)) or 0)


def _save_png(pdf: bytes, name: str) -> None:
    """Keep a picture of the document for a reviewer to look at."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(source), str(folder / name)],
        check=True,
    )


def _overdue(world: World, customer: str = "company") -> tuple[int, int]:
    first = issue(
        world,
        customer=customer,
        issued=date(2026, 9, 1),
        due=date(2026, 10, 1),
        lines=(("Bureau fermé — septembre 2026", "1", "250.00"),),
    )
    second = issue(
        world,
        customer=customer,
        issued=date(2026, 10, 1),
        due=date(2026, 10, 31),
        lines=(("Salle de réunion — 3 demi-journées", "3", "40.00"),),
    )
    payments.record_payment(
        world.store, world.manager, second, Decimal("44.00"), PaymentMethod.TRANSFER, LATE
    )
    return first, second


def test_three_levels_one_step_at_a_time_each_letter_in_french(world: World) -> None:
    invoices = _overdue(world)
    texts = {}
    for level in (1, 2, 3):
        assert all(reminders.next_level(world.store, i) == level for i in invoices)
        sent = reminders.send_reminder(world.store, world.manager, invoices, level, sent_on=LATE)
        assert sent.level == level and sent.invoice_ids == invoices
        texts[level] = _text(sent.pdf)
        _save_png(sent.pdf, f"reminder-level-{level}")
        rows = payments.unpaid_invoices(world.store, today=LATE)
        assert {row.reminder_level for row in rows} == {level}
    assert reminders.next_level(world.store, invoices[0]) is None

    for text in texts.values():
        # Seller and buyer blocks, the invoices with amounts and due dates.
        assert "Tiers-lieu de la Brie" in text and f"SIRET {SIRET}" in text
        assert "Logiciels de la Brie SAS" in text and "77100 Meaux" in text
        assert "F-2026-0001" in text and "F-2026-0002" in text
        assert "1 octobre 2026" in text and "31 octobre 2026" in text
        assert "300,00" in text and "100,00" in text  # the second one is partly paid
        assert "400,00" in text  # total due
    assert "Rappel" in texts[1] and "oubli" in texts[1]
    assert "Relance" in texts[2] and "quinze jours" in texts[2]
    notice = texts[3]
    assert "Mise en demeure" in notice and "huit jours" in notice
    assert "recommandée" in notice
    assert "12 %" in notice.replace("\u202f", " ")  # the late-payment rate of the settings
    assert "40,00" in notice and "L441-10" in notice


def test_levels_cannot_be_skipped_or_repeated(world: World) -> None:
    first, _second = _overdue(world)
    with pytest.raises(ValidationError) as skipped:
        reminders.send_reminder(world.store, world.manager, [first], 2, sent_on=LATE)
    assert "level" in skipped.value.problems
    reminders.send_reminder(world.store, world.manager, [first], 1, sent_on=LATE)
    with pytest.raises(ValidationError):
        reminders.send_reminder(world.store, world.manager, [first], 1, sent_on=LATE)
    for bad in (0, 4):
        with pytest.raises(ValidationError):
            reminders.send_reminder(world.store, world.manager, [first], bad, sent_on=LATE)
    assert _reminder_rows(world) == 1


def test_no_reminder_for_paid_not_late_draft_mixed_customers_or_unknown(world: World) -> None:
    first, _second = _overdue(world)
    other = issue(world, customer="marc", issued=date(2026, 9, 1), due=date(2026, 10, 1))
    paid = issue(world, issued=date(2026, 9, 1), due=date(2026, 10, 1))
    payments.record_payment(
        world.store, world.manager, paid, Decimal("24.00"), PaymentMethod.CARD, LATE
    )
    not_late = issue(world, issued=date(2026, 11, 2), due=date(2026, 12, 2))
    cases = [[first, other], [paid], [not_late], [draft(world)], []]
    for ids in cases:
        with pytest.raises(ValidationError):
            reminders.send_reminder(world.store, world.manager, ids, 1, sent_on=LATE)
    with pytest.raises(NotFound):
        reminders.send_reminder(world.store, world.manager, [9999], 1, sent_on=LATE)
    assert _reminder_rows(world) == 0


def test_reminders_are_sent_by_the_manager(world: World) -> None:
    first, _second = _overdue(world)
    for actor in (world.receptionist, world.volunteer):
        with pytest.raises(PermissionDenied):
            reminders.send_reminder(world.store, actor, [first], 1, sent_on=LATE)
    assert _reminder_rows(world) == 0
    # The preview records nothing.
    assert _text(reminders.preview_reminder(world.store, [first], 1, on=LATE)).count("F-2026-0001")
    assert _reminder_rows(world) == 0


def test_a_private_customer_is_not_asked_for_the_40_euro_indemnity(world: World) -> None:
    # The fixed indemnity is owed by professionals only (art. L441-10 Code de commerce).
    invoice = issue(world, customer="helene", issued=date(2026, 9, 1), due=date(2026, 10, 1))
    for level in (1, 2):
        reminders.send_reminder(world.store, world.manager, [invoice], level, sent_on=LATE)
    notice = _text(
        reminders.send_reminder(world.store, world.manager, [invoice], 3, sent_on=LATE).pdf
    )
    assert "Hélène Lefèvre" in notice and "12 rue des Tilleuls" in notice
    assert "Mise en demeure" in notice and "40,00" not in notice


def test_a_receipt_for_a_day_pass_paid_at_the_desk(world: World) -> None:
    invoice = issue(
        world,
        customer="Camille Passage",
        issued=date(2026, 11, 20),
        due=date(2026, 11, 20),
        lines=(("Pass journée — bureau partagé", "1", "16.67"),),
    )
    paid = payments.record_payment(
        world.store,
        world.volunteer,
        invoice,
        Decimal("20.00"),
        PaymentMethod.CARD,
        LATE,
        taken_at_desk=True,
    )
    pdf = receipts.payment_receipt_pdf(world.store, paid.payment_id)
    _save_png(pdf, "receipt")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    text = _text(pdf)
    for expected in (
        "Tiers-lieu de la Brie",
        f"SIRET {SIRET}",
        "Reçu",
        "20 novembre 2026",
        "Pass journée",
        "20,00",
        "Carte bancaire",
        "TVA 20",
        "3,33",
        "F-2026-0001",
        "Camille Passage",
    ):
        assert expected in text, expected
    assert "règle la facture" in text


def test_a_receipt_in_franchise_mode_carries_the_293_b_mention(tmp_path: Path) -> None:
    store = open_store(prepare_data_dir(tmp_path / "franchise"))
    try:
        world = new_world(store, VatMode.FRANCHISE)
        invoice = issue(world, rate="0.00", lines=(("Demi-journée", "1", "12.00"),))
        paid = payments.record_payment(
            store,
            world.volunteer,
            invoice,
            Decimal("5.00"),
            PaymentMethod.CASH,
            LATE,
            taken_at_desk=True,
        )
        pdf = receipts.payment_receipt_pdf(store, paid.payment_id)
        _save_png(pdf, "receipt-franchise")
        text = _text(pdf)
        assert "TVA non applicable, art. 293 B du CGI" in text
        assert "reste à payer : 7,00" in text and "Espèces" in text
    finally:
        store.close()


def test_no_receipt_for_a_reversal_or_an_unknown_payment(world: World) -> None:
    invoice = issue(world)
    paid = payments.record_payment(
        world.store, world.manager, invoice, Decimal("24.00"), PaymentMethod.CASH, LATE
    )
    reversal = payments.reverse_payment(world.store, world.manager, paid.payment_id, on=LATE)
    with pytest.raises(ValidationError):
        receipts.payment_receipt_pdf(world.store, reversal.payment_id)
    with pytest.raises(NotFound):
        receipts.payment_receipt_pdf(world.store, 9999)


def test_no_reminder_is_recorded_when_the_letter_cannot_be_made(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _second = _overdue(world)

    def broken(letter: object) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(reminders, "render_reminder_pdf", broken)
    with pytest.raises(OSError):
        reminders.send_reminder(world.store, world.manager, [first], 1, sent_on=LATE)
    assert _reminder_rows(world) == 0
