"""Deterministic demo data: a believable Seine-et-Marne telecentre, small or large.

``generate_demo(paths, Scale.SMALL, seed)`` fills a new database with a village
centre in Rozay-en-Brie (one floor, 18 desks, about 60 members); ``Scale.LARGE``
gives 3 floors, 150 desks, 40 organisations and 2,000 members. The same seed
always gives the same rows (only ids and password hashes differ).
"""

from __future__ import annotations

from telecentre_desk.services.demo.builder import (
    DEMO_ACCOUNTS,
    DemoAccount,
    DemoSummary,
    default_demo_dir,
    generate_demo,
)
from telecentre_desk.services.demo.plans import Scale

__all__ = [
    "DEMO_ACCOUNTS",
    "DemoAccount",
    "DemoSummary",
    "Scale",
    "default_demo_dir",
    "generate_demo",
]
