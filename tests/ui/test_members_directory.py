"""The member directory, used as a receptionist or a manager would: typing, clicking, keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.services.context import Actor
from telecentre_desk.services.member_records import create_member, get_member
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.store import Store
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.members import dialogs
from telecentre_desk.ui.members.directory import MemberDirectory
from telecentre_desk.ui.views.members import MembersView
from telecentre_desk.ui.worker import ServiceRunner

PEOPLE = (
    MemberDraft(
        last_name="Lefèvre", first_name="Hélène", email="helene@example.fr", badge_code="TD-000001"
    ),
    MemberDraft(
        last_name="Lefebvre",
        first_name="Paul",
        badge_code="TD-000002",
        category=MemberCategory.EMPLOYEE,
    ),
    MemberDraft(last_name="Zoé", first_name="Albert", badge_code="TD-000003"),
    MemberDraft(
        last_name="Écuyer",
        first_name="Anaïs",
        home_centre_code="77-MEL",
        network_member_id="77-MEL-00042",
    ),
)


@pytest.fixture
def people(centre_store: Store, manager: Actor) -> dict[str, int]:
    return {
        f"{d.first_name} {d.last_name}": create_member(centre_store, manager, d).member.id
        for d in PEOPLE
    }


@pytest.fixture
def open_directory(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, people: dict[str, int]
) -> Iterator[Callable[[Actor], MemberDirectory]]:
    def build(actor: Actor) -> MemberDirectory:
        directory = MemberDirectory(runner, centre_store, actor)
        qtbot.addWidget(directory)
        directory.resize(1200, 700)
        directory.show()
        runner.wait_idle()
        return directory

    yield build
    runner.wait_idle()


def type_search(qtbot: QtBot, runner: ServiceRunner, directory: MemberDirectory, text: str) -> None:
    directory.search_field.clear()
    qtbot.keyClicks(directory.search_field, text)
    runner.wait_idle()


def test_typing_a_name_without_accents_finds_the_accented_member(
    qtbot: QtBot,
    runner: ServiceRunner,
    receptionist: Actor,
    open_directory: Callable[..., MemberDirectory],
) -> None:
    directory = open_directory(receptionist)
    assert directory.visible_names() == [
        "Anaïs Écuyer",
        "Paul Lefebvre",
        "Hélène Lefèvre",
        "Albert Zoé",
    ]
    type_search(qtbot, runner, directory, "helene")
    assert directory.visible_names() == ["Hélène Lefèvre"]
    type_search(qtbot, runner, directory, "LEFE")
    assert directory.visible_names() == ["Paul Lefebvre", "Hélène Lefèvre"]
    assert "2" in directory.count_label.text()
    type_search(qtbot, runner, directory, "nobody")
    assert directory.visible_names() == []
    assert "nobody" in directory.count_label.text()


def test_the_last_keystroke_wins_when_typing_fast(
    qtbot: QtBot,
    runner: ServiceRunner,
    receptionist: Actor,
    open_directory: Callable[..., MemberDirectory],
) -> None:
    directory = open_directory(receptionist)
    with qtbot.waitSignal(directory.results_shown, timeout=5000):
        qtbot.keyClicks(directory.search_field, "zo")  # no wait between the keys
    runner.wait_idle()
    assert directory.visible_names() == ["Albert Zoé"]


def test_a_network_visitor_is_flagged_in_the_list(
    qtbot: QtBot,
    runner: ServiceRunner,
    receptionist: Actor,
    open_directory: Callable[..., MemberDirectory],
) -> None:
    directory = open_directory(receptionist)
    type_search(qtbot, runner, directory, "anais")
    model = directory.model
    assert model.data(model.index(0, 6)) == "77-MEL"
    assert "77-MEL-00042" in str(model.data(model.index(0, 6), Qt.ItemDataRole.ToolTipRole))
    type_search(qtbot, runner, directory, "albert")
    assert model.data(model.index(0, 6)) == ""


def test_clicking_a_header_sorts_every_match(
    qtbot: QtBot,
    runner: ServiceRunner,
    receptionist: Actor,
    open_directory: Callable[..., MemberDirectory],
) -> None:
    directory = open_directory(receptionist)
    header = directory.table.horizontalHeader()
    badge_x = header.sectionViewportPosition(5) + 10
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(badge_x, 10))
    runner.wait_idle()
    first = directory.visible_names()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(badge_x, 10))
    runner.wait_idle()
    assert directory.visible_names() == list(reversed(first))
    assert {first[0], first[-1]} == {"Hélène Lefèvre", "Anaïs Écuyer"}  # TD-000001 / no badge


def test_archive_then_restore_from_the_archived_list(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    receptionist: Actor,
    people: dict[str, int],
    open_directory: Callable[..., MemberDirectory],
) -> None:
    directory = open_directory(receptionist)
    type_search(qtbot, runner, directory, "albert")
    qtbot.keyClick(directory.search_field, Qt.Key.Key_Down)  # into the list
    assert directory.selected_member() is not None
    qtbot.mouseClick(directory.archive_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert directory.visible_names() == []
    assert "Albert Zoé" in directory.status_text()
    assert get_member(centre_store, people["Albert Zoé"]).archived
    qtbot.mouseClick(directory.archived_toggle, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert directory.visible_names() == ["Albert Zoé"]
    directory.table.selectRow(0)
    qtbot.mouseClick(directory.archive_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert not get_member(centre_store, people["Albert Zoé"]).archived
    assert directory.visible_names() == []  # gone from the archived list


def test_a_volunteer_searches_but_sees_no_editing_buttons(
    qtbot: QtBot,
    runner: ServiceRunner,
    volunteer: Actor,
    open_directory: Callable[..., MemberDirectory],
) -> None:
    directory = open_directory(volunteer)
    for button in (
        directory.new_button,
        directory.import_button,
        directory.export_button,
        directory.archive_button,
        directory.data_button,
    ):
        assert not button.isVisible()
    type_search(qtbot, runner, directory, "paul")
    qtbot.keyClick(directory.search_field, Qt.Key.Key_Return)
    runner.wait_idle()
    assert getattr(directory, "member_dialog", None) is None


def test_the_personal_data_menu_is_for_managers_and_works(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    manager: Actor,
    receptionist: Actor,
    people: dict[str, int],
    open_directory: Callable[..., MemberDirectory],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    assert not open_directory(receptionist).data_button.isVisible()
    directory = open_directory(manager)
    assert directory.data_button.isVisible()
    type_search(qtbot, runner, directory, "helene")
    directory.table.selectRow(0)
    monkeypatch.setattr(dialogs, "ask_save_path", lambda *_a: tmp_path / "helene.html")
    directory.export_data_action.trigger()
    runner.wait_idle()
    assert "helene.html" in directory.status_text()
    assert "Hélène" in (tmp_path / "helene.html").read_text(encoding="utf-8")
    assert (tmp_path / "helene.json").exists()

    answers = iter([False, True])
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: next(answers))
    directory.anonymise_action.trigger()  # the manager says Cancel first
    runner.wait_idle()
    assert get_member(centre_store, people["Hélène Lefèvre"]).draft.first_name == "Hélène"
    directory.anonymise_action.trigger()
    runner.wait_idle()
    assert get_member(centre_store, people["Hélène Lefèvre"]).draft.first_name == ""
    assert directory.visible_names() == []
    assert str(people["Hélène Lefèvre"]) in directory.status_text()


def test_the_list_follows_members_saved_elsewhere(
    qtbot: QtBot,
    runner: ServiceRunner,
    centre_store: Store,
    manager: Actor,
    open_directory: Callable[..., MemberDirectory],
) -> None:
    directory = open_directory(manager)
    type_search(qtbot, runner, directory, "lef")
    # Another view (the check-in's walk-in) creates a member through the runner.
    runner.submit(
        create_member, centre_store, manager, MemberDraft(last_name="Lefort", first_name="Ana")
    )
    runner.wait_idle()
    assert "Ana Lefort" in directory.visible_names()


def test_the_members_view_in_the_main_window(
    qtbot: QtBot,
    runner: ServiceRunner,
    manager: Actor,
    people: dict[str, int],
    make_flow: Callable[..., DeskFlow],
) -> None:
    flow = make_flow(manager)
    window = flow.main_window
    assert window is not None
    runner.wait_idle()
    window.show_view("members")
    runner.wait_idle()
    view = window.current_view()
    assert isinstance(view, MembersView) and view.directory is not None
    assert view.is_settled()
    assert len(view.directory.visible_names()) == len(PEOPLE)
    assert view.organisations is not None
    window.refresh()  # F5: the directory is kept, not rebuilt
    directory = view.directory
    runner.wait_idle()
    assert view.directory is directory


def test_open_the_member_from_another_view_shows_their_form(
    qtbot: QtBot, make_flow: Callable[..., DeskFlow], manager: Actor, people: dict[str, int]
) -> None:
    """The floor plan's "open the member" goes through MembersView.show_member."""
    from telecentre_desk.ui.members.member_form import MemberDialog

    flow = make_flow(manager)
    window = flow.main_window
    assert window is not None
    window.runner.wait_idle()
    member_id = next(iter(people.values()))
    view = window.show_view("members")
    assert isinstance(view, MembersView)
    view.show_member(member_id)
    window.runner.wait_idle()
    dialog = view.directory.member_dialog if view.directory else None
    assert isinstance(dialog, MemberDialog) and dialog.isVisible()
    assert dialog.member_id == member_id
    dialog.close()
