"""The accountant's exports: sales journal CSV, FEC extract, VAT summary, atomic files."""

from __future__ import annotations

import csv
import io
import os
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from payments_world import SIREN, World, draft, issue, new_world
from telecentre_desk.paths import prepare_data_dir
from telecentre_desk.services import accounting_exports as exports
from telecentre_desk.services.errors import PermissionDenied, ServiceError, ValidationError
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.models import AuditEvent, Centre

FEC_HEADER = (
    "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|"
    "CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|"
    "Montantdevise|Idevise"
)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    store = open_store(prepare_data_dir(tmp_path / "centre"))
    try:
        yield new_world(store)
    finally:
        store.close()


@pytest.fixture
def year(world: World) -> dict[str, int]:
    """A year of sales: two rates on one invoice, a company, a credit note, a draft, and an
    invoice of the next year that no 2026 export may show."""
    ids = {
        "first": issue(world, issued=date(2026, 3, 2), lines=(("Journée", "2", "20.00"),)),
        "company": issue(
            world,
            customer="company",
            issued=date(2026, 3, 15),
            lines=(("Bureau fermé | mars", "1", "250.00"),),
        ),
        "reduced": issue(
            world,
            customer="marc",
            issued=date(2026, 4, 1),
            rate="10.00",
            lines=(("Café", "3", "1.50"),),
        ),
    }
    ids["credit"] = issue(
        world,
        customer="company",
        credit_for=ids["company"],
        issued=date(2026, 4, 5),
        lines=(("Bureau", "1", "50.00"),),
    )
    draft(world)
    issue(world, issued=date(2027, 1, 2))
    return ids


def _fec_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("iso-8859-15")
    assert text.endswith("\r\n")
    return [line.split("|") for line in text.split("\r\n")[:-1]]


def test_fec_has_the_legal_name_columns_and_order(
    world: World, year: dict[str, int], tmp_path: Path
) -> None:
    result = exports.write_fec(world.store, world.manager, 2026, tmp_path / "out")
    assert result.path.name == f"{SIREN}FEC20261231.txt"
    rows = _fec_rows(result.path)
    assert "|".join(rows[0]) == FEC_HEADER
    assert all(len(row) == 18 for row in rows)
    assert result.documents == 4  # three invoices and a credit note of 2026, no draft
    assert result.lines == len(rows) - 1
    body = rows[1:]
    assert {row[0] for row in body} == {"VT"} and {row[1] for row in body} == {"Ventes"}
    assert {row[4] for row in body} == {"411", "706", "44571"}
    first = [row for row in body if row[8] == "F-2026-0001"]
    assert [(r[3], r[4], r[11], r[12]) for r in first] == [
        ("20260302", "411", "48,00", "0,00"),
        ("20260302", "706", "0,00", "40,00"),
        ("20260302", "44571", "0,00", "8,00"),
    ]
    assert first[0][6].startswith("CM") and first[0][7] == "Hélène Lefèvre"
    assert first[1][6] == "" and first[0][15] == "20260302"
    # No separator leaks from a line text or a name into the fields.
    assert all("|" not in field for row in body for field in row)


def test_every_fec_entry_balances_and_credit_notes_are_reversed(
    world: World, year: dict[str, int], tmp_path: Path
) -> None:
    rows = _fec_rows(exports.write_fec(world.store, world.manager, 2026, tmp_path).path)[1:]
    debit: dict[str, Decimal] = defaultdict(Decimal)
    credit: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        debit[row[2]] += Decimal(row[11].replace(",", "."))
        credit[row[2]] += Decimal(row[12].replace(",", "."))
    assert sorted(debit) == ["1", "2", "3", "4"]
    assert all(debit[entry] == credit[entry] for entry in debit)
    note = [row for row in rows if row[8] == "AV-2026-0001"]
    assert [(r[4], r[11], r[12]) for r in note] == [
        ("411", "0,00", "60,00"),
        ("706", "50,00", "0,00"),
        ("44571", "10,00", "0,00"),
    ]
    assert note[0][10].startswith("Avoir AV-2026-0001")
    reduced = [row for row in rows if row[8] == "F-2026-0003"]
    assert [(r[4], r[12]) for r in reduced[1:]] == [("706", "4,50"), ("44571", "0,45")]


