"""Render a view of the main window to a PNG, offscreen, for reviewers and the docs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from telecentre_desk.i18n import _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.store import Store
from telecentre_desk.ui.main_window import VIEW_NAMES, MainWindow, unknown_view_message
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.worker import ServiceRunner

DEFAULT_SIZE = (1440, 900)
TIMEOUT_MS = 30_000


def render_view(
    store: Store,
    runner: ServiceRunner,
    actor: Actor,
    view_name: str,
    out_path: Path,
    size: tuple[int, int] = DEFAULT_SIZE,
) -> Path:
    """Build the main window at ``size``, show ``view_name`` with its data, save a PNG.

    Needs a QApplication (the offscreen platform is enough). Returns ``out_path``.
    """
    if view_name not in VIEW_NAMES:
        raise ValueError(unknown_view_message(view_name))
    if QApplication.instance() is None:
        raise RuntimeError(_("Create the QApplication before rendering a view."))
    apply_theme()
    window = MainWindow(runner, store, actor)
    try:
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        window.resize(*size)
        view = window.show_view(view_name)  # ValueError if the role cannot see it
        window.show()
        if not runner.wait_idle(TIMEOUT_MS) or not view.is_settled():
            raise TimeoutError(
                _("The view “{name}” did not receive its data in time.").format(name=view_name)
            )
        QApplication.processEvents()
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out_path), "PNG"):
            raise OSError(_("Cannot write the image {path}.").format(path=out_path))
    finally:
        window.close()
        window.deleteLater()
    return out_path
