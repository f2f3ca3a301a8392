"""The demo generator: a believable centre, deterministic, and never over a real one."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.identifiers import is_valid_siret
from telecentre_desk.domain.kinds import (
    DeskKind,
    Equipment,
    MemberCategory,
    OrganisationKind,
    RoomKind,
    VatMode,
)
from telecentre_desk.domain.roles import Role
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.auth import add_user, sign_in
from telecentre_desk.services.centre import (
    CentreProfile,
    FirstManager,
    create_centre,
    get_centre,
    needs_first_run,
)
from telecentre_desk.services.demo import (
    DEMO_ACCOUNTS,
    DemoAccount,
    DemoSummary,
    Scale,
    default_demo_dir,
    generate_demo,
)
from telecentre_desk.services.errors import SignInError, ValidationError
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.models import Centre, Desk, Floor, Member, Organisation, Room

EMAIL = re.compile(r"^[a-z0-9.-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.(example|com|net|org)$")
MOBILE = re.compile(r"^0[67]( \d\d){4}$")
BADGE = re.compile(r"^TD-\d{6}$")


@contextmanager
def reading(paths: DataPaths) -> Iterator[Session]:
    store = open_store(paths)
    try:
        with store.read() as session:
            yield session
    finally:
        store.close()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPaths, DemoSummary]:
    paths = prepare_data_dir(tmp_path_factory.mktemp("small"))
    return paths, generate_demo(paths, Scale.SMALL, seed=1)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPaths, DemoSummary]:
    paths = prepare_data_dir(tmp_path_factory.mktemp("large"))
    return paths, generate_demo(paths, Scale.LARGE, seed=1)


def _members(paths: DataPaths) -> list[Member]:
    with reading(paths) as session:
        return list(session.scalars(select(Member).order_by(Member.id)))


def _organisations(paths: DataPaths) -> list[Organisation]:
    with reading(paths) as session:
        return list(session.scalars(select(Organisation).order_by(Organisation.id)))


def _rooms(paths: DataPaths) -> dict[str, tuple[Room, list[Desk]]]:
    with reading(paths) as session:
        rooms = session.scalars(select(Room)).all()
        return {room.name: (room, list(room.desks)) for room in rooms}


# --- the small village centre ---------------------------------------------------------


def test_small_summary_matches_the_database(small: tuple[DataPaths, DemoSummary]) -> None:
    paths, summary = small
    with reading(paths) as session:
        counted = DemoSummary(
            centre_name=session.scalars(select(Centre.name)).one(),
            floors=session.scalar(select(func.count()).select_from(Floor)) or 0,
            rooms=session.scalar(select(func.count()).select_from(Room)) or 0,
            desks=session.scalar(select(func.count()).select_from(Desk)) or 0,
            members=session.scalar(select(func.count()).select_from(Member)) or 0,
            organisations=session.scalar(select(func.count()).select_from(Organisation)) or 0,
            accounts=DEMO_ACCOUNTS,
        )
    assert counted == summary
    assert summary.floors == 1
    assert summary.desks == 18
    assert 55 <= summary.members <= 65


def test_small_centre_profile_is_a_real_commune_of_the_77(
    small: tuple[DataPaths, DemoSummary],
) -> None:
    store = open_store(small[0])
    try:
        assert not needs_first_run(store)
        profile = get_centre(store)
    finally:
        store.close()
    assert (profile.postal_code, profile.city) == ("77540", "Rozay-en-Brie")
    assert profile.network_centre_code == "77-ROZ"
    assert profile.vat_mode is VatMode.FRANCHISE
    assert is_valid_siret(profile.siret)


def test_small_open_space_has_twelve_hot_desks_one_out_of_service(
    small: tuple[DataPaths, DemoSummary],
) -> None:
    room, desks = _rooms(small[0])["Open space"]
    assert room.kind is RoomKind.OPEN_SPACE
    assert [d.label for d in desks] == [f"A{n}" for n in range(1, 13)]
    assert {d.kind for d in desks} == {DeskKind.HOT_DESK}
    assert sum(d.out_of_service for d in desks) == 1


def test_small_offices_and_shared_rooms(small: tuple[DataPaths, DemoSummary]) -> None:
    rooms = _rooms(small[0])
    offices = {name: desks for name, (room, desks) in rooms.items() if room.kind is RoomKind.OFFICE}
    assert {name: len(desks) for name, desks in offices.items()} == {"Bureau 1": 2, "Bureau 2": 4}
    assert all(d.kind is DeskKind.OFFICE_SEAT for desks in offices.values() for d in desks)
    visio, visio_desks = rooms["Salle visio"]
    assert visio.kind is RoomKind.VISIO_ROOM and visio.capacity == 6 and not visio_desks
    assert Equipment.VISIO_SYSTEM.value in visio.equipment
    meeting, _ = rooms["Salle de réunion"]
    assert (meeting.kind, meeting.capacity) == (RoomKind.MEETING_ROOM, 10)
    assert set(meeting.equipment) == {Equipment.SCREEN.value, Equipment.WHITEBOARD.value}
    cafe, cafe_desks = rooms["Café"]
    assert cafe.kind is RoomKind.LOUNGE and cafe.capacity == 12 and not cafe_desks


def test_small_organisations_three_companies_and_an_administration(
    small: tuple[DataPaths, DemoSummary],
) -> None:
    organisations = _organisations(small[0])
    kinds = Counter(o.kind for o in organisations)
    assert kinds == {OrganisationKind.COMPANY: 3, OrganisationKind.ADMINISTRATION: 1}
    companies = [o for o in organisations if o.kind is OrganisationKind.COMPANY]
    assert sum(o.pays_for_members for o in companies) == 2
    assert all(o.vat_number.startswith("FR") and o.vat_number[4:] == o.siret[:9] for o in companies)
    assert all(o.billing_email.endswith(".example") for o in organisations)


def test_small_members_cover_every_category(small: tuple[DataPaths, DemoSummary]) -> None:
    paths = small[0]
    kinds = {o.id: o.kind for o in _organisations(paths)}
    members = _members(paths)
    categories = Counter(m.category for m in members)
    assert set(categories) == set(MemberCategory)
    for member in members:
        if member.category is MemberCategory.EMPLOYEE:
            assert member.organisation_id is not None
            assert kinds[member.organisation_id] is OrganisationKind.COMPANY
        elif member.category is MemberCategory.PUBLIC_AGENT:
            assert member.organisation_id is not None
            assert kinds[member.organisation_id] is OrganisationKind.ADMINISTRATION
        else:
            assert member.organisation_id is None
    employers = {m.organisation_id for m in members if m.organisation_id is not None}
    assert employers == set(kinds)  # each organisation has people here


def test_small_has_a_few_members_of_other_network_centres(
    small: tuple[DataPaths, DemoSummary],
) -> None:
    visitors = [m for m in _members(small[0]) if m.home_centre_code is not None]
    assert 3 <= len(visitors) <= 4
    for member in visitors:
        assert re.fullmatch(r"77-[A-Z]{3}", member.home_centre_code or "")
        assert member.home_centre_code != "77-ROZ"
        assert (member.network_member_id or "").startswith(member.home_centre_code or "?")


def test_contact_data_looks_real_but_reaches_nobody(small: tuple[DataPaths, DemoSummary]) -> None:
    members = _members(small[0])
    assert all(EMAIL.match(m.email) for m in members), [m.email for m in members]
    assert len({m.email for m in members}) == len(members)
    assert all(MOBILE.match(m.phone) for m in members)
    badges = [m.badge_code for m in members if m.badge_code is not None]
    assert all(BADGE.match(b) for b in badges) and len(set(badges)) == len(badges)
    assert all(re.fullmatch(r"77\d{3}", m.postal_code) for m in members)
    assert any(not m.first_name.isascii() for m in members)  # Hélène, Jérôme...
    assert sum(m.archived for m in members) >= 2


# --- the large centre -------------------------------------------------------------------


def test_large_scale(large: tuple[DataPaths, DemoSummary]) -> None:
    paths, summary = large
    assert (summary.floors, summary.rooms, summary.desks) == (3, 12, 150)
    assert (summary.members, summary.organisations) == (2000, 40)
    rooms = _rooms(paths)
    assert len(rooms) == 12
    assert sum(len(desks) for _, desks in rooms.values()) == 150
    kinds = Counter(room.kind for room, _ in rooms.values())
    assert kinds[RoomKind.VISIO_ROOM] == 2
    assert kinds[RoomKind.LOUNGE] == 1
    assert kinds[RoomKind.OPEN_SPACE] >= 2 and kinds[RoomKind.OFFICE] >= 2
    assert kinds[RoomKind.MEETING_ROOM] >= 1
    assert len(_members(paths)) == 2000
    organisations = _organisations(paths)
    assert len(organisations) == len({o.name for o in organisations}) == 40


def test_every_siret_passes_the_luhn_check(
    small: tuple[DataPaths, DemoSummary], large: tuple[DataPaths, DemoSummary]
) -> None:
    for paths, _ in (small, large):
        sirets = [o.siret for o in _organisations(paths)]
        assert all(is_valid_siret(s) for s in sirets), sirets
        assert len(set(sirets)) == len(sirets)


@pytest.mark.parametrize("scale", ["small", "large"])
def test_commute_data_only_with_consent(
    scale: str, small: tuple[DataPaths, DemoSummary], large: tuple[DataPaths, DemoSummary]
) -> None:
    members = _members((small if scale == "small" else large)[0])
    for member in members:
        if not member.consent_commute:
            assert member.commute_distance_km is None and member.commute_mode is None
        else:
            assert member.commute_distance_km is not None and member.commute_distance_km > 0
            assert member.commute_mode is not None
    share = sum(m.consent_commute for m in members) / len(members)
    assert 0.3 <= share <= 0.65


# --- accounts ---------------------------------------------------------------------------


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda a: a.login)
def test_demo_accounts_sign_in_with_their_pin(
    account: DemoAccount, small: tuple[DataPaths, DemoSummary]
) -> None:
    store = open_store(small[0])
    try:
        actor = sign_in(store, account.login, account.pin)
        assert (actor.login, actor.display_name, actor.role) == (
            account.login,
            account.display_name,
            account.role,
        )
        with pytest.raises(SignInError):
            sign_in(store, account.login, "0000")
    finally:
        store.close()


def test_demo_accounts_are_one_of_each_role() -> None:
    assert [a.role for a in DEMO_ACCOUNTS] == [Role.MANAGER, Role.RECEPTIONIST, Role.VOLUNTEER]
    assert "2468" not in repr(DEMO_ACCOUNTS[0])  # PINs stay out of logs


# --- determinism ------------------------------------------------------------------------


def _content(paths: DataPaths) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that matters, ids replaced by names; hashes and salts left out."""
    member_columns = [
        c for c in Member.__table__.columns if c.name not in {"id", "organisation_id"}
    ]
    org_columns = [c for c in Organisation.__table__.columns if c.name != "id"]
    desk_columns = [c for c in Desk.__table__.columns if c.name not in {"id", "room_id"}]
    with reading(paths) as session:
        return {
            "members": [
                tuple(row)
                for row in session.execute(
                    select(*member_columns, Organisation.name)
                    .outerjoin(Organisation, Member.organisation_id == Organisation.id)
                    .order_by(Member.id)
                )
            ],
            "organisations": [
                tuple(row) for row in session.execute(select(*org_columns).order_by("id"))
            ],
            "desks": [
                tuple(row)
                for row in session.execute(
                    select(*desk_columns, Room.name).join(Room).order_by(Desk.id)
                )
            ],
        }


