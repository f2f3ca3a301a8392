"""Writing and reading exchange bundles: the round trip, and every bad file refused by name."""

from __future__ import annotations

import builtins
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from network_support import CODE, entries, small_bundle, small_tables
from telecentre_desk.network import signing, strictzip
from telecentre_desk.network.bundle import WrittenBundle, assemble
from telecentre_desk.network.errors import BundleRefused
from telecentre_desk.network.reader import read_bundle
from telecentre_desk.network.schemas import RESOURCES

KEY = signing.new_private_key()
KEYS = {CODE: signing.public_of(KEY)}


@pytest.fixture(scope="module")
def bundle() -> WrittenBundle:
    return small_bundle(KEY)


def refusal(data: bytes, keys: dict[str, bytes] = KEYS, **limits: int) -> BundleRefused:
    with pytest.raises(BundleRefused) as caught:
        read_bundle(data, keys, strictzip.Limits(**limits)) if limits else read_bundle(data, keys)
    return caught.value


def craft(
    bundle: WrittenBundle,
    *,
    csv: dict[str, bytes] | None = None,
    edit: Callable[[dict[str, Any]], None] | None = None,
    extra: list[tuple[str, bytes]] | None = None,
    key: bytes = KEY,
    update_hashes: bool = True,
) -> bytes:
    """A bundle whose resources and manifest are changed, then signed again by ``key``."""
    resources = dict(bundle.resources)
    resources.update(csv or {})
    manifest = json.loads(bundle.manifest)
    for item in manifest["resources"]:
        body = resources.get(item["name"])
        if update_hashes and body is not None:
            item["bytes"] = len(body)
            item["hash"] = "sha256:" + hashlib.sha256(body).hexdigest()
    if edit:
        edit(manifest)
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
    written = assemble(manifest_bytes, resources, key)
    if not extra:
        return written.data
    files = list(entries(written.data).items()) + extra
    return strictzip.write(files)


def test_round_trip(bundle: WrittenBundle) -> None:
    parsed = read_bundle(bundle.data, KEYS)
    assert (parsed.centre_code, parsed.period.label, parsed.format_version) == (
        CODE,
        "2026-11",
        "1.0",
    )
    tables = small_tables()
    assert parsed.tables["centre"][0] == {**tables["centre"][0]}
    assert (
        parsed.tables["network_visits"][0]["amount_due"]
        == tables["network_visits"][0]["amount_due"]
    )
    assert [row["date"] for row in parsed.tables["occupancy"]] == [
        row["date"] for row in tables["occupancy"]
    ]
    assert parsed.tables["room_use"] == () and parsed.tables["revenue"] == ()
    assert parsed.manifest_sha256 == bundle.manifest_sha256


def test_standard_zip_tools_read_the_strict_profile(bundle: WrittenBundle) -> None:
    with zipfile.ZipFile(io.BytesIO(bundle.data)) as archive:
        assert archive.testzip() is None
        assert archive.namelist()[:2] == ["datapackage.json", "datapackage.json.sig"]
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in archive.infolist())


def test_the_same_data_gives_the_same_resource_bytes() -> None:
    first = small_bundle(KEY, created=datetime(2026, 12, 1, 8, 0, tzinfo=UTC))
    second = small_bundle(KEY, created=datetime(2027, 3, 9, 17, 45, tzinfo=UTC))
    assert first.resources == second.resources
    first_manifest, second_manifest = json.loads(first.manifest), json.loads(second.manifest)
    assert first_manifest["created"] != second_manifest["created"]
    first_manifest.pop("created"), second_manifest.pop("created")
    assert first_manifest == second_manifest


