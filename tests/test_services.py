"""The foundation's use cases, without any widget: first run, sign-in, roles, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from telecentre_desk.domain.identifiers import is_valid_siret, luhn_ok
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.domain.roles import Role
from telecentre_desk.paths import DataPaths
from telecentre_desk.services import auth, centre, overview
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import PermissionDenied, SignInError, ValidationError
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.models import AuditEvent, Centre, User

VALID_SIRET = "73282932000074"


@pytest.fixture
def store(data_paths: DataPaths) -> Store:
    opened = open_store(data_paths)
    yield opened
    opened.close()


@pytest.fixture
def manager(store: Store) -> Actor:
    return centre.create_centre(
        store,
        centre.CentreProfile(name="La Grange numérique", postal_code="77540", siret=VALID_SIRET),
        centre.FirstManager("Claire Rousseau", "claire", "2468"),
    )


def _count(store: Store, model: type) -> int:
    with store.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_first_run_creates_the_centre_and_its_manager(store: Store) -> None:
    assert centre.needs_first_run(store)
    actor = centre.create_centre(
        store,
        centre.CentreProfile(name="  La Grange  ", siret="732 829 320 00074"),
        centre.FirstManager("Claire", "claire", "2468"),
    )
    assert actor.role is Role.MANAGER
    assert not centre.needs_first_run(store)
    profile = centre.get_centre(store)
    assert profile.name == "La Grange"
    assert profile.siret == VALID_SIRET


def test_first_run_with_bad_fields_creates_nothing(store: Store) -> None:
    with pytest.raises(ValidationError) as refusal:
        centre.create_centre(
            store,
            centre.CentreProfile(
                name="", siret="12345678901234", postal_code="775", vat_mode=VatMode.LIABLE
            ),
            centre.FirstManager("", "Claire R", "12"),
        )
    assert set(refusal.value.problems) == {
        "name",
        "siret",
        "postal_code",
        "vat_number",
        "manager_display_name",
        "manager_login",
        "manager_secret",
    }
    assert "SIRET" in refusal.value.problems["siret"]
    assert _count(store, Centre) == 0
    assert _count(store, User) == 0


def test_a_second_centre_is_refused(store: Store, manager: Actor) -> None:
    with pytest.raises(ValidationError, match="déjà un centre"):
        centre.create_centre(
            store, centre.CentreProfile(name="Autre"), centre.FirstManager("X", "xavier", "9999")
        )
    assert _count(store, User) == 1


def test_secrets_are_stored_hashed(store: Store, manager: Actor) -> None:
    with store.read() as session:
        stored = session.scalars(select(User.secret_hash)).one()
    assert "2468" not in stored
    assert stored.startswith("scrypt$")


def test_sign_in_with_the_right_and_a_wrong_pin(store: Store, manager: Actor) -> None:
    assert auth.sign_in(store, "claire", "2468") == manager
    with pytest.raises(SignInError, match="incorrect"):
        auth.sign_in(store, "claire", "2469")
    with pytest.raises(SignInError, match="incorrect"):
        auth.sign_in(store, "nobody", "2468")
    with store.read() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        logged_ids = session.scalars(select(AuditEvent.entity_id)).all()
    assert actions[-3:] == ["sign_in", "sign_in_failed", "sign_in_failed"]
    assert "nobody" not in logged_ids  # an unknown login may be a mistyped secret


def test_too_many_wrong_pins_lock_the_account_for_a_while(
    store: Store, manager: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _attempt in range(auth.MAX_FAILURES):
        with pytest.raises(SignInError, match="incorrect"):
            auth.sign_in(store, "claire", "0000")
    with pytest.raises(SignInError, match="Trop de tentatives"):
        auth.sign_in(store, "claire", "2468")  # even the right PIN, for now
    later = auth.utc_now() + auth.LOCKOUT + timedelta(seconds=1)
    monkeypatch.setattr(auth, "utc_now", lambda: later)
    assert auth.sign_in(store, "claire", "2468") == manager


def test_only_a_manager_creates_accounts(store: Store, manager: Actor) -> None:
    volunteer_summary = auth.create_user(
        store, manager, "monique", "Monique", Role.VOLUNTEER, "1111"
    )
    volunteer = auth.sign_in(store, "monique", "1111")
    assert volunteer.user_id == volunteer_summary.id
    with pytest.raises(PermissionDenied, match="Bénévole"):
        auth.create_user(store, volunteer, "karim", "Karim", Role.MANAGER, "1357")
    assert [u.login for u in auth.users_for_sign_in(store)] == ["claire", "monique"]
    with store.read() as session:
        created = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "create_user")
        ).one()
    assert created.user_id == manager.user_id
    assert created.changes == {"login": "monique", "role": "volunteer"}


def test_a_taken_login_is_refused(store: Store, manager: Actor) -> None:
    with pytest.raises(ValidationError, match="déjà pris"):
        auth.create_user(store, manager, "claire", "Autre Claire", Role.RECEPTIONIST, "5555")


def test_overview_of_an_empty_centre(store: Store, manager: Actor) -> None:
    summary = overview.centre_overview(store)
    assert summary.centre.name == "La Grange numérique"
    assert summary.members == 0
    assert summary.floors == ()
    assert [u.login for u in summary.users] == ["claire"]


@given(st.text(alphabet="0123456789", min_size=13, max_size=13))
def test_any_13_digits_have_exactly_one_siret_check_digit(prefix: str) -> None:
    valid = [d for d in "0123456789" if is_valid_siret(prefix + d)]
    if prefix.startswith("356000000"):  # La Poste: its own rule
        return
    assert len(valid) == 1
    assert luhn_ok(prefix + valid[0])
