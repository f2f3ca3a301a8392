"""Ctrl+K focuses the check-in field from a text field of a view, even where (Linux key
schemes) text fields claim Ctrl+K for "delete to the end of the line"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.ui.main_window import MainWindow
from telecentre_desk.ui.views.members import MembersView
from telecentre_desk.ui.worker import ServiceRunner


class LinuxLineEdit(QLineEdit):
    """A text field as on X11, GNOME or KDE: it claims Ctrl+K to delete to the line's end
    (the offscreen test platform has no such key binding, so this one imitates it)."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_K
            and event.modifiers() == Qt.KeyboardModifier.ControlModifier
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_K and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.setText(self.text()[: self.cursorPosition()])
            return
        super().keyPressEvent(event)


def _members_view(
    qtbot: QtBot, runner: ServiceRunner, store: Store, actor: Actor
) -> tuple[MainWindow, MembersView]:
    window = MainWindow(runner, store, actor)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    view = window.show_view("members")
    assert isinstance(view, MembersView)
    assert runner.wait_idle()
    # Building the Members view leaves no window active on the offscreen platform: make
    # the main window the active one again, as it is on a desktop (window shortcuts need it).
    with qtbot.waitActive(window):
        window.activateWindow()
    return window, view


def test_ctrl_k_from_a_views_text_field_focuses_the_check_in_field(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, receptionist: Actor
) -> None:
    window, view = _members_view(qtbot, runner, centre_store, receptionist)
    field = LinuxLineEdit("Dupont")
    view.layout().addWidget(field)
    field.show()
    field.setFocus()
    field.setCursorPosition(0)
    assert QApplication.focusWidget() is field
    qtbot.keyClick(field, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is window.checkin_bar.field
    assert field.text() == "Dupont"  # nothing deleted
    # The directory's own search field, and F2, too.
    assert view.directory is not None
    view.directory.search_field.setFocus()
    qtbot.keyClick(view.directory.search_field, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is window.checkin_bar.field


def test_other_keys_stay_with_the_text_field(
    qtbot: QtBot, runner: ServiceRunner, centre_store: Store, receptionist: Actor
) -> None:
    _window, view = _members_view(qtbot, runner, centre_store, receptionist)
    field = LinuxLineEdit("")
    view.layout().addWidget(field)
    field.show()
    field.setFocus()
    qtbot.keyClicks(field, "abc")
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    assert field.selectedText() == "abc"
    assert QApplication.focusWidget() is field
