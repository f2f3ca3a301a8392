"""The single background worker: every service call of the interface runs here.

The GUI thread never touches the database. It submits ``fn(*args)`` to a
:class:`ServiceRunner`; the runner's one worker thread runs the jobs one at a
time, in the order they were submitted (it is the centre's single writer),
and the result or the exception comes back on the GUI thread through a queued
signal. Pass ids and plain data (the services return frozen dataclasses).
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QElapsedTimer,
    QEventLoop,
    QObject,
    QThread,
    QTimer,
    Signal,
    Slot,
)

from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.ui import main_thread_gc

log = logging.getLogger("telecentre_desk.ui.worker")

OnDone = Callable[[Any], object]
OnError = Callable[[BaseException], object]
SHUTDOWN_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class _Callbacks:
    on_done: OnDone | None
    on_error: OnError | None


class _Stop:
    """Queued after the last job by ``shutdown()``: the worker then leaves its event loop."""


class _Worker(QObject):
    """Lives in the runner's thread; runs one job per queued ``run`` call."""

    finished = Signal(int, bool, object)  # job id, succeeded, result or exception

    @Slot(int, object, object)
    def run(self, job_id: int, fn: object, args: object) -> None:
        if isinstance(fn, _Stop):
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()
            return
        assert callable(fn) and isinstance(args, tuple)
        try:
            result = fn(*args)
        except ServiceError as error:
            self.finished.emit(job_id, False, error)
        except Exception as error:
            log.exception("Background job %s failed", getattr(fn, "__qualname__", fn))
            self.finished.emit(job_id, False, error)
        else:
            self.finished.emit(job_id, True, result)


class ServiceRunner(QObject):
    """Runs service calls on one background thread, strictly one at a time (FIFO).

    ``on_done(result)`` / ``on_error(exception)`` are called on the GUI thread.
    A callback that is a bound method of a Qt object deleted in the meantime is
    skipped. Call :meth:`shutdown` before the application quits (it is also
    connected to ``QCoreApplication.aboutToQuit``).
    """

    idle = Signal()
    # The ChangeSet of a job whose result carries one: views refresh what it names.
    changed = Signal(object)
    # A ServiceError whose job had no on_error: the screens show it to the user.
    service_error = Signal(object)
    _request = Signal(int, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, _Callbacks] = {}
        self._closed = False
        main_thread_gc.acquire()  # the worker must never run Qt objects' destructors
        self._thread = QThread()
        self._thread.setObjectName("telecentre-desk-worker")
        self._worker = _Worker()
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._worker.finished.connect(self._deliver)
        self._thread.finished.connect(self._worker.deleteLater)
        self._thread.start()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> int:
        """Queue ``fn(*args)`` on the worker thread; return the job's id."""
        if self._closed:
            raise RuntimeError("ServiceRunner.submit() after shutdown()")
        job_id = next(self._ids)
        self._callbacks[job_id] = _Callbacks(on_done, on_error)
        self._request.emit(job_id, fn, args)
        return job_id

    @property
    def is_shut_down(self) -> bool:
        """True once shutdown() ran: timers left behind must not submit any more."""
        return self._closed

    def pending(self) -> int:
        """Jobs submitted whose result has not yet been delivered."""
        return len(self._callbacks)

    def worker_thread(self) -> QThread:
        """The worker thread (for tests and diagnostics)."""
        return self._thread

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Process events until every job is delivered; False if ``timeout_ms`` ran out."""
        clock = QElapsedTimer()
        clock.start()
        while self.pending():
            remaining = timeout_ms - clock.elapsed()
            if remaining <= 0:
                return False
            loop = QEventLoop()
            timer = QTimer()
            timer.setSingleShot(True)
            timer.timeout.connect(loop.quit)
            self.idle.connect(loop.quit)
            timer.start(int(remaining))
            loop.exec()
            timer.stop()
            self.idle.disconnect(loop.quit)
        # Let the widgets that received the results lay themselves out.
        QCoreApplication.processEvents()
        return True

    def shutdown(self) -> None:
        """Finish the queued jobs, stop the thread and wait for it. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._request.emit(0, _Stop(), ())
        if not self._thread.wait(SHUTDOWN_TIMEOUT_MS):
            log.error("The background worker did not stop within %s ms", SHUTDOWN_TIMEOUT_MS)
            self._thread.terminate()
            self._thread.wait()
        self._callbacks.clear()
        main_thread_gc.release()

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, succeeded: bool, payload: object) -> None:
        callbacks = self._callbacks.pop(job_id, None)
        if callbacks is None or self._closed:
            return
        try:
            if succeeded:
                if _alive(callbacks.on_done):
                    callbacks.on_done(payload)  # type: ignore[misc]
                changes = getattr(payload, "changes", None)
                if isinstance(changes, ChangeSet) and changes:
                    self.changed.emit(changes)
            else:
                assert isinstance(payload, BaseException)
                self._fail(payload, callbacks.on_error)
        finally:
            if not self._callbacks:
                self.idle.emit()

    def _fail(self, error: BaseException, on_error: OnError | None) -> None:
        if on_error is not None:
            if _alive(on_error):
                on_error(error)
        elif isinstance(error, ServiceError):
            log.info("Service refusal with no handler: %s", error)
            self.service_error.emit(error)
        else:
            sys.excepthook(type(error), error, error.__traceback__)


def _alive(callback: Callable[..., object] | None) -> bool:
    """False for None and for a bound method of a deleted Qt object."""
    if callback is None:
        return False
    owner = getattr(callback, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)
