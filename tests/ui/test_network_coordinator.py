"""Coordinator mode in the Network view: import files, read the dashboard, the clearing."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from network_support import (
    NetworkSetup,
    copy_centre,
    directory_with_key,
    fresh_keyring,
    join_demo_network,
    make_template,
    manager_of,
)
from telecentre_desk.network.bundle import BundleContents, write_bundle
from telecentre_desk.network.period import Period
from telecentre_desk.network.sample_tables import sample_tables
from telecentre_desk.services import network_export
from telecentre_desk.services.network_import import ImportOutcome, ImportStatus
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.network.coordinator import CoordinatorPanel
from telecentre_desk.ui.views.network import NetworkView
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = Path("/tmp/shots-coordinator")
MARCH = Period.parse("2026-03")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ui-coordinator-template")
    return make_template(folder, presences=(date(2026, 3, 1), date(2026, 3, 31)))


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    """Replaces the empty database of tests/ui/conftest.py by a copy of the demo centre."""
    handle = open_store(copy_centre(template, tmp_path / "centre"))
    with fresh_keyring():
        yield handle
    handle.close()


def _files(store: Store, setup: NetworkSetup, folder: Path) -> dict[str, Path]:
    """This centre's export of March, a neighbour's bundle, its correction, a damaged file."""
    folder.mkdir()
    files = {"roz": folder / "77-roz-2026-03.zip"}
    network_export.export_period(store, manager_of(store), MARCH, files["roz"])
    created = datetime(2026, 4, 2, 9, tzinfo=UTC)
    key = setup.network.centre_keys["77-MEL"]
    for name, seed in (("mel", "first"), ("mel-corrected", "second")):
        tables = sample_tables("77-MEL", "Melun", MARCH, ["77-ROZ", "77-COU"], seed=seed)
        contents = BundleContents("77-MEL", MARCH, created, "tests", tables)
        files[name] = folder / f"77-{name}-2026-03.zip"
        files[name].write_bytes(write_bundle(contents, key).data)
    files["bad"] = folder / "damaged.zip"
    files["bad"].write_bytes(files["mel"].read_bytes()[:-200])
    return files


def _open(make_flow: Callable[..., DeskFlow], store: Store, runner: ServiceRunner) -> NetworkView:
    window = make_flow(manager_of(store)).main_window
    assert isinstance(window, MainWindow)
    view = window.show_view("network")
    assert isinstance(view, NetworkView)
    assert runner.wait_idle()
    return view


def _shot(panel: CoordinatorPanel, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    card = panel.parentWidget()
    assert card is not None
    card.grab().save(str(SHOTS / f"{name}.png"))


def test_a_coordinator_imports_reads_the_figures_and_opens_the_clearing(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup = join_demo_network(store, manager_of(store))
    files = _files(store, setup, tmp_path / "inbox")
    view = _open(make_flow, store, runner)
    panel = view.coordinator
    assert "Aucun fichier importé" in panel.bundles_holder.itemAt(0).widget().text()  # type: ignore[union-attr]
    panel.period_picker.set_period(Period.year(2026))
    panel.refresh()
    assert runner.wait_idle()

    # Import: two good files and a damaged one, chosen in the file dialog.
    chosen = [files["roz"], files["mel"], files["bad"]]
    monkeypatch.setattr(panel, "ask_open_paths", lambda: chosen)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.data is not None and len(panel.data.bundles) == 2)
    assert runner.wait_idle()
    refused = panel.outcome_labels["damaged.zip"]
    assert refused.property("role") == "error" and "damaged.zip" in refused.text()
    assert "importé" in panel.outcome_labels[files["roz"].name].text()
    assert panel.bundles_table.rowCount() == 2
    assert panel.occupancy_table.rowCount() == 2  # March, for each centre
    assert {bar.centre for bar in panel.chart.bars} == {"77-ROZ", "77-MEL"}
    codes = [panel.matrix.horizontalHeaderItem(i).text() for i in range(panel.matrix.columnCount())]
    assert "77-ROZ" in codes and "77-MEL" in codes
    row, column = codes.index("77-ROZ"), codes.index("77-MEL")
    assert "visit" in panel.matrix.item(row, column).text()  # ROZ's members went to Melun
    assert panel.balances_table.rowCount() >= 2
    scroll = view.findChild(QScrollArea)
    if scroll is not None:
        scroll.ensureWidgetVisible(panel)
    _shot(panel, "coordinator-imported")

    # A corrected file for a period already imported: the coordinator is asked first.
    asked: list[list[ImportOutcome]] = []

    def confirm(pending: list[ImportOutcome]) -> bool:
        asked.append(pending)
        return True

    monkeypatch.setattr(panel, "confirm_replace", confirm)
    monkeypatch.setattr(panel, "ask_open_paths", lambda: [files["mel-corrected"]])
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            panel.last_report is not None
            and panel.last_report.outcomes[0].status is ImportStatus.REPLACED
        )
    )
    assert runner.wait_idle()
    assert [o.file_name for o in asked[0]] == [files["mel-corrected"].name]
    assert "remplacé" in panel.outcome_labels[files["mel-corrected"].name].text()

    # The clearing statement of March, saved then opened.
    panel.period_picker.set_period(MARCH)
    panel.refresh()
    assert runner.wait_idle()
    opened: list[Path] = []
    monkeypatch.setattr(panel, "ask_folder", lambda: tmp_path / "clearing")
    monkeypatch.setattr(panel, "open_document", opened.append)
    qtbot.mouseClick(panel.save_clearing_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened))
    assert opened[0].name == "clearing-2026-03.pdf" and opened[0].read_bytes()[:4] == b"%PDF"
    assert panel.open_clearing_button.isVisibleTo(panel)
    assert "clearing-2026-03.pdf" in panel.clearing_message.text()
    _shot(panel, "coordinator-clearing")
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        subprocess.run(
            [pdftoppm, "-png", "-r", "60", str(opened[0]), str(SHOTS / "clearing-pdf")],
            check=True,
        )


def test_cancelling_a_replacement_keeps_the_first_file(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup = join_demo_network(store, manager_of(store))
    files = _files(store, setup, tmp_path / "inbox")
    panel = _open(make_flow, store, runner).coordinator
    panel.import_files([files["mel"]], replace=False)
    assert runner.wait_idle()
    monkeypatch.setattr(panel, "confirm_replace", lambda pending: False)
    monkeypatch.setattr(panel, "ask_open_paths", lambda: [files["mel-corrected"]])
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: files["mel-corrected"].name in panel.outcome_labels)
    assert runner.wait_idle()
    line = panel.outcome_labels[files["mel-corrected"].name]
    assert line.property("role") == "error" and "Confirmez pour le remplacer" in line.text()
    assert panel.data is not None
    assert [b.file_name for b in panel.data.bundles] == [files["mel"].name]


def test_the_passports_the_directory_revokes_are_listed(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup = join_demo_network(store, manager_of(store))
    view = _open(make_flow, store, runner)
    assert view.revoked_list.revoked == ()
    assert view.revoked_list.holder.count() == 0
    newer = directory_with_key(
        setup.network, "77-ROZ", setup.public_key, date(2026, 2, 1),
        revoked={"77-MEL": frozenset({"5A1E0C9D42B7", "0B0B0B0B0B0B"})},
    )  # fmt: skip
    path = tmp_path / "annuaire.zip"
    path.write_bytes(newer)
    monkeypatch.setattr(view, "ask_open_path", lambda title, filters: path)
    qtbot.mouseClick(view.directory_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(view.revoked_list.revoked) == 2)
    assert runner.wait_idle()
    grid = view.revoked_list.table
    assert [grid.item(r, 1).text() for r in range(grid.rowCount())] == [
        "0B0B0B0B0B0B", "5A1E0C9D42B7",
    ]  # fmt: skip
    assert grid.item(0, 0).text().startswith("77-MEL")
    SHOTS.mkdir(exist_ok=True)
    card = view.revoked_list.parentWidget()
    assert card is not None
    card.grab().save(str(SHOTS / "revoked-passports.png"))
