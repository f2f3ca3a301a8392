"""Creating, editing, archiving members: validation, duplicates, billing, consent, roles."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from members_world import Centre, new_centre
from telecentre_desk.domain.kinds import CommuteMode, MemberCategory
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import presence
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.member_records import (
    PossibleDuplicate,
    archive_member,
    create_member,
    get_member,
    restore_member,
    update_member,
)
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.members import search_members
from telecentre_desk.storage.models import AuditEvent, Member

HELENE = MemberDraft(
    last_name="Lefèvre",
    first_name="Hélène",
    email="Helene.Lefevre@Example.fr",
    phone="+33 6 12 34 56 78",
    badge_code="td-000123",
)


@pytest.fixture
def centre(data_paths: DataPaths) -> Iterator[Centre]:
    world = new_centre(data_paths)
    yield world
    world.store.close()


def test_a_member_is_stored_in_the_normal_forms(centre: Centre) -> None:
    result = create_member(centre.store, centre.receptionist, HELENE)
    stored = get_member(centre.store, result.member.id).draft
    assert stored.phone == "06 12 34 56 78"
    assert stored.email == "helene.lefevre@example.fr"
    assert stored.badge_code == "TD-000123"
    assert result.changes.members == {result.member.id}
    assert "create_member" in centre.audit_actions()


def test_bad_fields_are_each_named_and_nothing_is_stored(centre: Centre) -> None:
    with pytest.raises(ValidationError) as refusal:
        create_member(
            centre.store,
            centre.manager,
            MemberDraft(
                last_name=" ",
                email="helene@exemple",
                phone="06 12 34",
                postal_code="775",
                badge_code="TD 12",
                home_centre_code="77-MEL",
            ),
        )
    assert set(refusal.value.problems) == {
        "last_name",
        "email",
        "phone",
        "postal_code",
        "badge_code",
        "network_member_id",
    }
    assert "06 12 34 56 78" in refusal.value.problems["phone"]
    assert centre.count() == 0


def test_a_badge_belongs_to_one_member_whatever_its_case(centre: Centre) -> None:
    create_member(centre.store, centre.manager, HELENE)
    with pytest.raises(ValidationError, match="Hélène Lefèvre"):
        create_member(
            centre.store, centre.manager, MemberDraft(last_name="Martin", badge_code="TD-000123")
        )
    assert centre.count() == 1


@pytest.mark.parametrize(
    "twin",
    [
        MemberDraft(last_name="LEFEVRE", first_name="helene"),
        MemberDraft(last_name="Durand", email="helene.lefevre@example.FR"),
        MemberDraft(last_name="Durand", phone="0612345678"),
    ],
    ids=["same name", "same e-mail", "same phone"],
)
def test_a_possible_duplicate_is_shown_and_may_be_confirmed(
    centre: Centre, twin: MemberDraft
) -> None:
    first = create_member(centre.store, centre.manager, HELENE).member
    with pytest.raises(PossibleDuplicate) as warning:
        create_member(centre.store, centre.manager, twin)
    assert [m.id for m in warning.value.matches] == [first.id]
    assert centre.count() == 1
    create_member(centre.store, centre.manager, twin, confirm_duplicate=True)
    assert centre.count() == 2


def test_billed_to_the_organisation_only_when_it_pays(centre: Centre) -> None:
    with pytest.raises(ValidationError) as no_organisation:
        create_member(
            centre.store,
            centre.manager,
            MemberDraft(last_name="Roux", billed_to_organisation=True),
        )
    assert "billed_to_organisation" in no_organisation.value.problems
    paying = centre.paying_organisation()
    member = create_member(
        centre.store,
        centre.manager,
        MemberDraft(
            last_name="Roux",
            category=MemberCategory.EMPLOYEE,
            organisation_id=paying,
            billed_to_organisation=True,
        ),
    ).member
    assert member.draft.billed_to_organisation
    assert member.organisation == "Logiciels de la Brie SAS"


def test_withdrawing_commute_consent_clears_the_commute(centre: Centre) -> None:
    with_consent = replace(
        HELENE,
        consent_commute=True,
        commute_distance_km=Decimal("12.34"),
        commute_mode=CommuteMode.CARPOOL,
    )
    member = create_member(centre.store, centre.manager, with_consent).member
    assert member.draft.commute_distance_km == Decimal("12.3")
    withdrawn = update_member(
        centre.store, centre.manager, member.id, replace(member.draft, consent_commute=False)
    ).member
    assert withdrawn.draft.commute_distance_km is None
    assert withdrawn.draft.commute_mode is None
    with centre.store.read() as session:
        row = session.get_one(Member, member.id)
        assert (row.commute_distance_km, row.commute_mode) == (None, None)


def test_an_edit_is_audited_with_what_changed(centre: Centre) -> None:
    member = create_member(centre.store, centre.manager, HELENE).member
    update_member(
        centre.store, centre.manager, member.id, replace(member.draft, city="Rozay-en-Brie")
    )
    with centre.store.read() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "update_member")
        ).one()
    assert event.changes == {"city": ["", "Rozay-en-Brie"]}


def test_a_network_visitor_needs_a_home_centre_other_than_ours(centre: Centre) -> None:
    with pytest.raises(ValidationError, match="77-ROZ"):
        create_member(
            centre.store,
            centre.manager,
            MemberDraft(last_name="Faure", home_centre_code="77-roz", network_member_id="123"),
        )
    visitor = create_member(
        centre.store,
        centre.manager,
        MemberDraft(last_name="Faure", home_centre_code="77-mel", network_member_id="77-MEL-1"),
    ).member
    assert visitor.network_visitor
    assert visitor.draft.home_centre_code == "77-MEL"
    assert search_members(centre.store, "faure")[0].network_visitor


def test_archive_and_restore(centre: Centre) -> None:
    member = create_member(centre.store, centre.manager, HELENE).member
    archived = archive_member(centre.store, centre.receptionist, member.id)
    assert archived.member.archived
    assert search_members(centre.store, "helene") == []
    restore_member(centre.store, centre.receptionist, member.id)
    assert [m.id for m in search_members(centre.store, "helene")] == [member.id]
    assert centre.audit_actions()[-2:] == ["archive_member", "restore_member"]


def test_a_member_who_is_here_is_not_archived(centre: Centre) -> None:
    member = create_member(centre.store, centre.manager, HELENE).member
    presence.check_in(centre.store, centre.volunteer, member.id)
    with pytest.raises(ValidationError) as refusal:
        archive_member(centre.store, centre.manager, member.id)
    assert "Hélène Lefèvre" in refusal.value.problems["member"]
    assert not get_member(centre.store, member.id).archived


def test_a_volunteer_searches_but_does_not_edit(centre: Centre) -> None:
    with pytest.raises(PermissionDenied):
        create_member(centre.store, centre.volunteer, HELENE)
    member = create_member(centre.store, centre.manager, HELENE).member
    with pytest.raises(PermissionDenied):
        archive_member(centre.store, centre.volunteer, member.id)
    assert search_members(centre.store, "lefevre")[0].id == member.id
