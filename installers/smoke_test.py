"""Smoke test of the frozen application built by telecentre-desk.spec.

    python installers/smoke_test.py dist/telecentre-desk/telecentre-desk

Runs the executable as a user would (version, demo centre, integrity check,
a screenshot, the GUI up to an idle main window) and fails on the first
problem. It catches what only a frozen build can miss: catalogues, fonts,
migration scripts or Qt plugins left out of the bundle.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path


def run(executable: Path, *args: str) -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [str(executable), *args], capture_output=True, text=True, env=env, timeout=180
    )
    if result.returncode != 0:
        raise SystemExit(f"FAILED {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"FAILED: {what}")
    print(f"ok: {what}")


def main() -> int:
    executable = Path(sys.argv[1]).resolve()
    with tempfile.TemporaryDirectory(prefix="frozen-smoke-") as folder:
        centre = Path(folder) / "centre"
        expect(run(executable, "--version").startswith("telecentre-desk "), "--version")
        out = run(executable, "demo", "--out", str(centre))
        expect("Centre de démonstration" in out, "demo centre created, French catalogue found")
        out = run(executable, "db", "check", "--data-dir", str(centre))
        expect("saine" in out, "db check: migrations bundled, database sound")
        image = Path(folder) / "floorplan.png"
        run(
            executable,
            "screenshot",
            "--view",
            "floorplan",
            "--out",
            str(image),
            "--data-dir",
            str(centre),
        )
        width, height = struct.unpack(">II", image.read_bytes()[16:24])
        expect((width, height) == (1440, 900), "screenshot rendered at 1440x900")
        out = run(executable, "--demo", "--no-crash-dialog", "--quit-when-ready")
        expect(out.startswith("ready "), "GUI reaches an idle main window")
    print("frozen application smoke test passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
