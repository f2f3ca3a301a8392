"""A member's personal data: the access-request export and anonymisation (manager only).

Anonymising removes the person (names, contact, address, badge, network number,
commute) and archives the record, but keeps its presences, category and
organisation: the centre's statistics and pay-at-use billing still count them.
Issued invoices carry their own copy of the billing name and address, which the
law requires to be kept for ten years: anonymising a member never touches them.
The audit trail keeps that it happened, not who it was: the identity written in
this member's earlier audit events is blanked as well.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import PARIS, _, current_language
from telecentre_desk.services import audit
from telecentre_desk.services.changes import changed
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import NotFound, ValidationError
from telecentre_desk.services.member_index import MEMBER_ENTITY
from telecentre_desk.services.member_records import (
    ANONYMISE_ACTION,
    MemberResult,
    get_member,
    is_anonymised,
)
from telecentre_desk.services.store import Store
from telecentre_desk.storage.models import AuditEvent, Centre, Member, Presence, User
from telecentre_desk.storage.types import utc_now

# The member fields that say who the person is; blanked by anonymisation.
IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "address_line",
    "postal_code",
    "city",
    "badge_code",
    "network_member_id",
    "commute_distance_km",
    "commute_mode",
)
_REMOVED = "—"


@dataclass(frozen=True)
class DataExport:
    json_path: Path
    summary_path: Path


def export_member_data(store: Store, actor: Actor, member_id: int, target: Path) -> DataExport:
    """Write everything the centre holds about a member: ``target``.json and ``target``.html.

    The JSON is complete and machine-readable; the HTML page says the same for a person.
    """
    require(actor, Permission.PERSONAL_DATA)
    with store.write() as session:  # a write: the export itself is audited
        member = _member(session, member_id)
        data = _collect(session, member)
        audit.record(session, actor, "export_member_data", MEMBER_ENTITY, member_id)
        json_path, summary_path = (
            Path(target).with_suffix(".json"),
            Path(target).with_suffix(".html"),
        )
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        summary_path.write_text(_html(data), encoding="utf-8")
    return DataExport(json_path, summary_path)


def anonymise_member(store: Store, actor: Actor, member_id: int) -> MemberResult:
    require(actor, Permission.PERSONAL_DATA)
    with store.write() as session:
        member = _member(session, member_id)
        if is_anonymised(session, member_id):
            raise ValidationError({"member": _("This member is already anonymised.")})
        open_presence = session.scalar(
            select(Presence.id).where(Presence.member_id == member_id, Presence.ended_at.is_(None))
        )
        if open_presence is not None:
            raise ValidationError(
                {"member": _("This member is checked in. Check them out first, then anonymise.")}
            )
        member.first_name = ""
        member.last_name = anonymous_label(member_id)
        member.email = member.phone = member.address_line = member.postal_code = member.city = ""
        member.badge_code = None
        member.network_member_id = None
        member.commute_distance_km = None
        member.commute_mode = None
        member.consent_commute = False
        member.consent_contact = False
        member.archived = True
        scrubbed = _scrub_audit_trail(session, member_id)
        audit.record(
            session, actor, ANONYMISE_ACTION, MEMBER_ENTITY, member_id, {"blanked_events": scrubbed}
        )
    return MemberResult(get_member(store, member_id), changed(members=[member_id]))


def anonymous_label(member_id: int) -> str:
    return _("Anonymised member no. {number}").format(number=member_id)


def _scrub_audit_trail(session: Session, member_id: int) -> int:
    """Blank the identity in this member's earlier audit events; returns how many changed."""
    count = 0
    events = session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity == MEMBER_ENTITY, AuditEvent.entity_id == str(member_id)
        )
    )
    for event in events:
        changes = dict(event.changes or {})
        touched = False
        for field in IDENTITY_FIELDS:
            if field in changes and changes[field] not in (None, "", [None, None]):
                value = changes[field]
                changes[field] = [_REMOVED, _REMOVED] if isinstance(value, list) else _REMOVED
                touched = True
        if touched:
            event.changes = changes
            count += 1
    return count


def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise NotFound(_("This member does not exist (any more). Refresh the list."))
    return member


