"""Organisations: SIRET, who pays, archiving, and what happens to their members' billing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from members_world import OTHER_SIRET, Centre, new_centre
from telecentre_desk.domain.kinds import MemberCategory, OrganisationKind
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.member_records import archive_member, create_member, get_member
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.organisations import (
    OrganisationDraft,
    archive_organisation,
    create_organisation,
    get_organisation,
    list_organisations,
    restore_organisation,
    update_organisation,
)
from telecentre_desk.storage.models import Organisation


@pytest.fixture
def centre(data_paths: DataPaths) -> Iterator[Centre]:
    world = new_centre(data_paths)
    yield world
    world.store.close()


def test_an_organisation_is_stored_with_its_siret_digits(centre: Centre) -> None:
    result = create_organisation(
        centre.store,
        centre.receptionist,
        OrganisationDraft(
            name="  Mairie de Voinsles ",
            kind=OrganisationKind.ADMINISTRATION,
            siret="847 319 522 00011",
            billing_email="Mairie@Voinsles.example",
            phone="01 99 00 77 54",
        ),
    )
    details = get_organisation(centre.store, result.organisation.id).draft
    assert details.name == "Mairie de Voinsles"
    assert details.siret == OTHER_SIRET
    assert details.billing_email == "mairie@voinsles.example"
    assert [o.name for o in list_organisations(centre.store, "voinsles")] == ["Mairie de Voinsles"]


def test_a_wrong_siret_and_a_payer_without_address_are_refused(centre: Centre) -> None:
    with pytest.raises(ValidationError) as refusal:
        create_organisation(
            centre.store,
            centre.manager,
            OrganisationDraft(
                name="Brie Conseil",
                siret="84731952200012",  # last digit off: Luhn fails
                billing_email="compta@",
                pays_for_members=True,
            ),
        )
    assert set(refusal.value.problems) == {"siret", "billing_email", "address_line"}
    assert centre.count(Organisation) == 0


def test_two_organisations_cannot_share_a_name(centre: Centre) -> None:
    centre.paying_organisation("Brie Conseil")
    with pytest.raises(ValidationError) as refusal:
        create_organisation(centre.store, centre.manager, OrganisationDraft(name="BRIE conseil"))
    assert "Brie Conseil" in refusal.value.problems["name"]


def test_when_it_stops_paying_its_members_are_billed_themselves(centre: Centre) -> None:
    organisation = centre.paying_organisation()
    member = create_member(
        centre.store,
        centre.manager,
        MemberDraft(
            last_name="Roux",
            category=MemberCategory.EMPLOYEE,
            organisation_id=organisation,
            billed_to_organisation=True,
        ),
    ).member
    draft = get_organisation(centre.store, organisation).draft
    result = update_organisation(
        centre.store, centre.manager, organisation, replace(draft, pays_for_members=False)
    )
    assert result.billing_cleared == 1
    assert member.id in result.changes.members
    assert not get_member(centre.store, member.id).draft.billed_to_organisation


def test_archiving_waits_for_its_active_members(centre: Centre) -> None:
    organisation = centre.paying_organisation()
    member = create_member(
        centre.store,
        centre.manager,
        MemberDraft(last_name="Roux", organisation_id=organisation),
    ).member
    with pytest.raises(ValidationError) as refusal:
        archive_organisation(centre.store, centre.manager, organisation)
    assert "1" in refusal.value.problems["organisation"]
    archive_member(centre.store, centre.manager, member.id)
    assert archive_organisation(centre.store, centre.manager, organisation).organisation.archived
    assert list_organisations(centre.store) == []
    assert [o.id for o in list_organisations(centre.store, archived=True)] == [organisation]
    # An archived organisation is not offered to new members...
    with pytest.raises(ValidationError) as chosen:
        create_member(
            centre.store,
            centre.manager,
            MemberDraft(last_name="Neuf", organisation_id=organisation),
        )
    assert "organisation_id" in chosen.value.problems
    restore_organisation(centre.store, centre.manager, organisation)
    assert [o.id for o in list_organisations(centre.store)] == [organisation]


def test_a_volunteer_does_not_manage_organisations(centre: Centre) -> None:
    with pytest.raises(PermissionDenied):
        create_organisation(centre.store, centre.volunteer, OrganisationDraft(name="X"))
    assert centre.count(Organisation) == 0
