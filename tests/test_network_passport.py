"""Network passports: issued by the home centre, checked offline by the visited one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from network_support import (
    NetworkSetup,
    copy_centre,
    directory_with_key,
    entries,
    fresh_keyring,
    join_demo_network,
    make_template,
    manager_of,
    volunteer_of,
)
from telecentre_desk.network import base45, signing
from telecentre_desk.network.passport import Passport, encode_passport, verify_passport
from telecentre_desk.network.period import Period
from telecentre_desk.network.pseudonyms import parse_secret, pseudonym
from telecentre_desk.network.reader import read_bundle
from telecentre_desk.services import network_directory, network_export, network_passport, presence
from telecentre_desk.services.errors import PermissionDenied
from telecentre_desk.services.network_demo import seeded_key
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import Member

TODAY = date(2026, 11, 16)
NOW = datetime(2026, 11, 16, 8, 45, tzinfo=UTC)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_template(tmp_path_factory.mktemp("passport-template"))


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Store]:
    handle = open_store(copy_centre(template, tmp_path / "centre"))
    with fresh_keyring():
        yield handle
    handle.close()


@pytest.fixture
def joined(store: Store) -> NetworkSetup:
    return join_demo_network(store, manager_of(store))


def visitor_passport(
    setup: NetworkSetup,
    *,
    centre: str = "77-MEL",
    member_id: str = "77-MEL-7Q4XK2PD",
    until: date = date(2026, 12, 31),
    serial: str = "A1B2C3D4E5F6",
    key: bytes | None = None,
) -> str:
    passport = Passport(centre, member_id, date(2026, 1, 1), until, 4, serial)
    return encode_passport(passport, key or setup.network.centre_keys.get(centre, b"\0" * 32))


def _refusal(store: Store, text: str) -> network_passport.PassportInvalid:
    with pytest.raises(network_passport.PassportInvalid) as caught:
        network_passport.check_passport(store, volunteer_of(store), text, today=TODAY)
    return caught.value


def _own_member(store: Store) -> int:
    with store.read() as session:
        return (
            session.scalars(
                select(Member.id)
                .where(~Member.archived, Member.home_centre_code.is_(None))
                .order_by(Member.id)
            ).first()
            or 0
        )


def test_a_visitors_passport_is_accepted_with_the_allowance_left(
    store: Store, joined: NetworkSetup
) -> None:
    check = network_passport.check_passport(
        store, volunteer_of(store), visitor_passport(joined), today=TODAY
    )
    assert check.passport.home_centre == "77-MEL" and check.passport.allowance_days == 4
    assert check.used_this_month == 0 and check.allowance_left == 4 and not check.own_member
    assert "Melun" in check.centre_name


def test_a_passport_with_one_changed_character_is_refused(
    store: Store, joined: NetworkSetup
) -> None:
    text = visitor_passport(joined)
    directory = network_directory.current_directory(store)
    assert directory is not None
    prefix = len("TDP1:")
    reasons = set()
    for position in range(prefix, len(text)):
        replacement = "0" if text[position] != "0" else "1"
        changed = text[:position] + replacement + text[position + 1 :]
        with pytest.raises(Exception) as caught:
            verify_passport(changed, directory, TODAY)
        reasons.add(getattr(caught.value, "reason", "?"))
    assert reasons <= {"damaged", "forged", "unknown_centre", "unknown_version"}
    assert "forged" in reasons
    assert _refusal(store, text[:-1] + ("A" if text[-1] != "A" else "B")).reason in {
        "damaged",
        "forged",
    }


def test_an_expired_passport_is_refused_with_its_date(store: Store, joined: NetworkSetup) -> None:
    refusal = _refusal(store, visitor_passport(joined, until=date(2026, 10, 31)))
    assert refusal.reason == "expired"
    assert "2026" in str(refusal)


def test_a_passport_from_a_centre_missing_in_the_directory_is_refused(
    store: Store, joined: NetworkSetup
) -> None:
    text = visitor_passport(joined, centre="77-XYZ", key=seeded_key("demo/77-XYZ"))
    refusal = _refusal(store, text)
    assert refusal.reason == "unknown_centre" and "77-XYZ" in str(refusal)


def test_a_forged_passport_is_refused(store: Store, joined: NetworkSetup) -> None:
    text = visitor_passport(joined, key=seeded_key("someone else"))
    assert _refusal(store, text).reason == "forged"


def test_a_revoked_passport_is_refused(store: Store, joined: NetworkSetup) -> None:
    revoked = directory_with_key(
        joined.network, "77-ROZ", joined.public_key, date(2026, 11, 1),
        revoked={"77-MEL": frozenset({"DEADBEEF0001"})},
    )  # fmt: skip
    network_directory.import_directory(store, manager_of(store), revoked)
    assert _refusal(store, visitor_passport(joined, serial="DEADBEEF0001")).reason == "revoked"
    assert network_passport.check_passport(
        store, volunteer_of(store), visitor_passport(joined), today=TODAY
    )


def test_garbage_from_a_scanner_is_refused_plainly(store: Store, joined: NetworkSetup) -> None:
    for text in ("TDP1:", "TDP1:!!!", "TDP1:" + base45.encode(b"x" * 80), "hello"):
        assert _refusal(store, text).reason == "damaged"


def test_without_a_directory_the_check_says_to_import_it(store: Store) -> None:
    with pytest.raises(network_passport.NoDirectory):
        network_passport.check_passport(store, volunteer_of(store), "TDP1:ABC", today=TODAY)


def test_checking_in_with_a_passport_makes_a_network_visit_that_is_exported(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    volunteer = volunteer_of(store)
    text = visitor_passport(joined)
    first = network_passport.check_in_with_passport(store, volunteer, text, now=NOW)
    assert first.member_created and not first.already_present
    assert first.presence.network_visitor
    assert first.check.used_this_month == 1 and first.check.allowance_left == 3
    assert first.changes.members and first.changes.presences

    again = network_passport.check_in_with_passport(
        store, volunteer, text, now=NOW + timedelta(hours=1)
    )
    assert again.already_present and not again.member_created
    presence.check_out(store, volunteer, first.presence.member_id, at=NOW + timedelta(hours=3))
    later = network_passport.check_in_with_passport(
        store, volunteer, text, now=NOW + timedelta(days=1)
    )
    assert not later.member_created and later.check.used_this_month == 2
    presence.check_out(store, volunteer, first.presence.member_id, at=later.presence.started_at
                       + timedelta(hours=6))  # fmt: skip
    with store.read() as session:
        created = session.scalar(
            select(func.count()).select_from(Member).where(Member.home_centre_code == "77-MEL",
                                                           Member.network_member_id
                                                           == "77-MEL-7Q4XK2PD")
        )  # fmt: skip
    assert created == 1

    path = tmp_path / "november.zip"
    network_export.export_period(store, manager_of(store), Period.parse("2026-11"), path)
    bundle = read_bundle(path.read_bytes(), {"77-ROZ": joined.public_key})
    expected = pseudonym(parse_secret(joined.network.secret_text), "77-MEL-7Q4XK2PD")
    visits = [row for row in bundle.tables["network_visits"] if row["pseudonym"] == expected]
    assert [(row["date"], row["duration_minutes"], row["tariff"]) for row in visits] == [
        (date(2026, 11, 16), 180, "half_day"),
        (date(2026, 11, 17), 360, "day"),
    ]
    assert b"7Q4XK2PD" not in b"".join(entries(path.read_bytes()).values())


def test_the_home_centre_issues_a_passport_that_verifies(
    store: Store, joined: NetworkSetup, tmp_path: Path
) -> None:
    member_id = _own_member(store)
    pdf = tmp_path / "passport.pdf"
    issued = network_passport.issue_passport_pdf(
        store, manager_of(store), member_id, pdf, valid_until=date(2027, 6, 30), allowance_days=6
    )
    assert pdf.read_bytes().startswith(b"%PDF")
    assert issued.text.startswith("TDP1:") and len(issued.text) < 400
    network_id = issued.passport.member_id
    assert network_id.startswith("77-ROZ-")
    directory = network_directory.current_directory(store)
    assert directory is not None
    verified = verify_passport(issued.text, directory, date(2027, 1, 10))
    assert (verified.member_id, verified.allowance_days) == (network_id, 6)
    again = network_passport.issue_passport(store, manager_of(store), member_id)
    assert again.passport.member_id == network_id  # the network number stays
    assert again.passport.serial != issued.passport.serial
    with store.read() as session:
        assert session.get_one(Member, member_id).network_member_id == network_id
    # Scanned at its own centre, it checks the member in (not as a visitor).
    own = network_passport.check_in_with_passport(store, volunteer_of(store), issued.text)
    assert own.check.own_member and own.presence.member_id == member_id
    assert not own.presence.network_visitor


def test_a_volunteer_checks_passports_but_does_not_issue_them(
    store: Store, joined: NetworkSetup
) -> None:
    with pytest.raises(PermissionDenied):
        network_passport.issue_passport(store, volunteer_of(store), _own_member(store))


def test_signing_keys_differ_between_bundles_and_passports(joined: NetworkSetup) -> None:
    """The domain prefix: a passport's signature never verifies as a plain payload's."""
    key = joined.network.centre_keys["77-MEL"]
    text = visitor_passport(joined)
    raw = base45.decode(text.removeprefix("TDP1:"))
    payload, signature = raw[:-64], raw[-64:]
    assert not signing.verify(signing.public_of(key), signature, payload)
