"""Write the examples of docs/network-exchange-format.md from the demo centre, and the
spec's tables of resources from the code's own schemas.

    python tools/network_examples.py            writes docs/examples/network/ and the tables
    python tools/network_examples.py --check    fails if the spec's tables are out of date

The demo network's keys are derived from fixed seeds, so the example files are the
same at every run (they are demo keys: never use them for a real network). Nothing
touches the real keyring: an in-memory one is used.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from telecentre_desk.network import signing, strictzip  # noqa: E402
from telecentre_desk.network.passport import Passport, encode_passport  # noqa: E402
from telecentre_desk.network.schemas import RESOURCES, SUPPRESSION_THRESHOLD  # noqa: E402

SPEC = ROOT / "docs" / "network-exchange-format.md"
EXAMPLES = ROOT / "docs" / "examples" / "network"
BEGIN = "<!-- BEGIN GENERATED: resources (tools/network_examples.py) -->"
END = "<!-- END GENERATED: resources -->"
PERIOD = "2026-03"
CREATED = datetime(2026, 4, 2, 7, 30, tzinfo=UTC)


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


def resource_tables() -> str:
    """The Markdown tables of every resource and field, from network/schemas.py."""
    out: list[str] = []
    for spec in RESOURCES:
        out.append(f"### `{spec.path}` — {spec.title}\n")
        out.append(spec.description + "\n")
        if spec.filled_from:
            out.append(
                f"*Written with zero rows before version {spec.filled_from} of the "
                f"application, which fills it; the table is part of format 1.0 all the same.*\n"
            )
        key = ", ".join(f"`{name}`" for name in spec.primary_key) or "none"
        out.append(f"Primary key: {key}.\n")
        out.append("| column | type | required | constraints | meaning |")
        out.append("| --- | --- | --- | --- | --- |")
        for field in spec.fields:
            constraints = []
            if field.enum is not None:
                constraints.append(" / ".join(f"`{v}`" if v else "(empty)" for v in field.enum))
            if field.minimum is not None:
                constraints.append(f"≥ {field.minimum}")
            if field.pattern is not None:
                constraints.append(f"pattern `{field.pattern}`")
            if field.decimals is not None:
                constraints.append(f"{field.decimals} decimals")
            out.append(
                f"| `{field.name}` | {field.type} | {'yes' if field.required else 'no'} | "
                f"{'; '.join(constraints).replace('|', chr(92) + '|')} | {field.description} |"
            )
        out.append("")
    out.append(
        f"Counts of people from 1 to {SUPPRESSION_THRESHOLD - 1} are left empty "
        f"(suppression threshold {SUPPRESSION_THRESHOLD}).\n"
    )
    return "\n".join(out)


def update_spec(check: bool) -> bool:
    """Put the generated tables between the markers; True if the file was current."""
    text = SPEC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    updated = text[:start] + "\n\n" + resource_tables() + "\n" + text[end:]
    if updated == text:
        return True
    if not check:
        SPEC.write_text(updated, encoding="utf-8")
    return False


def write_examples() -> None:
    from telecentre_desk.paths import prepare_data_dir
    from telecentre_desk.services import network_directory, network_export, network_keys
    from telecentre_desk.services.auth import sign_in
    from telecentre_desk.services.demo import DEMO_ACCOUNTS, generate_demo
    from telecentre_desk.services.network_demo import (
        add_demo_presences,
        make_demo_network,
        seeded_key,
    )
    from telecentre_desk.services.network_vault import SERVICE_NAME, username
    from telecentre_desk.services.store import open_store

    keyring.set_keyring(_MemoryKeyring())
    own_key = seeded_key("demo/77-ROZ")
    keyring.set_password(SERVICE_NAME, username("network-signing-key", "77-ROZ"),
                         signing.b64(own_key))  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="network-examples-"))
    try:
        paths = prepare_data_dir(folder / "centre")
        generate_demo(paths, seed=1)
        store = open_store(paths)
        try:
            add_demo_presences(store, date(2026, 1, 1), date(2026, 6, 30), seed=1)
            manager = sign_in(store, DEMO_ACCOUNTS[0].login, DEMO_ACCOUNTS[0].pin)
            key = network_keys.ensure_centre_key(store, manager)
            network = make_demo_network(
                "77-ROZ", "Tiers-lieu La Grange numérique", "Rozay-en-Brie", "77393",
                own_key=own_key,
            )  # fmt: skip
            network_directory.import_directory(
                store, manager, network.directory_file, network.coordinator_fingerprint
            )
            network_keys.set_network_secret(store, manager, network.secret_text)
            shutil.rmtree(EXAMPLES, ignore_errors=True)
            EXAMPLES.mkdir(parents=True)
            from telecentre_desk.network.period import Period

            bundle = EXAMPLES / f"77-roz-{PERIOD}.telecentre-exchange.zip"
            network_export.export_period(store, manager, Period.parse(PERIOD), bundle, now=CREATED)
        finally:
            store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _unpack(bundle, EXAMPLES / f"77-roz-{PERIOD}")
    (EXAMPLES / "centre-77-ROZ.pem").write_bytes(key.pem)
    coordinator = signing.public_of(network.coordinator_key)
    (EXAMPLES / "coordinator.pem").write_bytes(signing.public_pem(coordinator))
    (EXAMPLES / "directory.zip").write_bytes(network.directory_file)
    _unpack(EXAMPLES / "directory.zip", EXAMPLES / "directory")
    passport = Passport("77-MEL", "77-MEL-7Q4XK2PD", date(2026, 1, 1), date(2026, 12, 31), 8,
                        "5A1E0C9D42B7")  # fmt: skip
    text = encode_passport(passport, network.centre_keys["77-MEL"])
    (EXAMPLES / "passport-77-MEL.txt").write_text(text + "\n", encoding="utf-8")
    (EXAMPLES / "fingerprints.txt").write_text(
        f"centre 77-ROZ: {key.fingerprint}\ncoordinator:   {signing.fingerprint(coordinator)}\n"
        f"network secret (demo only): {network.secret_text}\n",
        encoding="utf-8",
    )


def _unpack(archive: Path, target: Path) -> None:
    for name, body in strictzip.read(archive.read_bytes()).items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check the spec's tables")
    options = parser.parse_args()
    current = update_spec(options.check)
    if options.check:
        print(
            "the spec's resource tables are current" if current else "run tools/network_examples.py"
        )
        return 0 if current else 1
    write_examples()
    print(f"wrote {EXAMPLES.relative_to(ROOT)} and the tables of {SPEC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
