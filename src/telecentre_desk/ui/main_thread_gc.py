"""Python's cycle collector, run by the GUI thread only while a background worker lives.

CPython collects cyclic garbage in whichever thread happens to cross the allocation
threshold. With a worker thread running the services (which allocate a lot), that is
often the worker: if the garbage holds Qt wrappers (a dialog kept alive by a lambda
connected to its own signal, a closed window), Qt objects are then destroyed from the
wrong thread, and the process crashes at random. So while a worker is alive the
automatic collector is off, and a timer on the GUI thread collects instead, following
the same thresholds (qutebrowser does the same for the same reason).
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QTimer

INTERVAL_MS = 250

_holders = 0
_timer: QTimer | None = None
_was_enabled = True


def acquire() -> None:
    """A worker starts: collect on the GUI thread from now on (call from the GUI thread)."""
    global _holders, _timer, _was_enabled
    _holders += 1
    if _holders > 1:
        return
    _was_enabled = gc.isenabled()
    gc.disable()
    _timer = QTimer()
    _timer.setInterval(INTERVAL_MS)
    _timer.timeout.connect(collect_due_generations)
    _timer.start()


def release() -> None:
    """A worker stopped: when none is left, the automatic collector comes back."""
    global _holders, _timer
    if _holders == 0:
        return
    _holders -= 1
    if _holders > 0:
        return
    if _timer is not None:
        _timer.stop()
        _timer.deleteLater()
        _timer = None
    collect_due_generations()
    if _was_enabled:
        gc.enable()


def is_active() -> bool:
    return _holders > 0


def collect_due_generations() -> None:
    """Collect the oldest generation whose count passed its threshold, as CPython would."""
    counts = gc.get_count()
    thresholds = gc.get_threshold()
    due = [
        generation
        for generation in range(3)
        if thresholds[generation] and counts[generation] > thresholds[generation]
    ]
    if due:
        gc.collect(due[-1])
