"""Coordinator mode: importing centres' bundles, the dashboard, the clearing statement."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from network_support import (
    CODE,
    NetworkSetup,
    copy_centre,
    directory_with_key,
    entries,
    fresh_keyring,
    join_demo_network,
    make_template,
    manager_of,
    small_bundle,
    small_tables,
    volunteer_of,
)
from telecentre_desk.domain.opening_hours import from_json
from telecentre_desk.i18n import PARIS
from telecentre_desk.network import signing, strictzip
from telecentre_desk.network.bundle import WrittenBundle, assemble
from telecentre_desk.network.calendar import french_public_holidays
from telecentre_desk.network.period import Period
from telecentre_desk.services import network_directory, network_export
from telecentre_desk.services.errors import PermissionDenied
from telecentre_desk.services.network_clearing import clearing_statement, write_clearing
from telecentre_desk.services.network_dashboard import network_dashboard
from telecentre_desk.services.network_import import (
    ImportStatus,
    import_bundles,
    imported_bundles,
)
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import AuditEvent, Centre, Member, Presence
from telecentre_desk.storage.network_models import NetworkBundle, NetworkOccupancyDay, NetworkVisit

MARCH = Period.parse("2026-03")
KEY = signing.new_private_key()
KEYS = {CODE: signing.public_of(KEY)}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("coordinator-template")
    return make_template(folder, presences=(date(2026, 2, 20), date(2026, 4, 10)))


@pytest.fixture
def coordinator(template: Path, tmp_path: Path) -> Iterator[Store]:
    """The coordinator's installation: the same application, its own database."""
    handle = open_store(copy_centre(template, tmp_path / "coordinator"))
    with fresh_keyring():
        yield handle
    handle.close()


