"""Believable resources of a centre that does not exist, for coordinator demos and benches.

The rows follow format 1.0 exactly (the writer and the reader accept them); the
figures come from a seeded random generator, so the same seed gives the same rows.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from telecentre_desk.network.calendar import french_public_holidays
from telecentre_desk.network.clearing import ClearingTariff, clear_visit
from telecentre_desk.network.period import Period
from telecentre_desk.network.schemas import CATEGORIES

SAMPLE_TARIFF = ClearingTariff(Decimal("4.00"), Decimal("10.00"), Decimal("18.00"), 270)
_HUNDREDTH = Decimal("0.01")


def sample_tables(
    code: str,
    name: str,
    period: Period,
    neighbours: Sequence[str],
    *,
    seed: str = "",
    desks: int = 20,
    tariff: ClearingTariff = SAMPLE_TARIFF,
) -> dict[str, list[dict[str, Any]]]:
    """Every resource of ``code`` for ``period``: open Monday to Friday 9:00-18:00, a few
    visitors from the ``neighbours`` each week, room use and revenue of a small centre."""
    rng = random.Random(f"{seed}:{code}:{period.label}")
    holidays = {
        h for year in {period.start.year, period.end.year} for h in french_public_holidays(year)
    }
    occupancy, visits, rooms = [], [], []
    for day in period.days():
        is_open = day.weekday() < 5 and day not in holidays
        people = rng.randint(desks // 4, desks) if is_open else 0
        used = Decimal(sum(rng.randint(90, 540) for _ in range(people))) / 60
        occupancy.append(
            {
                "date": day,
                "open": is_open,
                "closed_reason": ""
                if is_open
                else (
                    "public_holiday" if day in holidays and day.weekday() < 5 else "weekly_closing"
                ),
                "unique_visitors": people,
                "desk_hours_used": used.quantize(_HUNDREDTH),
                "desk_hours_available": Decimal(desks * 9) if is_open else Decimal(0),
                "peak": rng.randint(max(1, people // 2), people) if people else 0,
            }
        )
        if not is_open:
            continue
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            minutes = rng.choice((75, 120, 200, 300, 480))
            cleared = clear_visit(tariff, minutes)
            visits.append(
                {
                    "pseudonym": hashlib.sha256(f"{seed}{rng.random()}".encode()).hexdigest(),
                    "home_centre_code": rng.choice(list(neighbours)),
                    "date": day,
                    "duration_minutes": minutes,
                    "tariff": cleared.unit,
                    "quantity": cleared.quantity,
                    "amount_due": cleared.amount,
                }
            )
        if rng.random() < 0.5:
            bookings = rng.randint(5, 9)
            rooms.append(
                {
                    "date": day,
                    "room_kind": rng.choice(("meeting_room", "visio_room")),
                    "booker_type": "member",
                    "hours_booked": Decimal(bookings * 2),
                    "bookings": bookings,
                    "cancellations": rng.randint(0, 2),
                    "no_shows": rng.randint(0, 1),
                    "suppressed": False,
                }
            )
    visits.sort(key=lambda row: (row["date"], row["home_centre_code"], row["pseudonym"]))
    revenue: list[dict[str, Any]] = []
    month = period.start
    while month <= period.end:
        net = Decimal(rng.randint(800, 4000))
        revenue.append(
            {
                "month": month,
                "family": "desk",
                "vat_rate": Decimal("20.00"),
                "net_amount": net,
                "vat_amount": (net * Decimal("0.2")).quantize(_HUNDREDTH),
                "invoices": rng.randint(10, 60),
                "credit_notes": rng.randint(0, 2),
                "suppressed": False,
            }
        )
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return {
        "centre": [
            {
                "centre_code": code,
                "name": name,
                "insee_code": "",
                "desks": desks,
                "rooms_open_space": 1,
                "rooms_office": 2,
                "rooms_meeting": 1,
                "rooms_visio": 1,
                "rooms_lounge": 1,
                "visio_rooms": 1,
                "opening_hours": "Mo-Fr 09:00-18:00",
                "services": "printer;visio_system",
            }
        ],
        "occupancy": occupancy,
        "network_visits": visits,
        "room_use": rooms,
        "revenue": revenue,
        "members_by_category": [
            {
                "category": category,
                "registered_members": rng.randint(5, 40),
                "members_present": rng.randint(5, 20),
                "suppressed": False,
            }
            for category in CATEGORIES
        ],
    }
