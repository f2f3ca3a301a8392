"""The single background worker: one job at a time, in order, results on the GUI thread."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread
from pytestqt.qtbot import QtBot

from telecentre_desk.services.errors import NotFound, ServiceError
from telecentre_desk.ui.worker import ServiceRunner


def _is_gui_thread() -> bool:
    app = QCoreApplication.instance()
    assert app is not None
    return QThread.currentThread() == app.thread()


def test_jobs_run_on_the_worker_thread_and_results_come_back_on_the_gui_thread(
    qtbot: QtBot, runner: ServiceRunner
) -> None:
    seen: dict[str, object] = {}

    def job(value: int) -> int:
        seen["job_thread"] = threading.get_ident()
        return value * 2

    def done(result: int) -> None:
        seen["result"] = result
        seen["callback_on_gui_thread"] = _is_gui_thread()

    with qtbot.waitSignal(runner.idle):
        runner.submit(job, 21, on_done=done)
    assert seen["result"] == 42
    assert seen["job_thread"] != threading.get_ident()
    assert seen["callback_on_gui_thread"] is True


def test_jobs_run_one_at_a_time_in_submission_order(qtbot: QtBot, runner: ServiceRunner) -> None:
    started: list[int] = []
    delivered: list[int] = []
    running = 0
    overlap = False
    lock = threading.Lock()
    gate = threading.Event()

    def job(index: int) -> int:
        nonlocal running, overlap
        with lock:
            running += 1
            overlap = overlap or running > 1
        if index == 0:
            gate.wait(5)  # the first job holds the worker while the others queue up
        started.append(index)
        with lock:
            running -= 1
        return index

    for index in range(20):
        runner.submit(job, index, on_done=delivered.append)
    assert runner.pending() == 20
    gate.set()
    assert runner.wait_idle(5000)
    assert started == list(range(20))
    assert delivered == list(range(20))
    assert not overlap
    assert runner.pending() == 0


def test_a_service_refusal_goes_to_on_error(qtbot: QtBot, runner: ServiceRunner) -> None:
    errors: list[BaseException] = []

    def refuse() -> None:
        raise NotFound("No such member.")

    runner.submit(refuse, on_done=lambda _r: pytest.fail("on_done called"), on_error=errors.append)
    assert runner.wait_idle()
    assert len(errors) == 1 and isinstance(errors[0], NotFound)
    assert str(errors[0]) == "No such member."


def test_an_unexpected_error_is_logged_and_passed_to_on_error(
    qtbot: QtBot,
    runner: ServiceRunner,
    log_records: Callable[[str], list[logging.LogRecord]],
) -> None:
    errors: list[BaseException] = []

    def crash() -> None:
        raise ZeroDivisionError("boom")

    records = log_records("telecentre_desk.ui.worker")
    runner.submit(crash, on_error=errors.append)
    assert runner.wait_idle()
    assert isinstance(errors[0], ZeroDivisionError)
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in records)


def test_an_unexpected_error_without_handler_reaches_the_crash_handler(
    qtbot: QtBot, runner: ServiceRunner
) -> None:
    def crash() -> None:
        raise KeyError("lost")

    with qtbot.captureExceptions() as exceptions:
        runner.submit(crash)
        assert runner.wait_idle()
    assert [type(e[1]) for e in exceptions] == [KeyError]


def test_a_refusal_without_handler_is_announced_for_the_screens(
    qtbot: QtBot, runner: ServiceRunner
) -> None:
    def refuse() -> None:
        raise ServiceError("Ask a manager.")

    with qtbot.waitSignal(runner.service_error) as blocker:
        runner.submit(refuse)
    assert str(blocker.args[0]) == "Ask a manager."


def test_callbacks_of_deleted_widgets_are_skipped(qtbot: QtBot, runner: ServiceRunner) -> None:
    class Receiver(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.results: list[object] = []

        def take(self, result: object) -> None:
            self.results.append(result)

    gate = threading.Event()
    receiver = Receiver()
    runner.submit(gate.wait, 5, on_done=receiver.take)
    import shiboken6

    shiboken6.delete(receiver)
    gate.set()
    assert runner.wait_idle()  # no RuntimeError about a deleted C++ object


def test_shutdown_finishes_queued_jobs_then_refuses_new_ones(store: object, qapp: object) -> None:
    runner = ServiceRunner()
    done: list[int] = []
    gate = threading.Event()
    runner.submit(gate.wait, 5)
    for index in range(3):
        runner.submit(done.append, index)
    gate.set()
    runner.shutdown()
    assert done == [0, 1, 2]  # the single writer finished its queue before stopping
    assert not runner.worker_thread().isRunning()
    with pytest.raises(RuntimeError):
        runner.submit(done.append, 4)
    runner.shutdown()  # twice is harmless


def test_the_changes_a_job_reports_are_broadcast(qtbot: QtBot, runner: ServiceRunner) -> None:
    from dataclasses import dataclass

    from telecentre_desk.services.changes import ChangeSet, changed

    @dataclass(frozen=True)
    class Result:
        changes: ChangeSet

    received: list[ChangeSet] = []
    runner.changed.connect(received.append)
    with qtbot.waitSignal(runner.idle):
        runner.submit(lambda: Result(changed(desks=[3, None])))
        runner.submit(lambda: Result(ChangeSet()))  # nothing changed: nothing broadcast
        runner.submit(lambda: 42)
    assert received == [ChangeSet(desks=frozenset({3}))]


def _cycles(count: int) -> int:
    """Allocate ``count`` little reference cycles (garbage for the cycle collector)."""
    for _ in range(count):
        node: list[object] = []
        node.append(node)
    return count


def test_cyclic_garbage_is_collected_by_the_gui_thread_never_by_the_worker(
    qtbot: QtBot, runner: ServiceRunner
) -> None:
    collecting_threads: list[int] = []

    def note(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collecting_threads.append(threading.get_ident())

    gui = threading.get_ident()
    gc.callbacks.append(note)
    try:
        assert not gc.isenabled()  # while a worker lives, no automatic collection
        with qtbot.waitSignal(runner.idle):
            runner.submit(_cycles, 200_000)  # far past every threshold, on the worker
        qtbot.waitUntil(lambda: gui in collecting_threads)  # the GUI thread's timer
        assert set(collecting_threads) == {gui}
    finally:
        gc.callbacks.remove(note)


def test_the_automatic_collector_returns_when_the_last_worker_stops(qapp: object) -> None:
    was_enabled = gc.isenabled()
    first, second = ServiceRunner(), ServiceRunner()
    assert not gc.isenabled()
    first.shutdown()
    assert not gc.isenabled()  # the second still runs
    second.shutdown()
    assert gc.isenabled() == was_enabled
