"""Badge codes given from the badge dialog before printing: generated, typed or scanned;
a duplicate is refused with a clear message and nothing is saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from presence_world import World, new_centre, populate
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.badges import assign_badge_codes, badge_holders, suggest_badge_codes
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.members import search_members
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.badges import BadgeDialog
from telecentre_desk.ui.offers.badge_codes import BadgeCodesDialog
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = "/tmp/shots-offers-ui"


@pytest.fixture
def world(store: Store) -> World:
    manager, _receptionist, _volunteer = new_centre(store)
    return populate(store, manager)


@pytest.fixture
def receptionist(world: World) -> Actor:
    return sign_in(world.store, "karim", "2345")


def codes(world: World, *keys: str) -> list[str | None]:
    holders = badge_holders(world.store, [world.member(key) for key in keys])
    return [holder.badge_code for holder in holders]


def test_suggested_codes_follow_the_highest_one(world: World) -> None:
    # The demo world's highest TD- code is TD-000199 (an archived member keeps it).
    assert suggest_badge_codes(world.store, 2) == ["TD-000200", "TD-000201"]


def test_assigning_is_all_or_nothing_and_names_each_problem(
    world: World, receptionist: Actor
) -> None:
    paul = world.member("paul")
    with pytest.raises(ValidationError) as refused:
        assign_badge_codes(world.store, receptionist, {paul: "td-000101"})
    assert "Hélène Lefèvre" in refused.value.problems[str(paul)]
    assert codes(world, "paul") == [None]
    volunteer = sign_in(world.store, "jeanne", "3456")
    with pytest.raises(PermissionDenied):
        assign_badge_codes(world.store, volunteer, {paul: "TD-000500"})
    assign_badge_codes(world.store, receptionist, {paul: " td-000500 "})
    assert codes(world, "paul") == ["TD-000500"]
    # The directory finds the new code at once (a scanner's input).
    assert [m.id for m in search_members(world.store, "TD-000500")] == [paul]


def open_badges(
    qtbot: QtBot, runner: ServiceRunner, world: World, actor: Actor, *keys: str
) -> BadgeDialog:
    dialog = BadgeDialog(runner, world.store, actor=actor)
    qtbot.addWidget(dialog)
    dialog.show()
    for key in keys:
        dialog.add(world.member(key), key)
    assert runner.wait_idle()
    return dialog


def test_members_without_a_code_get_one_then_their_cards_print(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor, tmp_path: Path
) -> None:
    dialog = open_badges(qtbot, runner, world, receptionist, "helene", "paul")
    assert dialog.chosen.item(0).text().endswith("TD-000101")
    assert dialog.codes_button.isVisible()
    assert "1" in dialog.missing_label.text()
    dialog.grab().save(f"{SHOTS}/badges-missing-code.png")
    qtbot.mouseClick(dialog.codes_button, Qt.MouseButton.LeftButton)
    codes_dialog = dialog.codes_dialog
    assert isinstance(codes_dialog, BadgeCodesDialog)
    runner.wait_idle()
    paul = world.member("paul")
    field = codes_dialog.fields[paul]
    assert field.text() == "TD-000200"  # suggested
    # A scanned card that is already Hélène's: refused under Paul's line, nothing saved.
    field.selectAll()
    qtbot.keyClicks(field, "TD-000101")
    qtbot.keyClick(field, Qt.Key.Key_Return)  # the scanner's Enter: last line, so it saves
    runner.wait_idle()
    assert codes_dialog.isVisible()
    assert "Hélène Lefèvre" in codes_dialog.problem_text(paul)
    assert codes(world, "paul") == [None]
    codes_dialog.grab().save(f"{SHOTS}/badge-codes-duplicate.png")
    # Back to a suggested code; Enter saves.
    qtbot.mouseClick(codes_dialog.generate_button, Qt.MouseButton.LeftButton)
    runner.wait_idle()
    assert codes_dialog.problem_text(paul) == ""
    qtbot.keyClick(field, Qt.Key.Key_Return)
    runner.wait_idle()
    assert not codes_dialog.isVisible()
    assert codes(world, "paul") == ["TD-000200"]
    assert not dialog.codes_button.isVisible()
    assert dialog.chosen.item(1).text().endswith("TD-000200")
    dialog.save_to(tmp_path / "badges.pdf")
    assert runner.wait_idle()
    assert dialog.feedback.outcome() == "done"
    assert "Paul" not in dialog.feedback.text()  # nobody left out
    assert (tmp_path / "badges.pdf").read_bytes().startswith(b"%PDF")
    dialog.reject()


def test_escape_leaves_the_codes_as_they_were(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> None:
    dialog = open_badges(qtbot, runner, world, receptionist, "paul")
    qtbot.mouseClick(dialog.codes_button, Qt.MouseButton.LeftButton)
    codes_dialog = dialog.codes_dialog
    assert isinstance(codes_dialog, BadgeCodesDialog)
    runner.wait_idle()
    qtbot.keyClick(codes_dialog.fields[world.member("paul")], Qt.Key.Key_Escape)
    runner.wait_idle()
    assert not codes_dialog.isVisible()
    assert codes(world, "paul") == [None]
    dialog.reject()


def test_a_volunteer_is_told_who_has_no_code_but_cannot_give_one(
    qtbot: QtBot, runner: ServiceRunner, world: World
) -> None:
    volunteer = sign_in(world.store, "jeanne", "3456")
    dialog = open_badges(qtbot, runner, world, volunteer, "paul")
    assert dialog.missing_label.isVisible()
    assert not dialog.codes_button.isVisible()
    dialog.reject()
