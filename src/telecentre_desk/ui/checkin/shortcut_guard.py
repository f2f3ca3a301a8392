"""Keep Ctrl+K (and F2) for the check-in field, even while typing in a text field.

On Linux, Qt's key schemes (X11, GNOME, KDE) bind Ctrl+K to "delete to the end of
the line" in text fields, and a text field claims such a key (the "shortcut
override") before any window shortcut sees it: Ctrl+K in the directory's search
field would delete text instead of focusing the check-in field. A shortcut context
(even ApplicationShortcut) does not change that, as the override comes first.

The guard filters the widgets that take the focus in its window, and declines the
override for the check-in keys only, so the window's action runs; every other key
is left alone. It filters those widgets rather than the whole application: a
Python filter on the application would be called for every event of every object,
including objects being destroyed by the garbage collector.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


class CheckInShortcutGuard(QObject):
    def __init__(self, window: QWidget, keys: Iterable[QKeySequence]) -> None:
        super().__init__(window)  # goes with the window (and its connection with it)
        self._keys = {key.toString() for key in keys if not key.isEmpty()}
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def _focus_changed(self, _old: QWidget | None, now: QWidget | None) -> None:
        window = self.parent()
        if isinstance(now, QWidget) and now is not window and now.window() is window:
            now.installEventFilter(self)  # once per widget: Qt does not add it twice

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and QKeySequence(event.keyCombination()).toString() in self._keys
        ):
            event.ignore()  # not the text field's: let the window's shortcut have it
            return True
        return False
