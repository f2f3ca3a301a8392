"""Finding members: accents and case ignored, badges first, and an index that stays current."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import insert

from members_world import Centre, new_centre
from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.member_index import index_for
from telecentre_desk.services.member_records import (
    archive_member,
    create_member,
    update_member,
)
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.members import MemberSort, search_directory, search_members
from telecentre_desk.services.organisations import (
    OrganisationDraft,
    get_organisation,
    update_organisation,
)
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.models import Member


@pytest.fixture
def centre(data_paths: DataPaths) -> Iterator[Centre]:
    world = new_centre(data_paths)
    organisation = world.paying_organisation("Mairie de Rozay-en-Brie")
    for draft in (
        MemberDraft(
            last_name="Lefèvre",
            first_name="Hélène",
            email="helene@example.fr",
            phone="06 12 34 56 78",
            badge_code="TD-000001",
        ),
        MemberDraft(
            last_name="Lefebvre",
            first_name="Paul",
            badge_code="TD-000002",
            category=MemberCategory.PUBLIC_AGENT,
            organisation_id=organisation,
        ),
        MemberDraft(last_name="Zoé", first_name="Albert", badge_code="XYZ"),
        MemberDraft(
            last_name="Écuyer",
            first_name="Anaïs",
            badge_code="TD-000010",
            home_centre_code="77-MEL",
            network_member_id="77-MEL-00042",
        ),
    ):
        create_member(world.store, world.manager, draft)
    yield world
    world.store.close()


def names(members: object) -> list[str]:
    return [m.display_name for m in members]  # type: ignore[attr-defined]


def test_accents_and_case_are_ignored(centre: Centre) -> None:
    assert names(search_members(centre.store, "helene")) == ["Hélène Lefèvre"]
    assert names(search_members(centre.store, "HÉLÈNE LEF")) == ["Hélène Lefèvre"]
    assert names(search_members(centre.store, "ecuy")) == ["Anaïs Écuyer"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mairie rozay", "Paul Lefebvre"),  # organisation
        ("helene@example", "Hélène Lefèvre"),  # e-mail
        ("0612345678", "Hélène Lefèvre"),  # phone without spaces
        ("+33612", "Hélène Lefèvre"),  # phone as typed from abroad
        ("td-000002", "Paul Lefebvre"),  # badge
        ("77-mel-00042", "Anaïs Écuyer"),  # network number
    ],
)
def test_every_field_can_be_searched(centre: Centre, query: str, expected: str) -> None:
    assert names(search_members(centre.store, query)) == [expected]


def test_by_last_name_with_an_exact_badge_first(centre: Centre) -> None:
    assert names(search_members(centre.store, "")) == [
        "Anaïs Écuyer",
        "Paul Lefebvre",
        "Hélène Lefèvre",
        "Albert Zoé",
    ]
    # "xyz" is Albert's badge: a scanner's input puts its member first.
    assert names(search_members(centre.store, "XYZ"))[0] == "Albert Zoé"
    assert len(search_members(centre.store, "", limit=2)) == 2


def test_the_directory_sorts_every_match_and_says_how_many(centre: Centre) -> None:
    page = search_directory(centre.store, "", sort=MemberSort.BADGE, descending=True, limit=2)
    assert page.total == 4
    assert [m.badge_code for m in page.rows] == ["XYZ", "TD-000010"]
    by_organisation = search_directory(centre.store, "", sort=MemberSort.ORGANISATION)
    assert by_organisation.rows[0].organisation == "Mairie de Rozay-en-Brie"


def test_the_index_follows_every_change(centre: Centre) -> None:
    store = centre.store
    search_members(store, "")  # built
    index = index_for(store)
    rebuilds = index.rebuilds
    created = create_member(store, centre.manager, MemberDraft(last_name="Nouveau")).member
    assert names(search_members(store, "nouveau")) == ["Nouveau"]
    update_member(store, centre.manager, created.id, replace(created.draft, last_name="Renommé"))
    assert search_members(store, "nouveau") == []
    assert names(search_members(store, "renomme")) == ["Renommé"]
    archive_member(store, centre.manager, created.id)
    assert search_members(store, "renomme") == []
    assert names(search_directory(store, "renomme", archived=True).rows) == ["Renommé"]
    assert index.rebuilds == rebuilds  # each change reloaded one member, not everything


def test_renaming_an_organisation_renames_it_for_its_members(centre: Centre) -> None:
    paul = search_members(centre.store, "paul")[0]
    assert paul.organisation_id is not None
    draft = get_organisation(centre.store, paul.organisation_id).draft
    update_organisation(
        centre.store, centre.manager, paul.organisation_id, replace(draft, name="Mairie de Rozay")
    )
    assert search_members(centre.store, "paul")[0].organisation == "Mairie de Rozay"
    assert names(search_members(centre.store, "mairie")) == ["Paul Lefebvre"]


def test_a_change_made_by_another_pc_is_seen(centre: Centre, data_paths: DataPaths) -> None:
    search_members(centre.store, "")
    other_pc = open_store(data_paths)
    try:
        create_member(other_pc, centre.manager, MemberDraft(last_name="Ailleurs"))
    finally:
        other_pc.close()
    assert names(search_members(centre.store, "ailleurs")) == ["Ailleurs"]


def test_rows_written_without_an_audit_event_are_seen_too(centre: Centre) -> None:
    search_members(centre.store, "")
    with centre.store.write() as session:  # as the demo generator does: a bulk insert
        session.execute(
            insert(Member),
            [{"first_name": "Sans", "last_name": "Trace", "category": MemberCategory.NOMAD}],
        )
    assert names(search_members(centre.store, "trace")) == ["Sans Trace"]


def test_organisation_draft_is_unchanged_by_search(centre: Centre) -> None:
    assert OrganisationDraft(name="x").pays_for_members is False
