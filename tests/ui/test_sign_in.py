"""Signing in at the desk: choose your name, type your PIN, press Enter."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from telecentre_desk.i18n import _
from telecentre_desk.services.store import Store
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.sign_in import SignInWidget

from .conftest import CENTRE_NAME, MANAGER, RECEPTIONIST

WRONG_PIN = _("Wrong PIN or password. Check it and try again.")


def _sign_in_screen(qtbot: QtBot, flow: DeskFlow) -> SignInWidget:
    qtbot.waitUntil(lambda: flow.sign_in is not None and flow.sign_in.accounts.count() > 0)
    assert flow.sign_in is not None
    return flow.sign_in


def test_wrong_pin_says_so_and_the_right_one_opens_the_desk(
    qtbot: QtBot, centre_store: Store, make_flow: Callable[..., DeskFlow]
) -> None:
    flow = make_flow()
    screen = _sign_in_screen(qtbot, flow)
    assert screen.title.text() == CENTRE_NAME
    assert screen.accounts.count() == 3
    assert screen.selected_login() == MANAGER[0]  # managers first

    qtbot.keyClicks(screen.secret, "9999")
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.message_text() != "")
    assert screen.message_text() == WRONG_PIN
    assert screen.secret.text() == ""
    assert screen.focusWidget() is screen.secret
    assert flow.main_window is None and flow.screen is screen

    with qtbot.waitSignal(flow.main_window_shown, timeout=10_000):
        qtbot.keyClicks(screen.secret, MANAGER[2])
        qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    window = flow.main_window
    assert window is not None and window.isVisible()
    assert MANAGER[1] in window.user_label.text()
    assert window.actor.role.label in window.user_label.text()


def test_arrows_choose_the_account_without_leaving_the_pin_field(
    qtbot: QtBot, centre_store: Store, make_flow: Callable[..., DeskFlow]
) -> None:
    flow = make_flow()
    screen = _sign_in_screen(qtbot, flow)
    qtbot.keyClick(screen.secret, Qt.Key.Key_Down)
    assert screen.selected_login() == RECEPTIONIST[0]
    with qtbot.waitSignal(screen.signed_in, timeout=10_000) as blocker:
        qtbot.keyClicks(screen.secret, RECEPTIONIST[2])
        qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    assert blocker.args[0].login == RECEPTIONIST[0]


def test_the_sign_in_button_asks_for_a_pin_first(
    qtbot: QtBot, centre_store: Store, make_flow: Callable[..., DeskFlow]
) -> None:
    flow = make_flow()
    screen = _sign_in_screen(qtbot, flow)
    assert screen.sign_in_button.isDefault()
    qtbot.mouseClick(screen.sign_in_button, Qt.MouseButton.LeftButton)
    assert screen.message_text() == _("Type your PIN or password, then press Enter.")
    assert flow.main_window is None


def test_signing_out_returns_to_the_sign_in_screen(
    qtbot: QtBot, centre_store: Store, make_flow: Callable[..., DeskFlow]
) -> None:
    flow = make_flow()
    screen = _sign_in_screen(qtbot, flow)
    with qtbot.waitSignal(flow.main_window_shown, timeout=10_000):
        qtbot.keyClicks(screen.secret, MANAGER[2])
        qtbot.keyClick(screen.secret, Qt.Key.Key_Return)
    window = flow.main_window
    assert window is not None
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)
    again = _sign_in_screen(qtbot, flow)
    assert again is not screen and again.isVisible()
    assert flow.main_window is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(window))  # closed and deleted
