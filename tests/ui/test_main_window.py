"""The main window: what each role sees, keyboard navigation, views built on demand."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableWidget
from pytestqt.qtbot import QtBot

from telecentre_desk.domain.roles import Role
from telecentre_desk.i18n import _
from telecentre_desk.services.auth import create_user
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.ui.flow import DeskFlow
from telecentre_desk.ui.main_window import VIEW_NAMES, MainWindow
from telecentre_desk.ui.views.base import View
from telecentre_desk.ui.views.floorplan import FloorPlanView
from telecentre_desk.ui.views.settings import SettingsView
from telecentre_desk.ui.worker import ServiceRunner

from .conftest import CENTRE_NAME


def _window(qtbot: QtBot, runner: ServiceRunner, store: Store, actor: Actor) -> MainWindow:
    window = MainWindow(runner, store, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert runner.wait_idle()
    return window


def _navigation_labels(window: MainWindow) -> list[str]:
    return [window.navigation.item(row).text() for row in range(window.navigation.count())]


def test_a_volunteer_does_not_see_invoices_settings_or_network(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, volunteer: Actor
) -> None:
    window = _window(qtbot, runner, centre_store, volunteer)
    labels = _navigation_labels(window)
    assert _("Invoices") not in labels
    assert _("Settings") not in labels
    assert _("Network") not in labels
    assert _("Check-in") in labels
    assert window.available_views() == ["floorplan", "checkin", "schedule", "members"]


def test_a_manager_sees_every_view(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor
) -> None:
    window = _window(qtbot, runner, centre_store, manager)
    assert window.available_views() == list(VIEW_NAMES)
    assert len(_navigation_labels(window)) == 7


def test_ctrl_2_switches_to_check_in(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, receptionist: Actor
) -> None:
    window = _window(qtbot, runner, centre_store, receptionist)
    window.activateWindow()
    qtbot.waitActive(window)
    assert window.current_view().name == "floorplan"
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view().name == "checkin"
    assert window.navigation.currentItem().text() == _("Check-in")
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_view().name == "floorplan"


def test_views_are_built_on_first_display_only(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor
) -> None:
    window = _window(qtbot, runner, centre_store, manager)
    assert window.created_views() == ["floorplan"]
    assert len(window.findChildren(View)) == 1
    assert isinstance(window.current_view(), FloorPlanView)

    qtbot.mouseClick(
        window.navigation.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.navigation.visualItemRect(window.navigation.item(6)).center(),
    )
    assert window.created_views() == ["floorplan", "settings"]
    settings = window.current_view()
    assert isinstance(settings, SettingsView) and settings.has_data()


def test_the_status_bar_and_title_name_the_user_and_the_centre(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor
) -> None:
    window = _window(qtbot, runner, centre_store, manager)
    assert manager.display_name in window.user_label.text()
    assert window.centre_label.text() == CENTRE_NAME
    assert window.windowTitle() == _("Telecentre Desk — {centre}").format(centre=CENTRE_NAME)


def test_views_show_the_centres_real_figures_and_refresh(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, manager: Actor
) -> None:
    window = _window(qtbot, runner, centre_store, manager)
    floorplan = window.current_view()
    texts = [label.text() for label in floorplan.findChildren(QLabel)]
    assert _("No floor or room is recorded yet.") in texts

    settings = window.show_view("settings")
    (table,) = settings.findChildren(QTableWidget)
    assert table.rowCount() == 3
    create_user(centre_store, manager, "noe", "Noé Garnier", Role.VOLUNTEER, "4321")
    with qtbot.waitSignal(window.overview_loaded):
        qtbot.keyClick(window, Qt.Key.Key_F5)
    (table,) = settings.findChildren(QTableWidget)
    assert table.rowCount() == 4
    names = [table.item(row, 0).text() for row in range(4)]
    assert "Noé Garnier" in names


def test_the_demo_opens_straight_on_the_main_window(
    qtbot: QtBot, centre_store: Store, manager: Actor, make_flow: Callable[..., DeskFlow]
) -> None:
    flow = make_flow(manager)
    assert flow.main_window is not None and flow.main_window.isVisible()
    assert flow.wizard is None and flow.sign_in is None