def test_every_flipped_byte_is_refused_and_nothing_is_written(
    bundle: WrittenBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_writing(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the reader opened a file: {args}")

    monkeypatch.setattr(builtins, "open", no_writing)
    monkeypatch.setattr(os, "open", no_writing)
    data = bundle.data
    accepted: list[tuple[int, int]] = []
    reasons: set[str] = set()
    for position in range(len(data)):
        for mask in (0xFF, 0x01):
            variant = bytearray(data)
            variant[position] ^= mask
            try:
                read_bundle(bytes(variant), KEYS)
            except BundleRefused as refused:
                reasons.add(refused.reason)
            else:
                accepted.append((position, mask))
    assert accepted == []
    assert "damaged_zip" in reasons


def test_a_truncated_bundle_is_refused(bundle: WrittenBundle) -> None:
    for cut in (0, 10, len(bundle.data) // 2, len(bundle.data) - 1):
        assert refusal(bundle.data[:cut]).reason in {"damaged_zip", "not_a_zip"}
    assert refusal(b"name;visits\n").reason == "not_a_zip"


def test_a_bundle_larger_than_the_limit_is_refused(bundle: WrittenBundle) -> None:
    assert refusal(bundle.data, total_bytes=1000).reason == "too_large"


def test_an_unsigned_bundle_is_refused(bundle: WrittenBundle) -> None:
    files = [(n, b) for n, b in entries(bundle.data).items() if n != "datapackage.json.sig"]
    assert refusal(strictzip.write(files)).reason == "unsigned"


def test_a_bundle_signed_by_another_key_is_refused(bundle: WrittenBundle) -> None:
    other = signing.new_private_key()
    assert refusal(craft(bundle, key=other)).reason == "bad_signature"


def test_a_bundle_of_a_centre_missing_from_the_directory_is_refused(
    bundle: WrittenBundle,
) -> None:
    found = refusal(bundle.data, keys={"77-MEL": KEYS[CODE]})
    assert found.reason == "unknown_centre"
    assert CODE in str(found)


def test_an_unknown_major_version_is_refused_naming_it(bundle: WrittenBundle) -> None:
    def version_2(manifest: dict[str, Any]) -> None:
        manifest["exchange"]["version"] = "2.0"

    found = refusal(craft(bundle, edit=version_2))
    assert found.reason == "unknown_major_version"
    assert "2.0" in str(found)


def test_a_later_minor_version_is_read_ignoring_what_it_adds(bundle: WrittenBundle) -> None:
    occupancy = bundle.resources["occupancy"].decode().splitlines()
    widened = [occupancy[0] + ",heating_kwh"] + [line + ",12.5" for line in occupancy[1:]]
    csv = {"occupancy": ("\r\n".join(widened) + "\r\n").encode(), "coffee": b"cups\r\n3\r\n"}

    def version_1_4(manifest: dict[str, Any]) -> None:
        manifest["exchange"]["version"] = "1.4"
        manifest["resources"].append(
            {"name": "coffee", "path": "data/coffee.csv", "bytes": 0, "hash": "sha256:", "rows": 1}
        )
        coffee = manifest["resources"][-1]
        coffee["bytes"] = len(csv["coffee"])
        coffee["hash"] = "sha256:" + hashlib.sha256(csv["coffee"]).hexdigest()

    parsed = read_bundle(craft(bundle, csv=csv, edit=version_1_4), KEYS)
    assert parsed.format_version == "1.4"
    assert parsed.ignored_resources == ("coffee",)
    assert "heating_kwh" not in parsed.tables["occupancy"][0]
    assert len(parsed.tables["occupancy"]) == 2


def test_a_missing_column_is_refused(bundle: WrittenBundle) -> None:
    lines = bundle.resources["network_visits"].decode().splitlines()
    without = [",".join(line.split(",")[:-1]) for line in lines]  # drops amount_due
    found = refusal(craft(bundle, csv={"network_visits": ("\r\n".join(without) + "\r\n").encode()}))
    assert found.reason == "missing_column"
    assert "amount_due" in str(found)


def test_extra_columns_are_ignored(bundle: WrittenBundle) -> None:
    lines = bundle.resources["network_visits"].decode().splitlines()
    wider = [lines[0] + ",note"] + [line + ",hello" for line in lines[1:]]
    data = craft(bundle, csv={"network_visits": ("\r\n".join(wider) + "\r\n").encode()})
    assert read_bundle(data, KEYS).tables["network_visits"][0]["duration_minutes"] == 125


def test_a_non_utf8_csv_is_refused(bundle: WrittenBundle) -> None:
    centre = bundle.resources["centre"].decode().encode("cp1252")  # "numérique" in Latin-1
    assert centre != bundle.resources["centre"]
    found = refusal(craft(bundle, csv={"centre": centre}))
    assert found.reason == "not_utf8"
    assert "data/centre.csv" in str(found)


def test_a_manifest_whose_hash_does_not_match_is_refused(bundle: WrittenBundle) -> None:
    altered = bundle.resources["occupancy"].replace(b"31.25", b"91.25")
    found = refusal(craft(bundle, csv={"occupancy": altered}, update_hashes=False))
    assert found.reason == "hash_mismatch"
    assert "data/occupancy.csv" in str(found)


def test_a_wrong_row_count_is_refused(bundle: WrittenBundle) -> None:
    def more_rows(manifest: dict[str, Any]) -> None:
        manifest["resources"][1]["rows"] = 40

    assert refusal(craft(bundle, edit=more_rows)).reason == "row_count_mismatch"


def test_rows_outside_the_period_or_twice_the_same_key_are_refused(
    bundle: WrittenBundle,
) -> None:
    december = bundle.resources["occupancy"].replace(b"2026-11-02", b"2026-12-02")
    found = refusal(craft(bundle, csv={"occupancy": december}))
    assert found.reason == "inconsistent"
    assert "2026-12-02" in str(found)
    twice = bundle.resources["occupancy"].replace(b"2026-11-01", b"2026-11-02")
    assert refusal(craft(bundle, csv={"occupancy": twice})).reason == "inconsistent"


def test_a_missing_resource_or_an_unlisted_file_is_refused(bundle: WrittenBundle) -> None:
    def drop_revenue(manifest: dict[str, Any]) -> None:
        manifest["resources"] = [r for r in manifest["resources"] if r["name"] != "revenue"]

    resources = dict(bundle.resources)
    resources.pop("revenue")
    manifest = json.loads(bundle.manifest)
    drop_revenue(manifest)
    dropped = assemble(json.dumps(manifest).encode(), resources, KEY).data
    found = refusal(dropped)
    assert found.reason == "missing_resource" and "revenue" in str(found)

    extra = craft(bundle, extra=[("data/notes.txt", b"hello")])
    assert refusal(extra).reason == "unexpected_file"


def _zip_with(name: str, body: bytes, compression: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr(name, body)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name", ["../x", "../../home/accueil/.bashrc", "/etc/passwd", "data/../../x", "data\\..\\x"]
)
def test_a_path_traversal_entry_is_refused(name: str) -> None:
    found = refusal(_zip_with(name, b"x"))
    assert found.reason == "unsafe_path"


def test_a_zip_bomb_is_refused_without_unpacking_it() -> None:
    bomb = _zip_with("data/occupancy.csv", bytes(30_000_000), zipfile.ZIP_DEFLATED)
    assert len(bomb) < 100_000
    found = refusal(bomb)
    assert found.reason == "zip_bomb"
    assert "30000000" in str(found)


def test_a_zip_made_by_another_tool_is_refused_with_a_reason() -> None:
    found = refusal(_zip_with("datapackage.json", b"{}", zipfile.ZIP_DEFLATED))
    assert found.reason in {"compressed_entry", "damaged_zip"}


def test_strict_zip_refuses_to_write_an_unsafe_name() -> None:
    with pytest.raises(BundleRefused):
        strictzip.write([("../evil", b"x")])


def test_the_manifest_lists_every_resource_with_schema_size_and_hash(
    bundle: WrittenBundle,
) -> None:
    manifest = json.loads(bundle.manifest)
    assert manifest["profile"] == "tabular-data-package"
    assert manifest["exchange"]["format"] == "telecentre-network-exchange"
    assert manifest["exchange"]["version"] == "1.0"
    assert manifest["exchange"]["signer_fingerprint"] == signing.fingerprint(KEYS[CODE])
    listed = {item["name"]: item for item in manifest["resources"]}
    assert list(listed) == [spec.name for spec in RESOURCES]
    for spec in RESOURCES:
        body = bundle.resources[spec.name]
        assert listed[spec.name]["path"] == spec.path
        assert listed[spec.name]["bytes"] == len(body)
        assert listed[spec.name]["hash"] == "sha256:" + hashlib.sha256(body).hexdigest()
        assert listed[spec.name]["rows"] == body.count(b"\r\n") - 1
        assert listed[spec.name]["schema"]["fields"][0]["name"] == spec.fields[0].name
