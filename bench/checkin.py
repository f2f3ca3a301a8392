"""Check-in benchmark on the large demo centre (2,000 members), against bare baselines.

    python bench/checkin.py [--count 120]

(a) the check-in service call alone (``check_in`` by member id, and ``scan`` of a
badge code), each one transaction with BEGIN IMMEDIATE, an audit row and a
commit under ``synchronous=FULL``; baseline: one INSERT + COMMIT with plain
sqlite3 in WAL/FULL on a file in the same folder (the fsync every commit pays).
(b) from Enter in the main window's check-in field (a badge code typed) to the
"who is here" list showing the member: the scan, the change set, the list's
reload, the model reset; baseline: a bare QTableView whose QStandardItemModel
is refilled with as many rows, in the same window size.
Targets (issue 4): (a) <= 3 ms median, (b) <= 30 ms median.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGET_SERVICE_MS = 3.0
TARGET_ENTER_MS = 30.0


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[int(len(ordered) * 0.9) - 1]
    return f"median {statistics.median(samples) * 1000:6.2f} ms   p90 {p90 * 1000:6.2f} ms"


class BareCommit:
    """One INSERT + COMMIT with plain sqlite3, WAL and synchronous=FULL, in the same folder."""

    def __init__(self, folder: Path) -> None:
        self.connection = sqlite3.connect(folder / "bare.sqlite3", isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, member INTEGER, at TEXT)")

    def __call__(self, member: int = 0) -> None:
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("INSERT INTO t (member, at) VALUES (?, datetime('now'))", (member,))
        self.connection.execute("COMMIT")


CPU: list[float] = []  # processor time of the last timed calls (no waiting for the disk)


def timed(calls: list[Callable[[], object]]) -> list[float]:
    samples = []
    for call in calls:
        cpu = time.process_time()
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
        CPU.append(time.process_time() - cpu)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=120)
    options = parser.parse_args()
    count = options.count

    from sqlalchemy import select

    from telecentre_desk.paths import prepare_data_dir
    from telecentre_desk.services import presence
    from telecentre_desk.services.auth import sign_in
    from telecentre_desk.services.demo import DEMO_ACCOUNTS, Scale, generate_demo
    from telecentre_desk.services.store import open_store
    from telecentre_desk.storage.models import Member

    with tempfile.TemporaryDirectory(prefix="bench-checkin-") as name:
        folder = Path(name)
        paths = prepare_data_dir(folder / "centre")
        started = time.perf_counter()
        generate_demo(paths, Scale.LARGE, seed=1)
        print(f"large demo generated in {time.perf_counter() - started:.1f} s")
        store = open_store(paths)
        account = DEMO_ACCOUNTS[1]
        actor = sign_in(store, account.login, account.pin)
        with store.read() as session:
            rows = session.execute(
                select(Member.id, Member.badge_code)
                .where(~Member.archived, Member.badge_code.is_not(None))
                .order_by(Member.id)
                .limit(3 * count)
            ).all()
        ids = [member_id for member_id, _code in rows[:count]]
        codes = [str(code) for _id, code in rows[count : 2 * count]]
        gui_codes = [str(code) for _id, code in rows[2 * count : 3 * count]]

        # (a) the service alone, and the bare commit it is made of, interleaved so that
        # the disk's mood (other processes' fsyncs) weighs on both alike.
        bare = BareCommit(folder)
        baseline: list[float] = []
        check_ins: list[float] = []
        scans: list[float] = []
        check_in_cpu: list[float] = []
        for member_id, code in zip(ids, codes, strict=True):
            baseline += timed([bare])
            check_ins += timed([lambda m=member_id: presence.check_in(store, actor, m)])
            check_in_cpu.append(CPU[-1])
            scans += timed([lambda c=code: presence.scan(store, actor, c)])
        presence.check_out_everyone(store, actor)
        print(f"\n(a) {count} check-ins, each one transaction with fsync (synchronous=FULL)")
        print(f"  bare INSERT + COMMIT (sqlite3, WAL/FULL) {_ms(baseline)}")
        print(f"  check_in(member id)                      {_ms(check_ins)}")
        print(f"  scan(badge code)                         {_ms(scans)}")
        print(f"  check_in, processor time only            {_ms(check_in_cpu)}")
        service = statistics.median(check_ins) * 1000
        ratio = service / (statistics.median(baseline) * 1000)
        verdict = "met" if service <= TARGET_SERVICE_MS else "NOT met"
        print(
            f"  check_in / bare commit: {ratio:.1f}x; target <= {TARGET_SERVICE_MS} ms: {verdict}"
        )

        enter, bare_ui = gui_round_trips(store, actor, gui_codes)
        store.close()
    print(f"\n(b) Enter in the check-in field -> the member shown in 'who is here' ({count})")
    print(f"  bare QTableView refill (same rows)       {_ms(bare_ui)}")
    print(f"  Enter -> list updated                    {_ms(enter)}")
    median = statistics.median(enter) * 1000
    print(f"  target <= {TARGET_ENTER_MS} ms: {'met' if median <= TARGET_ENTER_MS else 'NOT met'}")
    return 0


def gui_round_trips(
    store: object, actor: object, codes: list[str]
) -> tuple[list[float], list[float]]:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtGui import QStandardItem, QStandardItemModel
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QTableView

    from telecentre_desk.ui.main_window import MainWindow
    from telecentre_desk.ui.theme import apply_theme
    from telecentre_desk.ui.worker import ServiceRunner

    application = QApplication.instance() or QApplication(sys.argv[:1])
    apply_theme()
    runner = ServiceRunner()
    window = MainWindow(runner, store, actor)  # type: ignore[arg-type]
    window.resize(1440, 900)
    window.show()
    runner.wait_idle()
    view = window.show_view("checkin")
    runner.wait_idle()
    who = view.who  # type: ignore[attr-defined]
    bar = window.checkin_bar
    samples = []
    for code in codes:
        loop = QEventLoop()
        before = who.model.rowCount()

        def shown(rows: int, expected: int = before + 1, loop: QEventLoop = loop) -> None:
            if rows >= expected:
                loop.quit()

        who.loaded.connect(shown)
        guard = QTimer()
        guard.setSingleShot(True)
        guard.timeout.connect(loop.quit)
        bar.field.setText(code)  # a scanner's burst, then Enter
        start = time.perf_counter()
        QTest.keyClick(bar.field, Qt.Key.Key_Return)
        guard.start(5000)
        loop.exec()
        samples.append(time.perf_counter() - start)
        who.loaded.disconnect(shown)
        if who.model.rowCount() != before + 1:
            raise SystemExit(f"the list did not show {code}")
        runner.wait_idle()

    table = QTableView()
    model = QStandardItemModel(0, 6)
    table.setModel(model)
    table.resize(900, 600)
    table.show()
    bare = []
    for rows in range(1, len(codes) + 1):
        start = time.perf_counter()
        model.removeRows(0, model.rowCount())
        for row in range(rows):
            model.appendRow([QStandardItem(f"cell {row}.{column}") for column in range(6)])
        application.processEvents()
        bare.append(time.perf_counter() - start)
    table.close()
    window.close()
    runner.shutdown()
    return samples, bare


if __name__ == "__main__":
    raise SystemExit(main())
