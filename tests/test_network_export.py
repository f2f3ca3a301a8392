"""Exporting a period from a demo centre: what leaves, and that standard tools accept it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from network_support import (
    NetworkSetup,
    copy_centre,
    entries,
    fresh_keyring,
    join_demo_network,
    make_template,
    manager_of,
    volunteer_of,
)
from telecentre_desk.i18n import PARIS
from telecentre_desk.network import signing
from telecentre_desk.network.period import Period
from telecentre_desk.network.pseudonyms import parse_secret, pseudonym
from telecentre_desk.network.reader import ParsedBundle, read_bundle
from telecentre_desk.network.schemas import CATEGORIES
from telecentre_desk.services import network_export
from telecentre_desk.services.errors import PermissionDenied, ServiceError, ValidationError
from telecentre_desk.services.network_gather import utc_bounds
from telecentre_desk.services.network_vault import SERVICE_NAME
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import Member, Presence

MARCH = Period.parse("2026-03")
OPENSSL = Path(shutil.which("openssl") or "/usr/bin/openssl")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export-template")
    return make_template(folder, presences=(date(2026, 1, 1), date(2026, 6, 30)))


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    handle = open_store(copy_centre(template, tmp_path / "centre"))
    with fresh_keyring():
        yield handle
    handle.close()


@pytest.fixture
def joined(store: Store) -> NetworkSetup:
    return join_demo_network(store, manager_of(store))


def _export(store: Store, folder: Path, period: Period = MARCH, **kwargs: object) -> Path:
    path = folder / f"export-{period.label}-{len(list(folder.iterdir()))}.zip"
    network_export.export_period(store, manager_of(store), period, path, **kwargs)  # type: ignore[arg-type]
    return path


def _read(path: Path, setup: NetworkSetup) -> ParsedBundle:
    return read_bundle(path.read_bytes(), {"77-ROZ": setup.public_key})


def test_before_setup_the_export_says_what_to_do_and_writes_nothing(
    store: Store, tmp_path: Path
) -> None:
    readiness = network_export.export_readiness(store)
    assert not readiness.ready and len(readiness.problems) == 3  # directory, key, secret
    with pytest.raises(ValidationError) as refusal:
        network_export.export_period(store, manager_of(store), MARCH, tmp_path / "x.zip")
    assert refusal.value.problems["setup"].count("\n") == 2
    assert list(tmp_path.iterdir()) == [tmp_path / "centre"]
    assert network_export.export_history(store, manager_of(store)) == ()


def test_standard_tools_accept_the_export(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    path = _export(store, tmp_path)
    frictionless = Path(sys.executable).with_name("frictionless")
    checked = subprocess.run(
        [str(frictionless), "validate", str(path)], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "INVALID" not in checked.stdout

    assert OPENSSL.exists(), "openssl is needed by this test: install the Debian package openssl"
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    for name, body in entries(path.read_bytes()).items():
        (unpacked / name).parent.mkdir(parents=True, exist_ok=True)
        (unpacked / name).write_bytes(body)
    pem = tmp_path / "centre.pem"
    pem.write_bytes(signing.public_pem(joined.public_key))
    command = [str(OPENSSL), "pkeyutl", "-verify", "-pubin", "-inkey", str(pem), "-rawin",
               "-in", str(unpacked / "datapackage.json"),
               "-sigfile", str(unpacked / "datapackage.json.sig")]  # fmt: skip
    verified = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0 and "Verified Successfully" in verified.stdout
    (unpacked / "datapackage.json").write_bytes(
        (unpacked / "datapackage.json").read_bytes().replace(b'"rows": 31', b'"rows": 30')
    )
    tampered = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert tampered.returncode != 0


def test_two_exports_of_the_same_period_give_the_same_resources(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    first = _export(store, tmp_path, now=datetime(2026, 4, 2, 9, 0, tzinfo=UTC))
    second = _export(store, tmp_path, now=datetime(2026, 5, 7, 16, 30, tzinfo=UTC))
    first_files, second_files = entries(first.read_bytes()), entries(second.read_bytes())
    resources = [name for name in first_files if name.startswith("data/")]
    assert len(resources) == 6
    assert all(first_files[name] == second_files[name] for name in resources)
    assert first_files["datapackage.json"] != second_files["datapackage.json"]
    history = network_export.export_history(store, manager_of(store))
    assert [record.file_name for record in history] == [second.name, first.name]
    assert history[0].period == "2026-03" and history[0].rows["occupancy"] == 31


def test_the_figures_are_those_of_the_database(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    bundle = _read(_export(store, tmp_path), joined)
    start, end = utc_bounds(MARCH)
    with store.read() as session:
        rows = session.execute(
            select(Presence.started_at, Presence.ended_at, Presence.member_id, Member)
            .join(Member, Member.id == Presence.member_id)
            .where(Presence.ended_at.is_not(None))
        ).all()
    hours = Decimal(0)
    per_day: dict[date, set[int]] = defaultdict(set)
    visits = 0
    for started, ended, member_id, member in rows:
        clipped = min(ended, end) - max(started, start)
        if clipped <= timedelta(0):
            continue
        hours += Decimal(clipped // timedelta(seconds=1)) / 3600
        day, last = started.astimezone(PARIS).date(), ended.astimezone(PARIS).date()
        while day <= last:
            if day in MARCH:
                per_day[day].add(member_id)
            day += timedelta(days=1)
        visits += bool(member.home_centre_code) and started >= start
    occupancy = {row["date"]: row for row in bundle.tables["occupancy"]}
    assert list(occupancy) == list(MARCH.days())
    used = sum(row["desk_hours_used"] for row in occupancy.values())
    assert abs(used - hours) < Decimal("0.01") * len(occupancy)
    for day in MARCH.days():
        assert occupancy[day]["unique_visitors"] == len(per_day[day])
        assert occupancy[day]["peak"] <= occupancy[day]["unique_visitors"]
    assert visits > 0 and len(bundle.tables["network_visits"]) == visits
    assert occupancy[date(2026, 3, 1)]["open"] is False  # a Sunday
    assert occupancy[date(2026, 3, 1)]["closed_reason"] == "weekly_closing"
    centre = bundle.tables["centre"][0]
    assert centre["centre_code"] == "77-ROZ" and centre["insee_code"] == "77393"
    assert centre["opening_hours"] == "Mo-Fr 08:30-18:30"


def test_nothing_personal_leaves_the_centre(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    path = _export(store, tmp_path)
    text = path.read_bytes().decode("utf-8", errors="replace").casefold()
    with store.read() as session:
        members = session.scalars(select(Member)).all()
        people = [
            (m.email, m.phone, f"{m.first_name} {m.last_name}", m.network_member_id, m.badge_code)
            for m in members
        ]
    for values in people:
        for value in values:
            if value and len(value) >= 6:
                assert value.casefold() not in text, value


def test_visitors_appear_as_pseudonyms_their_home_centre_recognises(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    bundle = _read(_export(store, tmp_path), joined)
    key = parse_secret(joined.network.secret_text)
    with store.read() as session:
        visitors = session.execute(
            select(Member.home_centre_code, Member.network_member_id).where(
                Member.home_centre_code.is_not(None)
            )
        ).all()
    mine = {pseudonym(key, member_id): home for home, member_id in visitors if member_id}
    rows = bundle.tables["network_visits"]
    assert rows and all(row["pseudonym"] in mine for row in rows)
    assert all(mine[row["pseudonym"]] == row["home_centre_code"] for row in rows)
    assert all(row["amount_due"] in {Decimal(v) for v in ("4", "8", "10", "18")} for row in rows)


def test_small_counts_are_left_empty(store: Store, joined: NetworkSetup, tmp_path: Path) -> None:
    bundle = _read(_export(store, tmp_path), joined)
    with store.read() as session:
        registered: dict[str, int] = defaultdict(int)
        for member in session.scalars(
            select(Member).where(~Member.archived, Member.home_centre_code.is_(None))
        ):
            registered[member.category.value] += 1
    rows = {row["category"]: row for row in bundle.tables["members_by_category"]}
    assert list(rows) == list(CATEGORIES)
    suppressed_somewhere = False
    for category, row in rows.items():
        count = registered[category]
        if 0 < count < 5:
            suppressed_somewhere = True
            assert row["registered_members"] is None and row["suppressed"] is True
        else:
            assert row["registered_members"] == count
    for row in rows.values():
        assert (
            row["members_present"] is None
            or row["members_present"] == 0
            or (row["members_present"] >= 5)
        )
    assert suppressed_somewhere or all(n == 0 or n >= 5 for n in registered.values())


def test_the_preview_shows_the_cells_of_the_file(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    preview = network_export.preview_export(store, manager_of(store), MARCH)
    assert preview.readiness.ready and preview.pseudonyms_shown
    files = entries(_export(store, tmp_path).read_bytes())
    for resource in preview.resources:
        lines = files[f"data/{resource.name}.csv"].decode().split("\r\n")[:-1]
        assert lines[0] == ",".join(resource.columns)
        assert len(lines) - 1 == len(resource.rows)
        for line, cells in zip(lines[1:4], resource.rows, strict=False):
            assert line.split(",") == list(cells)


def test_the_preview_before_setup_hides_nothing_but_what_it_cannot_compute(
    store: Store,
) -> None:
    preview = network_export.preview_export(store, manager_of(store), MARCH)
    assert not preview.readiness.ready and not preview.pseudonyms_shown
    visits = next(r for r in preview.resources if r.name == "network_visits")
    assert visits.rows and all(row[0] == network_export.HIDDEN for row in visits.rows)
    assert all(row[-1] == "" for row in visits.rows)  # no amount without the tariff


def test_only_a_manager_exports(store: Store, joined: NetworkSetup, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        network_export.export_period(store, volunteer_of(store), MARCH, tmp_path / "x.zip")
    with pytest.raises(PermissionDenied):
        network_export.preview_export(store, volunteer_of(store), MARCH)
    assert not (tmp_path / "x.zip").exists()


def test_a_lost_private_key_is_said_plainly(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    keyring.delete_password(SERVICE_NAME, "network-signing-key/77-ROZ")
    with pytest.raises(ServiceError, match="77-ROZ"):
        network_export.export_period(store, manager_of(store), MARCH, tmp_path / "x.zip")
    assert not (tmp_path / "x.zip").exists()
