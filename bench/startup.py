"""Start-up benchmark: Telecentre Desk on the large demo centre against a bare baseline.

    python bench/startup.py [--runs 7]

(a) process start to the main window shown and idle, signed in, on the ``large``
centre; (b) bench/bare_baseline.py: import QtWidgets and sqlalchemy.orm, open the
same SQLite file, count the members, show an empty QMainWindow. Both measured in
the same run, alternately, as whole processes; medians, ratio and peak RSS printed.
Targets (issue 2): ratio <= 1.5, peak RSS <= 250 MB.

Both sides run from bytecode, as an installed application does (pip compiles a wheel's
modules at install time; the frozen bundle holds them compiled): the package is compiled
with compileall first, because a machine with PYTHONDONTWRITEBYTECODE set (as some CI
and sandbox images are) would otherwise recompile the application's ~70 start-up modules
from source at every start while the baseline's libraries come compiled.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 1.5
TARGET_RSS_MB = 250


def timed_run(command: list[str], stdin: str = "") -> tuple[float, float]:
    """Seconds from spawning to the "ready" line, and the process's peak RSS in MB."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(stdin)
    process.stdin.close()
    line = process.stdout.readline()
    elapsed = time.perf_counter() - start
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if not line.startswith("ready") or process.returncode != 0:
        error = process.stderr.read() if process.stderr else ""
        raise SystemExit(f"{command[1:3]} failed ({process.returncode}): {line}{error}")
    return elapsed, usage.ru_maxrss / 1024  # Linux reports kilobytes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()

    spec = importlib.util.find_spec("telecentre_desk")
    assert spec is not None and spec.submodule_search_locations
    for location in spec.submodule_search_locations:
        compileall.compile_dir(location, quiet=1)
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "telecentre_desk", "demo", "--out", folder, "--scale", "large"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        print(f"large demo centre generated in {time.perf_counter() - started:.2f} s")
        app = [
            sys.executable,
            "-m",
            "telecentre_desk",
            "--data-dir",
            folder,
            "--user",
            "gerante",
            "--pin-stdin",
            "--no-crash-dialog",
            "--quit-when-ready",
        ]
        bare = [
            sys.executable,
            str(HERE / "bare_baseline.py"),
            str(Path(folder) / "centre.sqlite3"),
        ]
        timed_run(app, "2468\n")  # warm the file cache for both
        timed_run(bare)
        app_times, bare_times, app_rss, bare_rss = [], [], [], []
        for _ in range(options.runs):
            seconds, rss = timed_run(app, "2468\n")
            app_times.append(seconds)
            app_rss.append(rss)
            seconds, rss = timed_run(bare)
            bare_times.append(seconds)
            bare_rss.append(rss)

    app_median, bare_median = statistics.median(app_times), statistics.median(bare_times)
    ratio = app_median / bare_median
    peak = max(app_rss)
    print(f"runs: {options.runs} each, alternated")
    print(
        f"(a) Telecentre Desk, large centre, signed in: median {app_median:.3f} s "
        f"(min {min(app_times):.3f}, max {max(app_times):.3f}), peak RSS {peak:.0f} MB"
    )
    print(
        f"(b) bare PySide6 + SQLAlchemy baseline:      median {bare_median:.3f} s "
        f"(min {min(bare_times):.3f}, max {max(bare_times):.3f}), peak RSS {max(bare_rss):.0f} MB"
    )
    print(
        f"ratio a/b: {ratio:.2f} (target <= {TARGET_RATIO}); "
        f"peak RSS {peak:.0f} MB (target <= {TARGET_RSS_MB} MB)"
    )
    return 0 if ratio <= TARGET_RATIO and peak <= TARGET_RSS_MB else 1


if __name__ == "__main__":
    sys.exit(main())
