"""The few standard dialogs the directory asks (files, a confirmation), in one place.

Tests replace these functions: a file dialog or a question cannot be answered
by pytest-qt on the offscreen platform in a portable way.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from telecentre_desk.i18n import _


def ask_open_path(parent: QWidget, title: str, file_filter: str) -> Path | None:
    path, _chosen = QFileDialog.getOpenFileName(parent, title, str(Path.home()), file_filter)
    return Path(path) if path else None


def ask_save_path(parent: QWidget, title: str, suggested: str, file_filter: str) -> Path | None:
    path, _chosen = QFileDialog.getSaveFileName(
        parent, title, str(Path.home() / suggested), file_filter
    )
    return Path(path) if path else None


def confirm(parent: QWidget, title: str, text: str, action: str) -> bool:
    """Ask before something that cannot be undone; Cancel is the default answer."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(text)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go
