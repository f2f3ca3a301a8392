"""The resources of format 1.0 and their Table Schemas (https://specs.frictionlessdata.io).

Each resource is one CSV file in ``data/``. Its fields are listed here once; the
writer puts the Table Schema in ``datapackage.json`` for standard tools, and the
reader checks the CSV against this, its own copy, not against the manifest's.
Descriptions are English: they are the format's documentation, not screen text.
Titles are marked for translation because the Network view shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from telecentre_desk.i18n import N_

SUPPRESSION_THRESHOLD = 5  # counts of 1 to 4 people are left empty (suppressed)

ROOM_KINDS = ("open_space", "office", "meeting_room", "visio_room", "lounge")
BOOKED_ROOM_KINDS = ("meeting_room", "visio_room")
BOOKER_TYPES = ("member", "organisation", "network_visitor", "external")
CATEGORIES = ("employee", "freelancer", "nomad", "public_agent", "visitor")
REVENUE_FAMILIES = ("desk", "subscription", "carnet", "meeting_room", "visio_room", "other")
CLOSED_REASONS = ("", "weekly_closing", "public_holiday")
CLEARING_UNITS = ("hour", "half_day", "day")
PSEUDONYM_PATTERN = "^[0-9a-f]{64}$"
CENTRE_CODE_PATTERN = "^[A-Z0-9][A-Z0-9-]{1,19}$"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string, integer, number, boolean, date, yearmonth
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    decimals: int | None = None  # numbers are written with this many decimals
    minimum: int | None = None
    pattern: str | None = None
    since: str = "1.0"  # the format version that added the field

    def descriptor(self) -> dict[str, Any]:
        described: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "description": self.description,
        }
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    title: str  # msgid
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    # The application version from which this resource holds rows (None: from 0.1).
    filled_from: str | None = None

    @property
    def path(self) -> str:
        return f"data/{self.name}.csv"

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"fields": [field.descriptor() for field in self.fields]}
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        schema["missingValues"] = [""]
        return schema


def _count(name: str, description: str) -> Field:
    return Field(name, "integer", description, minimum=0)


CENTRE = ResourceSpec(
    "centre",
    N_("Centre"),
    "One row: the centre, its spaces and its opening hours.",
    (
        Field("centre_code", "string", "Code of the centre in the network directory.",
              required=True, pattern=CENTRE_CODE_PATTERN),
        Field("name", "string", "Name of the centre.", required=True),
        Field("insee_code", "string", "INSEE code of the commune (not the postal code).",
              pattern="^$|^([0-9]{5}|2[AB][0-9]{3})$"),
        _count("desks", "Desks in service at the time of the export."),
        _count("rooms_open_space", "Open-space rooms."),
        _count("rooms_office", "Private offices."),
        _count("rooms_meeting", "Meeting rooms."),
        _count("rooms_visio", "Rooms of the kind visio room."),
        _count("rooms_lounge", "Cafés and lounges."),
        _count("visio_rooms", "Rooms equipped for videoconference (visio rooms, and other "
               "rooms with a videoconference system)."),
        Field("opening_hours", "string", "Weekly opening hours in OpenStreetMap "
              "opening_hours syntax, e.g. Mo-Fr 08:30-18:30."),
        Field("services", "string", "Equipment available in the centre, separated by "
              "semicolons, sorted (printer;screen;visio_system;webcam;whiteboard…)."),
    ),
    ("centre_code",),
)  # fmt: skip

OCCUPANCY = ResourceSpec(
    "occupancy",
    N_("Occupancy"),
    "One row per day of the period: open or closed, people and desk-hours. Presences "
    "still open at the time of the export are not counted.",
    (
        Field("date", "date", "The day (Europe/Paris).", required=True),
        Field("open", "boolean", "Open that day according to the opening hours.",
              required=True),
        Field("closed_reason", "string", "Why the centre was closed: weekly_closing "
              "(not an opening day) or public_holiday; empty when open.",
              enum=CLOSED_REASONS),
        _count("unique_visitors", "Different people present that day."),
        Field("desk_hours_used", "number", "Hours of presence that day, all people "
              "together, in hours with two decimals.", decimals=2, minimum=0),
        Field("desk_hours_available", "number", "Desks in service times opening hours.",
              decimals=2, minimum=0),
        _count("peak", "Most people present at the same moment."),
    ),
    ("date",),
)  # fmt: skip

NETWORK_VISITS = ResourceSpec(
    "network_visits",
    N_("Network visits"),
    "One row per visit of a member of another network centre, for the clearing "
    "between centres. The person appears only as a pseudonym: the HMAC-SHA256 of "
    "their network member id, keyed by the network secret.",
    (
        Field("pseudonym", "string", "HMAC-SHA256 (hex) of the visitor's network member "
              "id, keyed by the network secret; empty when the id is unknown.",
              pattern="^$|" + PSEUDONYM_PATTERN),
        Field("home_centre_code", "string", "Code of the visitor's home centre.",
              required=True, pattern=CENTRE_CODE_PATTERN),
        Field("date", "date", "Day of the visit (Europe/Paris).", required=True),
        Field("duration_minutes", "integer", "Length of the visit in whole minutes.",
              required=True, minimum=0),
        Field("tariff", "string", "Clearing unit the visit counts as.",
              required=True, enum=CLEARING_UNITS),
        Field("quantity", "integer", "Number of units (hours; 1 for a half-day or a day).",
              required=True, minimum=1),
        Field("amount_due", "number", "Amount due by the home centre under the network's "
              "clearing tariff, in euros.", required=True, decimals=2, minimum=0),
    ),
    (),  # one person may visit twice a day for as long: no key
)  # fmt: skip

ROOM_USE = ResourceSpec(
    "room_use",
    N_("Room use"),
    "One row per day, room kind and booker type that had bookings.",
    (
        Field("date", "date", "The day (Europe/Paris).", required=True),
        Field("room_kind", "string", "meeting_room or visio_room.", required=True,
              enum=BOOKED_ROOM_KINDS),
        Field("booker_type", "string", "Who booked.", required=True, enum=BOOKER_TYPES),
        Field("hours_booked", "number", "Hours booked (cancelled bookings excluded).",
              decimals=2, minimum=0),
        _count("bookings", "Bookings held."),
        _count("cancellations", "Bookings cancelled."),
        _count("no_shows", "Bookings nobody came to."),
        Field("suppressed", "boolean", "True when fewer than 5 different people booked: "
              "the figures of the row are then left empty.", required=True),
    ),
    ("date", "room_kind", "booker_type"),
)  # fmt: skip

REVENUE = ResourceSpec(
    "revenue",
    N_("Revenue"),
    "One row per month, family of sale and VAT rate, from issued invoices and "
    "credit notes, in euros.",
    (
        Field("month", "yearmonth", "The month of issue.", required=True),
        Field("family", "string", "Family of what was sold.", required=True,
              enum=REVENUE_FAMILIES),
        Field("vat_rate", "number", "VAT rate in percent (0 when not applicable).",
              required=True, decimals=2, minimum=0),
        Field("net_amount", "number", "Net amount (credit notes deducted).", decimals=2),
        Field("vat_amount", "number", "VAT amount (credit notes deducted).", decimals=2),
        _count("invoices", "Invoices issued."),
        _count("credit_notes", "Credit notes issued."),
        Field("suppressed", "boolean", "True when fewer than 5 different customers: the "
              "figures of the row are then left empty.", required=True),
    ),
    ("month", "family", "vat_rate"),
)  # fmt: skip

MEMBERS_BY_CATEGORY = ResourceSpec(
    "members_by_category",
    N_("Members"),
    "One row per member category: the centre's own members (members of other centres "
    "are counted in network_visits).",
    (
        Field("category", "string", "Member category.", required=True, enum=CATEGORIES),
        _count("registered_members", "Members registered at the end of the period and "
               "not archived; empty when 1 to 4."),
        _count("members_present", "Members present at least once in the period; empty "
               "when 1 to 4."),
        Field("suppressed", "boolean", "True when a count of the row was left empty "
              "because it was 1 to 4 people.", required=True),
    ),
    ("category",),
)  # fmt: skip

RESOURCES: tuple[ResourceSpec, ...] = (
    CENTRE,
    OCCUPANCY,
    NETWORK_VISITS,
    ROOM_USE,
    REVENUE,
    MEMBERS_BY_CATEGORY,
)
BY_NAME: dict[str, ResourceSpec] = {spec.name: spec for spec in RESOURCES}


def suppress(count: int) -> int | None:
    """A count of people as published: ``None`` (left empty) for 1 to 4, else itself."""
    return None if 0 < count < SUPPRESSION_THRESHOLD else count
