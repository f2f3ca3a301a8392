"""The last line of defence: log any unhandled exception, tell the user calmly, carry on.

Also routes Qt's own messages (warnings about widgets, fonts, platform plugins)
into Python logging, so they land in the same log file.
"""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QMessageLogContext, QThread, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QMessageBox

from telecentre_desk.i18n import _

log = logging.getLogger("telecentre_desk.crash")
qt_log = logging.getLogger("telecentre_desk.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


class CrashHandler:
    """The ``sys.excepthook`` installed by :func:`install_crash_handler`."""

    def __init__(self, log_file: Path, show_dialog: bool) -> None:
        self.log_file = log_file
        self.show_dialog = show_dialog
        self._showing = False

    def __call__(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        log.critical("Unhandled exception", exc_info=(kind, error, traceback))
        if self.show_dialog and not self._showing and _on_gui_thread():
            self._showing = True
            try:
                self.dialog().exec()
            finally:
                self._showing = False

    def dialog(self) -> QMessageBox:
        box = QMessageBox()
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(_("Telecentre Desk"))
        box.setText(_("Something went wrong."))
        box.setInformativeText(
            _(
                "The work saved so far is safe. You can go on working; if the problem comes "
                "back, restart Telecentre Desk and give this file to the person who helps "
                "you with the computer:\n{path}"
            ).format(path=self.log_file)
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.button(QMessageBox.StandardButton.Ok).setText(_("Continue"))
        return box


def install_crash_handler(log_file: Path, show_dialog: bool) -> CrashHandler:
    """Make ``sys.excepthook`` (and background threads' hook) log and, if asked, tell the user."""
    handler = CrashHandler(log_file, show_dialog)
    sys.excepthook = handler

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            log.critical(
                "Unhandled exception in thread %s",
                getattr(args.thread, "name", "?"),
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )

    threading.excepthook = thread_hook
    return handler


_OFFSCREEN_NOISE = "This plugin does not support propagateSizeHints"


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """Forward one Qt message to the ``telecentre_desk.qt`` logger at the matching level."""
    level = _QT_LEVELS.get(mode, logging.WARNING)
    if message.startswith(_OFFSCREEN_NOISE):
        level = logging.DEBUG  # the offscreen platform's harmless complaint, on every resize
    category = getattr(context, "category", None) or "default"
    qt_log.log(level, "%s: %s", category, message)


def route_qt_messages() -> object:
    """Send Qt's messages to logging; returns the handler that was installed before."""
    return qInstallMessageHandler(qt_message_handler)


def _on_gui_thread() -> bool:
    app = QApplication.instance()
    return isinstance(app, QApplication) and QThread.currentThread() == app.thread()
