"""Checking in and out through the services: the rules the front desk relies on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from telecentre_desk.paths import DataPaths
from telecentre_desk.services import presence
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.demo import DEMO_ACCOUNTS, generate_demo
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.storage.engine import Database
from telecentre_desk.storage.models import Desk, Member, Presence

PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    generate_demo(data_paths)
    opened = open_store(data_paths)
    yield opened
    opened.close()


@pytest.fixture
def volunteer(store: Store) -> Actor:
    account = DEMO_ACCOUNTS[2]
    return sign_in(store, account.login, account.pin)


def _member_ids(store: Store, count: int) -> list[int]:
    with store.read() as session:
        return list(
            session.scalars(
                select(Member.id).where(~Member.archived).order_by(Member.id).limit(count)
            )
        )


def _desk_id(store: Store, label: str) -> int:
    with store.read() as session:
        return session.scalars(select(Desk.id).where(Desk.label == label)).one()


def test_check_in_then_out(store: Store, volunteer: Actor) -> None:
    member = _member_ids(store, 1)[0]
    desk = _desk_id(store, "A1")
    arrived = presence.check_in(store, volunteer, member, desk_id=desk)
    assert arrived.presence.desk_label == "A1"
    assert arrived.changes.desks == {desk}
    assert [p.member_id for p in presence.present_now(store)] == [member]

    left = presence.check_out(store, volunteer, member)
    assert left.presence.ended_at is not None
    assert presence.present_now(store) == []
    with pytest.raises(NotFound):
        presence.check_out(store, volunteer, member)


def test_a_second_scan_does_not_open_a_second_presence(store: Store, volunteer: Actor) -> None:
    member = _member_ids(store, 1)[0]
    first = presence.check_in(store, volunteer, member)
    again = presence.check_in(store, volunteer, member)
    assert again.already_present
    assert again.presence.id == first.presence.id
    assert not again.changes


def test_two_pcs_checking_in_the_same_member_make_one_presence(
    store: Store, volunteer: Actor, data_paths: DataPaths
) -> None:
    member = _member_ids(store, 1)[0]
    other_pc = Database.open(data_paths.database)
    barrier = threading.Barrier(2)
    results: list[presence.PresenceResult] = []

    def scan(database: Store) -> None:
        barrier.wait()
        results.append(presence.check_in(database, volunteer, member))

    threads = [threading.Thread(target=scan, args=(db,)) for db in (store, other_pc)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    other_pc.close()
    assert len({r.presence.id for r in results}) == 1
    assert sorted(r.already_present for r in results) == [False, True]
    with store.read() as session:
        assert (
            session.scalar(
                select(func.count())
                .select_from(Presence)
                .where(Presence.member_id == member, Presence.ended_at.is_(None))
            )
            == 1
        )


def test_a_taken_or_broken_desk_is_refused_with_who_has_it(store: Store, volunteer: Actor) -> None:
    first, second = _member_ids(store, 2)
    desk = _desk_id(store, "A2")
    presence.check_in(store, volunteer, first, desk_id=desk)
    with pytest.raises(ValidationError, match="A2 est occupé par"):
        presence.check_in(store, volunteer, second, desk_id=desk)
    assert [p.member_id for p in presence.present_now(store)] == [first]
    with store.write() as session:
        session.get_one(Desk, _desk_id(store, "A3")).out_of_service = True
    with pytest.raises(ValidationError, match="hors service"):
        presence.check_in(store, volunteer, second, desk_id=_desk_id(store, "A3"))


def test_moving_to_another_desk_frees_the_first(store: Store, volunteer: Actor) -> None:
    member = _member_ids(store, 1)[0]
    a4, a5 = _desk_id(store, "A4"), _desk_id(store, "A5")
    presence.check_in(store, volunteer, member, desk_id=a4)
    moved = presence.move_to_desk(store, volunteer, member, a5)
    assert moved.presence.desk_id == a5
    assert moved.changes.desks == {a4, a5}


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime(2026, 10, 25), timedelta(hours=3)),  # clocks go back at 03:00
        (datetime(2026, 3, 29), timedelta(hours=1)),  # clocks go forward at 02:00
        (datetime(2026, 6, 15), timedelta(hours=2)),
    ],
)
def test_durations_are_real_elapsed_time_across_dst(
    store: Store, volunteer: Actor, day: datetime, expected: timedelta
) -> None:
    member = _member_ids(store, 1)[0]
    # 01:30 and 03:30 on the wall clock in Paris (fold=0: the first 01:30 on 25 October).
    start = day.replace(hour=1, minute=30, tzinfo=PARIS)
    end = day.replace(hour=3, minute=30, tzinfo=PARIS)
    presence.check_in(store, volunteer, member, at=start)
    left = presence.check_out(store, volunteer, member, at=end)
    assert left.presence.duration() == expected


def test_a_presence_across_midnight(store: Store, volunteer: Actor) -> None:
    member = _member_ids(store, 1)[0]
    presence.check_in(store, volunteer, member, at=datetime(2026, 11, 27, 22, 0, tzinfo=PARIS))
    left = presence.check_out(
        store, volunteer, member, at=datetime(2026, 11, 28, 1, 15, tzinfo=PARIS)
    )
    assert left.presence.duration() == timedelta(hours=3, minutes=15)


def test_a_check_out_before_the_check_in_is_refused(store: Store, volunteer: Actor) -> None:
    member = _member_ids(store, 1)[0]
    arrival = datetime(2026, 11, 28, 9, 0, tzinfo=PARIS)
    presence.check_in(store, volunteer, member, at=arrival)
    with pytest.raises(ValidationError, match="horloge"):
        presence.check_out(store, volunteer, member, at=arrival - timedelta(minutes=5))
    assert [p.member_id for p in presence.present_now(store)] == [member]
