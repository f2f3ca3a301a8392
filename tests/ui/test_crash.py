"""The crash handler logs, tells the user the saved work is safe, and lets them go on."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QMessageLogContext, QTimer, QtMsgType
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from telecentre_desk.ui.crash import install_crash_handler, qt_message_handler


@pytest.fixture
def restore_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


def _raise_and_hand_over() -> None:
    try:
        raise RuntimeError("disk on fire")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())


def test_an_unhandled_exception_is_logged(
    restore_hooks: None,
    tmp_path: Path,
    log_records: Callable[[str], list[logging.LogRecord]],
) -> None:
    install_crash_handler(tmp_path / "desk.log", show_dialog=False)
    records = log_records("telecentre_desk.crash")
    _raise_and_hand_over()
    (record,) = records
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError


def test_the_dialog_says_the_work_is_safe_and_where_the_log_is(
    qtbot: QtBot,
    restore_hooks: None,
    tmp_path: Path,
    log_records: Callable[[str], list[logging.LogRecord]],
) -> None:
    log_file = tmp_path / "logs" / "desk.log"
    handler = install_crash_handler(log_file, show_dialog=True)
    shown: list[str] = []

    def close_dialog() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        shown.append(box.informativeText())
        box.accept()

    QTimer.singleShot(0, close_dialog)
    records = log_records("telecentre_desk.crash")
    _raise_and_hand_over()  # returns once the user closes the dialog: the app goes on
    assert len(shown) == 1
    assert str(log_file) in shown[0]
    assert handler.dialog().informativeText() == shown[0]
    assert [r.levelno for r in records] == [logging.CRITICAL]


def test_qt_messages_go_to_logging_at_the_matching_level(
    log_records: Callable[[str], list[logging.LogRecord]],
) -> None:
    records = log_records("telecentre_desk.qt")
    qt_message_handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "font not found")
    qt_message_handler(QtMsgType.QtCriticalMsg, QMessageLogContext(), "bad pixmap")
    qt_message_handler(QtMsgType.QtInfoMsg, QMessageLogContext(), "hello")
    levels = {r.getMessage().split(": ", 1)[1]: r.levelno for r in records}
    assert levels == {
        "font not found": logging.WARNING,
        "bad pixmap": logging.ERROR,
        "hello": logging.INFO,
    }
