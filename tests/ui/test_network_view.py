"""The Network view, used as a manager would: set up, preview, export, passports."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import keyring.backends.fail
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QScrollArea, QWidget

from network_support import (
    copy_centre,
    directory_with_key,
    fresh_keyring,
    join_demo_network,
    make_template,
    manager_of,
)
from telecentre_desk.network.passport import Passport, encode_passport
from telecentre_desk.network.reader import read_bundle
from telecentre_desk.services import network_keys, presence
from telecentre_desk.services.network_demo import make_demo_network
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.network.dialogs import PassphraseDialog, SecretDialog
from telecentre_desk.ui.network.passports import PassportRequestDialog
from telecentre_desk.ui.views.network import NetworkView
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = Path("/tmp/shots-network")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ui-network-template")
    return make_template(folder, presences=(date(2026, 1, 1), date(2026, 4, 30)))


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    """Replaces the empty database of tests/ui/conftest.py by a copy of the demo centre."""
    handle = open_store(copy_centre(template, tmp_path / "centre"))
    with fresh_keyring():
        yield handle
    handle.close()


def open_view(
    make_flow: Callable[..., DeskFlow], store: Store, runner: ServiceRunner
) -> NetworkView:
    flow = make_flow(manager_of(store))
    window = flow.main_window
    assert isinstance(window, MainWindow)
    view = window.show_view("network")
    assert isinstance(view, NetworkView)
    assert runner.wait_idle()
    assert view.built and view.status is not None
    return view


def choose_march_2026(view: NetworkView, qtbot: Any, runner: ServiceRunner) -> None:
    picker = view.period_picker
    picker.part.setFocus()
    qtbot.keyClicks(picker.part, "Mars")  # the combo box finds the month as one types
    picker.year.selectAll()
    qtbot.keyClicks(picker.year, "2026")
    qtbot.waitUntil(lambda: picker.period().label == "2026-03")
    qtbot.waitUntil(
        lambda: (
            view.preview_panel.preview is not None
            and view.preview_panel.preview.period.label == "2026-03"
        )
    )
    assert runner.wait_idle()


def test_a_manager_previews_then_exports_a_month(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup = join_demo_network(store, manager_of(store))
    view = open_view(make_flow, store, runner)
    assert view.export_button.isEnabled()
    choose_march_2026(view, qtbot, runner)
    tabs = view.preview_panel.tabs
    assert tabs.count() == 6
    assert "(31)" in tabs.tabText(1)  # one row per day of March
    occupancy = view.findChild(QWidget, "preview_occupancy")
    assert occupancy is not None and occupancy.rowCount() == 31  # type: ignore[attr-defined]
    assert occupancy.item(0, 0).text() == "2026-03-01"  # type: ignore[attr-defined]

    target = tmp_path / "mars.zip"
    asked: list[str] = []

    def save_to(title: str, name: str, filters: str) -> Path:
        asked.append(name)
        return target

    monkeypatch.setattr(view, "ask_save_path", save_to)
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists)
    assert runner.wait_idle()
    assert asked == ["77-roz-2026-03.telecentre-exchange.zip"]
    bundle = read_bundle(target.read_bytes(), {"77-ROZ": setup.public_key})
    assert bundle.period.label == "2026-03" and len(bundle.tables["occupancy"]) == 31
    assert view.export_message.isVisible() and "2026-03" in view.export_message.text()
    qtbot.waitUntil(lambda: view.history_table.rowCount() == 1)
    assert view.history_table.item(0, 2).text() == target.name
    _save(view, "view-export-done")


def test_setting_up_the_network_step_by_step(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = open_view(make_flow, store, runner)
    assert not view.export_button.isEnabled()
    assert [view.setup_marks[k].text() for k in ("code", "directory", "key", "secret")] == [
        "✔", "●", "●", "●",
    ]  # fmt: skip
    _save(view, "view-setup-start")

    # 1. The key.
    qtbot.mouseClick(view.key_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    qtbot.waitUntil(lambda: view.setup_marks["key"].text() == "✔")
    fingerprint = network_keys.key_status(store).fingerprint
    assert fingerprint and fingerprint in view.setup_details["key"].text()
    assert view.public_key_button.isVisibleTo(view) and not view.key_button.isVisibleTo(view)

    # 2. The directory, whose coordinator key the manager confirms.
    network = make_demo_network("77-ROZ", "La Grange", "Rozay-en-Brie", "77393")
    public = network_keys.key_status(store).public_key
    assert public is not None
    directory = tmp_path / "annuaire.zip"
    directory.write_bytes(directory_with_key(network, "77-ROZ", public, date(2026, 1, 5)))
    confirmed: list[str] = []
    monkeypatch.setattr(view, "ask_open_path", lambda title, filters: directory)
    monkeypatch.setattr(
        view, "confirm_fingerprint", lambda name, shown: confirmed.append(shown) or True
    )
    qtbot.mouseClick(view.directory_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.setup_marks["directory"].text() == "✔")
    assert confirmed == [network.coordinator_fingerprint]

    # 3. The secret, typed in its dialog.
    def type_secret(dialog: QDialog) -> bool:
        assert isinstance(dialog, SecretDialog)
        dialog.show()
        qtbot.keyClicks(dialog.secret, network.secret_text)
        dialog.close()
        return True

    monkeypatch.setattr(view, "exec_dialog", type_secret)
    qtbot.mouseClick(view.secret_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.setup_marks["secret"].text() == "✔")
    qtbot.waitUntil(view.export_button.isEnabled)
    assert runner.wait_idle()
    assert view.preview_panel.preview is not None and view.preview_panel.preview.pseudonyms_shown
    _save(view, "view-setup-done")


def test_a_wrong_secret_is_refused_with_a_message(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    view = open_view(make_flow, store, runner)
    qtbot.mouseClick(view.key_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()

    def type_wrong(dialog: QDialog) -> bool:
        assert isinstance(dialog, SecretDialog)
        dialog.show()
        qtbot.keyClicks(dialog.secret, "motdepasse")
        dialog.close()
        return True

    monkeypatch.setattr(view, "exec_dialog", type_wrong)
    qtbot.mouseClick(view.secret_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "tdns1-" in view.setup_message.text())
    assert view.setup_message.property("role") == "error"
    assert view.setup_marks["secret"].text() == "●"
    assert network_keys.key_status(store).secret_check is None


def test_without_a_keyring_the_view_asks_for_a_passphrase(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with fresh_keyring(keyring.backends.fail.Keyring()):
        view = open_view(make_flow, store, runner)
        assert view.keyring_note.isVisibleTo(view)
        shown: list[PassphraseDialog] = []

        def choose_passphrase(dialog: QDialog) -> bool:
            assert isinstance(dialog, PassphraseDialog) and dialog.creating
            shown.append(dialog)
            dialog.show()
            qtbot.keyClicks(dialog.passphrase, "une longue phrase secrete")
            qtbot.keyClicks(dialog.again, "une longue phrase secrete")  # type: ignore[arg-type]
            dialog.close()
            return True

        monkeypatch.setattr(view, "exec_dialog", choose_passphrase)
        qtbot.mouseClick(view.key_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.setup_marks["key"].text() == "✔")
        assert runner.wait_idle()
        assert len(shown) == 1
        assert network_keys.key_status(store).storage == "file"


def test_a_visitors_passport_is_checked_then_checked_in(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
) -> None:
    setup = join_demo_network(store, manager_of(store))
    view = open_view(make_flow, store, runner)
    panel = view.passport_check
    today = date.today()
    expired = Passport("77-MEL", "77-MEL-0042ABCD", date(2025, 1, 1), date(2025, 12, 31), 4, "S1")
    qtbot.keyClicks(panel.field, encode_passport(expired, setup.network.centre_keys["77-MEL"]))
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert panel.result.property("role") == "error" and "2025" in panel.result.text()
    assert not panel.check_in_button.isEnabled()

    valid = Passport("77-MEL", "77-MEL-0042ABCD", today.replace(day=1), date(2099, 1, 1), 4, "S2")
    scroll = view.findChild(QScrollArea)
    assert scroll is not None
    scroll.ensureWidgetVisible(panel)
    panel.field.clear()
    qtbot.keyClicks(panel.field, encode_passport(valid, setup.network.centre_keys["77-MEL"]))
    qtbot.keyClick(panel.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert panel.result.property("role") == "lead" and "77-MEL-0042ABCD" in panel.result.text()
    assert panel.check_in_button.isEnabled()
    _save(view, "view-passport-valid")
    qtbot.mouseClick(panel.check_in_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    here = [p for p in presence.present_now(store) if p.network_visitor]
    assert [p.member_name for p in here] == ["77-MEL 77-MEL-0042ABCD"]
    assert panel.field.text() == ""


def test_a_passport_scanned_into_the_check_in_field_checks_in_then_out(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
) -> None:
    setup = join_demo_network(store, manager_of(store))
    flow = make_flow(manager_of(store))
    window = flow.main_window
    assert isinstance(window, MainWindow)
    bar = window.checkin_bar
    today = date.today()
    valid = Passport("77-MEL", "77-MEL-0042ABCD", today.replace(day=1), date(2099, 1, 1), 4, "S3")
    text = encode_passport(valid, setup.network.centre_keys["77-MEL"])

    qtbot.keyClicks(bar.field, text)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    here = [p for p in presence.present_now(store) if p.network_visitor]
    assert [p.member_name for p in here] == ["77-MEL 77-MEL-0042ABCD"]
    assert bar.feedback.outcome() == "done" and "77-MEL-0042ABCD" in bar.feedback.text()
    assert bar.field.text() == ""
    _save_widget(bar, "checkin-bar-passport")

    qtbot.keyClicks(bar.field, text)  # the second scan checks the visitor out
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert [p for p in presence.present_now(store) if p.network_visitor] == []
    assert bar.feedback.outcome() == "done"

    forged = Passport("77-MEL", "77-MEL-0042ABCD", today.replace(day=1), date(2099, 1, 1), 9, "S3")
    qtbot.keyClicks(bar.field, encode_passport(forged, b"\1" * 32))
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert bar.feedback.outcome() == "problem"
    assert [p for p in presence.present_now(store) if p.network_visitor] == []


def test_printing_a_passport_for_a_member(
    make_flow: Callable[..., DeskFlow],
    store: Store,
    runner: ServiceRunner,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    join_demo_network(store, manager_of(store))
    view = open_view(make_flow, store, runner)
    chosen: list[str] = []

    def pick_member(dialog: QDialog) -> bool:
        assert isinstance(dialog, PassportRequestDialog)
        dialog.show()
        assert runner.wait_idle()
        qtbot.waitUntil(lambda: dialog.results.count() > 0)
        everyone = dialog.results.count()
        last = dialog.results.item(everyone - 1).text()
        qtbot.keyClicks(dialog.search, last.split()[1][:5])  # part of a last name
        qtbot.waitUntil(lambda: 0 < dialog.results.count() < everyone)
        assert runner.wait_idle()
        chosen.append(dialog.results.currentItem().text())
        assert dialog.print_button.isEnabled()
        _save_widget(dialog, "passport-dialog")
        dialog.close()
        return True

    pdf = tmp_path / "passeport.pdf"
    monkeypatch.setattr(view, "exec_dialog", pick_member)
    monkeypatch.setattr(view, "ask_save_path", lambda *args: pdf)
    qtbot.mouseClick(view.print_passport_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(pdf.exists)
    assert runner.wait_idle()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert chosen and "77-ROZ-" in view.passport_check.result.text()


def _save(view: NetworkView, name: str) -> None:
    _save_widget(view.window(), name)


def _save_widget(widget: QWidget, name: str) -> None:
    """Keep a picture for the reviewer when the shots folder exists (never required)."""
    if SHOTS.is_dir():
        widget.grab().save(str(SHOTS / f"{name}.png"))
