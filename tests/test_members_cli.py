"""``members import`` and ``members export`` from a terminal, as a manager would use them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from telecentre_desk import cli
from telecentre_desk.paths import prepare_data_dir
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.models import Member

HEADER = ["Nom", "Prénom", "Courriel", "Badge"]


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    folder = tmp_path / "centre"
    assert cli.main(["demo", "--out", str(folder)]) == 0
    return folder


def members_in(folder: Path) -> int:
    store = open_store(prepare_data_dir(folder))
    try:
        with store.read() as session:
            return session.scalar(select(func.count()).select_from(Member)) or 0
    finally:
        store.close()


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def test_import_dry_run_then_import(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = members_in(demo)
    path = write_csv(
        tmp_path / "nouveaux.csv",
        [HEADER, ["Lefèvre", "Hélène", "helene@example.fr", "N-1"], ["Roux", "Léo", "", "N-2"]],
    )
    args = ["members", "import", str(path), "--data-dir", str(demo), "--lang", "en"]
    assert cli.main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Windows-1252" in out and "2 members would be imported" in out
    assert members_in(demo) == before
    assert cli.main(args) == 0
    assert "2 members imported." in capsys.readouterr().out
    assert members_in(demo) == before + 2


def test_a_wrong_line_prints_its_problem_and_stores_nothing(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = members_in(demo)
    path = write_csv(
        tmp_path / "erreurs.csv",
        [HEADER, ["Lefèvre", "Hélène", "helene@", "N-1"], ["Roux", "Léo", "", "N-1"]],
    )
    code = cli.main(["members", "import", str(path), "--data-dir", str(demo), "--lang", "en"])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("Line 2:") and "e-mail" in err[0]
    assert err[1].startswith("Line 3:") and "N-1" in err[1]
    assert err[-1].startswith("Nothing was imported")
    assert members_in(demo) == before


def test_an_unreadable_file_is_a_message_not_a_traceback(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert cli.main(["members", "import", str(path), "--data-dir", str(demo)]) == 1
    assert "photo.csv" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out = tmp_path / f"membres{suffix}"
    assert cli.main(["members", "export", str(out), "--data-dir", str(demo)]) == 0
    assert out.exists() and out.stat().st_size > 1000
    assert str(out) in capsys.readouterr().out


def test_the_help_says_who_the_command_acts_as(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "members", "import", "--help"])
    assert "first active manager" in capsys.readouterr().out