def _write(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


def _stored(store: Store) -> tuple[int, int, int]:
    with store.read() as session:
        return (
            session.scalar(select(func.count()).select_from(NetworkBundle)) or 0,
            session.scalar(select(func.count()).select_from(NetworkOccupancyDay)) or 0,
            session.scalar(select(func.count()).where(AuditEvent.entity == "network_bundle")) or 0,
        )


def _import(store: Store, *paths: Path, replace: bool = False) -> list[Any]:
    report = import_bundles(store, manager_of(store), list(paths), replace=replace, extra_keys=KEYS)
    return list(report.outcomes)


def _resign(bundle: WrittenBundle, csv: dict[str, bytes]) -> bytes:
    """The bundle with some resources changed, hashes updated, and signed again."""
    resources = dict(bundle.resources)
    resources.update(csv)
    manifest = json.loads(bundle.manifest)
    for item in manifest["resources"]:
        body = resources[item["name"]]
        item["bytes"] = len(body)
        item["hash"] = "sha256:" + hashlib.sha256(body).hexdigest()
    return assemble(json.dumps(manifest, indent=2).encode(), resources, KEY).data


# -- importing -----------------------------------------------------------------------------
def test_a_bundle_is_imported_then_an_identical_one_changes_nothing(
    coordinator: Store, tmp_path: Path
) -> None:
    path = _write(tmp_path / "in", "roz.zip", small_bundle(KEY).data)
    (first,) = _import(coordinator, path)
    assert first.status is ImportStatus.IMPORTED
    assert (first.centre_code, first.period) == (CODE, "2026-11")
    stored = _stored(coordinator)
    assert stored[:2] == (1, 2)

    (again,) = _import(coordinator, path)
    assert again.status is ImportStatus.ALREADY_IMPORTED
    assert "déjà importé" in again.message
    assert _stored(coordinator) == stored  # not even an audit event

    (listed,) = imported_bundles(coordinator, manager_of(coordinator))
    assert (listed.centre_code, listed.period, listed.days, listed.visits) == (
        CODE,
        "2026-11",
        2,
        1,
    )


def test_a_corrected_bundle_replaces_the_first_only_when_confirmed(
    coordinator: Store, tmp_path: Path
) -> None:
    first = _write(tmp_path / "in", "first.zip", small_bundle(KEY).data)
    tables = small_tables()
    tables["occupancy"][0]["unique_visitors"] = 9
    corrected = _write(tmp_path / "in", "corrected.zip", small_bundle(KEY, tables).data)
    _import(coordinator, first)
    stored = _stored(coordinator)

    (asked,) = _import(coordinator, corrected)
    assert asked.status is ImportStatus.NEEDS_CONFIRMATION
    assert "Confirmez pour le remplacer" in asked.message
    assert _stored(coordinator) == stored

    (replaced,) = _import(coordinator, corrected, replace=True)
    assert replaced.status is ImportStatus.REPLACED
    with coordinator.read() as session:
        visitors = session.scalars(select(NetworkOccupancyDay.unique_visitors)).all()
        bundles = session.scalars(select(NetworkBundle.file_name)).all()
    assert sorted(v or 0 for v in visitors) == [0, 9]
    assert bundles == ["corrected.zip"]  # the first one and its rows are gone


def test_a_period_overlapping_another_of_the_same_centre_is_refused(
    coordinator: Store, tmp_path: Path
) -> None:
    from network_support import CREATED
    from telecentre_desk.network.bundle import BundleContents, write_bundle

    month = _write(tmp_path / "in", "month.zip", small_bundle(KEY).data)
    _import(coordinator, month)
    tables = small_tables()
    contents = BundleContents(CODE, Period.parse("2026-Q4"), CREATED, "tests", tables)
    quarter = _write(tmp_path / "in", "quarter.zip", write_bundle(contents, KEY).data)
    stored = _stored(coordinator)
    (refused,) = _import(coordinator, quarter)
    assert refused.status is ImportStatus.REFUSED and refused.reason == "overlapping_period"
    assert "2026-11" in refused.message
    assert _stored(coordinator) == stored


def _zip_with(name: str, body: bytes, compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(name, body)
    return buffer.getvalue()


def _bad_files() -> dict[str, tuple[bytes, str]]:
    bundle = small_bundle(KEY)
    visits = bundle.resources["network_visits"].decode().splitlines()
    without = [",".join(line.split(",")[:-1]) for line in visits]  # no amount_due
    ragged = [visits[0]] + [line + ",hello" for line in visits[1:]]  # more cells than header
    manifest = json.loads(bundle.manifest)
    manifest["exchange"]["version"] = "2.0"
    tampered = bundle.resources["occupancy"].replace(b"31.25", b"91.25")
    return {
        "bomb": (_zip_with("data/occupancy.csv", bytes(30_000_000), zipfile.ZIP_DEFLATED),
                 "zip_bomb"),
        "traversal": (_zip_with("../x", b"x"), "unsafe_path"),
        "truncated": (bundle.data[: len(bundle.data) // 2], "damaged_zip"),
        "unsigned": (strictzip.write([(n, d) for n, d in entries(bundle.data).items()
                                      if not n.endswith(".sig")]), "unsigned"),
        "other_key": (assemble(bundle.manifest, bundle.resources,
                               signing.new_private_key()).data, "bad_signature"),
        "version_2": (assemble(json.dumps(manifest).encode(), bundle.resources, KEY).data,
                      "unknown_major_version"),
        "missing_column": (_resign(bundle, {"network_visits": "\r\n".join(without).encode()
                                            + b"\r\n"}), "missing_column"),
        "extra_cells": (_resign(bundle, {"network_visits": "\r\n".join(ragged).encode()
                                         + b"\r\n"}), "bad_csv"),
        "not_utf8": (_resign(bundle, {"centre": bundle.resources["centre"].decode()
                                      .encode("cp1252")}), "not_utf8"),
        "hash_mismatch": (assemble(bundle.manifest, {**bundle.resources, "occupancy": tampered},
                                   KEY).data, "hash_mismatch"),
    }  # fmt: skip


def test_bad_files_are_refused_by_name_and_nothing_is_stored_or_written(
    coordinator: Store, tmp_path: Path
) -> None:
    inbox = tmp_path / "in"
    cases = _bad_files()
    paths = [_write(inbox, f"{name}.zip", data) for name, (data, _reason) in cases.items()]
    before = _stored(coordinator)
    around = sorted(p.name for p in tmp_path.rglob("*"))
    outcomes = _import(coordinator, *paths)
    found = {o.file_name.removesuffix(".zip"): o for o in outcomes}
    for name, (_data, reason) in cases.items():
        assert found[name].status is ImportStatus.REFUSED, name
        assert found[name].reason == reason, (name, found[name].message)
        assert found[name].message  # a sentence for the person importing
    assert _stored(coordinator) == before
    assert sorted(p.name for p in tmp_path.rglob("*")) == around  # nothing unpacked anywhere


def test_a_centre_missing_from_the_directory_is_refused(coordinator: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "in", "roz.zip", small_bundle(KEY).data)
    report = import_bundles(coordinator, manager_of(coordinator), [path])  # no extra key
    (outcome,) = report.outcomes
    assert outcome.status is ImportStatus.REFUSED and outcome.reason == "unknown_centre"
    assert _stored(coordinator)[0] == 0


def test_every_flipped_byte_is_refused_and_nothing_is_stored(
    coordinator: Store, tmp_path: Path
) -> None:
    data = small_bundle(KEY).data
    before = _stored(coordinator)
    inbox = tmp_path / "flipped"
    inbox.mkdir()
    accepted: list[int] = []
    batch = 1500
    for first in range(0, len(data), batch):
        paths = []
        for position in range(first, min(first + batch, len(data))):
            variant = bytearray(data)
            variant[position] ^= 0xFF
            path = inbox / f"{position - first}.zip"
            path.write_bytes(bytes(variant))
            paths.append(path)
        outcomes = _import(coordinator, *paths)
        accepted += [
            first + i for i, o in enumerate(outcomes) if o.status is not ImportStatus.REFUSED
        ]
    assert accepted == []
    assert _stored(coordinator) == before


def test_only_the_manager_may_import(coordinator: Store, tmp_path: Path) -> None:
    path = _write(tmp_path / "in", "roz.zip", small_bundle(KEY).data)
    with pytest.raises(PermissionDenied):
        import_bundles(coordinator, volunteer_of(coordinator), [path], extra_keys=KEYS)
    with pytest.raises(PermissionDenied):
        network_dashboard(coordinator, volunteer_of(coordinator))


# -- round trip: the demo centre exported, imported, summed --------------------------------
@pytest.fixture
def exported_march(template: Path, tmp_path: Path) -> Iterator[tuple[Path, NetworkSetup, Path]]:
    """The demo centre's export of March 2026, its network setup and its database file."""
    paths = copy_centre(template, tmp_path / "centre")
    source = open_store(paths)
    try:
        with fresh_keyring():
            setup = join_demo_network(source, manager_of(source))
            out = tmp_path / "roz-2026-03.zip"
            network_export.export_period(source, manager_of(source), MARCH, out)
            yield out, setup, paths.root
    finally:
        source.close()


def _join_as_coordinator(store: Store, setup: NetworkSetup) -> None:
    directory = directory_with_key(setup.network, CODE, setup.public_key, date(2026, 1, 5))
    network_directory.import_directory(
        store, manager_of(store), directory, setup.network.coordinator_fingerprint
    )


def _direct_figures(database_root: Path) -> dict[str, Any]:
    """March's figures computed straight from the centre's presences (not via the export)."""
    from telecentre_desk.paths import prepare_data_dir

    store = open_store(prepare_data_dir(database_root))
    try:
        with store.read() as session:
            rows = session.execute(
                select(Presence.member_id, Presence.started_at, Presence.ended_at,
                       Member.home_centre_code)
                .join(Member, Member.id == Presence.member_id)
                .where(Presence.ended_at.is_not(None))
            ).all()  # fmt: skip
            hours = from_json(session.get_one(Centre, 1).opening_hours)
    finally:
        store.close()
    holidays = french_public_holidays(2026)
    open_days = sum(1 for day in MARCH.days() if hours.get(day.weekday()) and day not in holidays)
    seconds: dict[date, float] = defaultdict(float)
    people: dict[date, set[int]] = defaultdict(set)
    visits: dict[str, int] = defaultdict(int)
    for member_id, started, ended, home in rows:
        day = started.astimezone(PARIS).date()
        assert ended.astimezone(PARIS).date() == day  # the demo's stays end the same day
        if day in MARCH:
            seconds[day] += (ended - started).total_seconds()
            people[day].add(member_id)
            if home and home != CODE:
                visits[home] += 1
    return {
        "hours": sum(Decimal(s) / 3600 for s in seconds.values()),
        "days_with_people": len(people),
        "visitor_days": sum(len(p) for p in people.values()),
        "visits": dict(visits),
        "open_days": open_days,
    }


def test_round_trip_the_dashboard_equals_the_centres_own_figures(
    exported_march: tuple[Path, NetworkSetup, Path], coordinator: Store
) -> None:
    bundle, setup, source_root = exported_march
    _join_as_coordinator(coordinator, setup)
    (outcome,) = import_bundles(coordinator, manager_of(coordinator), [bundle]).outcomes
    assert outcome.status is ImportStatus.IMPORTED, outcome.message

    direct = _direct_figures(source_root)
    dashboard = network_dashboard(coordinator, manager_of(coordinator), MARCH)
    (month,) = dashboard.occupancy
    assert (month.centre_code, month.month) == (CODE, date(2026, 3, 1))
    assert month.visitor_days == direct["visitor_days"] > 0
    assert month.open_days == direct["open_days"] > 20
    # Each day is published to the hundredth of an hour: at most half a hundredth per day.
    assert abs(month.desk_hours_used - direct["hours"]) <= Decimal("0.005") * 31
    flows = {f.home_centre_code: f.visits for f in dashboard.visits}
    assert flows == direct["visits"] and flows
    assert all(f.host_centre_code == CODE for f in dashboard.visits)
    assert CODE in dashboard.matrix_codes()


def test_clearing_statement_balances_and_files(
    exported_march: tuple[Path, NetworkSetup, Path], coordinator: Store, tmp_path: Path
) -> None:
    bundle, setup, _root = exported_march
    _join_as_coordinator(coordinator, setup)
    import_bundles(coordinator, manager_of(coordinator), [bundle])
    statement = clearing_statement(coordinator, manager_of(coordinator), MARCH)
    assert statement.lines and statement.reporting == (CODE,)
    assert sum((b.net for b in statement.balances), Decimal(0)) == 0
    host = next(b for b in statement.balances if b.code == CODE)
    assert host.receivable == statement.total > 0 and host.payable == 0
    assert host.name  # from the directory

    files = write_clearing(coordinator, manager_of(coordinator), MARCH, tmp_path / "out")
    assert files.pdf.read_bytes().startswith(b"%PDF")
    pairs = files.csv.read_text("utf-8").splitlines()
    assert pairs[0] == "period,debtor_centre_code,creditor_centre_code,visits,amount"
    assert len(pairs) == 1 + len(statement.lines)
    balances = files.balances_csv.read_text("utf-8").splitlines()
    assert any(line.startswith(f"2026-03,{CODE},") for line in balances)

    empty = clearing_statement(coordinator, manager_of(coordinator), Period.parse("2025-03"))
    assert empty.lines == () and empty.total == 0


def test_a_later_month_does_not_count_in_an_earlier_statement(
    coordinator: Store, tmp_path: Path
) -> None:
    path = _write(tmp_path / "in", "roz.zip", small_bundle(KEY).data)
    _import(coordinator, path)
    october = clearing_statement(coordinator, manager_of(coordinator), Period.parse("2026-10"))
    november = clearing_statement(coordinator, manager_of(coordinator), Period.parse("2026-11"))
    assert october.lines == ()
    (line,) = november.lines
    assert (line.debtor, line.creditor, line.visits, line.amount) == (
        "77-MEL", CODE, 1, Decimal("12.00"),
    )  # fmt: skip
    with coordinator.read() as session:
        assert session.scalar(select(func.count()).select_from(NetworkVisit)) == 1


def test_cli_import_then_clearing(
    exported_march: tuple[Path, NetworkSetup, Path],
    coordinator: Store,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from telecentre_desk import cli

    bundle, setup, _root = exported_march
    _join_as_coordinator(coordinator, setup)
    folder = str(tmp_path / "coordinator")
    capsys.readouterr()
    bad = _write(tmp_path / "in", "bad.zip", bundle.read_bytes()[:-10])
    code = cli.main(["--lang", "en", "network", "import", str(bundle), str(bad),
                     "--data-dir", folder])  # fmt: skip
    out = capsys.readouterr().out.splitlines()
    assert code == 1  # one file refused
    assert out[0] == f"{bundle.name}: {CODE}, 2026-03: imported."
    assert out[1].startswith("bad.zip: REFUSED (damaged_zip)")
    assert cli.main(["--lang", "en", "network", "import", str(bundle), "--data-dir", folder]) == 0
    assert "already imported" in capsys.readouterr().out

    out_dir = tmp_path / "clearing"
    code = cli.main(["--lang", "en", "network", "clearing", "--period", "2026-03", "--out",
                     str(out_dir), "--data-dir", folder])  # fmt: skip
    printed = capsys.readouterr().out
    assert code == 0 and "Clearing of 2026-03" in printed and CODE in printed
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "clearing-2026-03-balances.csv", "clearing-2026-03.csv", "clearing-2026-03.pdf",
    ]  # fmt: skip
    assert cli.main(["--lang", "en", "network", "clearing", "--period", "March",
                     "--out", str(out_dir), "--data-dir", folder]) == 1  # fmt: skip
