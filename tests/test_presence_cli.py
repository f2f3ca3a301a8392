"""``checkin``, ``checkout`` and ``presence`` from a terminal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, time

import pytest

from presence_world import World, new_centre, paris, populate
from telecentre_desk import cli
from telecentre_desk.i18n import PARIS
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import presence
from telecentre_desk.services.presence_paper import PaperLine, record_paper_presence
from telecentre_desk.services.store import Store, open_store


@pytest.fixture
def world(data_paths: DataPaths) -> Iterator[World]:
    store = open_store(data_paths)
    manager, _receptionist, _volunteer = new_centre(store)
    yield populate(store, manager)
    store.close()


@pytest.fixture
def folder(data_paths: DataPaths) -> list[str]:
    return ["--data-dir", str(data_paths.root)]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _here(store: Store) -> list[tuple[str, str | None]]:
    return [(p.member_name, p.desk_label) for p in presence.present_now(store)]


def test_check_in_by_badge_at_a_desk_then_out(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(["checkin", "TD-000101", "--desk", "a3", *folder], capsys)
    assert code == 0 and "Hélène Lefèvre" in out and "A3" in out
    assert _here(world.store) == [("Hélène Lefèvre", "A3")]

    code, out, _err = _run(["checkout", "TD-000101", *folder], capsys)
    assert code == 0 and "Hélène Lefèvre" in out
    assert len(out.strip().splitlines()) == 2  # the departure, then what it consumed
    assert _here(world.store) == []


def test_check_in_by_a_name_without_accents(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(["checkin", "helene lefevre", *folder], capsys)
    assert code == 0
    assert _here(world.store) == [("Hélène Lefèvre", None)]
    # Again: already here, nothing new.
    code, out, _err = _run(["checkin", "helene", *folder], capsys)
    assert code == 0 and "Hélène Lefèvre" in out
    assert len(presence.present_now(world.store)) == 1


def test_an_ambiguous_name_lists_the_matches_and_changes_nothing(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["checkin", "ar", *folder], capsys)  # mARc, mARtin, bernARd
    assert code == 1
    assert out == ""
    for name in ("Marc Dubois", "Sofia Martin", "Lucas Bernard"):
        assert name in err
    assert _here(world.store) == []


def test_unknown_member_or_desk_exit_1(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(["checkin", "Personne Inconnue", *folder], capsys)
    assert code == 1 and "Personne Inconnue" in err
    code, _out, err = _run(["checkin", "TD-000101", "--desk", "Z9", *folder], capsys)
    assert code == 1 and "Z9" in err
    code, _out, err = _run(["checkout", "TD-000103", *folder], capsys)  # not here
    assert code == 1 and "Sofia Martin" in err
    assert _here(world.store) == []


def test_presence_now_and_of_a_day(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = _run(["presence", *folder], capsys)
    assert code == 0 and out.strip()  # "Nobody is checked in."
    record_paper_presence(
        world.store,
        world.manager,
        PaperLine(world.member("marc"), date(2026, 3, 29), time(1, 30), time(3, 30)),
    )
    code, out, _err = _run(["presence", "--day", "29/03/2026", *folder], capsys)
    assert code == 0
    (line,) = out.strip().splitlines()
    assert line.startswith("01:30  03:30  1 h 00 min  -  Marc Dubois")  # DST night: 1 hour

    code, out, _err = _run(["presence", "--day", "2026-03-29", "--json", *folder], capsys)
    (row,) = json.loads(out)
    assert row["member"] == "Marc Dubois"
    assert row["duration_minutes"] == 60
    assert row["start"] == paris(2026, 3, 29, 1, 30).isoformat()
    assert row["end"] == paris(2026, 3, 29, 3, 30).astimezone(PARIS).isoformat()

    presence.check_in(world.store, world.manager, world.member("sofia"))
    code, out, _err = _run(["presence", "--json", *folder], capsys)
    assert [r["member"] for r in json.loads(out)] == ["Sofia Martin"]


def test_a_wrong_date_is_explained(
    world: World, folder: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _run(["presence", "--day", "31/02/2026", *folder], capsys)
    assert code == 1 and "31/02/2026" in err


def test_the_help_says_who_acts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--lang", "en", "checkin", "--help"])
    assert "first active manager" in capsys.readouterr().out
