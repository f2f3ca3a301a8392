"""The demo's companies, administrations and associations, with valid SIRETs."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import product
from typing import Any

from telecentre_desk.domain.kinds import OrganisationKind
from telecentre_desk.services.demo.data import (
    BILLING_MAILBOXES,
    COMMUNES,
    COMPANY_FORMS,
    COMPANY_PLACES,
    COMPANY_STEMS,
    CURATED_ADMINISTRATIONS,
    CURATED_ASSOCIATIONS,
    CURATED_COMPANIES,
    STREETS,
    CuratedOrganisation,
)
from telecentre_desk.services.demo.plans import ScalePlan
from telecentre_desk.services.demo.text import fiction_landline, slug


@dataclass(frozen=True)
class OrganisationDraft:
    """One organisation to insert, and the mail domain its people use."""

    name: str
    kind: OrganisationKind
    domain: str
    pays_for_members: bool
    siret: str
    vat_number: str
    address_line: str
    postal_code: str
    city: str
    phone: str
    billing_email: str
    created_days: int  # days after the centre opened

    def row(self, opened: datetime) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "siret": self.siret,
            "vat_number": self.vat_number,
            "address_line": self.address_line,
            "postal_code": self.postal_code,
            "city": self.city,
            "billing_email": self.billing_email,
            "phone": self.phone,
            "pays_for_members": self.pays_for_members,
            "archived": False,
            "created_at": opened + timedelta(days=self.created_days),
        }


def luhn_complete(digits: str) -> str:
    """``digits`` followed by the check digit that makes the whole number Luhn-valid."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 0:  # these positions are doubled once the check digit is appended
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return digits + str((10 - total % 10) % 10)


def make_siret(rng: random.Random, siren_prefix: str) -> str:
    """A SIREN (Luhn) starting with ``siren_prefix``, then a head-office NIC (Luhn over 14)."""
    body = siren_prefix + "".join(str(rng.randrange(10)) for _ in range(8 - len(siren_prefix)))
    siren = luhn_complete(body)
    nic_body = f"{rng.choice((1, 1, 1, 2, 3)):04d}"
    return luhn_complete(siren + nic_body)


def vat_number(siret: str) -> str:
    """The French intra-EU VAT number of the company: FR + key + SIREN."""
    siren = siret[:9]
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def plan_organisations(rng: random.Random, plan: ScalePlan) -> list[OrganisationDraft]:
    """The curated organisations first, then generated companies up to the plan's count."""
    sources = (
        _companies(rng, plan.companies)
        + list(CURATED_ADMINISTRATIONS[: plan.administrations])
        + list(CURATED_ASSOCIATIONS[: plan.associations])
    )
    return [_draft(rng, source) for source in sources]


def _companies(rng: random.Random, count: int) -> list[CuratedOrganisation]:
    curated = list(CURATED_COMPANIES[:count])
    extra = count - len(curated)
    if extra <= 0:
        return curated
    names = rng.sample(list(product(COMPANY_STEMS, COMPANY_PLACES)), extra)
    for stem, place in names:
        form = rng.choice(COMPANY_FORMS)
        domain = f"{slug(stem)}-{slug(place, drop_articles=True)}.example"
        prefix = str(rng.randint(31, 98))
        curated.append(
            CuratedOrganisation(
                f"{stem} {place} {form}",
                OrganisationKind.COMPANY,
                domain,
                pays_for_members=rng.random() < 0.5,
                siren_prefix=prefix,
            )
        )
    return curated


def _draft(rng: random.Random, source: CuratedOrganisation) -> OrganisationDraft:
    commune = rng.choice(COMMUNES[1:])  # organisations sit in the nearby communes
    siret = make_siret(rng, source.siren_prefix)
    liable = source.kind is OrganisationKind.COMPANY
    return OrganisationDraft(
        name=source.name,
        kind=source.kind,
        domain=source.domain,
        pays_for_members=source.pays_for_members,
        siret=siret,
        vat_number=vat_number(siret) if liable else "",
        address_line=f"{rng.randint(1, 80)} {rng.choice(STREETS)}",
        postal_code=commune.postal_code,
        city=commune.name,
        phone=fiction_landline(rng),
        billing_email=f"{rng.choice(BILLING_MAILBOXES)}@{source.domain}",
        created_days=rng.randrange(0, 1200),
    )