def _collect(session: Session, member: Member) -> dict[str, Any]:
    presences = session.scalars(
        select(Presence).where(Presence.member_id == member.id).order_by(Presence.started_at)
    ).all()
    presence_ids = [str(p.id) for p in presences]
    users = {user.id: user.display_name for user in session.scalars(select(User))}
    events = session.scalars(
        select(AuditEvent)
        .where(
            or_(
                (AuditEvent.entity == MEMBER_ENTITY) & (AuditEvent.entity_id == str(member.id)),
                (AuditEvent.entity == "presence") & AuditEvent.entity_id.in_(presence_ids),
            )
        )
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    centre = session.get(Centre, 1)
    organisation = member.organisation
    return {
        "format": "telecentre-desk member data export",
        "version": 1,
        "exported_at": _local(utc_now()),
        "centre": centre.name if centre else "",
        "member": {
            "id": member.id,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "category": member.category.value,
            "category_label": member.category.label,
            "member_since": _local(member.created_at),
            "archived": member.archived,
        },
        "contact": {
            "email": member.email,
            "phone": member.phone,
            "address_line": member.address_line,
            "postal_code": member.postal_code,
            "city": member.city,
        },
        "consents": {
            "contact": member.consent_contact,
            "commute": member.consent_commute,
            "commute_distance_km": _decimal(member.commute_distance_km),
            "commute_mode": member.commute_mode.value if member.commute_mode else None,
        },
        "organisation": {
            "name": organisation.name if organisation else None,
            "billed_to_organisation": member.billed_to_organisation,
        },
        "badge_code": member.badge_code,
        "network": {
            "home_centre_code": member.home_centre_code,
            "network_member_id": member.network_member_id,
        },
        "presences": [
            {
                "started_at": _local(p.started_at),
                "ended_at": _local(p.ended_at) if p.ended_at else None,
                "duration_minutes": (
                    int((p.ended_at - p.started_at).total_seconds() // 60) if p.ended_at else None
                ),
                "desk": p.desk.label if p.desk else None,
                "source": p.source.value,
            }
            for p in presences
        ],
        "audit_events": [
            {
                "at": _local(event.at),
                "action": event.action,
                "by": users.get(event.user_id) if event.user_id else None,
                "changes": event.changes,
            }
            for event in events
        ],
    }


def _local(moment: datetime) -> str:
    return moment.astimezone(PARIS).isoformat(timespec="minutes")


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _yes_no(value: object) -> str:
    return _("yes") if value else _("no")


def _html(data: dict[str, Any]) -> str:
    """A plain page a member can read: the same facts as the JSON, in their language."""
    member, contact, consents = data["member"], data["contact"], data["consents"]
    rows: list[tuple[str, object]] = [
        (_("First name"), member["first_name"]),
        (_("Last name"), member["last_name"]),
        (_("Category"), member["category_label"]),
        (_("Member since"), member["member_since"][:10]),
        (_("E-mail"), contact["email"]),
        (_("Phone"), contact["phone"]),
        (
            _("Address"),
            " ".join(
                filter(None, (contact["address_line"], contact["postal_code"], contact["city"]))
            ),
        ),
        (_("Organisation"), data["organisation"]["name"] or ""),
        (_("Billed to the organisation"), _yes_no(data["organisation"]["billed_to_organisation"])),
        (_("Badge"), data["badge_code"] or ""),
        (_("Home centre (network)"), data["network"]["home_centre_code"] or ""),
        (_("Network member number"), data["network"]["network_member_id"] or ""),
        (_("Agrees to be contacted"), _yes_no(consents["contact"])),
        (_("Agrees to give their commute"), _yes_no(consents["commute"])),
        (_("Commute distance (km)"), consents["commute_distance_km"] or ""),
        (_("Commute mode"), consents["commute_mode"] or ""),
    ]
    identity = "".join(
        f"<tr><th>{html.escape(k)}</th><td>{html.escape(str(v))}</td></tr>" for k, v in rows
    )
    presence_rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(value))}</td>"
            for value in (
                p["started_at"].replace("T", " "),
                (p["ended_at"] or "").replace("T", " "),
                _minutes(p["duration_minutes"]),
                p["desk"] or "",
            )
        )
        + "</tr>"
        for p in data["presences"]
    )
    event_rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{html.escape(str(value))}</td>"
            for value in (e["at"].replace("T", " "), e["action"], e["by"] or "")
        )
        + "</tr>"
        for e in data["audit_events"]
    )
    title = _("Personal data held by {centre}").format(centre=data["centre"])
    return f"""<!DOCTYPE html>
<html lang="{current_language()}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;color:#1b2733}}
table{{border-collapse:collapse;margin-bottom:2em}}th,td{{text-align:left;padding:4px 12px;
border-bottom:1px solid #c9d1d9}}</style></head><body>
<h1>{html.escape(title)}</h1>
<p>{html.escape(_("Exported on {date}.").format(date=data["exported_at"].replace("T", " ")))}</p>
<h2>{html.escape(_("Identity, contact and consents"))}</h2><table>{identity}</table>
<h2>{html.escape(_("Presences"))}</h2>
<table><tr><th>{html.escape(_("Arrival"))}</th><th>{html.escape(_("Departure"))}</th>
<th>{html.escape(_("Duration"))}</th><th>{html.escape(_("Desk"))}</th></tr>{presence_rows}</table>
<h2>{html.escape(_("History of changes"))}</h2>
<table><tr><th>{html.escape(_("When"))}</th><th>{html.escape(_("What"))}</th>
<th>{html.escape(_("By"))}</th></tr>{event_rows}</table>
</body></html>
"""


def _minutes(minutes: int | None) -> str:
    if minutes is None:
        return _("still here")
    return _("{hours} h {minutes}").format(hours=minutes // 60, minutes=f"{minutes % 60:02d}")
