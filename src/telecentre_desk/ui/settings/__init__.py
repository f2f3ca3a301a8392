"""Pages of the Settings view: each edits one part of the centre's set-up.

A page is a QWidget built with the SettingsView that holds it (``page.view.context()``
gives the runner, store and signed-in user) and refreshed with ``refresh()`` when it is
shown or the centre's figures reload. Pages are listed in ``ui/views/settings.py`` as
"module:Class" and imported when first shown, so start-up does not pay for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from telecentre_desk.ui.views.settings import SettingsView


class SettingsPage(QWidget):
    def __init__(self, view: SettingsView) -> None:
        super().__init__()
        self.view = view

    def refresh(self) -> None:
        """Reload what the page shows (called when shown and after F5)."""
