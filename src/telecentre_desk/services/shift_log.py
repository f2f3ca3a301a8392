"""The shift log: short hand-over notes from one person at the desk to the next.

"The heating of Bureau 2 is off, the plumber comes Thursday." The next person
sees the latest notes of the others right after signing in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import ShiftNote, User
from telecentre_desk.storage.types import utc_now

MAX_NOTE = 1000
HANDOVER_WINDOW = timedelta(days=7)
HANDOVER_NOTES = 5


@dataclass(frozen=True)
class ShiftNoteInfo:
    id: int
    author_id: int
    author_name: str
    written_at: datetime
    text: str


@dataclass(frozen=True)
class NoteResult:
    note: ShiftNoteInfo
    changes: ChangeSet


def write_note(store: Store, actor: Actor, text: str, *, at: datetime | None = None) -> NoteResult:
    require(actor, Permission.CHECK_IN)
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError({"text": _("Write something for the next person first.")})
    if len(cleaned) > MAX_NOTE:
        raise ValidationError(
            {
                "text": _(
                    "A hand-over note is short: {limit} characters at most (this one has "
                    "{count}). Keep the essentials."
                ).format(limit=MAX_NOTE, count=len(cleaned))
            }
        )
    with store.write() as session:
        note = ShiftNote(author_id=actor.user_id, text=cleaned, written_at=at or utc_now())
        session.add(note)
        session.flush()
        audit.record(session, actor, "write_note", "shift_note", note.id)
        return NoteResult(
            ShiftNoteInfo(note.id, actor.user_id, actor.display_name, note.written_at, cleaned),
            ChangeSet(),
        )


def latest_notes(store: Store, limit: int = 20) -> list[ShiftNoteInfo]:
    """The shift log, newest first."""
    with store.read() as session:
        rows = session.execute(
            select(ShiftNote, User.display_name)
            .join(User, ShiftNote.author_id == User.id)
            .order_by(ShiftNote.written_at.desc(), ShiftNote.id.desc())
            .limit(limit)
        ).all()
        return [_info(note, name) for note, name in rows]


def handover_notes(
    store: Store, actor: Actor, *, now: datetime | None = None
) -> list[ShiftNoteInfo]:
    """What to show someone who just signed in: the others' notes of the last days."""
    since = (now or utc_now()) - HANDOVER_WINDOW
    with store.read() as session:
        rows = session.execute(
            select(ShiftNote, User.display_name)
            .join(User, ShiftNote.author_id == User.id)
            .where(ShiftNote.written_at >= since, ShiftNote.author_id != actor.user_id)
            .order_by(ShiftNote.written_at.desc(), ShiftNote.id.desc())
            .limit(HANDOVER_NOTES)
        ).all()
        return [_info(note, name) for note, name in rows]


def _info(note: ShiftNote, author_name: str) -> ShiftNoteInfo:
    return ShiftNoteInfo(note.id, note.author_id, author_name, note.written_at, note.text)