def test_fec_without_siren_is_refused_and_writes_nothing(world: World, tmp_path: Path) -> None:
    with world.store.write() as session:
        session.get_one(Centre, 1).siret = ""
    with pytest.raises(ServiceError, match="SIRE"):
        exports.write_fec(world.store, world.manager, 2026, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_sales_journal_one_row_per_document_with_vat_per_rate(
    world: World, year: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "ventes.csv"
    result = exports.write_sales_journal(
        world.store, world.manager, date(2026, 1, 1), date(2026, 12, 31), out
    )
    assert result.documents == 4
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 5 and all(len(row) == len(rows[0]) for row in rows)
    assert rows[0][5:] == ["Net", "VAT 20 %", "VAT 10 %", "VAT", "Gross"] or rows[0][5:] == [
        "HT",
        "TVA 20 %",
        "TVA 10 %",
        "TVA",
        "TTC",
    ]
    by_number = {row[1]: row for row in rows[1:]}
    assert by_number["F-2026-0001"][0] == "2026-03-02"
    assert by_number["F-2026-0001"][5:] == ["40,00", "8,00", "0,00", "8,00", "48,00"]
    assert by_number["F-2026-0003"][5:] == ["4,50", "0,00", "0,45", "0,45", "4,95"]
    credit = by_number["AV-2026-0001"]
    assert credit[3] == "Logiciels de la Brie SAS" and credit[4] == "F-2026-0002"
    assert credit[5:] == ["-50,00", "-10,00", "0,00", "-10,00", "-60,00"]

    march = exports.sales_journal_csv(
        world.store, world.manager, date(2026, 3, 1), date(2026, 3, 31)
    )
    assert march[1] == 2


def test_vat_summary_is_invoices_minus_credit_notes_per_rate(
    world: World, year: dict[str, int]
) -> None:
    summary = exports.vat_summary(world.store, world.manager, date(2026, 1, 1), date(2026, 12, 31))
    assert (summary.invoices, summary.credit_notes) == (3, 1)
    assert [(row.rate, row.basis, row.vat) for row in summary.rows] == [
        (Decimal("20.00"), Decimal("240.00"), Decimal("48.00")),
        (Decimal("10.00"), Decimal("4.50"), Decimal("0.45")),
    ]
    standard = summary.rows[0]
    assert (standard.invoiced_basis, standard.credited_basis) == (
        Decimal("290.00"),
        Decimal("50.00"),
    )
    assert summary.vat == Decimal("48.45")
    months = exports.vat_summaries_by_month(world.store, world.manager, 2026)
    assert [m.vat for m in months[2:4]] == [Decimal("58.00"), Decimal("-9.55")]
    assert months[0].rows == () and months[11].end == date(2026, 12, 31)


def test_exports_are_for_the_manager(world: World, year: dict[str, int], tmp_path: Path) -> None:
    for actor in (world.receptionist, world.volunteer):
        with pytest.raises(PermissionDenied):
            exports.write_fec(world.store, actor, 2026, tmp_path)
        with pytest.raises(PermissionDenied):
            exports.vat_summary(world.store, actor, date(2026, 1, 1), date(2026, 1, 31))
    assert list(tmp_path.glob("*.txt")) == []


def test_a_period_backwards_is_refused(world: World) -> None:
    with pytest.raises(ValidationError):
        exports.vat_summary(world.store, world.manager, date(2026, 2, 1), date(2026, 1, 1))


def test_a_write_error_leaves_no_file(
    world: World, year: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    out = tmp_path / "exports"
    with pytest.raises(ServiceError, match="No space left"):
        exports.write_fec(world.store, world.manager, 2026, out)
    with pytest.raises(ServiceError):
        exports.write_sales_journal(
            world.store, world.manager, date(2026, 1, 1), date(2026, 12, 31), out / "v.csv"
        )
    leftovers = [p for p in out.rglob("*") if p.is_file()]
    assert leftovers == []
    with world.store.read() as session:
        exported = session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action.like("export.%"))
        )
    assert exported == 0


def test_an_existing_file_is_replaced_whole(
    world: World, year: dict[str, int], tmp_path: Path
) -> None:
    out = tmp_path / "exports" / "ventes.csv"
    out.parent.mkdir()
    out.write_text("old")
    exports.write_sales_journal(
        world.store, world.manager, date(2026, 1, 1), date(2026, 12, 31), out
    )
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and b"old" not in out.read_bytes()
    assert [p.name for p in out.parent.iterdir()] == ["ventes.csv"]
