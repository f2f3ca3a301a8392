"""The desk's daily closing: totals per method, once per day, frozen payments, a verified chain."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from payments_world import SIREN, World, issue, new_world
from telecentre_desk.domain.invoicing import PaymentMethod
from telecentre_desk.paths import prepare_data_dir
from telecentre_desk.services import closing_archive, desk_closing, payments
from telecentre_desk.services.errors import PermissionDenied, ServiceError, ValidationError
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.invoice_models import DeskClosing, Payment

DAY = date(2026, 11, 10)
NEXT = date(2026, 11, 11)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = open_store(prepare_data_dir(tmp_path / "centre"))
    try:
        yield new_world(store)
    finally:
        store.close()


def _pay(
    world: World, invoice: int, amount: str, method: PaymentMethod, day: date, **kw: object
) -> int:
    return payments.record_payment(
        world.store,
        world.volunteer,
        invoice,
        Decimal(amount),
        method,
        day,
        taken_at_desk=kw.pop("desk", True),  # type: ignore[arg-type]
        reference=str(kw.pop("reference", "")),
    ).payment_id


def _busy_day(world: World) -> list[int]:
    invoice = issue(world, lines=(("Journée", "10", "20.00"),))  # 240.00
    return [
        _pay(world, invoice, "24.00", PaymentMethod.CASH, DAY),
        _pay(world, invoice, "20.00", PaymentMethod.CASH, DAY),
        _pay(world, invoice, "30.00", PaymentMethod.CHEQUE, DAY, reference="000123"),
        _pay(world, invoice, "12.50", PaymentMethod.CARD, DAY),
        _pay(world, invoice, "50.00", PaymentMethod.TRANSFER, DAY, desk=False),  # not the desk's
        _pay(world, invoice, "7.00", PaymentMethod.CASH, NEXT),  # another day
    ]


def test_closing_totals_the_desk_payments_of_the_day_per_method(world: World) -> None:
    ids = _busy_day(world)
    closed = desk_closing.close_day(world.store, world.volunteer, DAY).closing
    assert closed.totals == desk_closing.MethodTotals(
        Decimal("44.00"), Decimal("30.00"), Decimal("12.50"), Decimal("0.00")
    )
    assert closed.totals.total == Decimal("86.50")
    assert closed.payment_count == 4
    assert closed.chain_index == 1
    with world.store.read() as session:
        stamped = session.scalars(
            select(Payment.id).where(Payment.closing_id == closed.id).order_by(Payment.id)
        ).all()
    assert list(stamped) == ids[:4]


def test_a_day_closes_once_and_closed_payments_are_frozen(world: World) -> None:
    ids = _busy_day(world)
    desk_closing.close_day(world.store, world.receptionist, DAY)
    with pytest.raises(ValidationError, match=r"already closed|déjà"):
        desk_closing.close_day(world.store, world.manager, DAY)
    with (
        pytest.raises(IntegrityError, match="desk closing cannot be changed"),
        world.store.write() as session,
    ):
        session.get_one(Payment, ids[0]).amount = Decimal("1.00")
    with (
        pytest.raises(IntegrityError, match="cannot be changed"),
        world.store.write() as session,
    ):
        session.execute(text("UPDATE desk_closing SET cash_total = 0"))
    assert len(desk_closing.closings(world.store)) == 1


def test_a_payment_dated_in_a_closed_day_is_refused_with_a_clear_message(world: World) -> None:
    invoice = issue(world)
    desk_closing.close_day(world.store, world.volunteer, DAY)
    with pytest.raises(ValidationError) as refused:
        _pay(world, invoice, "5.00", PaymentMethod.CASH, DAY)
    assert "paid_on" in refused.value.problems
    assert re.search("closed|fermé|clôtur", str(refused.value))
    assert payments.payments_of(world.store, invoice) == []
    # A reversal of an older payment cannot be dated in a closed day either.
    paid = _pay(world, invoice, "5.00", PaymentMethod.CASH, date(2026, 11, 9))
    with pytest.raises(ValidationError):
        payments.reverse_payment(world.store, world.manager, paid, on=DAY)


def test_closing_a_day_to_come_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        desk_closing.close_day(world.store, world.manager, date(2999, 1, 1))
    assert desk_closing.closings(world.store) == []


def test_closings_chain_and_verify_ok(world: World) -> None:
    _busy_day(world)
    first = desk_closing.close_day(world.store, world.volunteer, DAY).closing
    second = desk_closing.close_day(world.store, world.volunteer, NEXT).closing
    with world.store.read() as session:
        row = session.get_one(DeskClosing, second.id)
        assert row.previous_hash == first.content_hash
    report = desk_closing.verify_closings(world.store)
    assert report == desk_closing.ClosingReport(True, 2, None, "")


def _tamper(world: World, *statements: str) -> None:
    with world.store.write() as session:
        session.execute(text("DROP TRIGGER payment_closed_no_update"))
        session.execute(text("DROP TRIGGER desk_closing_no_update"))
        for statement in statements:
            session.execute(text(statement))


@pytest.mark.parametrize(
    "statements",
    [
        ("UPDATE payment SET amount = 2.00 WHERE method = 'card'",),
        ("UPDATE desk_closing SET cash_total = 40.00 WHERE day = '2026-11-10'",),
        ("UPDATE payment SET closing_id = NULL WHERE method = 'cheque'",),
        # Payment and totals changed together: the totals agree, the hash does not.
        (
            "UPDATE payment SET amount = 2.00 WHERE method = 'card'",
            "UPDATE desk_closing SET card_total = 2.00 WHERE day = '2026-11-10'",
        ),
    ],
)
def test_tampering_with_a_closing_is_detected_by_verify(
    world: World, statements: tuple[str, ...]
) -> None:
    _busy_day(world)
    desk_closing.close_day(world.store, world.volunteer, DAY)
    desk_closing.close_day(world.store, world.volunteer, NEXT)
    _tamper(world, *statements)
    report = desk_closing.verify_closings(world.store)
    assert not report.ok
    assert report.broken_day == DAY
    assert report.checked == 0
    assert report.reason


def test_a_rewritten_closing_breaks_the_link_to_the_next(world: World) -> None:
    _busy_day(world)
    desk_closing.close_day(world.store, world.volunteer, DAY)
    desk_closing.close_day(world.store, world.volunteer, NEXT)
    # Someone recomputes the first closing's hash after a change: the second no longer follows.
    _tamper(
        world,
        "UPDATE desk_closing SET content_hash = 'ab' || substr(content_hash, 3)"
        " WHERE day = '2026-11-10'",
    )
    report = desk_closing.verify_closings(world.store)
    assert not report.ok and report.broken_day == DAY


def test_monthly_and_yearly_totals_come_from_the_closings(world: World) -> None:
    _busy_day(world)
    desk_closing.close_day(world.store, world.volunteer, DAY)
    desk_closing.close_day(world.store, world.volunteer, NEXT)
    months = desk_closing.monthly_totals(world.store, 2026)
    assert len(months) == 12
    november = months[10]
    assert (november.start, november.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert november.totals.cash == Decimal("51.00")
    assert november.totals.total == Decimal("93.50")
    assert (november.payment_count, november.days_closed) == (5, 2)
    assert months[11].end == date(2026, 12, 31) and months[11].days_closed == 0
    year = desk_closing.yearly_totals(world.store, 2026)
    assert year.totals == november.totals and year.days_closed == 2


def test_an_empty_day_closes_with_zero_totals(world: World) -> None:
    closed = desk_closing.close_day(world.store, world.manager, DAY).closing
    assert closed.payment_count == 0 and closed.totals.total == Decimal("0")
    assert desk_closing.verify_closings(world.store).ok


# -- the yearly archive --------------------------------------------------------------------------
def test_the_yearly_archive_holds_the_closings_and_verifies_on_its_own(
    world: World, tmp_path: Path
) -> None:
    _busy_day(world)
    desk_closing.close_day(world.store, world.volunteer, DAY)
    desk_closing.close_day(world.store, world.volunteer, NEXT)
    out = tmp_path / "archives"
    result = closing_archive.write_closing_archive(world.store, world.manager, 2026, out)
    assert result.path == out / f"clotures-caisse-2026-{SIREN}.zip"
    assert (result.closings, result.payments) == (2, 5)
    assert hashlib.sha256(result.path.read_bytes()).hexdigest() == result.sha256
    with zipfile.ZipFile(result.path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["totals"]["cash"] == "51.00" and manifest["year"] == 2026
    report = closing_archive.verify_closing_archive(result.path)
    assert report == closing_archive.ArchiveReport(True, 2026, 2, "")


def _rewrite(path: Path, name: str, change: Callable[[Any], None], *, rehash: bool) -> None:
    with zipfile.ZipFile(path) as archive:
        files = {item: archive.read(item) for item in archive.namelist()}
    data = json.loads(files[name])
    change(data)
    files[name] = json.dumps(data).encode()
    if rehash:  # a careful forger also fixes the manifest
        manifest = json.loads(files["manifest.json"])
        manifest["files"][name] = hashlib.sha256(files[name]).hexdigest()
        files["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for item, content in files.items():
            archive.writestr(item, content)


@pytest.mark.parametrize("rehash", [False, True])
def test_a_changed_archive_is_detected(world: World, tmp_path: Path, rehash: bool) -> None:
    _busy_day(world)
    desk_closing.close_day(world.store, world.volunteer, DAY)
    path = closing_archive.write_closing_archive(world.store, world.manager, 2026, tmp_path).path

    def lower_cash(payments: list[dict[str, Any]]) -> None:
        payments[0]["amount"] = "4.00"

    _rewrite(path, "payments.json", lower_cash, rehash=rehash)
    report = closing_archive.verify_closing_archive(path)
    assert not report.ok and report.reason


def test_no_archive_of_a_broken_chain_an_empty_year_or_by_the_desk(
    world: World, tmp_path: Path
) -> None:
    _busy_day(world)
    desk_closing.close_day(world.store, world.volunteer, DAY)
    with pytest.raises(ServiceError):
        closing_archive.write_closing_archive(world.store, world.manager, 2025, tmp_path)
    with pytest.raises(PermissionDenied):
        closing_archive.write_closing_archive(world.store, world.receptionist, 2026, tmp_path)
    _tamper(world, "UPDATE payment SET amount = 2.00 WHERE method = 'card'")
    with pytest.raises(ServiceError, match="closings verify"):
        closing_archive.write_closing_archive(world.store, world.manager, 2026, tmp_path)
    assert list(tmp_path.glob("*.zip")) == []
    garbage = tmp_path / "not-an-archive.zip"
    garbage.write_bytes(b"hello")
    assert not closing_archive.verify_closing_archive(garbage).ok
