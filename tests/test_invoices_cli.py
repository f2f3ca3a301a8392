"""``invoices draft|issue|pdf|verify|list`` from a terminal, as the manager would use them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from invoicing_world import (
    BUYER_SIRET,
    ISSUE_DAY,
    InvoicingWorld,
    fake_pdf,
    new_invoicing_centre,
)
from telecentre_desk import cli
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.demo import generate_demo
from telecentre_desk.services.invoice_issue import issue_invoice


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(["--lang", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def world(data_paths: DataPaths) -> Iterator[InvoicingWorld]:
    world = new_invoicing_centre(data_paths)
    yield world
    world.store.close()


@pytest.fixture
def folder(data_paths: DataPaths) -> list[str]:
    return ["--data-dir", str(data_paths.root)]


def test_a_month_end_of_the_demo_centre(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = prepare_data_dir(tmp_path / "demo")
    generate_demo(paths)
    folder = ["--data-dir", str(paths.root)]

    code, out, _err = _run(["invoices", "draft", "--month", "2026-10", *folder], capsys)
    assert code == 0 and "New drafts:" in out
    code, out, _err = _run(["invoices", "list", "--json", *folder], capsys)
    drafts = json.loads(out)
    assert drafts and all(row["status"] == "draft" and row["number"] is None for row in drafts)
    # Drafting the month again bills nothing twice.
    code, out, _err = _run(["invoices", "draft", "--month", "2026-10", *folder], capsys)
    assert code == 0 and "New drafts: 0;" in out and "lines added: 0." in out

    code, out, err = _run(["invoices", "issue", "--all-drafts", *folder], capsys)
    assert code == 0, err
    numbers = [line for line in out.splitlines() if line.startswith("F-")]
    assert numbers == [f"F-2026-{n:05d}" for n in range(1, len(drafts) + 1)]
    assert f"{len(drafts)} documents issued." in out

    code, out, _err = _run(["invoices", "list", "--json", *folder], capsys)
    issued = json.loads(out)
    assert sorted(row["number"] for row in issued) == numbers
    # The totals issued are the totals the drafts showed.
    assert sum(Decimal(row["gross"]) for row in issued) == sum(
        Decimal(row["gross"]) for row in drafts
    )

    target = tmp_path / "out" / "first.pdf"
    target.parent.mkdir()
    code, out, _err = _run(["invoices", "pdf", numbers[0], "--out", str(target), *folder], capsys)
    assert code == 0 and target.read_bytes().startswith(b"%PDF")
    assert [p.name for p in target.parent.iterdir()] == ["first.pdf"]  # no temporary left

    code, out, _err = _run(["invoices", "verify", *folder], capsys)
    assert code == 0 and out.startswith("OK")
    code, out, _err = _run(["invoices", "list", *folder], capsys)
    assert numbers[0] in out and "€" in out


def test_a_bad_month_is_refused_and_drafts_nothing(
    world: InvoicingWorld, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for text in ("2026-13", "novembre", "2026-1"):
        code, out, err = _run(["invoices", "draft", "--month", text, *folder], capsys)
        assert code == 1 and "2026-11" in err and out == ""
    assert world.count() == 0


def test_issue_stops_at_a_company_without_siren_unless_confirmed(
    world: InvoicingWorld, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    world.draft(buyer="Anne Petit")
    company = world.draft(buyer="Logiciels de la Brie SAS", company=True)
    world.draft(buyer="Marc Dubois")

    code, out, err = _run(["invoices", "issue", "--all-drafts", *folder], capsys)
    assert code == 1
    assert out.splitlines()[0].startswith("F-") and "1 document issued." in out
    assert "Logiciels de la Brie SAS" in err and "SIREN" in err
    assert "2 drafts were not issued." in err
    assert world.invoice(company).status is InvoiceStatus.DRAFT

    code, out, err = _run(
        ["invoices", "issue", "--all-drafts", "--confirm-missing-siren", *folder], capsys
    )
    assert code == 0 and "2 documents issued." in out


def test_pdf_of_an_unknown_number_or_to_a_missing_folder(
    world: InvoicingWorld, folder: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(
        ["invoices", "pdf", "F-2026-00009", "--out", str(tmp_path / "x.pdf"), *folder], capsys
    )
    assert code == 1 and "F-2026-00009" in err and not (tmp_path / "x.pdf").exists()

    issue_invoice(world.store, world.manager, world.draft(), today=ISSUE_DAY, render=fake_pdf)
    nowhere = tmp_path / "missing" / "x.pdf"
    code, _out, err = _run(
        ["invoices", "pdf", "F-2026-00001", "--out", str(nowhere), *folder], capsys
    )
    assert code == 1 and "Nothing was written" in err and not nowhere.parent.exists()

    existing = tmp_path / "old.pdf"
    existing.write_bytes(b"an older file, longer than the new one " * 100)
    code, _out, _err = _run(
        ["invoices", "pdf", "F-2026-00001", "--out", str(existing), *folder], capsys
    )
    assert (
        code == 0
        and existing.read_bytes().startswith(b"%PDF")
        and b"older" not in (existing.read_bytes())
    )


def test_verify_names_the_invoice_changed_behind_the_triggers(
    world: InvoicingWorld,
    data_paths: DataPaths,
    folder: list[str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    for buyer in ("Anne Petit", "Marc Dubois"):
        issue_invoice(
            world.store,
            world.manager,
            world.draft(buyer=buyer, company=True, siret=BUYER_SIRET),
            today=ISSUE_DAY,
            render=fake_pdf,
        )
    code, out, _err = _run(["invoices", "verify", *folder], capsys)
    assert (code, out.strip()) == (0, "OK: 2 issued documents checked, nothing was altered.")

    with sqlite3.connect(data_paths.database, isolation_level=None) as raw:
        with pytest.raises(sqlite3.IntegrityError):
            raw.execute("UPDATE invoice SET gross_total = 1 WHERE number = 'F-2026-00002'")
        raw.execute("DROP TRIGGER invoice_issued_no_update")
        raw.execute("UPDATE invoice SET gross_total = 1 WHERE number = 'F-2026-00002'")
    raw.close()
    code, out, _err = _run(["invoices", "verify", *folder], capsys)
    assert code == 1 and out.startswith("ALTERED: F-2026-00002:") and "totals" in out


def test_list_without_a_centre_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(["invoices", "list", "--data-dir", str(tmp_path / "empty")], capsys)
    assert code == 1 and "demo --out" in err


def test_list_shows_drafts_with_their_computed_totals(
    world: InvoicingWorld, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    world.draft()
    code, out, _err = _run(["invoices", "list", "--json", *folder], capsys)
    (row,) = json.loads(out)
    assert code == 0 and (row["status"], row["gross"]) == ("draft", "157.20")
