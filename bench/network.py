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
Targets (issue 7): (a) <= 2 s; (b) <= 5 ms. The coordinator's figure (import and
aggregate 100 centre-years) is not measured: coordinator mode is not built yet.
"""

from __future__ import annotations

import argparse
import csv
import io
import sqlite3
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
TARGET_EXPORT_S = 2.0
TARGET_PASSPORT_MS = 5.0


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    keyring.set_keyring(_MemoryKeyring())  # never the real keyring

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
        print("(c) coordinator import of 100 centre-years: not measured (coordinator mode is "
              "not built yet)")  # fmt: skip
        del key
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
