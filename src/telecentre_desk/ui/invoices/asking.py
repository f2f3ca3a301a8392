"""The questions the invoicing screens ask in modal dialogs, in one replaceable object.

Tests give the screens an Asker whose answers are set in advance (a subclass), so that a
flow runs without a modal dialog blocking it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from telecentre_desk.i18n import _


class Asker:
    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def confirm(self, title: str, text: str, yes: str | None = None) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=self.parent)
        accept = box.addButton(yes or _("Yes"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(accept)
        box.exec()
        return box.clickedButton() is accept

    def save_path(self, title: str, suggested: str, filters: str) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self.parent, title, str(Path.home() / suggested), filters
        )
        return Path(name) if name else None

    def folder(self, title: str) -> Path | None:
        name = QFileDialog.getExistingDirectory(self.parent, title, str(Path.home()))
        return Path(name) if name else None
