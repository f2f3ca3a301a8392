"""Two PCs booking the same slot at the same moment: one gets it, the other the conflict.

Two real processes on one database file (as two front-desk PCs on a PostgreSQL-less
centre would be), released together by a barrier before each attempt. The conflict
check and the insert share one BEGIN IMMEDIATE transaction, so they are serialised.
"""

from __future__ import annotations

import multiprocessing
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from booking_world import (  # noqa: F401 (fixtures)
    World,
    next_weekday,
    paris,
    world_fixture,
    world_template_fixture,
)
from telecentre_desk.services.bookings import BookingConflict, BookingDraft, Organiser, book
from telecentre_desk.services.context import Actor
from telecentre_desk.storage.engine import Database
from telecentre_desk.storage.models import Booking

ROUNDS = 6


def _book_each_slot(
    database: str,
    actor: Actor,
    room: int,
    name: str,
    slots: list[tuple[datetime, datetime]],
    barrier: Any,
    results: Any,
) -> None:
    """One PC: for every slot, wait for the other PC, then both try to book it."""
    store = Database.open(Path(database))
    try:
        for start, end in slots:
            draft = BookingDraft(room, start, end, Organiser(name=name, phone="0612345678"))
            barrier.wait(timeout=60)
            try:
                book(store, actor, draft)
                results.put((start.isoformat(), name, "booked", ""))
            except BookingConflict as refused:
                results.put((start.isoformat(), name, "conflict", str(refused)))
    finally:
        store.close()


def test_two_processes_booking_the_same_slot_one_wins_the_other_is_told(
    world: World, data_paths: Any
) -> None:
    day = next_weekday(2)
    slots = [
        (paris(day, 9) + timedelta(hours=n), paris(day, 9, 30) + timedelta(hours=n))
        for n in range(ROUNDS)
    ]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    results = context.Queue()
    pcs = [
        context.Process(
            target=_book_each_slot,
            args=(str(data_paths.database), actor, world.visio, name, slots, barrier, results),
        )
        for actor, name in ((world.receptionist, "Poste accueil"), (world.volunteer, "Poste 2"))
    ]
    for pc in pcs:
        pc.start()
    outcomes = [results.get(timeout=120) for _ in range(2 * ROUNDS)]
    for pc in pcs:
        pc.join(timeout=60)
        assert pc.exitcode == 0
    for start, _end in slots:
        this_slot = [o for o in outcomes if o[0] == start.isoformat()]
        assert sorted(o[2] for o in this_slot) == ["booked", "conflict"], this_slot
        winner = next(o[1] for o in this_slot if o[2] == "booked")
        refusal = next(o[3] for o in this_slot if o[2] == "conflict")
        assert winner in refusal  # the loser is told who has the slot
    with world.store.read() as session:
        assert session.scalar(select(func.count()).select_from(Booking)) == ROUNDS
