"""Network exchange benchmark: export a year of the large demo centre, verify a passport.

    python bench/network.py [--runs 5]

(a) ``export_period`` of one year (2025) of the ``large`` centre (2,000 members,
150 desks), with a year of generated presences: gather, write the CSV resources,
sign, self-check, write the file, record the history. Its bare baseline, measured in
the same run: plain sqlite3 reading the same presence rows and writing them as one CSV
in a ZIP (what any export costs at least).
(b) verifying a passport: ``check_passport`` (directory read from the database, base45,
Ed25519, allowance count), and the pure ``verify_passport``; baseline: one bare
Ed25519 verification.
(c) coordinator mode: ``import_bundles`` of 100 generated centre-years (signed by
100 keys, written by the format's writer), then the dashboard of everything imported
and the clearing statement of the year. It runs in a child process of its own
(``--only coordinator``) so that its peak resident memory is its own; tracemalloc
gives the Python heap's peak in a second pass. Bare baseline: zipfile + csv +
sqlite3 ``executemany`` of the same CSV rows into one table per resource.
Targets (issue 7): (a) <= 2 s; (b) <= 5 ms; (c) <= 15 s and <= 300 MB.
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from datetime import date
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET_EXPORT_S = 2.0
TARGET_PASSPORT_MS = 5.0
TARGET_COORDINATOR_S = 15.0
TARGET_COORDINATOR_MB = 300.0
CENTRE_YEARS = 100


class _MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


def _median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:8.2f} ms"


def bare_export(database: Path, out: Path) -> None:
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute(
            "SELECT member_id, started_at, ended_at FROM presence "
            "WHERE ended_at IS NOT NULL AND started_at >= '2025-01-01' "
            "AND started_at < '2026-01-01' ORDER BY started_at"
        ).fetchall()
    finally:
        connection.close()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("presences.csv", buffer.getvalue())


def bare_import(files: list[Path], database: Path) -> int:
    """What any import costs at least: unzip, split the CSV, insert the rows."""
    connection = sqlite3.connect(database)
    rows = 0
    try:
        for path in files:
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    if not name.endswith(".csv"):
                        continue
                    table = name.removeprefix("data/").removesuffix(".csv")
                    reader = csv.reader(io.StringIO(archive.read(name).decode("utf-8")))
                    header = next(reader)
                    columns = ", ".join(f'"{c}"' for c in header)
                    connection.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({columns})')
                    marks = ", ".join("?" for _ in header)
                    batch = list(reader)
                    connection.executemany(f'INSERT INTO "{table}" VALUES ({marks})', batch)
                    rows += len(batch)
            connection.commit()
    finally:
        connection.close()
    return rows


def coordinator(folder: Path, *, traced: bool) -> dict[str, float]:
    """Generate 100 centre-years, then import and aggregate them (timed, or traced)."""
    from datetime import UTC, datetime

    from telecentre_desk.network import signing
    from telecentre_desk.network.bundle import BundleContents, write_bundle
    from telecentre_desk.network.period import Period
    from telecentre_desk.network.sample_tables import sample_tables
    from telecentre_desk.paths import prepare_data_dir
    from telecentre_desk.services.centre import CentreProfile, FirstManager, create_centre
    from telecentre_desk.services.network_clearing import clearing_statement
    from telecentre_desk.services.network_dashboard import network_dashboard
    from telecentre_desk.services.network_import import ImportStatus, import_bundles
    from telecentre_desk.services.store import open_store

    year = Period.parse("2025")
    codes = [f"BN-{number:03d}" for number in range(CENTRE_YEARS)]
    keys: dict[str, bytes] = {}
    files: list[Path] = []
    inbox = folder / "inbox"
    inbox.mkdir()
    created = datetime(2026, 1, 5, 9, tzinfo=UTC)
    for number, code in enumerate(codes):
        private = signing.new_private_key()
        keys[code] = signing.public_of(private)
        neighbours = [codes[(number + step) % len(codes)] for step in (1, 2, 3)]
        tables = sample_tables(code, f"Centre {number}", year, neighbours, seed="bench")
        path = inbox / f"{code.lower()}-2025.zip"
        path.write_bytes(write_bundle(BundleContents(code, year, created, "bench", tables),
                                      private).data)  # fmt: skip
        files.append(path)
    paths = prepare_data_dir(folder / "coordinator")
    store = open_store(paths)
    manager = create_centre(
        store,
        CentreProfile(name="Coordination du réseau", postal_code="77000", city="Melun"),
        FirstManager("Coordination", "coordination", "2468"),
    )
    if traced:
        tracemalloc.start()
    t0 = time.perf_counter()
    report = import_bundles(store, manager, files, extra_keys=keys)
    imported = time.perf_counter() - t0
    dashboard = network_dashboard(store, manager)
    statement = clearing_statement(store, manager, year)
    total = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    if traced:
        tracemalloc.stop()
    store.close()
    assert all(o.status is ImportStatus.IMPORTED for o in report.outcomes), report.outcomes[0]
    assert len(dashboard.centres) == CENTRE_YEARS and statement.balances
    t0 = time.perf_counter()
    bare_rows = bare_import(files, folder / "bare.sqlite")
    bare = time.perf_counter() - t0
    return {
        "import_s": imported,
        "total_s": total,
        "bare_s": bare,
        "bare_rows": bare_rows,
        "bytes": sum(p.stat().st_size for p in files),
        "traced_mb": peak / 1e6,
        "occupancy_rows": len(dashboard.occupancy),
        "visit_pairs": len(dashboard.visits),
    }


def run_coordinator(traced: bool) -> int:
    """The child process: one coordinator pass, its figures on stdout."""
    with tempfile.TemporaryDirectory(prefix="bench-coordinator-") as folder:
        figures = coordinator(Path(folder), traced=traced)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(" ".join(f"{k}={v}" for k, v in {**figures, "rss_mb": peak_kb / 1024}.items()))
    return 0


def measure_coordinator(runs: int) -> None:
    results: list[dict[str, float]] = []
    for run in range(runs + 1):
        traced = run == runs  # the last pass only measures the heap (tracemalloc is slow)
        child = subprocess.run(
            [sys.executable, __file__, "--child"] + (["--traced"] if traced else []),
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        line = child.stdout.strip().splitlines()[-1]
        results.append({k: float(v) for k, v in (part.split("=") for part in line.split())})
    timed, traced_run = results[:-1], results[-1]
    totals = [r["total_s"] for r in timed]
    median = statistics.median(totals)
    rss = max(r["rss_mb"] for r in timed)
    first = timed[0]
    print(
        f"(c) coordinator: import + dashboard + clearing of {CENTRE_YEARS} centre-years "
        f"({first['bytes'] / 1e6:.1f} MB of bundles): {median:.2f} s median "
        f"(min {min(totals):.2f}, max {max(totals):.2f}); import alone "
        f"{statistics.median(r['import_s'] for r in timed):.2f} s"
    )
    print(
        f"    bare zipfile + csv + sqlite3 of the same {int(first['bare_rows'])} rows: "
        f"{statistics.median(r['bare_s'] for r in timed):.2f} s median"
    )
    print(
        f"    peak RSS of the process {rss:.0f} MB; Python heap peak (tracemalloc) "
        f"{traced_run['traced_mb']:.0f} MB"
    )
    met = median <= TARGET_COORDINATOR_S and rss <= TARGET_COORDINATOR_MB
    print(
        f"    target <= {TARGET_COORDINATOR_S:.0f} s and <= {TARGET_COORDINATOR_MB:.0f} MB: "
        f"{'met' if met else 'MISSED'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["coordinator"], help="run one part only")
    parser.add_argument("--traced", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    keyring.set_keyring(_MemoryKeyring())  # never the real keyring
    if options.child:
        return run_coordinator(options.traced)
    if options.only == "coordinator":
        measure_coordinator(max(1, options.runs // 2))
        return 0

    from telecentre_desk.network import signing
    from telecentre_desk.network.passport import Passport, encode_passport, verify_passport
    from telecentre_desk.network.period import Period
    from telecentre_desk.paths import prepare_data_dir
    from telecentre_desk.services import network_directory, network_export, network_keys
    from telecentre_desk.services.auth import sign_in
    from telecentre_desk.services.demo import DEMO_ACCOUNTS, Scale, generate_demo
    from telecentre_desk.services.network_demo import add_demo_presences, make_demo_network
    from telecentre_desk.services.network_passport import check_passport
    from telecentre_desk.services.store import open_store

    with tempfile.TemporaryDirectory(prefix="bench-network-") as folder:
        started = time.perf_counter()
        paths = prepare_data_dir(Path(folder) / "centre")
        generate_demo(paths, Scale.LARGE)
        store = open_store(paths)
        count = add_demo_presences(store, date(2025, 1, 1), date(2025, 12, 31))
        manager = sign_in(store, DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].pin)
        key = network_keys.ensure_centre_key(store, manager)
        network = make_demo_network("77-ROZ", "La Grange", "Rozay-en-Brie", "77393")
        network_directory.import_directory(
            store, manager, network.directory_file, network.coordinator_fingerprint
        )
        network_keys.set_network_secret(store, manager, network.secret_text)
        print(
            f"large centre with {count} presences in 2025 ready in "
            f"{time.perf_counter() - started:.1f} s"
        )
        year = Period.parse("2025")
        exports, bares = [], []
        for run in range(options.runs):
            out = Path(folder) / f"export-{run}.zip"
            t0 = time.perf_counter()
            result = network_export.export_period(store, manager, year, out)
            exports.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            bare_export(paths.database, Path(folder) / f"bare-{run}.zip")
            bares.append(time.perf_counter() - t0)
        print(
            f"(a) export of 2025: {statistics.median(exports):.3f} s median "
            f"(min {min(exports):.3f}, max {max(exports):.3f}); rows {result.rows}; "
            f"{result.file_bytes} bytes"
        )
        print(f"    bare sqlite3 + csv + zip: {statistics.median(bares):.3f} s median")
        print(
            f"    target <= {TARGET_EXPORT_S} s: "
            f"{'met' if statistics.median(exports) <= TARGET_EXPORT_S else 'MISSED'}"
        )

        directory = network_directory.current_directory(store)
        assert directory is not None
        today = date.today()
        passport = Passport("77-MEL", "77-MEL-7Q4XK2PD", today.replace(day=1),
                            today.replace(year=today.year + 1), 8, "BENCH0001")  # fmt: skip
        text = encode_passport(passport, network.centre_keys["77-MEL"])
        payload = b"x" * 120
        signature = signing.sign(network.centre_keys["77-MEL"], payload)
        public = signing.public_of(network.centre_keys["77-MEL"])
        service, pure, bare = [], [], []
        for _ in range(300):
            t0 = time.perf_counter()
            check_passport(store, manager, text)
            service.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            verify_passport(text, directory, today)
            pure.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            signing.verify(public, signature, payload)
            bare.append(time.perf_counter() - t0)
        print(f"(b) check_passport (service, database read): {_median_ms(service)} median")
        print(f"    verify_passport (pure):                   {_median_ms(pure)} median")
        print(f"    bare Ed25519 verification:                {_median_ms(bare)} median")
        met = statistics.median(service) * 1000 <= TARGET_PASSPORT_MS
        print(f"    target <= {TARGET_PASSPORT_MS} ms: {'met' if met else 'MISSED'}")
        del key
        store.close()
    measure_coordinator(max(1, options.runs // 2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
