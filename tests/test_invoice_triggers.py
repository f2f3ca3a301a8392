"""Issued documents resist raw SQL; and when the protection is removed, verify names the victim."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from invoicing_world import ISSUE_DAY, InvoicingWorld, fake_pdf, new_invoicing_centre
from telecentre_desk import cli
from telecentre_desk.i18n import set_language
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.invoice_chain import verify_chain
from telecentre_desk.services.invoice_issue import issue_invoice


@pytest.fixture(autouse=True)
def _english() -> None:
    set_language("en")  # the reasons are asserted in English (the conftest restores French)


@pytest.fixture
def world(data_paths: DataPaths) -> Iterator[InvoicingWorld]:
    world = new_invoicing_centre(data_paths)
    for buyer in ("Anne Petit", "Marc Dubois", "Sofia Martin"):
        issue_invoice(
            world.store, world.manager, world.draft(buyer=buyer), today=ISSUE_DAY, render=fake_pdf
        )
    yield world
    world.store.close()


@pytest.fixture
def raw(data_paths: DataPaths, world: InvoicingWorld) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection: what a curious person with the database file can do."""
    connection = sqlite3.connect(data_paths.database, isolation_level=None)
    yield connection
    connection.close()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE invoice SET gross_total = 1.00 WHERE number = 'F-2026-00002'",
        "DELETE FROM invoice WHERE number = 'F-2026-00002'",
        "UPDATE invoice_line SET unit_price = 1.00 WHERE invoice_id = 2",
        "DELETE FROM invoice_line WHERE invoice_id = 2",
        "INSERT INTO invoice_line (invoice_id, position, family, description, quantity,"
        " unit_code, unit_price, discount, vat_category, vat_rate, vat_exemption_reason,"
        " vat_exemption_code, net) VALUES (2, 9, 'other', 'x', 1, 'C62', 1, 0, 'S', 20, '', '', 1)",
        "UPDATE invoice_archive SET pdf = x'00' WHERE invoice_id = 2",
        "DELETE FROM invoice_archive WHERE invoice_id = 2",
    ],
)
def test_raw_sql_cannot_change_an_issued_invoice(
    world: InvoicingWorld, raw: sqlite3.Connection, statement: str
) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=r"issued|archive"):
        raw.execute(statement)
    assert verify_chain(world.store).ok


def _drop_triggers(raw: sqlite3.Connection) -> None:
    names = [row[0] for row in raw.execute("SELECT name FROM sqlite_master WHERE type='trigger'")]
    for name in names:
        raw.execute(f"DROP TRIGGER {name}")


@pytest.mark.parametrize(
    ("statement", "reason"),
    [
        ("UPDATE invoice SET gross_total = 1.00 WHERE number = 'F-2026-00002'", "total"),
        ("UPDATE invoice_line SET unit_price = 1.00 WHERE invoice_id = 2", "line"),
        ("UPDATE invoice_line SET description = 'Autre' WHERE invoice_id = 2", "line"),
        ("UPDATE invoice SET buyer_name = 'X' WHERE number = 'F-2026-00002'", "customer"),
        ("UPDATE invoice SET due_date = '2027-06-01' WHERE number = 'F-2026-00002'", "due date"),
        (
            "UPDATE invoice_archive SET document_json = replace(document_json, '95', '9')"
            " WHERE invoice_id = 2",
            "content",
        ),
        ("UPDATE invoice_archive SET pdf = x'00' WHERE invoice_id = 2", "PDF"),
        ("UPDATE invoice SET content_hash = previous_hash WHERE number = 'F-2026-00002'", ""),
    ],
)
def test_after_dropping_the_triggers_verify_names_the_altered_invoice(
    world: InvoicingWorld, raw: sqlite3.Connection, statement: str, reason: str
) -> None:
    _drop_triggers(raw)
    raw.execute(statement)
    report = verify_chain(world.store)
    assert not report.ok
    assert report.broken_number == "F-2026-00002"
    assert report.checked == 1
    assert reason in report.reason


def test_a_removed_invoice_is_found(world: InvoicingWorld, raw: sqlite3.Connection) -> None:
    _drop_triggers(raw)
    raw.execute("DELETE FROM invoice_archive WHERE invoice_id = 2")
    raw.execute("DELETE FROM invoice_line WHERE invoice_id = 2")
    raw.execute("DELETE FROM invoice WHERE id = 2")
    report = verify_chain(world.store)
    assert not report.ok and report.broken_number == "F-2026-00003"


def test_a_removed_last_invoice_leaves_a_gap_in_the_numbers(
    world: InvoicingWorld, raw: sqlite3.Connection
) -> None:
    _drop_triggers(raw)
    raw.execute("DELETE FROM invoice_archive WHERE invoice_id = 3")
    raw.execute("DELETE FROM invoice_line WHERE invoice_id = 3")
    raw.execute("DELETE FROM invoice WHERE id = 3")
    report = verify_chain(world.store)
    assert not report.ok and report.broken_number == "F-2026" and "3" in report.reason


def test_a_damaged_database_file_is_reported(
    world: InvoicingWorld,
    raw: sqlite3.Connection,
    data_paths: DataPaths,
    capsys: pytest.CaptureFixture[str],
) -> None:
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = raw.execute("SELECT rootpage FROM sqlite_master WHERE name = 'invoice'").fetchone()[0]
    page_size = raw.execute("PRAGMA page_size").fetchone()[0]
    raw.close()
    world.store.close()
    with data_paths.database.open("r+b") as database:
        database.seek((page - 1) * page_size)
        database.write(b"\x0d\x00\x00\x00\x05\xff\xff")  # a nonsensical b-tree page header

    code = cli.main(["--lang", "en", "invoices", "verify", "--data-dir", str(data_paths.root)])
    out = capsys.readouterr().out
    assert code == 1 and out.startswith("PROBLEM: The database file is damaged")
