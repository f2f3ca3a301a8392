"""Finding members: suggestions for the check-in field and the directory's list.

Both read the in-memory index of :mod:`member_index`, brought up to date in a
read transaction first, so a keystroke costs a few milliseconds even with
20,000 members. Creating and editing members lives in :mod:`member_records`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.text import fold
from telecentre_desk.services.member_index import IndexedMember, MemberSummary, Pair, index_for
from telecentre_desk.services.store import Store

__all__ = [
    "DIRECTORY_LIMIT",
    "DirectoryPage",
    "MemberSort",
    "MemberSummary",
    "search_directory",
    "search_members",
    "warm_up",
]

DIRECTORY_LIMIT = 500


class MemberSort(StrEnum):
    NAME = "name"
    ORGANISATION = "organisation"
    CATEGORY = "category"
    EMAIL = "email"
    PHONE = "phone"
    BADGE = "badge"


@dataclass(frozen=True)
class DirectoryPage:
    """The members matching a search, sorted, at most ``limit`` of ``total``."""

    rows: tuple[MemberSummary, ...]
    total: int


def search_members(store: Store, query: str, limit: int = 20) -> list[MemberSummary]:
    """Active members whose name, organisation, e-mail, phone or badge contain every word
    of ``query``, ignoring case and accents ("helene" finds "Hélène"); by last name.

    An exact badge code comes first, so a scanner's input finds its member.
    """
    words = fold(query).split()
    with store.read() as session:
        index = index_for(store)
        pairs = index.matches(session, words, archived=False)
        exact = index.with_badge(session, query) if len(words) == 1 else None
    found = [pair[1].summary for pair in pairs[:limit]]
    if exact is not None:
        found = [exact.summary, *(m for m in found if m.id != exact.summary.id)][:limit]
    return found


def search_directory(
    store: Store,
    query: str,
    *,
    archived: bool = False,
    sort: MemberSort = MemberSort.NAME,
    descending: bool = False,
    limit: int = DIRECTORY_LIMIT,
) -> DirectoryPage:
    """The directory's list: active members (or the archived ones), sorted by ``sort``."""
    pairs = _matching(store, query, archived=archived)
    entries = [pair[1] for pair in pairs]
    if sort is not MemberSort.NAME or descending:
        entries = sorted(entries, key=_sort_key(sort), reverse=descending)
    return DirectoryPage(tuple(entry.summary for entry in entries[:limit]), len(entries))


def _matching(store: Store, query: str, *, archived: bool) -> list[Pair]:
    with store.read() as session:
        return index_for(store).matches(session, fold(query).split(), archived=archived)


def _sort_key(sort: MemberSort) -> Callable[[IndexedMember], Any]:
    if sort is MemberSort.CATEGORY:
        labels = {category: fold(category.label) for category in _categories()}
        return lambda e: (labels[e.summary.category], e.name_key)
    if sort is MemberSort.ORGANISATION:
        return lambda e: (e.summary.organisation == "", fold(e.summary.organisation), e.name_key)
    if sort is MemberSort.EMAIL:
        return lambda e: (e.summary.email == "", e.summary.email, e.name_key)
    if sort is MemberSort.PHONE:
        return lambda e: (e.summary.phone == "", e.summary.phone, e.name_key)
    if sort is MemberSort.BADGE:
        return lambda e: (e.summary.badge_code is None, e.summary.badge_code or "", e.name_key)
    return lambda e: e.name_key


def _categories() -> list[MemberCategory]:
    return list(MemberCategory)


def warm_up(store: Store) -> int:
    """Build the search index now (about 1 s for 20,000 members, 60 ms for 2,000), so
    that the first keystroke does not pay for it; returns the number of members.

    Meant to be submitted to the worker once signed in.
    """
    with store.read() as session:
        return len(index_for(store).entries(session))
