"""The demo's members: employees, agents, freelancers, nomads, visitors, network visitors."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from telecentre_desk.domain.kinds import CommuteMode, MemberCategory, OrganisationKind
from telecentre_desk.services.demo.data import (
    CENTRE_OPENED,
    COMMUNE_WEIGHTS,
    COMMUNES,
    FIRST_NAMES,
    HISTORY_DAYS,
    LAST_NAMES,
    NETWORK_CENTRES,
    PERSONAL_DOMAINS,
    STREETS,
    Commune,
    NetworkCentre,
)
from telecentre_desk.services.demo.plans import MemberMix
from telecentre_desk.services.demo.text import fiction_mobile, mail_local_part

CONSENT_COMMUTE_SHARE = 0.5
_VISITOR_DAYS = 120  # visitors with a day pass came recently
# (up to this many km, the modes people use, their weights): rural Brie drives.
_COMMUTE_MODES: tuple[tuple[float, tuple[CommuteMode, ...], tuple[int, ...]], ...] = (
    (2.0, (CommuteMode.WALKING, CommuteMode.BICYCLE, CommuteMode.CAR), (5, 3, 2)),
    (
        8.0,
        (CommuteMode.CAR, CommuteMode.BICYCLE, CommuteMode.CARPOOL, CommuteMode.OTHER),
        (6, 2, 2, 1),
    ),
    (
        float("inf"),
        (CommuteMode.CAR, CommuteMode.CARPOOL, CommuteMode.PUBLIC_TRANSPORT, CommuteMode.OTHER),
        (13, 4, 2, 1),
    ),
)
_NETWORK_WEIGHTS = (5, 4, 3, 2, 2, 1)  # Melun and Coulommiers send the most visitors


@dataclass(frozen=True)
class Employer:
    """An inserted organisation, as the member generator needs it."""

    id: int
    kind: OrganisationKind
    domain: str


def plan_members(
    rng: random.Random, mix: MemberMix, employers: Sequence[Employer], archived_share: float
) -> list[dict[str, Any]]:
    """Rows for ``insert(Member)``, shuffled so that ids do not group the categories."""
    factory = _MemberFactory(rng, mix.total)
    companies = [e for e in employers if e.kind is not OrganisationKind.ADMINISTRATION]
    administrations = [e for e in employers if e.kind is OrganisationKind.ADMINISTRATION]
    rows = [
        factory.make(MemberCategory.EMPLOYEE, employer=employer)
        for employer in _spread(rng, mix.employees, companies)
    ]
    rows += [
        factory.make(MemberCategory.PUBLIC_AGENT, employer=employer)
        for employer in _spread(rng, mix.public_agents, administrations)
    ]
    rows += [factory.make(MemberCategory.FREELANCER) for _ in range(mix.freelancers)]
    rows += [factory.make(MemberCategory.NOMAD) for _ in range(mix.nomads)]
    rows += [factory.make(MemberCategory.VISITOR) for _ in range(mix.visitors)]
    rows += [factory.network_visitor() for _ in range(mix.network_visitors)]
    rng.shuffle(rows)
    archived = max(2, round(len(rows) * archived_share))
    for index in rng.sample(range(len(rows)), min(archived, len(rows))):
        rows[index]["archived"] = True
    return rows


def _spread(rng: random.Random, count: int, employers: Sequence[Employer]) -> list[Employer]:
    """``count`` employers, each one at least once, the rest by uneven weights."""
    if not employers:
        return []
    chosen = list(employers[:count])
    weights = [rng.randint(1, 8) for _ in employers]
    chosen += rng.choices(employers, weights, k=count - len(chosen))
    return chosen


class _MemberFactory:
    def __init__(self, rng: random.Random, total: int) -> None:
        self._rng = rng
        self._badges = iter(rng.sample(range(1, 1_000_000), total))
        self._phones = iter(rng.sample(range(10_000), total))
        self._emails: set[str] = set()  # only asked for membership, never iterated

    def make(
        self,
        category: MemberCategory,
        *,
        employer: Employer | None = None,
        network: NetworkCentre | None = None,
    ) -> dict[str, Any]:
        rng = self._rng
        first_name, last_name = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        commune = network.commune if network else rng.choices(COMMUNES, COMMUNE_WEIGHTS)[0]
        domain = employer.domain if employer else rng.choice(PERSONAL_DOMAINS)
        visitor = category is MemberCategory.VISITOR
        consent, distance, mode = self._commute(commune, visitor)
        return {
            "first_name": first_name,
            "last_name": last_name,
            "category": category,
            "organisation_id": employer.id if employer else None,
            "email": self._email(first_name, last_name, domain),
            "phone": fiction_mobile(next(self._phones)),
            "address_line": "" if visitor else f"{rng.randint(1, 60)} {rng.choice(STREETS)}",
            "postal_code": commune.postal_code,
            "city": commune.name,
            "badge_code": None if visitor else f"TD-{next(self._badges):06d}",
            "home_centre_code": network.code if network else None,
            "network_member_id": self._network_id(network),
            "consent_commute": consent,
            "commute_distance_km": distance,
            "commute_mode": mode,
            "consent_contact": rng.random() < (0.3 if visitor else 0.75),
            "archived": False,
            "created_at": self._joined(visitor),
        }

    def network_visitor(self) -> dict[str, Any]:
        network = self._rng.choices(NETWORK_CENTRES, _NETWORK_WEIGHTS)[0]
        category = self._rng.choice((MemberCategory.NOMAD, MemberCategory.FREELANCER))
        return self.make(category, network=network)

    def _network_id(self, network: NetworkCentre | None) -> str | None:
        """The member's number at their home centre, as their passport shows it."""
        return f"{network.code}-{self._rng.randrange(100_000):05d}" if network else None

    def _email(self, first_name: str, last_name: str, domain: str) -> str:
        local = mail_local_part(first_name, last_name)
        email, suffix = f"{local}@{domain}", 1
        while email in self._emails:
            suffix += 1
            email = f"{local}{suffix}@{domain}"
        self._emails.add(email)
        return email

    def _commute(
        self, commune: Commune, visitor: bool
    ) -> tuple[bool, Decimal | None, CommuteMode | None]:
        """Distance and mode only when the member agreed (the database enforces it too)."""
        share = CONSENT_COMMUTE_SHARE / 2 if visitor else CONSENT_COMMUTE_SHARE
        if self._rng.random() >= share:
            return False, None, None
        km = commune.km_to_centre
        low, high = (0.3, 2.0) if km <= 1 else (km * 0.9, km * 1.35)
        distance = Decimal(f"{self._rng.uniform(low, high):.1f}")
        modes, weights = next((m, w) for top, m, w in _COMMUTE_MODES if float(distance) <= top)
        return True, distance, self._rng.choices(modes, weights)[0]

    def _joined(self, visitor: bool) -> datetime:
        first_day = HISTORY_DAYS - _VISITOR_DAYS if visitor else 0
        day = self._rng.randrange(first_day, HISTORY_DAYS)
        minutes = self._rng.randrange(0, 9 * 60)
        return CENTRE_OPENED + timedelta(days=day, minutes=minutes)
