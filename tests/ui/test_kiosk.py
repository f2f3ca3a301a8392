"""Kiosk mode: members check themselves in; only a manager's or receptionist's PIN leaves it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from presence_world import World, populate
from telecentre_desk.domain.kinds import PresenceSource
from telecentre_desk.domain.tariffs import TariffKind
from telecentre_desk.services import offers, presence
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.kiosk import KioskWindow, UnlockDialog
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.views.checkin import CheckInView
from telecentre_desk.ui.worker import ServiceRunner


@pytest.fixture
def world(centre_store: Store, manager: Actor) -> World:
    return populate(centre_store, manager)


@pytest.fixture
def kiosk_and_window(
    qtbot: QtBot, runner: ServiceRunner, world: World, receptionist: Actor
) -> tuple[KioskWindow, MainWindow]:
    window = MainWindow(runner, world.store, receptionist)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert runner.wait_idle()
    view = window.show_view("checkin")
    assert isinstance(view, CheckInView) and runner.wait_idle()
    qtbot.mouseClick(view.buttons["kiosk"], Qt.MouseButton.LeftButton)
    kiosk = view.kiosk
    assert kiosk is not None
    qtbot.addWidget(kiosk)
    qtbot.waitExposed(kiosk)
    yield kiosk, window
    if not kiosk.is_unlocked():  # let the fixture's teardown close it
        kiosk._unlocked = True


def _unlock_dialog(qtbot: QtBot, runner: ServiceRunner, kiosk: KioskWindow) -> UnlockDialog:
    def asking() -> bool:
        dialog = getattr(kiosk, "unlock_dialog", None)
        return isinstance(dialog, UnlockDialog) and shiboken6.isValid(dialog) and dialog.isVisible()

    qtbot.waitUntil(asking)
    dialog = kiosk.unlock_dialog
    assert runner.wait_idle()
    return dialog


def test_a_member_scans_in_and_is_greeted_with_their_carnet_balance(
    qtbot: QtBot,
    runner: ServiceRunner,
    world: World,
    kiosk_and_window: tuple[KioskWindow, MainWindow],
) -> None:
    kiosk, window = kiosk_and_window
    assert kiosk.isFullScreen() and not window.isVisible()
    offers.sell_carnet(
        world.store,
        world.manager,
        world.member("helene"),
        world.tariffs[TariffKind.CARNET],
        purchased_on=date.today() - timedelta(days=5),
    )
    qtbot.keyClicks(kiosk.field, "TD-000101")
    qtbot.keyClick(kiosk.field, Qt.Key.Key_Return)
    assert runner.wait_idle() and runner.wait_idle()
    (info,) = presence.present_now(world.store)
    assert (info.member_name, info.source) == ("Hélène Lefèvre", PresenceSource.KIOSK)
    assert "Hélène" in kiosk.welcome.text()
    assert "10" in kiosk.detail.text()  # half-days left on the carnet


def test_typing_a_name_shows_first_names_and_initials_only(
    qtbot: QtBot,
    runner: ServiceRunner,
    world: World,
    kiosk_and_window: tuple[KioskWindow, MainWindow],
) -> None:
    kiosk, _window = kiosk_and_window
    qtbot.keyClicks(kiosk.field, "ar")  # Marc, Martin, Bernard
    qtbot.waitUntil(kiosk.field.suggestions_visible)
    shown = [kiosk.field.suggestions.item(r).text() for r in range(kiosk.field.suggestions.count())]
    assert "Marc D." in shown and "Sofia M." in shown
    assert not any("Dubois" in text or "TD-" in text for text in shown)
    qtbot.keyClick(kiosk.field, Qt.Key.Key_Down)
    qtbot.keyClick(kiosk.field, Qt.Key.Key_Return)  # choosing checks in at once
    assert runner.wait_idle() and runner.wait_idle()
    assert len(presence.present_now(world.store)) == 1
    assert kiosk.welcome.text()


def test_an_unknown_badge_sends_to_the_desk(
    qtbot: QtBot,
    runner: ServiceRunner,
    world: World,
    kiosk_and_window: tuple[KioskWindow, MainWindow],
) -> None:
    kiosk, _window = kiosk_and_window
    qtbot.keyClicks(kiosk.field, "TD-777777")
    qtbot.keyClick(kiosk.field, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert kiosk.welcome.property("role") == "kioskProblem"
    assert presence.present_now(world.store) == []


def test_the_kiosk_cannot_be_left_without_a_staff_pin(
    qtbot: QtBot,
    runner: ServiceRunner,
    kiosk_and_window: tuple[KioskWindow, MainWindow],
) -> None:
    kiosk, window = kiosk_and_window
    kiosk.close()  # Alt+F4, the window's close button
    assert kiosk.isVisible() and not kiosk.is_unlocked()
    dialog = _unlock_dialog(qtbot, runner, kiosk)
    assert dialog.accounts.count() == 2  # the manager and the receptionist, no volunteer

    dialog.select_login("karim")
    qtbot.keyClicks(dialog.secret, "0000")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert dialog.message_text() and kiosk.isVisible() and not kiosk.is_unlocked()

    dialog.try_unlock("jeanne", "3456")  # a volunteer's right PIN
    assert runner.wait_idle()
    assert dialog.message_text() and kiosk.isVisible() and not kiosk.is_unlocked()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # "stay in kiosk mode"
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog))
    assert kiosk.isVisible() and not kiosk.is_unlocked()
    qtbot.keyClick(kiosk.field, Qt.Key.Key_Escape)  # asks again
    dialog = _unlock_dialog(qtbot, runner, kiosk)
    dialog.select_login("karim")
    qtbot.keyClicks(dialog.secret, "2345")
    qtbot.keyClick(dialog.secret, Qt.Key.Key_Return)
    assert runner.wait_idle()
    assert kiosk.is_unlocked() and not kiosk.isVisible()
    assert window.isVisible()


def test_the_staff_button_asks_for_the_pin_too(
    qtbot: QtBot,
    runner: ServiceRunner,
    kiosk_and_window: tuple[KioskWindow, MainWindow],
) -> None:
    kiosk, _window = kiosk_and_window
    qtbot.mouseClick(kiosk.staff_button, Qt.MouseButton.LeftButton)
    dialog = _unlock_dialog(qtbot, runner, kiosk)
    assert dialog.isVisible()
    dialog.try_unlock("marie", "1234")
    assert runner.wait_idle()
    assert kiosk.is_unlocked()
