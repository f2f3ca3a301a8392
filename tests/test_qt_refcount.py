"""Canary: PySide6 6.12.0 on Python < 3.12 decrements None's refcount on void calls.

A few thousand such calls later the process aborts with "deallocating None".
pyproject.toml pins PySide6 below 6.12 for Python < 3.12; this test catches a
pin that stops holding.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel, QWidget


def test_qt_calls_returning_nothing_leave_none_refcount_unchanged(qtbot: object) -> None:
    widget = QWidget()
    label = QLabel(widget)
    before = sys.getrefcount(None)
    for index in range(1000):
        label.setText(str(index))  # returns None
        widget.setMinimumWidth(index % 7)  # returns None
    after = sys.getrefcount(None)
    # Other threads may hold or drop a few references meanwhile; a corrupting
    # binding drops one per call, i.e. about 2,000 here.
    assert abs(after - before) < 50
