"""The member directory: finding members (more of the directory arrives with issue 4)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from telecentre_desk.domain.kinds import MemberCategory
from telecentre_desk.domain.text import fold
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Member, Organisation


@dataclass(frozen=True)
class MemberSummary:
    id: int
    first_name: str
    last_name: str
    organisation: str
    category: MemberCategory
    badge_code: str | None
    email: str
    phone: str

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def search_members(store: Store, query: str, limit: int = 20) -> list[MemberSummary]:
    """Active members whose name, organisation, e-mail, phone or badge contain every word
    of ``query``, ignoring case and accents ("helene" finds "Hélène"); by last name.

    An exact badge code comes first, so a scanner's input finds its member.
    """
    words = fold(query).split()
    with store.read() as session:
        rows = session.execute(
            select(Member, Organisation.name)
            .outerjoin(Organisation, Member.organisation_id == Organisation.id)
            .where(~Member.archived)
            .order_by(Member.last_name, Member.first_name, Member.id)
        ).all()
        found: list[MemberSummary] = []
        for member, organisation in rows:
            haystack = fold(
                " ".join(
                    (
                        member.first_name,
                        member.last_name,
                        organisation or "",
                        member.email,
                        member.phone.replace(" ", ""),
                        member.badge_code or "",
                    )
                )
            )
            if all(word in haystack for word in words):
                summary = _summary(member, organisation)
                if member.badge_code and member.badge_code.casefold() == query.strip().casefold():
                    found.insert(0, summary)
                else:
                    found.append(summary)
    return found[:limit]


def _summary(member: Member, organisation: str | None) -> MemberSummary:
    return MemberSummary(
        id=member.id,
        first_name=member.first_name,
        last_name=member.last_name,
        organisation=organisation or "",
        category=member.category,
        badge_code=member.badge_code,
        email=member.email,
        phone=member.phone,
    )
