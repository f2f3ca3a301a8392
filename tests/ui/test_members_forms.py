"""The member and organisation forms and the import dialog, used with the keyboard and mouse."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from telecentre_desk.domain.member_columns import MemberColumn
from telecentre_desk.services.context import Actor
from telecentre_desk.services.member_records import create_member, get_member
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.members import search_members
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Member, Organisation
from telecentre_desk.ui.members import dialogs
from telecentre_desk.ui.members.directory import MemberDirectory
from telecentre_desk.ui.members.import_dialog import ImportDialog
from telecentre_desk.ui.members.member_form import MemberDialog
from telecentre_desk.ui.members.organisation_form import OrganisationDialog
from telecentre_desk.ui.worker import ServiceRunner

HEADER = ["Nom", "Prénom", "Courriel", "Téléphone", "Structure", "Badge", "Date de naissance"]


def count(store: Store, model: type = Member) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def directory(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, receptionist: Actor
) -> Iterator[MemberDirectory]:
    widget = MemberDirectory(runner, centre_store, receptionist)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    runner.wait_idle()
    yield widget
    runner.wait_idle()


def tick(qtbot: QtBot, box: QWidget) -> None:
    """Click a check box where a user does: on its square, at the left."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def open_new_member(
    qtbot: QtBot, runner: ServiceRunner, directory: MemberDirectory
) -> MemberDialog:
    directory.search_field.setFocus()
    qtbot.keyClick(directory.search_field, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    runner.wait_idle()
    dialog = directory.member_dialog
    assert isinstance(dialog, MemberDialog) and dialog.isVisible()
    assert dialog.save_button.isEnabled()
    return dialog


def test_a_bad_email_is_shown_under_the_field_and_nothing_is_stored(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, directory: MemberDirectory
) -> None:
    dialog = open_new_member(qtbot, runner, directory)
    qtbot.keyClicks(dialog.form("last_name"), "Dupont")
    qtbot.keyClicks(dialog.form("email"), "marie.dupont@exemple")
    qtbot.keyClick(dialog.form("email"), Qt.Key.Key_Return)  # Enter saves
    runner.wait_idle()
    assert dialog.isVisible()
    assert "marie.dupont@example.fr" in dialog.problem_text("email")
    assert dialog.problem_text("last_name") == ""
    assert QApplication.focusWidget() is dialog.form("email")
    assert count(centre_store) == 0
    # Correcting the address clears the message and saves.
    dialog.form("email").clear()
    qtbot.keyClicks(dialog.form("email"), "marie.dupont@exemple.fr")
    assert dialog.problem_text("email") == ""
    qtbot.keyClick(dialog.form("email"), Qt.Key.Key_Return)
    runner.wait_idle()
    assert not dialog.isVisible()
    assert [m.email for m in search_members(centre_store, "dupont")] == ["marie.dupont@exemple.fr"]
    assert directory.visible_names() == ["Dupont"]
    assert directory.selected_member() is not None


def test_a_possible_duplicate_is_shown_and_can_be_confirmed(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    manager: Actor,
    directory: MemberDirectory,
) -> None:
    create_member(
        centre_store,
        manager,
        MemberDraft(last_name="Lefèvre", first_name="Hélène", phone="06 12 34 56 78"),
    )
    runner.wait_idle()
    dialog = open_new_member(qtbot, runner, directory)
    qtbot.keyClicks(dialog.form("last_name"), "Durand")
    qtbot.keyClicks(dialog.form("phone"), "0612345678")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert dialog.duplicate_panel.isVisible()
    assert "Hélène Lefèvre" in dialog.duplicate_text.text()
    assert count(centre_store) == 1
    qtbot.mouseClick(dialog.create_anyway_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert not dialog.isVisible()
    assert count(centre_store) == 2


def test_billing_to_the_organisation_follows_the_organisation_choice(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    manager: Actor,
    directory: MemberDirectory,
) -> None:
    from telecentre_desk.services.organisations import OrganisationDraft, create_organisation

    for name, pays in (("Brie Conseil", True), ("Mairie", False)):
        create_organisation(
            centre_store,
            manager,
            OrganisationDraft(
                name=name,
                pays_for_members=pays,
                address_line="1 rue",
                postal_code="77540",
                city="Rozay-en-Brie",
            ),
        )
    dialog = open_new_member(qtbot, runner, directory)
    billed = dialog.field("billed_to_organisation")
    combo = dialog.field("organisation_id")
    assert not billed.isEnabled()
    combo.setCurrentIndex(combo.findText("Mairie"))  # type: ignore[attr-defined]
    assert not billed.isEnabled()
    combo.setCurrentIndex(combo.findText("Brie Conseil"))  # type: ignore[attr-defined]
    assert billed.isEnabled()
    tick(qtbot, billed)
    qtbot.keyClicks(dialog.form("last_name"), "Roux")
    qtbot.keyClick(dialog.form("last_name"), Qt.Key.Key_Return)
    runner.wait_idle()
    roux = search_members(centre_store, "roux")[0]
    assert roux.organisation == "Brie Conseil" and roux.billed_to_organisation


def test_unticking_commute_consent_empties_the_commute_fields(
    qtbot: QtBot, runner: ServiceRunner, directory: MemberDirectory
) -> None:
    dialog = open_new_member(qtbot, runner, directory)
    consent = dialog.field("consent_commute")
    distance = dialog.form("commute_distance_km")
    assert not distance.isEnabled()
    tick(qtbot, consent)
    assert distance.isEnabled()
    qtbot.keyClicks(distance, "12,5")
    assert distance.text() == "12,5"
    tick(qtbot, consent)
    assert distance.text() == "" and not distance.isEnabled()


def test_editing_opens_with_enter_and_keeps_the_values(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    manager: Actor,
    directory: MemberDirectory,
) -> None:
    member = create_member(
        centre_store,
        manager,
        MemberDraft(last_name="Lefèvre", first_name="Hélène", email="helene@example.fr"),
    ).member
    runner.wait_idle()
    qtbot.keyClicks(directory.search_field, "helene")
    runner.wait_idle()
    qtbot.keyClick(directory.search_field, Qt.Key.Key_Return)
    runner.wait_idle()
    dialog = directory.member_dialog
    assert dialog.form("email").text() == "helene@example.fr"
    dialog.form("city").setText("Voinsles")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert get_member(centre_store, member.id).draft.city == "Voinsles"
    assert get_member(centre_store, member.id).draft.email == "helene@example.fr"


def test_an_organisation_with_a_wrong_siret_is_not_saved(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor
) -> None:
    dialog = OrganisationDialog(runner, centre_store, manager)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.form.line("name"), "Brie Conseil")
    qtbot.keyClicks(dialog.form.line("siret"), "847 319 522 00012")
    qtbot.keyClick(dialog.form.line("siret"), Qt.Key.Key_Return)
    runner.wait_idle()
    assert "SIRET" in dialog.form.problem_text("siret")
    assert count(centre_store, Organisation) == 0
    dialog.form.line("siret").clear()
    qtbot.keyClicks(dialog.form.line("siret"), "847 319 522 00011")
    qtbot.keyClick(dialog.form.line("siret"), Qt.Key.Key_Return)
    runner.wait_idle()
    assert count(centre_store, Organisation) == 1


# -- import -------------------------------------------------------------------------------
def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


@pytest.fixture
def import_dialog(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, receptionist: Actor
) -> Iterator[ImportDialog]:
    dialog = ImportDialog(runner, centre_store, receptionist)
    qtbot.addWidget(dialog)
    dialog.show()
    yield dialog
    runner.wait_idle()


def test_a_preview_with_errors_imports_nothing(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    import_dialog: ImportDialog,
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "membres.csv",
        [
            HEADER,
            ["Lefèvre", "Hélène", "helene@example.fr", "06 12 34 56 78", "", "B-1", "01/01/1980"],
            ["Martin", "Paul", "paul@exemple", "", "", "B-1", ""],
        ],
    )
    import_dialog.set_file(path)
    runner.wait_idle()
    assert not import_dialog.import_button.isEnabled()
    problems = import_dialog.problems_shown()
    assert len(problems) == 1  # only line 3 is shown ("only the lines with problems")
    assert "B-1" in problems[0] and "paul@exemple" not in problems[0]
    assert "1" in import_dialog.summary.text()  # one line has problems
    qtbot.keyClick(import_dialog, Qt.Key.Key_Return)  # Enter does not import either
    runner.wait_idle()
    import_dialog.confirm_import()
    runner.wait_idle()
    assert count(centre_store) == 0
    assert import_dialog.isVisible()


def test_a_clean_preview_imports_after_confirming(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    receptionist: Actor,
    directory: MemberDirectory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    path = write_csv(
        tmp_path / "membres.csv",
        [
            ["Personne", "Prénom", "Courriel", "Structure", "Né le"],
            ["Lefèvre", "Hélène", "helene@example.fr", "Brie Conseil", "01/01/1980"],
            ["Martin", "Paul", "paul@example.fr", "", ""],
        ],
    )
    monkeypatch.setattr(dialogs, "ask_open_path", lambda *_a: path)
    qtbot.mouseClick(directory.import_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    dialog = directory.import_dialog
    # "Personne" is not a header the importer knows: the user says it is the last name.
    assert not dialog.import_button.isEnabled()
    combo = dialog.column_combo("Personne")
    combo.setCurrentIndex(combo.findData(MemberColumn.LAST_NAME))
    runner.wait_idle()
    assert dialog.column_combo("Né le").currentData() is None  # a birth date: never imported
    assert dialog.import_button.isEnabled()
    assert count(centre_store) == 0  # nothing before the confirmation
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert not dialog.isVisible()
    assert count(centre_store) == 2
    assert count(centre_store, Organisation) == 1
    assert directory.visible_names() == ["Hélène Lefèvre", "Paul Martin"]
    assert "2" in directory.status_text()


def test_an_unreadable_file_is_a_message_in_the_dialog(
    runner: ServiceRunner, centre_store: Store, import_dialog: ImportDialog, tmp_path: Path
) -> None:
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    import_dialog.set_file(path)
    runner.wait_idle()
    assert "photo.csv" in import_dialog.summary.text()
    assert not import_dialog.import_button.isEnabled()
    assert count(centre_store) == 0


def test_export_the_list_from_the_directory(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    manager: Actor,
    directory: MemberDirectory,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    create_member(centre_store, manager, MemberDraft(last_name="Lefèvre", first_name="Hélène"))
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *_a: tmp_path / "liste")
    qtbot.mouseClick(directory.export_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert (tmp_path / "liste.xlsx").exists()
    assert "liste.xlsx" in directory.status_text()
