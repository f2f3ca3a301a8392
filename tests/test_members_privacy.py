"""Personal data: the access-request export and anonymisation (manager only, audited)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from members_world import Centre, new_centre
from telecentre_desk.domain.kinds import CommuteMode
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import presence
from telecentre_desk.services.errors import PermissionDenied, ValidationError
from telecentre_desk.services.member_privacy import anonymise_member, export_member_data
from telecentre_desk.services.member_records import (
    create_member,
    get_member,
    restore_member,
    update_member,
)
from telecentre_desk.services.member_validation import MemberDraft
from telecentre_desk.services.members import search_directory, search_members
from telecentre_desk.storage.models import AuditEvent, Presence
from telecentre_desk.storage.types import utc_now

HELENE = MemberDraft(
    last_name="Lefèvre",
    first_name="Hélène",
    email="helene.lefevre@example.fr",
    phone="06 12 34 56 78",
    address_line="3 rue des Écoles",
    postal_code="77540",
    city="Rozay-en-Brie",
    badge_code="TD-000123",
    home_centre_code="77-MEL",
    network_member_id="77-MEL-00042",
    consent_contact=True,
    consent_commute=True,
    commute_distance_km=Decimal("12.5"),
    commute_mode=CommuteMode.CAR,
)
IDENTITY = (
    "Hélène",
    "Lefèvre",
    "helene.lefevre",
    "06 12 34 56 78",
    "rue des Écoles",
    "TD-000123",
    "77-MEL-00042",
)


@pytest.fixture
def centre(data_paths: DataPaths) -> Iterator[Centre]:
    world = new_centre(data_paths)
    yield world
    world.store.close()


@pytest.fixture
def helene(centre: Centre) -> int:
    """Hélène, with two past presences of 2 h and 3 h 30."""
    member_id = create_member(centre.store, centre.manager, HELENE).member.id
    start = utc_now() - timedelta(days=3)
    for hours in (2, 3.5):
        presence.check_in(centre.store, centre.volunteer, member_id, at=start)
        presence.check_out(
            centre.store, centre.volunteer, member_id, at=start + timedelta(hours=hours)
        )
        start += timedelta(days=1)
    return member_id


def test_the_export_holds_everything_about_the_member(
    centre: Centre, helene: int, tmp_path: Path
) -> None:
    export = export_member_data(centre.store, centre.manager, helene, tmp_path / "helene")
    data = json.loads(export.json_path.read_text(encoding="utf-8"))
    assert data["member"]["first_name"] == "Hélène"
    assert data["contact"]["phone"] == "06 12 34 56 78"
    assert data["consents"] == {
        "contact": True,
        "commute": True,
        "commute_distance_km": "12.5",
        "commute_mode": "car",
    }
    assert data["network"]["network_member_id"] == "77-MEL-00042"
    assert [p["duration_minutes"] for p in data["presences"]] == [120, 210]
    actions = [event["action"] for event in data["audit_events"]]
    assert actions[0] == "create_member"
    assert actions.count("check_in") == 2
    page = export.summary_path.read_text(encoding="utf-8")
    assert "Hélène" in page and "06 12 34 56 78" in page and "3 h 30" in page
    assert "export_member_data" in centre.audit_actions()


def test_only_a_manager_exports_or_anonymises(centre: Centre, helene: int, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        export_member_data(centre.store, centre.receptionist, helene, tmp_path / "out" / "x")
    with pytest.raises(PermissionDenied):
        anonymise_member(centre.store, centre.receptionist, helene)
    assert not (tmp_path / "out").exists()
    assert get_member(centre.store, helene).draft.first_name == "Hélène"


def test_anonymising_removes_the_person_and_keeps_the_presences(
    centre: Centre, helene: int
) -> None:
    result = anonymise_member(centre.store, centre.manager, helene)
    draft = result.member.draft
    assert result.member.archived
    assert draft.first_name == "" and str(helene) in draft.last_name
    assert (draft.email, draft.phone, draft.address_line, draft.badge_code) == ("", "", "", "")
    assert draft.network_member_id == "" and draft.commute_distance_km is None
    assert not draft.consent_contact and not draft.consent_commute
    assert search_members(centre.store, "helene") == []
    assert search_directory(centre.store, "lefevre", archived=True).total == 0
    # Presences stay, for the statistics (and pay-at-use billing).
    with centre.store.read() as session:
        kept = session.scalar(
            select(func.count()).select_from(Presence).where(Presence.member_id == helene)
        )
    assert kept == 2


def test_the_audit_trail_keeps_that_it_happened_not_who_it_was(centre: Centre, helene: int) -> None:
    anonymise_member(centre.store, centre.manager, helene)
    with centre.store.read() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.entity_id == str(helene))
        ).all()
        text = json.dumps([e.changes for e in events], ensure_ascii=False)
        assert "anonymise_member" in [e.action for e in events]
    for value in IDENTITY:
        assert value not in text


def test_an_anonymised_member_cannot_be_edited_restored_or_anonymised_again(
    centre: Centre, helene: int
) -> None:
    anonymise_member(centre.store, centre.manager, helene)
    for attempt in (
        lambda: update_member(centre.store, centre.manager, helene, HELENE),
        lambda: restore_member(centre.store, centre.manager, helene),
        lambda: anonymise_member(centre.store, centre.manager, helene),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert get_member(centre.store, helene).draft.first_name == ""


def test_a_member_who_is_here_is_checked_out_before_anonymising(
    centre: Centre, helene: int
) -> None:
    presence.check_in(centre.store, centre.volunteer, helene)
    with pytest.raises(ValidationError):
        anonymise_member(centre.store, centre.manager, helene)
    assert get_member(centre.store, helene).draft.first_name == "Hélène"
