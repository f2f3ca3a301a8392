"""``export fec|sales|vat`` and ``closings verify|totals`` from a terminal."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import text

from payments_world import SIREN, World, issue, new_world
from telecentre_desk import cli
from telecentre_desk.domain.invoicing import PaymentMethod
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import desk_closing, payments
from telecentre_desk.services.store import open_store


@pytest.fixture
def world(data_paths: DataPaths) -> Iterator[World]:
    store = open_store(data_paths)
    world = new_world(store)
    issue(world, issued=date(2026, 3, 2), lines=(("Journée", "2", "20.00"),))
    issue(world, customer="company", issued=date(2026, 11, 3), lines=(("Bureau", "1", "100"),))
    yield world
    store.close()


@pytest.fixture
def folder(data_paths: DataPaths) -> list[str]:
    return ["--data-dir", str(data_paths.root)]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_export_fec_writes_the_named_file(
    world: World, folder: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(
        ["export", "fec", "--year", "2026", "--out", str(tmp_path), *folder], capsys
    )
    written = tmp_path / f"{SIREN}FEC20261231.txt"
    assert code == 0 and str(written) in out
    lines = written.read_bytes().decode("iso-8859-15").splitlines()
    assert lines[0].startswith("JournalCode|JournalLib|EcritureNum|")
    assert len(lines) == 1 + 3 + 3


def test_export_sales_by_month_and_by_year(
    world: World, folder: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    month = tmp_path / "nov.csv"
    code, _out, _err = _run(
        ["export", "sales", "--month", "2026-11", "--out", str(month), *folder], capsys
    )
    assert code == 0
    rows = month.read_text("utf-8-sig").splitlines()
    assert len(rows) == 2 and "F-2026-0002" in rows[1] and "120,00" in rows[1]
    year = tmp_path / "year.csv"
    code, _out, _err = _run(
        ["export", "sales", "--year", "2026", "--out", str(year), *folder], capsys
    )
    assert code == 0 and len(year.read_text("utf-8-sig").splitlines()) == 3


def test_export_sales_refuses_a_bad_month_and_writes_nothing(
    world: World, folder: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bad.csv"
    code, _out, err = _run(
        ["export", "sales", "--month", "2026-13", "--out", str(out), *folder], capsys
    )
    assert code == 2 and "2026-13" in err and "AAAA-MM" in err
    assert not out.exists()


def test_export_vat_prints_each_month_and_the_year(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(["export", "vat", "--year", "2026", *folder], capsys)
    assert code == 0
    assert "mars 2026" in out and "novembre 2026" in out and "janvier" not in out
    last = out.strip().splitlines()[-1]
    assert "140,00" in last and "28,00" in last


def test_closings_verify_ok_then_names_the_broken_day(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    payments.record_payment(
        world.store,
        world.volunteer,
        1,
        Decimal("10.00"),
        PaymentMethod.CASH,
        date(2026, 11, 10),
        taken_at_desk=True,
    )
    desk_closing.close_day(world.store, world.volunteer, date(2026, 11, 10))
    code, out, _err = _run(["closings", "verify", *folder], capsys)
    assert code == 0 and "OK" in out

    code, out, _err = _run(["closings", "totals", "--year", "2026", *folder], capsys)
    assert code == 0 and "10,00" in out.splitlines()[11]

    with world.store.write() as session:
        session.execute(text("DROP TRIGGER payment_closed_no_update"))
        session.execute(text("UPDATE payment SET amount = 1.00"))
    code, _out, err = _run(["closings", "verify", *folder], capsys)
    assert code == 1 and "10 novembre 2026" in err


def test_closings_archive_then_verify_the_file(
    world: World, folder: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payments.record_payment(
        world.store,
        world.volunteer,
        1,
        Decimal("10.00"),
        PaymentMethod.CARD,
        date(2026, 11, 10),
        taken_at_desk=True,
    )
    desk_closing.close_day(world.store, world.volunteer, date(2026, 11, 10))
    code, out, _err = _run(
        ["closings", "archive", "--year", "2026", "--out", str(tmp_path), *folder], capsys
    )
    archive = tmp_path / f"clotures-caisse-2026-{SIREN}.zip"
    assert code == 0 and str(archive) in out and "SHA-256" in out
    code, out, _err = _run(["closings", "verify-archive", str(archive), *folder], capsys)
    assert code == 0 and "OK" in out and "2026" in out
    broken = tmp_path / "broken.zip"
    broken.write_bytes(archive.read_bytes()[:100])
    code, _out, err = _run(["closings", "verify-archive", str(broken), *folder], capsys)
    assert code == 1 and err.strip()
