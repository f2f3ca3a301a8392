"""Helpers for the invoicing tests: visits in a known month, reading drafts back.

Builds on presence_world (members, tariffs, an organisation that pays for Marc with
a contract price of 14 € a day) and booking_world (rooms with tariffs, guests).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from presence_world import World, new_centre, paris, populate
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services import presence
from telecentre_desk.services.context import Actor
from telecentre_desk.services.invoice_queries import InvoiceSummary, list_invoices
from telecentre_desk.services.store import Store, open_store

NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


Actors = tuple[Actor, Actor, Actor]


# -- fixtures: the centre is built once (PIN hashing is slow), then copied for each test -------
@pytest.fixture(scope="session", name="desk_template")
def desk_template_fixture(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, World, Actors]:
    paths = prepare_data_dir(tmp_path_factory.mktemp("billing-desk-world"))
    store = open_store(paths)
    try:
        actors = new_centre(store)
        world = populate(store, actors[0])
    finally:
        store.close()  # the last connection closing folds the WAL into the file
    return paths.database, world, actors


@pytest.fixture(name="store")
def store_fixture(
    desk_template: tuple[Path, World, Actors], data_paths: DataPaths
) -> Iterator[Store]:
    shutil.copyfile(desk_template[0], data_paths.database)
    opened = open_store(data_paths)
    yield opened
    opened.close()


@pytest.fixture(name="actors")
def actors_fixture(desk_template: tuple[Path, World, Actors]) -> Actors:
    """The manager, the receptionist and the volunteer."""
    return desk_template[2]


@pytest.fixture(name="desk")
def desk_fixture(desk_template: tuple[Path, World, Actors], store: Store) -> World:
    """The small check-in centre of presence_world, under "franchise en base"."""
    return replace(desk_template[1], store=store)


def visit(world: World, actor: Actor, key: str, start: datetime, hours: float) -> None:
    """``key`` checks in at ``start`` and out ``hours`` later."""
    member = world.member(key)
    presence.check_in(world.store, actor, member, at=start)
    presence.check_out(world.store, actor, member, at=start + timedelta(hours=hours))


def half_days(world: World, actor: Actor, key: str, *days: int) -> None:
    """A 3-hour morning (billed as a half-day) on each of ``days`` of November 2026."""
    for day in days:
        visit(world, actor, key, paris(2026, 11, day, 9), 3)


def drafts(store: Store) -> dict[str, InvoiceSummary]:
    """The drafts by customer name."""
    return {s.customer_name: s for s in list_invoices(store) if s.is_draft}


def mark_issued(store: Store, invoice_id: int, number: str = "F-2026-0001") -> None:
    """Freeze a draft as the issuing service would (its columns only: enough for the drafts'
    refusal, which is what these tests check)."""
    with store.write() as session:
        session.execute(
            text(
                "UPDATE invoice SET status = 'issued', number = :number, sequence = 1, "
                "issue_date = '2026-12-01', due_date = '2026-12-31', content_hash = :hash, "
                "net_total = 0, vat_total = 0, gross_total = 0 WHERE id = :id"
            ),
            {"number": number, "hash": "0" * 64, "id": invoice_id},
        )
