"""The format's specification stays true to the code, and its examples verify."""

from __future__ import annotations

import hashlib
import sys
from datetime import date
from pathlib import Path

from telecentre_desk.network.directory import read_directory
from telecentre_desk.network.passport import verify_passport
from telecentre_desk.network.reader import read_bundle
from telecentre_desk.network.signing import fingerprint, load_public_pem

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "docs" / "examples" / "network"
sys.path.insert(0, str(ROOT / "tools"))
import network_examples  # noqa: E402


def test_the_specs_tables_of_resources_match_the_schemas() -> None:
    assert network_examples.update_spec(check=True), "run python tools/network_examples.py"


def test_the_example_bundle_verifies_with_the_example_key() -> None:
    key = load_public_pem((EXAMPLES / "centre-77-ROZ.pem").read_bytes())
    bundle = read_bundle(
        (EXAMPLES / "77-roz-2026-03.telecentre-exchange.zip").read_bytes(), {"77-ROZ": key}
    )
    assert bundle.period.label == "2026-03" and bundle.format_version == "1.0"
    unpacked = (EXAMPLES / "77-roz-2026-03" / "datapackage.json").read_bytes()
    assert hashlib.sha256(unpacked).hexdigest() == bundle.manifest_sha256
    assert fingerprint(key) in (EXAMPLES / "fingerprints.txt").read_text(encoding="utf-8")


def test_the_example_passport_verifies_against_the_example_directory() -> None:
    coordinator = load_public_pem((EXAMPLES / "coordinator.pem").read_bytes())
    directory = read_directory((EXAMPLES / "directory.zip").read_bytes(), coordinator).directory
    text = (EXAMPLES / "passport-77-MEL.txt").read_text(encoding="utf-8")
    passport = verify_passport(text, directory, date(2026, 6, 1))
    assert (passport.home_centre, passport.member_id) == ("77-MEL", "77-MEL-7Q4XK2PD")
