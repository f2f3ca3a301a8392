"""How big each demo centre is: its layout, organisations and member mix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from telecentre_desk.services.demo.layout import LARGE_LAYOUT, SMALL_LAYOUT, FloorSpec


class Scale(StrEnum):
    SMALL = "small"
    LARGE = "large"


@dataclass(frozen=True)
class MemberMix:
    """How many members of each sort; network visitors come from other centres."""

    employees: int
    public_agents: int
    freelancers: int
    nomads: int
    visitors: int
    network_visitors: int

    @property
    def total(self) -> int:
        return (
            self.employees
            + self.public_agents
            + self.freelancers
            + self.nomads
            + self.visitors
            + self.network_visitors
        )


@dataclass(frozen=True)
class ScalePlan:
    layout: tuple[FloorSpec, ...]
    companies: int
    administrations: int
    associations: int
    members: MemberMix
    archived_share: float = 0.05

    @property
    def organisations(self) -> int:
        return self.companies + self.administrations + self.associations


PLANS: dict[Scale, ScalePlan] = {
    Scale.SMALL: ScalePlan(
        SMALL_LAYOUT,
        companies=3,
        administrations=1,
        associations=0,
        members=MemberMix(
            employees=20,
            public_agents=8,
            freelancers=13,
            nomads=10,
            visitors=5,
            network_visitors=4,
        ),
    ),
    Scale.LARGE: ScalePlan(
        LARGE_LAYOUT,
        companies=34,
        administrations=3,
        associations=3,
        members=MemberMix(
            employees=800,
            public_agents=260,
            freelancers=420,
            nomads=300,
            visitors=140,
            network_visitors=80,
        ),
    ),
}
