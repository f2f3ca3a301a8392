"""The vocabulary of the centre: kinds of rooms, desks, members and VAT modes.

Values are stored in the database; labels are translated where they are shown.
"""

from __future__ import annotations

from enum import StrEnum

from telecentre_desk.i18n import N_, _


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        return _(_LABELS[self])


class VatMode(_Labelled):
    LIABLE = "liable"  # assujetti, 20 %
    FRANCHISE = "franchise"  # franchise en base, art. 293 B du CGI
    ASSOCIATION_EXEMPT = "association_exempt"


class RoomKind(_Labelled):
    OPEN_SPACE = "open_space"
    OFFICE = "office"
    MEETING_ROOM = "meeting_room"
    VISIO_ROOM = "visio_room"
    LOUNGE = "lounge"


class DeskKind(_Labelled):
    HOT_DESK = "hot_desk"
    FIXED_DESK = "fixed_desk"
    OFFICE_SEAT = "office_seat"


class MemberCategory(_Labelled):
    EMPLOYEE = "employee"
    FREELANCER = "freelancer"
    NOMAD = "nomad"
    PUBLIC_AGENT = "public_agent"
    VISITOR = "visitor"


class OrganisationKind(_Labelled):
    COMPANY = "company"
    ADMINISTRATION = "administration"
    ASSOCIATION = "association"


class CommuteMode(_Labelled):
    CAR = "car"
    CARPOOL = "carpool"
    PUBLIC_TRANSPORT = "public_transport"
    BICYCLE = "bicycle"
    WALKING = "walking"
    OTHER = "other"


class PresenceSource(_Labelled):
    DESK = "desk"  # typed or scanned at the front desk
    PLAN = "plan"  # seated from the floor plan
    KIOSK = "kiosk"  # self check-in
    PAPER = "paper"  # entered afterwards from the paper sheet


class Equipment(_Labelled):
    VISIO_SYSTEM = "visio_system"
    SCREEN = "screen"
    WEBCAM = "webcam"
    SPEAKERPHONE = "speakerphone"
    WHITEBOARD = "whiteboard"
    PRINTER = "printer"


_LABELS: dict[StrEnum, str] = {
    VatMode.LIABLE: N_("Liable to VAT"),
    VatMode.FRANCHISE: N_("VAT-free small business (art. 293 B du CGI)"),
    VatMode.ASSOCIATION_EXEMPT: N_("Exempt association"),
    RoomKind.OPEN_SPACE: N_("Open space"),
    RoomKind.OFFICE: N_("Private office"),
    RoomKind.MEETING_ROOM: N_("Meeting room"),
    RoomKind.VISIO_ROOM: N_("Visio room"),
    RoomKind.LOUNGE: N_("Café / lounge"),
    DeskKind.HOT_DESK: N_("Hot desk"),
    DeskKind.FIXED_DESK: N_("Fixed desk"),
    DeskKind.OFFICE_SEAT: N_("Office seat"),
    MemberCategory.EMPLOYEE: N_("Employee"),
    MemberCategory.FREELANCER: N_("Freelancer or founder"),
    MemberCategory.NOMAD: N_("Nomad worker"),
    MemberCategory.PUBLIC_AGENT: N_("Public agent"),
    MemberCategory.VISITOR: N_("Visitor"),
    OrganisationKind.COMPANY: N_("Company"),
    OrganisationKind.ADMINISTRATION: N_("Administration"),
    OrganisationKind.ASSOCIATION: N_("Association"),
    CommuteMode.CAR: N_("Car"),
    CommuteMode.CARPOOL: N_("Carpool"),
    CommuteMode.PUBLIC_TRANSPORT: N_("Public transport"),
    CommuteMode.BICYCLE: N_("Bicycle"),
    CommuteMode.WALKING: N_("Walking"),
    CommuteMode.OTHER: N_("Other"),
    PresenceSource.DESK: N_("Front desk"),
    PresenceSource.PLAN: N_("Floor plan"),
    PresenceSource.KIOSK: N_("Kiosk"),
    PresenceSource.PAPER: N_("Paper sheet"),
    Equipment.VISIO_SYSTEM: N_("Videoconference system"),
    Equipment.SCREEN: N_("Screen"),
    Equipment.WEBCAM: N_("Webcam"),
    Equipment.SPEAKERPHONE: N_("Speakerphone"),
    Equipment.WHITEBOARD: N_("Whiteboard"),
    Equipment.PRINTER: N_("Printer"),
}
