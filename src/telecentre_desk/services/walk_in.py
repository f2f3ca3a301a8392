"""A walk-in visitor with a day pass (or an hour, a half-day): recorded and checked in at once.

The visitor becomes a member of the "visitor" category (no badge), so they can
be found by name next time. A company that matches an organisation of the
directory links them to it; otherwise it is kept on the presence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from telecentre_desk.domain.kinds import MemberCategory, PresenceSource
from telecentre_desk.domain.roles import Permission
from telecentre_desk.domain.text import fold
from telecentre_desk.i18n import _
from telecentre_desk.services import audit
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.offers import is_desk_tariff
from telecentre_desk.services.presence import PresenceResult, arriving, open_presence
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Member, Organisation
from telecentre_desk.storage.offer_models import Tariff
from telecentre_desk.storage.types import utc_now

MAX_NAME = 200


@dataclass(frozen=True)
class WalkIn:
    full_name: str
    company: str = ""
    tariff_id: int | None = None
    desk_id: int | None = None


def split_name(full_name: str) -> tuple[str, str]:
    """ "Jeanne Le Gall" -> ("Jeanne", "Le Gall"); a single word is the last name."""
    words = full_name.split()
    if len(words) < 2:
        return "", " ".join(words)
    return words[0], " ".join(words[1:])


def check_in_walk_in(
    store: Store, actor: Actor, walk_in: WalkIn, *, at: datetime | None = None
) -> PresenceResult:
    require(actor, Permission.CHECK_IN)
    name = " ".join(walk_in.full_name.split())
    company = " ".join(walk_in.company.split())
    problems: dict[str, str] = {}
    if not name:
        problems["full_name"] = _("Type the visitor's name, for example “Jeanne Martin”.")
    elif len(name) > MAX_NAME:
        problems["full_name"] = _("This name is too long (200 characters at most).")
    if len(company) > MAX_NAME:
        problems["company"] = _("This company name is too long (200 characters at most).")
    if problems:
        raise ValidationError(problems)
    first_name, last_name = split_name(name)
    with store.write() as session:
        if walk_in.tariff_id is not None:
            tariff = session.scalar(
                select(Tariff).where(Tariff.id == walk_in.tariff_id, is_desk_tariff())
            )
            if tariff is None or not tariff.active or tariff.kind.usage_unit is None:
                raise ValidationError(
                    {"tariff": _("Choose an hour, half-day or day tariff for the visitor.")}
                )
        organisation_id = None
        if company:
            organisation_id = _same_folded_name(session, company)
        member = Member(
            first_name=first_name,
            last_name=last_name,
            category=MemberCategory.VISITOR,
            organisation_id=organisation_id,
            archived=False,
            consent_commute=False,
            consent_contact=False,
            billed_to_organisation=False,
        )
        session.add(member)
        session.flush()
        audit.record(
            session,
            actor,
            "walk_in",
            "member",
            member.id,
            {"tariff": walk_in.tariff_id, "company": company},
        )
        return open_presence(
            session,
            actor,
            arriving(member),
            desk_id=walk_in.desk_id,
            started=at or utc_now(),
            source=PresenceSource.DESK,
            tariff_id=walk_in.tariff_id,
            company=company,
        )


def _same_folded_name(session: Session, company: str) -> int | None:
    """An organisation whose name matches ignoring accents and case ("societe" = "Société")."""
    wanted = fold(company)
    rows = session.execute(select(Organisation.id, Organisation.name).where(~Organisation.archived))
    return next((org_id for org_id, org_name in rows if fold(org_name) == wanted), None)
