"""An in-memory, accent-folded index of the member directory, kept current cheaply.

Search as you type must answer in a few milliseconds over 20,000 members, so
the folded text of every member is computed once per process and kept here,
with the member's plain summary ready to hand out. Each search first asks the
database, in the same read transaction, what changed since the index was last
brought up to date:

- the audit trail (every write to a member or an organisation records an event
  naming it): events after the last one seen say which members to reload;
- the member table's row count and highest id: a safety net for rows written
  without an audit event (the demo generator's bulk insert, for instance).

That check is one small query; a rebuild happens only when something broad
changed. On SQLite, audit ids grow in commit order (one writer at a time); on
PostgreSQL a sequence may commit out of order, so a later version should check a
directory version number there instead.

Typing narrows: the members matching "hel" are a subset of those matching "he",
so a query that extends a recent one only looks among that one's matches.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.contact import phone_search_forms
from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.text import fold
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import AuditEvent, Member, Organisation

# Audit entities whose events name a member or an organisation by id.
MEMBER_ENTITY = "member"
ORGANISATION_ENTITY = "organisation"
# Past this many events to replay, reading everything again is as quick.
_REPLAY_LIMIT = 200
_RECENT_QUERIES = 8


@dataclass(frozen=True)
class MemberSummary:
    """A member as lists and suggestions show them (plain data, safe across threads)."""

    id: int
    first_name: str
    last_name: str
    organisation: str
    category: MemberCategory
    badge_code: str | None
    email: str
    phone: str
    organisation_id: int | None = None
    home_centre_code: str | None = None
    network_member_id: str | None = None
    archived: bool = False
    billed_to_organisation: bool = False

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def network_visitor(self) -> bool:
        """A member of another centre of the network, working here."""
        return self.home_centre_code is not None


@dataclass(frozen=True, slots=True)
class IndexedMember:
    """A member's summary, the folded text search looks into, and the name order key."""

    summary: MemberSummary
    haystack: str
    name_key: tuple[str, str, int]


# (haystack, member): the scan reads the text without an attribute lookup per member.
Pair = tuple[str, IndexedMember]


@functools.lru_cache(maxsize=65_536)
def _fold_accented(text: str) -> str:
    return fold(text)


def _fold(text: str) -> str:
    """``fold``, fast: names repeat (cached), e-mails and phones are plain ASCII."""
    return text.lower() if text.isascii() else _fold_accented(text)


_COLUMNS = (
    Member.id,
    Member.first_name,
    Member.last_name,
    Member.organisation_id,
    Organisation.name,
    Member.category,
    Member.badge_code,
    Member.email,
    Member.phone,
    Member.home_centre_code,
    Member.network_member_id,
    Member.archived,
    Member.billed_to_organisation,
)


def _entry(row: tuple[Any, ...]) -> IndexedMember:
    (
        member_id,
        first_name,
        last_name,
        organisation_id,
        organisation,
        category,
        badge_code,
        email,
        phone,
        home_centre,
        network_id,
        archived,
        billed,
    ) = row
    summary = MemberSummary(
        id=member_id,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation or "",
        category=MemberCategory(category),
        badge_code=badge_code,
        email=email,
        phone=phone,
        organisation_id=organisation_id,
        home_centre_code=home_centre,
        network_member_id=network_id,
        archived=bool(archived),
        billed_to_organisation=bool(billed),
    )
    first, last = _fold(first_name), _fold(last_name)
    haystack = " ".join(
        (
            first,
            last,
            _fold(summary.organisation),
            _fold(email),
            *phone_search_forms(phone),
            _fold(badge_code or ""),
            _fold(network_id or ""),
        )
    )
    return IndexedMember(summary, haystack, (last, first, member_id))


@dataclass(frozen=True)
class _Mark:
    """How far the index has read: the last audit event, the member rows' count and top id."""

    audit_id: int
    members: int
    top_member_id: int


@dataclass(frozen=True)
class _Recent:
    version: int
    archived: bool
    query: str  # folded words joined by one space
    pairs: list[Pair]


