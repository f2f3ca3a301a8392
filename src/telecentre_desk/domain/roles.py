"""Who may do what. The services enforce this; the UI only hides what a role cannot do."""

from __future__ import annotations

from enum import StrEnum

from telecentre_desk.i18n import N_, _


class Role(StrEnum):
    MANAGER = "manager"
    RECEPTIONIST = "receptionist"
    VOLUNTEER = "volunteer"

    @property
    def label(self) -> str:
        return _(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.MANAGER: N_("Manager"),
    Role.RECEPTIONIST: N_("Receptionist"),
    Role.VOLUNTEER: N_("Volunteer"),
}


class Permission(StrEnum):
    CHECK_IN = "check_in"
    MANAGE_MEMBERS = "manage_members"
    BOOK_ROOMS = "book_rooms"
    EDIT_FLOOR_PLAN = "edit_floor_plan"
    MANAGE_USERS = "manage_users"
    EDIT_CENTRE = "edit_centre"
    ISSUE_INVOICES = "issue_invoices"  # billing runs, drafts, issuing, credit notes
    # Taking a payment at the desk (a day pass, an invoice settled in cash) and the
    # desk's daily closing: anyone who may be alone at the desk.
    TAKE_PAYMENTS = "take_payments"
    EXPORT_NETWORK = "export_network"
    # A member's data export (access request) and anonymisation: the manager alone.
    PERSONAL_DATA = "personal_data"


_FRONT_DESK = frozenset(
    {
        Permission.CHECK_IN,
        Permission.MANAGE_MEMBERS,
        Permission.BOOK_ROOMS,
        Permission.TAKE_PAYMENTS,
    }
)

GRANTS: dict[Role, frozenset[Permission]] = {
    Role.MANAGER: frozenset(Permission),
    Role.RECEPTIONIST: _FRONT_DESK,
    Role.VOLUNTEER: frozenset(
        {Permission.CHECK_IN, Permission.BOOK_ROOMS, Permission.TAKE_PAYMENTS}
    ),
}


def can(role: Role, permission: Permission) -> bool:
    return permission in GRANTS[role]
