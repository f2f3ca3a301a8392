"""Which desk to offer: the free desks, and the member's usual one when it is free.

The usual desk is the member's fixed desk if they hold one, else the desk they
sat at most often in their last presences (the most recent wins a tie).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Desk, Presence, Room

RECENT_PRESENCES = 30
_NUMBER = re.compile(r"(\d+)")


@dataclass(frozen=True)
class DeskOption:
    id: int
    label: str
    room_name: str


@dataclass(frozen=True)
class DeskChoices:
    member_id: int | None
    current_desk_id: int | None  # where the member sits now, if here
    suggested: DeskOption | None
    free: tuple[DeskOption, ...]
    here: bool = False  # the member is checked in now


def desk_choices(store: Store, member_id: int | None = None) -> DeskChoices:
    """Free desks (for ``member_id``: including their own fixed desk), and the suggestion."""
    with store.read() as session:
        free = _free_desks(session, member_id)
        current = None
        suggested = None
        here = False
        if member_id is not None:
            open_row = session.execute(
                select(Presence.id, Presence.desk_id).where(
                    Presence.member_id == member_id, Presence.ended_at.is_(None)
                )
            ).first()
            here = open_row is not None
            current = open_row.desk_id if open_row is not None else None
            holder, recent = _history(session, member_id)
            suggested = _pick(holder, recent, {desk.id: desk for desk in free})
        return DeskChoices(member_id, current, suggested, tuple(free), here)


def all_desks(store: Store) -> list[DeskOption]:
    """Every desk in service, by room and label (for the paper sheet: any past desk)."""
    with store.read() as session:
        rows = session.execute(
            select(Desk.id, Desk.label, Room.name)
            .join(Room, Desk.room_id == Room.id)
            .where(~Desk.out_of_service)
        ).all()
    options = [DeskOption(desk_id, label, room) for desk_id, label, room in rows]
    return sorted(options, key=lambda option: (option.room_name, _natural(option.label)))


def desks_labelled(store: Store, label: str) -> list[DeskOption]:
    """Every desk with this label (case ignored): one, none, or one per room."""
    with store.read() as session:
        rows = session.execute(
            select(Desk.id, Desk.label, Room.name)
            .join(Room, Desk.room_id == Room.id)
            .where(func.lower(Desk.label) == label.strip().lower())
            .order_by(Room.name, Desk.id)
        ).all()
        return [DeskOption(desk_id, desk_label, room) for desk_id, desk_label, room in rows]


def usual_free_desk(store: Store, member_id: int) -> DeskOption | None:
    with store.read() as session:
        return suggest_desk(session, member_id)


def suggest_desk(session: Session, member_id: int) -> DeskOption | None:
    """The member's usual desk if it is free now (inside the caller's transaction)."""
    holder, recent = _history(session, member_id)
    candidates = ([holder] if holder is not None else []) + recent
    if not candidates:
        return None
    free = _free_desks(session, member_id, only=candidates)
    return _pick(holder, recent, {desk.id: desk for desk in free})


def _history(session: Session, member_id: int) -> tuple[int | None, list[int]]:
    """The member's fixed desk, and the desks of their last presences, newest first."""
    holder = session.scalar(
        select(Desk.id).where(Desk.holder_id == member_id).order_by(Desk.id).limit(1)
    )
    recent = session.scalars(
        select(Presence.desk_id)
        .where(Presence.member_id == member_id, Presence.desk_id.is_not(None))
        .order_by(Presence.started_at.desc())
        .limit(RECENT_PRESENCES)
    )
    return holder, [desk_id for desk_id in recent if desk_id is not None]


def _pick(holder: int | None, recent: list[int], free: dict[int, DeskOption]) -> DeskOption | None:
    if holder is not None and holder in free:
        return free[holder]
    counts = Counter(recent)  # insertion order is newest first: it wins a tie
    ranked = sorted(counts, key=lambda desk_id: -counts[desk_id])
    return next((free[desk_id] for desk_id in ranked if desk_id in free), None)


def _free_desks(
    session: Session, member_id: int | None, *, only: list[int] | None = None
) -> list[DeskOption]:
    occupied = select(Presence.desk_id).where(
        Presence.ended_at.is_(None), Presence.desk_id.is_not(None)
    )
    holder_ok = (
        Desk.holder_id.is_(None)
        if member_id is None
        else or_(Desk.holder_id.is_(None), Desk.holder_id == member_id)
    )
    statement = (
        select(Desk.id, Desk.label, Room.name)
        .join(Room, Desk.room_id == Room.id)
        .where(~Desk.out_of_service, Desk.id.not_in(occupied), holder_ok)
    )
    if only is not None:
        statement = statement.where(Desk.id.in_(only))
    rows = session.execute(statement).all()
    options = [DeskOption(desk_id, label, room) for desk_id, label, room in rows]
    return sorted(options, key=lambda option: (option.room_name, _natural(option.label)))


def _natural(label: str) -> list[object]:
    """ "A2" before "A10"."""
    return [int(part) if part.isdigit() else part for part in _NUMBER.split(label)]