class DirectoryIndex:
    """One database's directory in memory. Thread-safe; use :func:`index_for`."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[int, IndexedMember] = {}
        self._lists: dict[bool, list[Pair]] | None = None  # archived? -> pairs by name
        self._badges: dict[str, IndexedMember] | None = None
        self._mark: _Mark | None = None
        self._version = 0
        self._top_id = 0
        self._recent: list[_Recent] = []
        self.rebuilds = 0  # for the tests and the benchmark

    def matches(self, session: Session, words: list[str], *, archived: bool) -> list[Pair]:
        """The (archived or active) members whose text holds every word, by last name."""
        with self._lock:
            self._catch_up(session)
            lists = self._sorted_lists()
            query = " ".join(words)
            candidates = lists[archived]
            if not query:
                return candidates
            recent = self._narrowest(query, archived)
            if recent is not None:
                candidates = recent.pairs
            # The longest word first: it rules out the most members at the cheapest test.
            first, *others = sorted(words, key=len, reverse=True)
            found = [pair for pair in candidates if first in pair[0]]
            for word in others:
                found = [pair for pair in found if word in pair[0]]
            self._recent = [_Recent(self._version, archived, query, found), *self._recent][
                :_RECENT_QUERIES
            ]
            return found

    def with_badge(self, session: Session, code: str) -> IndexedMember | None:
        """The active member whose badge is ``code`` (any case), if any."""
        with self._lock:
            self._catch_up(session)
            if self._badges is None:
                self._badges = {
                    e.summary.badge_code.casefold(): e
                    for e in self._by_id.values()
                    if e.summary.badge_code and not e.summary.archived
                }
            return self._badges.get(code.strip().casefold())

    def entries(self, session: Session) -> list[IndexedMember]:
        """Every member, archived ones too, by last name."""
        with self._lock:
            self._catch_up(session)
            lists = self._sorted_lists()
            return sorted((pair[1] for pair in lists[False] + lists[True]), key=_name_key)

    def _narrowest(self, query: str, archived: bool) -> _Recent | None:
        """The recent answer to the longest query that ``query`` extends (its matches hold
        every member matching ``query``)."""
        best: _Recent | None = None
        for recent in self._recent:
            if (
                recent.version == self._version
                and recent.archived is archived
                and query.startswith(recent.query)
                and (best is None or len(recent.query) > len(best.query))
            ):
                best = recent
        return best

    def _sorted_lists(self) -> dict[bool, list[Pair]]:
        if self._lists is None:
            ordered = sorted(self._by_id.values(), key=_name_key)
            self._lists = {
                False: [(e.haystack, e) for e in ordered if not e.summary.archived],
                True: [(e.haystack, e) for e in ordered if e.summary.archived],
            }
        return self._lists

    def _catch_up(self, session: Session) -> None:
        audit_id, members, top = session.execute(
            select(
                select(func.coalesce(func.max(AuditEvent.id), 0)).scalar_subquery(),
                select(func.count()).select_from(Member).scalar_subquery(),
                select(func.coalesce(func.max(Member.id), 0)).scalar_subquery(),
            )
        ).one()
        now = _Mark(int(audit_id), int(members), int(top))
        previous = self._mark
        if previous is None or now.audit_id < previous.audit_id:  # first use, or a restore
            self._rebuild(session, now)
            return
        if now.audit_id > previous.audit_id:
            if now.audit_id - previous.audit_id > _REPLAY_LIMIT:
                self._rebuild(session, now)
                return
            self._replay(session, previous.audit_id, now.audit_id)
        if (len(self._by_id), self._top_id) != (now.members, now.top_member_id):
            self._rebuild(session, now)  # rows written without an audit event
            return
        self._mark = now

    def _changed(self) -> None:
        self._lists = None
        self._badges = None
        self._version += 1
        self._recent = []
        self._top_id = max(self._by_id, default=0)

    def _rebuild(self, session: Session, mark: _Mark) -> None:
        rows = session.execute(_select_members())
        self._by_id = {entry.summary.id: entry for entry in (_entry(tuple(r)) for r in rows)}
        self._mark = mark
        self.rebuilds += 1
        self._changed()

    def _replay(self, session: Session, after: int, upto: int) -> None:
        events = session.execute(
            select(AuditEvent.entity, AuditEvent.entity_id).where(
                AuditEvent.id > after,
                AuditEvent.id <= upto,
                AuditEvent.entity.in_((MEMBER_ENTITY, ORGANISATION_ENTITY)),
            )
        ).all()
        member_ids: set[int] = set()
        organisation_ids: set[int] = set()
        for entity, entity_id in events:
            ids = _ids(entity_id)
            if ids is None:  # an event about many members at once: read them all again
                self._rebuild(session, self._mark or _Mark(0, 0, 0))
                return
            (member_ids if entity == MEMBER_ENTITY else organisation_ids).update(ids)
        if organisation_ids:
            member_ids.update(
                session.scalars(
                    select(Member.id).where(Member.organisation_id.in_(organisation_ids))
                )
            )
        if member_ids:
            self._reload(session, member_ids)

    def _reload(self, session: Session, member_ids: Iterable[int]) -> None:
        wanted = set(member_ids)
        for row in session.execute(_select_members(wanted)):
            entry = _entry(tuple(row))
            self._by_id[entry.summary.id] = entry
            wanted.discard(entry.summary.id)
        for gone in wanted:
            self._by_id.pop(gone, None)
        self._changed()


def _name_key(entry: IndexedMember) -> tuple[str, str, int]:
    return entry.name_key


def _select_members(ids: set[int] | None = None) -> Select[Any]:
    columns: tuple[Any, ...] = _COLUMNS
    statement: Select[Any] = select(*columns).outerjoin(
        Organisation, Member.organisation_id == Organisation.id
    )
    if ids is not None:
        statement = statement.where(Member.id.in_(ids))
    return statement


def _ids(entity_id: str) -> list[int] | None:
    """``"12"`` -> [12]; ``"12,13"`` -> [12, 13]; anything else (``""``): None, meaning many."""
    parts = [part.strip() for part in entity_id.split(",")]
    if not parts or not all(part.isdigit() for part in parts):
        return None
    return [int(part) for part in parts]


_INDEXES: weakref.WeakKeyDictionary[Store, DirectoryIndex] = weakref.WeakKeyDictionary()
_INDEXES_LOCK = threading.Lock()


def index_for(store: Store) -> DirectoryIndex:
    with _INDEXES_LOCK:
        index = _INDEXES.get(store)
        if index is None:
            index = _INDEXES[store] = DirectoryIndex()
        return index