def test_same_seed_gives_the_same_data(tmp_path: Path) -> None:
    first = prepare_data_dir(tmp_path / "first")
    second = prepare_data_dir(tmp_path / "second")
    generate_demo(first, Scale.SMALL, seed=7)
    generate_demo(second, Scale.SMALL, seed=7)
    one, two = _content(first), _content(second)
    assert len(one["members"]) == 60 and len(one["desks"]) == 18
    assert one == two


def test_another_seed_gives_other_members(
    tmp_path: Path, small: tuple[DataPaths, DemoSummary]
) -> None:
    other = prepare_data_dir(tmp_path / "other")
    generate_demo(other, Scale.SMALL, seed=2)
    seed_1, seed_2 = _content(small[0]), _content(other)
    assert seed_1["members"] != seed_2["members"]
    assert seed_1["desks"] == seed_2["desks"]  # the building does not move


# --- refusing to overwrite --------------------------------------------------------------


def _fingerprint(paths: DataPaths) -> dict[str, str]:
    return {
        str(p.relative_to(paths.root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths.root.rglob("*"))
        if p.is_file() and not p.name.endswith(("-wal", "-shm"))
    }


def test_refuses_to_generate_over_a_real_centre(data_paths: DataPaths) -> None:
    store = open_store(data_paths)
    create_centre(
        store,
        CentreProfile(name="Télécentre de Melun", postal_code="77000", city="Melun"),
        FirstManager(display_name="Anne Martin", login="anne", secret="97531"),
    )
    store.close()
    before = _fingerprint(data_paths)
    with pytest.raises(ValidationError) as refused:
        generate_demo(data_paths, Scale.SMALL)
    assert set(refused.value.problems) == {"data_dir"}
    assert "Télécentre de Melun" in refused.value.problems["data_dir"]
    assert _fingerprint(data_paths) == before
    with reading(data_paths) as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 0
    store = open_store(data_paths)
    try:
        assert get_centre(store).name == "Télécentre de Melun"
        assert sign_in(store, "anne", "97531").role is Role.MANAGER
    finally:
        store.close()


def test_refuses_a_second_demo_in_the_same_folder(data_paths: DataPaths) -> None:
    generate_demo(data_paths, Scale.SMALL, seed=1)
    members = _content(data_paths)["members"]
    with pytest.raises(ValidationError) as refused:
        generate_demo(data_paths, Scale.LARGE, seed=3)
    assert "data_dir" in refused.value.problems
    assert _content(data_paths)["members"] == members


def test_refuses_a_database_with_data_but_no_centre(data_paths: DataPaths) -> None:
    store = open_store(data_paths)
    with store.write() as session:
        add_user(session, "karim", "Karim B.", Role.RECEPTIONIST, "24680")
    store.close()
    with pytest.raises(ValidationError) as refused:
        generate_demo(data_paths)
    assert "data_dir" in refused.value.problems
    with reading(data_paths) as session:
        assert session.scalar(select(func.count()).select_from(Floor)) == 0


# --- helpers ----------------------------------------------------------------------------


def test_default_demo_dir_is_a_new_empty_temporary_folder() -> None:
    first, second = default_demo_dir(), default_demo_dir()
    try:
        assert first != second
        for folder in (first, second):
            assert folder.is_dir() and not any(folder.iterdir())
            assert folder.name.startswith("telecentre-desk-demo-")
    finally:
        first.rmdir()
        second.rmdir()
