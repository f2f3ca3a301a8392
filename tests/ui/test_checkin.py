"""The check-in desk as a receptionist uses it: the field, who is here, walk-ins, paper, notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from presence_world import World, populate
from telecentre_desk.services import presence
from telecentre_desk.services.context import Actor
from telecentre_desk.services.presence_paper import local_instant
from telecentre_desk.services.shift_log import latest_notes, write_note
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.bar import CheckInBar
from telecentre_desk.ui.checkin.paper import PaperSheetDialog
from telecentre_desk.ui.checkin.walk_in import WalkInDialog
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.views.checkin import CheckInView
from telecentre_desk.ui.worker import ServiceRunner


@pytest.fixture
def world(centre_store: Store, manager: Actor) -> World:
    return populate(centre_store, manager)


def _window(qtbot: QtBot, runner: ServiceRunner, world: World, actor: Actor) -> MainWindow:
    window = MainWindow(runner, world.store, actor)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    assert runner.wait_idle()
    return window


def _checkin_view(window: MainWindow, runner: ServiceRunner) -> CheckInView:
    view = window.show_view("checkin")
    assert isinstance(view, CheckInView)
    assert runner.wait_idle()
    assert view.who is not None
    return view


def _here(world: World) -> list[str]:
    return [p.member_name for p in presence.present_now(world.store)]


def _enter(qtbot: QtBot, bar: CheckInBar, runner: ServiceRunner, text: str) -> None:
    """Type like a person (or a scanner) and press Enter; wait for the answer."""
    qtbot.keyClicks(bar.field, text)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()


# -- the field ------------------------------------------------------------------------------


def test_type_a_partial_name_pick_the_suggestion_enter_and_they_are_here(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    window = _window(qtbot, runner, world, receptionist)
    view = _checkin_view(window, runner)
    bar = window.checkin_bar
    bar.focus_field()
    qtbot.keyClicks(bar.field, "hele")  # no accent: "Hélène" is found all the same
    qtbot.waitUntil(bar.field.suggestions_visible)
    assert bar.field.suggestions.item(0).text().startswith("Hélène Lefèvre")
    qtbot.keyClick(bar.field, Qt.Key.Key_Down)
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)  # picks the suggestion
    assert bar.field.text() == "Hélène Lefèvre"
    assert runner.wait_idle()
    assert _here(world) == []  # picking is not checking in
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert view.who is not None
    qtbot.waitUntil(lambda: view.who is not None and view.who.shown_names() == ["Hélène Lefèvre"])
    assert _here(world) == ["Hélène Lefèvre"]
    assert bar.feedback.outcome() == "done" and "Hélène Lefèvre" in bar.feedback.text()
    assert bar.field.text() == ""  # ready for the next one


def test_a_picked_member_goes_to_their_usual_free_desk(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    member = world.member("sofia")
    for days in (3, 2, 1):
        start = datetime.now(UTC) - timedelta(days=days)
        presence.check_in(world.store, receptionist, member, desk_id=world.desk("A4"), at=start)
        presence.check_out(world.store, receptionist, member, at=start + timedelta(hours=3))
    window = _window(qtbot, runner, world, receptionist)
    bar = window.checkin_bar
    qtbot.keyClicks(bar.field, "sofia")
    qtbot.waitUntil(bar.field.suggestions_visible)
    bar.field.suggestions.setCurrentRow(0)
    qtbot.mouseClick(
        bar.field.suggestions.viewport(),
        Qt.MouseButton.LeftButton,
        pos=bar.field.suggestions.visualItemRect(bar.field.suggestions.item(0)).center(),
    )
    assert runner.wait_idle()
    assert bar.desk.desk_id() == world.desk("A4")  # offered first
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    (info,) = presence.present_now(world.store)
    assert (info.member_name, info.desk_label) == ("Sofia Martin", "A4")


def test_scan_a_badge_twice_in_then_out(
    qtbot: QtBot,
    runner: ServiceRunner,
    world: World,
    receptionist: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(presence, "DOUBLE_SCAN_WINDOW", timedelta(0))  # no wait between scans
    window = _window(qtbot, runner, world, receptionist)
    view = _checkin_view(window, runner)
    bar = window.checkin_bar
    _enter(qtbot, bar, runner, "TD-000102")
    assert _here(world) == ["Marc Dubois"]
    qtbot.waitUntil(lambda: view.who is not None and view.who.shown_names() == ["Marc Dubois"])
    _enter(qtbot, bar, runner, "TD-000102")
    assert _here(world) == []
    assert bar.feedback.outcome() == "done"
    assert "Marc Dubois" in bar.feedback.text()
    qtbot.waitUntil(lambda: view.who is not None and view.who.shown_names() == [])


def test_a_double_scan_makes_one_presence(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    window = _window(qtbot, runner, world, receptionist)
    bar = window.checkin_bar
    qtbot.keyClicks(bar.field, "TD-000103")
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    qtbot.keyClicks(bar.field, "TD-000103")  # the scanner fires again at once
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert _here(world) == ["Sofia Martin"]
    assert "Sofia Martin" in bar.feedback.text()


def test_a_name_with_one_match_checks_in_on_enter(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    window = _window(qtbot, runner, world, receptionist)
    _enter(qtbot, window.checkin_bar, runner, "lucas bern")
    assert _here(world) == ["Lucas Bernard"]


def test_an_unknown_badge_offers_the_new_visitor_path(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    window = _window(qtbot, runner, world, receptionist)
    bar = window.checkin_bar
    _enter(qtbot, bar, runner, "TD-424242")
    assert bar.feedback.outcome() == "problem"
    assert "TD-424242" in bar.feedback.text()
    assert bar.new_person_button.isVisible()
    assert _here(world) == []
    qtbot.mouseClick(bar.new_person_button, Qt.MouseButton.LeftButton)  # one click
    dialog = bar.walk_in_dialog
    assert isinstance(dialog, WalkInDialog) and dialog.isVisible()
    assert dialog.name_field.text() == ""  # a badge code is not a name
    assert runner.wait_idle()
    qtbot.keyClicks(dialog.name_field, "Jeanne Visiteuse")
    qtbot.keyClick(dialog.name_field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert _here(world) == ["Jeanne Visiteuse"]


def test_an_unknown_name_offers_the_new_visitor_path_with_the_name(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    window = _window(qtbot, runner, world, receptionist)
    bar = window.checkin_bar
    _enter(qtbot, bar, runner, "Zoe Nouvelle")
    assert bar.feedback.outcome() == "problem" and bar.new_person_button.isVisible()
    qtbot.mouseClick(bar.new_person_button, Qt.MouseButton.LeftButton)
    assert bar.walk_in_dialog.name_field.text() == "Zoe Nouvelle"
    bar.walk_in_dialog.reject()


@pytest.mark.parametrize(
    "garbage",
    ["\x1b[2~TD-00\x00", "\ufffd\ufffd", "TD-" + "9" * 400],
    ids=["escape", "fffd", "long"],
)
def test_a_scanner_sending_garbage_gets_a_message_and_nothing_breaks(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor, garbage: str
) -> None:
    window = _window(qtbot, runner, world, receptionist)
    bar = window.checkin_bar
    bar.field.setText(garbage)  # what a misconfigured scanner "types"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert bar.feedback.outcome() == "problem"
    assert _here(world) == []
    _enter(qtbot, bar, runner, "TD-000101")  # the desk keeps working
    assert _here(world) == ["Hélène Lefèvre"]


def test_ctrl_k_and_f2_focus_the_field_from_anywhere(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    window = _window(qtbot, runner, world, receptionist)
    view = _checkin_view(window, runner)
    window.activateWindow()
    qtbot.waitActive(window)
    assert view.who is not None
    # From the list with Ctrl+K; from another text field with F2 (in a text field,
    # Ctrl+K is the usual "delete to the end of the line" on Linux).
    for widget, keys in (
        (view.who.table, (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)),
        (window.navigation, (Qt.Key.Key_F2,)),
        (view.who.filter_field, (Qt.Key.Key_F2,)),
    ):
        widget.setFocus()
        assert window.focusWidget() is widget
        qtbot.keyClick(widget, *keys)
        assert window.focusWidget() is window.checkin_bar.field


# -- walk-ins --------------------------------------------------------------------------------


def test_a_walk_in_in_a_few_keystrokes(
    qtbot: QtBot, runner: ServiceRunner, world: World, volunteer: Actor
) -> None:
    window = _window(qtbot, runner, world, volunteer)
    view = _checkin_view(window, runner)
    qtbot.mouseClick(view.buttons["walk_in"], Qt.MouseButton.LeftButton)
    dialog = window.checkin_bar.walk_in_dialog
    assert runner.wait_idle()
    assert "Journée" in dialog.tariff.currentText()  # a day pass unless told otherwise
    qtbot.keyClicks(dialog.name_field, "Ana Costa")
    qtbot.keyClick(dialog.name_field, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.company_field, "Mairie")
    qtbot.keyClick(dialog.company_field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    (info,) = presence.present_now(world.store)
    assert (info.member_name, info.organisation) == ("Ana Costa", "Mairie")
    assert info.tariff_id is not None
    assert "Ana Costa" in window.checkin_bar.feedback.text()


def test_a_walk_in_without_a_name_says_so_and_stays_open(
    qtbot: QtBot, runner: ServiceRunner, world: World, volunteer: Actor
) -> None:
    window = _window(qtbot, runner, world, volunteer)
    window.checkin_bar.open_walk_in("")
    dialog = window.checkin_bar.walk_in_dialog
    assert runner.wait_idle()
    qtbot.keyClick(dialog.name_field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert dialog.isVisible()
    assert dialog.form.problem_text("full_name")
    assert _here(world) == []
    dialog.reject()


# -- who is here -------------------------------------------------------------------------------


def test_who_is_here_sorts_filters_and_checks_out_several(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    now = datetime.now(UTC)
    for minutes, key in ((30, "helene"), (90, "marc"), (60, "sofia")):
        presence.check_in(
            world.store, receptionist, world.member(key), at=now - timedelta(minutes=minutes)
        )
    window = _window(qtbot, runner, world, receptionist)
    view = _checkin_view(window, runner)
    who = view.who
    assert who is not None
    assert who.shown_names() == ["Marc Dubois", "Sofia Martin", "Hélène Lefèvre"]  # by arrival
    who.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # a click on "Name"
    assert who.shown_names() == ["Hélène Lefèvre", "Marc Dubois", "Sofia Martin"]
    qtbot.keyClicks(who.filter_field, "mar")
    assert who.shown_names() == ["Marc Dubois", "Sofia Martin"]
    who.table.setFocus()
    qtbot.keyClick(who.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert sorted(who.selected_member_ids()) == sorted(
        [world.member("marc"), world.member("sofia")]
    )
    qtbot.mouseClick(who.check_out_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    assert _here(world) == ["Hélène Lefèvre"]
    who.filter_field.clear()
    qtbot.waitUntil(lambda: who.shown_names() == ["Hélène Lefèvre"])
    assert who.feedback.outcome() == "done"


def test_everyone_out_at_closing_after_a_confirmation(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    for key in ("helene", "marc"):
        presence.check_in(world.store, receptionist, world.member(key))
    window = _window(qtbot, runner, world, receptionist)
    view = _checkin_view(window, runner)
    assert view.who is not None
    qtbot.mouseClick(view.who.everyone_button, Qt.MouseButton.LeftButton)
    box = view.who.confirm_box
    assert isinstance(box, QMessageBox) and "2" in box.text()
    yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    assert _here(world) == []


def test_a_forgotten_presence_is_reviewed_from_the_view(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    presence.check_in(
        world.store, receptionist, world.member("helene"), at=datetime.now(UTC) - timedelta(days=3)
    )
    window = _window(qtbot, runner, world, receptionist)
    qtbot.waitUntil(lambda: _here(world) == [])  # the bar's first sweep closes it
    view = _checkin_view(window, runner)
    review = view.review
    assert review is not None
    qtbot.waitUntil(review.isVisible)
    assert review.list.count() == 1 and "Hélène Lefèvre" in review.list.item(0).text()
    qtbot.mouseClick(review.confirm_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    assert presence.presences_to_review(world.store) == []
    qtbot.waitUntil(lambda: review.list.count() == 0)


def test_changing_desk_from_the_list(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    presence.check_in(world.store, receptionist, world.member("helene"), desk_id=world.desk("A1"))
    window = _window(qtbot, runner, world, receptionist)
    view = _checkin_view(window, runner)
    assert view.who is not None
    view.who.select_members([world.member("helene")])
    qtbot.mouseClick(view.who.desk_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    dialog = view.who.desk_dialog
    assert dialog.combo.desk_id() == world.desk("A1")
    dialog.combo.select_desk(world.desk("A3"))
    qtbot.keyClick(dialog.combo, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert presence.present_now(world.store)[0].desk_label == "A3"


# -- paper sheet, shift log, badges ---------------------------------------------------------------


def test_the_paper_sheet_line_by_line(
    qtbot: QtBot, runner: ServiceRunner, world: World, volunteer: Actor
) -> None:
    window = _window(qtbot, runner, world, volunteer)
    view = _checkin_view(window, runner)
    dialog = view.open_paper_sheet()
    assert isinstance(dialog, PaperSheetDialog)
    assert runner.wait_idle()
    yesterday = date.today() - timedelta(days=1)
    qtbot.keyClicks(dialog.member, "marc")
    qtbot.waitUntil(dialog.member.suggestions_visible)
    qtbot.keyClick(dialog.member, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.member, Qt.Key.Key_Return)
    dialog.day.setDate(yesterday)
    dialog.arrival.setTime(QTime(14, 0))
    dialog.departure.setTime(QTime(10, 0))  # a slip of the pen
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    assert dialog.form.problem_text("departure")
    assert presence.presences_on(world.store, yesterday) == []
    dialog.departure.setTime(QTime(17, 30))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    (info,) = presence.presences_on(world.store, yesterday)
    assert info.member_name == "Marc Dubois"
    assert info.started_at == local_instant(yesterday, time(14, 0))
    assert info.source.value == "paper"
    assert dialog.member.text() == "" and dialog.done_list.count() == 1  # ready for the next
    dialog.reject()


def test_a_note_for_the_next_person_and_the_handover_at_sign_in(
    qtbot: QtBot,
    runner: ServiceRunner,
    world: World,
    volunteer: Actor,
    manager: Actor,
    make_flow: Callable[..., DeskFlow],
) -> None:
    window = _window(qtbot, runner, world, volunteer)
    view = _checkin_view(window, runner)
    log = view.shift_log
    assert log is not None
    log.editor.setFocus()
    qtbot.keyClicks(log.editor, "Plus de cafe en reserve.")
    qtbot.keyClick(log.editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert runner.wait_idle()
    assert [n.text for n in latest_notes(world.store)] == ["Plus de cafe en reserve."]
    qtbot.waitUntil(lambda: log.shown_texts() == ["Plus de cafe en reserve."])
    window.close()

    flow = make_flow(manager)  # the next person signs in
    assert runner.wait_idle()
    assert flow.main_window is not None
    banner = flow.main_window.handover
    qtbot.waitUntil(banner.isVisible)
    assert "Plus de cafe en reserve." in banner.body.text()
    assert "Jeanne Martin" in banner.body.text()
    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()


def test_no_handover_panel_without_notes(
    qtbot: QtBot,
    runner: ServiceRunner,
    world: World,
    manager: Actor,
    make_flow: Callable[..., DeskFlow],
) -> None:
    write_note(world.store, manager, "Mes propres notes ne me sont pas rendues.")
    flow = make_flow(manager)
    assert runner.wait_idle()
    assert flow.main_window is not None and not flow.main_window.handover.isVisible()
    assert flow.main_window.focusWidget() is flow.main_window.checkin_bar.field  # ready to scan


def test_badges_for_the_people_here(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor, tmp_path: Path
) -> None:
    presence.check_in(world.store, receptionist, world.member("helene"))
    presence.check_in(world.store, receptionist, world.member("paul"))  # a visitor: no badge
    window = _window(qtbot, runner, world, receptionist)
    view = _checkin_view(window, runner)
    dialog = view.open_badges()
    assert dialog is not None
    qtbot.mouseClick(dialog.here_button, Qt.MouseButton.LeftButton)
    assert runner.wait_idle()
    qtbot.keyClicks(dialog.member, "sofia")
    qtbot.waitUntil(dialog.member.suggestions_visible)
    qtbot.keyClick(dialog.member, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.member, Qt.Key.Key_Return)
    assert dialog.member_ids() == [world.member(k) for k in ("helene", "paul", "sofia")]
    dialog.save_to(tmp_path / "badges.pdf")
    assert runner.wait_idle()
    assert (tmp_path / "badges.pdf").read_bytes().startswith(b"%PDF")
    assert dialog.feedback.outcome() == "done" and "Paul Petit" in dialog.feedback.text()
    dialog.reject()


def test_a_volunteer_has_no_kiosk_button(
    qtbot: QtBot, runner: ServiceRunner, world: World, volunteer: Actor
) -> None:
    window = _window(qtbot, runner, world, volunteer)
    view = _checkin_view(window, runner)
    assert not view.buttons["kiosk"].isVisible()
    assert view.open_kiosk() is None
    assert QApplication.activeWindow() is not None or window.isVisible()


def test_the_member_search_is_warmed_up_soon_after_sign_in(
    qtbot: QtBot,
    runner: ServiceRunner,
    world: World,
    receptionist: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from telecentre_desk.services import members

    warmed: list[int] = []
    real = members.warm_up
    monkeypatch.setattr(members, "warm_up", lambda store: warmed.append(real(store)) or 0)
    _window(qtbot, runner, world, receptionist)
    qtbot.waitUntil(lambda: len(warmed) == 1)  # once, in the background, by itself
    assert warmed[0] > 0  # the index holds the centre's members
