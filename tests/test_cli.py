"""The command line, used as a person would from a terminal."""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from telecentre_desk import __version__, cli


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "telecentre_desk", *args],
        capture_output=True,
        text=True,
        check=False,
        input=stdin,
        env=env,
        timeout=120,
    )


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    assert cli.main(["demo", "--out", str(folder)]) == 0
    return folder


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["--version"])
    assert exit_info.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_demo_prints_the_accounts_to_try(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", "--out", str(tmp_path), "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "Centre de démonstration" in out
    assert "identifiant gerante, code PIN 2468" in out
    assert "identifiant benevole" in out


def test_demo_refuses_to_overwrite_a_centre(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (demo_dir / "centre.sqlite3").read_bytes()
    assert cli.main(["demo", "--out", str(demo_dir)]) == 1
    assert capsys.readouterr().err.strip()
    assert (demo_dir / "centre.sqlite3").read_bytes() == before


@pytest.mark.parametrize("placement", ["before", "after"])
def test_data_dir_is_honoured_before_or_after_the_command(
    tmp_path: Path, placement: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["demo", "--out", str(tmp_path)]) == 0
    raw = sqlite3.connect(tmp_path / "centre.sqlite3")
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("UPDATE desk SET room_id = 9999 WHERE id = 1")
    raw.commit()
    raw.close()
    capsys.readouterr()
    folder = ["--data-dir", str(tmp_path)]
    args = [*folder, "db", "check"] if placement == "before" else ["db", "check", *folder]
    # Only that folder's database has the broken link: reporting it proves it was read.
    assert cli.main(args) == 1
    assert "desk" in capsys.readouterr().err


def test_db_check_on_a_sound_centre(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--data-dir", str(demo_dir), "db", "check"]) == 0
    assert "saine" in capsys.readouterr().out


def test_db_upgrade_creates_then_reports_up_to_date(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["db", "upgrade", "--data-dir", str(tmp_path)]) == 0
    assert (tmp_path / "centre.sqlite3").exists()
    capsys.readouterr()
    assert cli.main(["db", "upgrade", "--data-dir", str(tmp_path)]) == 0
    assert "déjà à jour" in capsys.readouterr().out


def test_english_on_request(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--lang", "en", "db", "check", "--data-dir", str(demo_dir)]) == 0
    assert "The database is sound" in capsys.readouterr().out


@pytest.mark.parametrize("view", cli.VIEWS)
def test_screenshot_renders_each_view_at_1440_by_900(
    demo_dir: Path, tmp_path: Path, view: str
) -> None:
    out = tmp_path / f"{view}.png"
    result = run_cli("screenshot", "--view", view, "--out", str(out), "--data-dir", str(demo_dir))
    assert result.returncode == 0, result.stderr
    assert png_size(out) == (1440, 900)


def test_without_a_display_the_gui_explains_what_to_do(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = run_cli("--data-dir", str(tmp_path), env=env)
    assert result.returncode == 3
    assert "QT_QPA_PLATFORM=offscreen" in result.stderr
    assert "telecentre-desk --help" in result.stderr
    assert "Aborted" not in result.stderr


def test_demo_starts_signed_in_and_reaches_an_idle_main_window() -> None:
    result = run_cli("--demo", "--no-crash-dialog", "--quit-when-ready")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready ")


def test_sign_in_from_stdin_opens_the_main_window(demo_dir: Path) -> None:
    result = run_cli(
        "--data-dir",
        str(demo_dir),
        "--user",
        "benevole",
        "--pin-stdin",
        "--no-crash-dialog",
        "--quit-when-ready",
        stdin="1111\n",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ready ")


def test_a_wrong_pin_from_stdin_is_refused(demo_dir: Path) -> None:
    result = run_cli(
        "--data-dir",
        str(demo_dir),
        "--user",
        "benevole",
        "--pin-stdin",
        "--no-crash-dialog",
        "--quit-when-ready",
        stdin="0000\n",
    )
    assert result.returncode == 1
    assert "Code PIN ou mot de passe incorrect" in result.stderr


def test_the_gui_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "centre.sqlite3").write_text("pas une base", encoding="utf-8")
    result = run_cli("--data-dir", str(tmp_path), "--no-crash-dialog")
    assert result.returncode == 1
    assert "n’est pas une base de données Telecentre Desk" in result.stderr
    assert (tmp_path / "centre.sqlite3").read_text(encoding="utf-8") == "pas une base"


def test_a_plain_start_builds_the_parser_without_the_feature_commands() -> None:
    assert not cli.names_a_command(["--data-dir", "centre", "--user", "gerante", "--pin-stdin"])
    assert not cli.names_a_command(["--demo", "--lang", "en", "--no-crash-dialog"])
    assert cli.names_a_command(["--data-dir", "centre", "invoices", "list"])
    assert cli.names_a_command(["--data-dir=centre", "membres"])  # a typo is still complained about
    assert cli.names_a_command(["--help"])


def test_the_options_that_take_a_value_are_all_known_to_the_plain_start() -> None:
    parser = cli.build_parser(with_features=False)
    with_value = {
        option
        for action in parser._actions  # no public API lists a parser's options
        if action.option_strings and action.nargs != 0 and action.dest not in ("help", "version")
        for option in action.option_strings
        if option.startswith("--")
    }
    assert with_value == set(cli._OPTIONS_WITH_VALUE)


def test_every_command_is_there_when_one_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "--help"])
    shown = capsys.readouterr().out
    for command in ("demo", "db", "members", "invoices", "export", "network", "bookings"):
        assert command in shown
