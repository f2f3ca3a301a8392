"""A demo network around a demo centre: presences to export, a coordinator, a directory.

For the examples in the documentation, the benchmark and the tests: the keys are
derived from a seed (so the example files are the same at every run) and must
never be used by a real network.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import insert, select

from telecentre_desk.domain.kinds import MemberCategory, PresenceSource
from telecentre_desk.domain.opening_hours import from_json
from telecentre_desk.i18n import PARIS
from telecentre_desk.network import signing
from telecentre_desk.network.calendar import french_public_holidays
from telecentre_desk.network.clearing import ClearingTariff
from telecentre_desk.network.directory import DirectoryCentre, document, write_directory
from telecentre_desk.network.pseudonyms import secret_text
from telecentre_desk.services import audit
from telecentre_desk.services.demo.data import NETWORK_CENTRES
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import Centre, Desk, Member, Presence

NETWORK_NAME = "Réseau des tiers-lieux de Seine-et-Marne (démonstration)"
DEMO_TARIFF = ClearingTariff(Decimal("4.00"), Decimal("10.00"), Decimal("18.00"), 270)
# How often each category comes, relative to the others.
_WEIGHTS = {
    MemberCategory.EMPLOYEE: 1.0,
    MemberCategory.PUBLIC_AGENT: 0.8,
    MemberCategory.FREELANCER: 1.6,
    MemberCategory.NOMAD: 0.7,
    MemberCategory.VISITOR: 0.15,
}
_NETWORK_VISITOR_WEIGHT = 0.6


@dataclass(frozen=True)
class DemoNetwork:
    coordinator_key: bytes = field(repr=False)
    centre_keys: dict[str, bytes] = field(repr=False)  # code -> private key
    directory_file: bytes = field(repr=False)
    secret_text: str = field(repr=False)

    @property
    def coordinator_fingerprint(self) -> str:
        return signing.fingerprint(signing.public_of(self.coordinator_key))


def seeded_key(seed: str) -> bytes:
    """A private key derived from ``seed``: for demos and examples only."""
    return hashlib.sha256(b"telecentre-desk-demo-key\n" + seed.encode("utf-8")).digest()


def make_demo_network(
    own_code: str,
    own_name: str,
    own_commune: str,
    own_insee: str,
    *,
    seed: str = "demo",
    issued: date = date(2026, 1, 5),
    own_key: bytes | None = None,
) -> DemoNetwork:
    """A directory listing this centre (with ``own_key`` or a seeded key) and the demo's
    six other centres, signed by a seeded coordinator key, and a seeded network secret."""
    keys = {centre.code: seeded_key(f"{seed}/{centre.code}") for centre in NETWORK_CENTRES}
    keys[own_code] = own_key if own_key is not None else seeded_key(f"{seed}/{own_code}")
    centres = [
        DirectoryCentre(
            code=centre.code,
            name=f"Tiers-lieu de {centre.commune.name}",
            commune=centre.commune.name,
            insee_code="",
            public_key=signing.public_of(keys[centre.code]),
        )
        for centre in NETWORK_CENTRES
    ]
    centres.append(
        DirectoryCentre(
            own_code, own_name, own_commune, own_insee, signing.public_of(keys[own_code])
        )
    )
    coordinator = seeded_key(f"{seed}/coordinator")
    body = document(NETWORK_NAME, issued, signing.public_of(coordinator), DEMO_TARIFF, centres)
    secret = hashlib.sha256(f"telecentre-desk-demo-secret\n{seed}".encode()).digest()
    return DemoNetwork(coordinator, keys, write_directory(body, coordinator), secret_text(secret))


def add_demo_presences(
    store: Store,
    first_day: date,
    last_day: date,
    *,
    seed: int = 1,
    occupancy: float = 0.6,
) -> int:
    """Closed presences on the open days from ``first_day`` to ``last_day``: about
    ``occupancy`` times the desks each day, by members of every category and by network
    visitors. Deterministic for a seed. Returns how many were added."""
    rng = random.Random(seed)
    with store.write() as session:
        centre = session.get_one(Centre, 1)
        hours = from_json(centre.opening_hours)
        desks = len(session.scalars(select(Desk.id).where(~Desk.out_of_service)).all())
        members = session.execute(
            select(Member.id, Member.category, Member.home_centre_code)
            .where(~Member.archived)
            .order_by(Member.id)
        ).all()
        weights = [
            _NETWORK_VISITOR_WEIGHT if home else _WEIGHTS[category]
            for _id, category, home in members
        ]
        ids = [member_id for member_id, _category, _home in members]
        rows = []
        day = first_day
        holidays = french_public_holidays(first_day.year) | french_public_holidays(last_day.year)
        while day <= last_day:
            spans = hours.get(day.weekday(), [])
            if spans and day not in holidays and ids:
                opening, closing = spans[0][0], spans[-1][1]
                count = min(len(ids), max(1, round(rng.gauss(occupancy * desks, desks * 0.1))))
                for member_id in _sample(rng, ids, weights, count):
                    rows.append(_stay(rng, member_id, day, opening, closing))
            day += timedelta(days=1)
        if rows:
            session.execute(insert(Presence), rows)
        audit.record(
            session,
            None,
            "generate_demo_presences",
            "presence",
            "",
            {"from": first_day.isoformat(), "to": last_day.isoformat(), "count": len(rows)},
        )
    return len(rows)


def _sample(rng: random.Random, ids: list[int], weights: list[float], count: int) -> set[int]:
    chosen: set[int] = set()
    while len(chosen) < count:
        chosen.update(rng.choices(ids, weights, k=count - len(chosen)))
    return chosen


def _stay(
    rng: random.Random, member_id: int, day: date, opening: time, closing: time
) -> dict[str, object]:
    open_at = datetime.combine(day, opening, tzinfo=PARIS)
    close_at = datetime.combine(day, closing, tzinfo=PARIS)
    start = open_at + timedelta(minutes=rng.randrange(0, 150))
    length = timedelta(minutes=rng.choice((90, 150, 210, 240, 300, 420, 480, 540)))
    end = min(start + length + timedelta(minutes=rng.randrange(0, 30)), close_at)
    return {
        "member_id": member_id,
        "desk_id": None,
        "started_at": start.astimezone(UTC),
        "ended_at": end.astimezone(UTC),
        "planned_end": None,
        "source": PresenceSource.DESK,
        "needs_review": False,
        "entered_by": None,
        "note": "",
    }
