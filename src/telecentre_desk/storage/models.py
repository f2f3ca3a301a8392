"""The centre's data model (foundation tables). Later features add tables by migration."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from telecentre_desk.domain.kinds import (
    CommuteMode,
    DeskKind,
    MemberCategory,
    OrganisationKind,
    PresenceSource,
    RoomKind,
    VatMode,
)
from telecentre_desk.domain.roles import Role
from telecentre_desk.storage.base import Base, enum_column
from telecentre_desk.storage.types import UTCDateTime, utc_now


class Centre(Base):
    """The single row describing this installation."""

    __tablename__ = "centre"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(200))
    legal_form: Mapped[str] = mapped_column(String(100), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    insee_code: Mapped[str] = mapped_column(String(5), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    siret: Mapped[str] = mapped_column(String(14), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    vat_mode: Mapped[VatMode] = mapped_column(enum_column(VatMode, "vat_mode"))
    opening_hours: Mapped[dict[str, Any]] = mapped_column(JSON)
    time_zone: Mapped[str] = mapped_column(String(64), default="Europe/Paris")
    network_centre_code: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class Floor(Base):
    __tablename__ = "floor"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[int] = mapped_column(Integer, default=0)
    # Plan size in centimetres (scene units are centimetres of the real floor).
    plan_width_cm: Mapped[int] = mapped_column(Integer, default=2000)
    plan_height_cm: Mapped[int] = mapped_column(Integer, default=1200)

    rooms: Mapped[list[Room]] = relationship(back_populates="floor", order_by="Room.id")


class FloorBackground(Base):
    """A scanned plan under a floor: the image itself, and where it sits in centimetres."""

    __tablename__ = "floor_background"
    __table_args__ = (CheckConstraint("cm_per_pixel > 0", name="scale_positive"),)

    floor_id: Mapped[int] = mapped_column(
        ForeignKey("floor.id", ondelete="CASCADE"), primary_key=True
    )
    image: Mapped[bytes] = mapped_column(LargeBinary)
    media_type: Mapped[str] = mapped_column(String(50))
    cm_per_pixel: Mapped[float] = mapped_column(Float, default=1.0)
    offset_x_cm: Mapped[float] = mapped_column(Float, default=0.0)
    offset_y_cm: Mapped[float] = mapped_column(Float, default=0.0)


class Room(Base):
    __tablename__ = "room"
    __table_args__ = (CheckConstraint("capacity >= 0", name="capacity_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    floor_id: Mapped[int] = mapped_column(ForeignKey("floor.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[RoomKind] = mapped_column(enum_column(RoomKind, "room_kind"))
    capacity: Mapped[int] = mapped_column(Integer, default=0)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Outline on the plan, in centimetres: a rectangle, or a polygon when `outline` is set
    # (a list of [x, y] points relative to (x_cm, y_cm)).
    x_cm: Mapped[float] = mapped_column(Float, default=0.0)
    y_cm: Mapped[float] = mapped_column(Float, default=0.0)
    width_cm: Mapped[float] = mapped_column(Float, default=400.0)
    height_cm: Mapped[float] = mapped_column(Float, default=300.0)
    outline: Mapped[list[list[float]] | None] = mapped_column(JSON)

    floor: Mapped[Floor] = relationship(back_populates="rooms")
    desks: Mapped[list[Desk]] = relationship(back_populates="room", order_by="Desk.id")


class Desk(Base):
    __tablename__ = "desk"
    __table_args__ = (UniqueConstraint("room_id", "label", name="label_in_room"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(ForeignKey("room.id", ondelete="RESTRICT"), index=True)
    label: Mapped[str] = mapped_column(String(20))
    kind: Mapped[DeskKind] = mapped_column(enum_column(DeskKind, "desk_kind"))
    out_of_service: Mapped[bool] = mapped_column(Boolean, default=False)
    # The member who holds this fixed desk (subscription "poste fixe"), if any.
    holder_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL"), index=True
    )
    # Centre of the desk on the plan, its size and rotation (degrees, clockwise).
    x_cm: Mapped[float] = mapped_column(Float, default=0.0)
    y_cm: Mapped[float] = mapped_column(Float, default=0.0)
    width_cm: Mapped[float] = mapped_column(Float, default=140.0)
    depth_cm: Mapped[float] = mapped_column(Float, default=70.0)
    rotation_deg: Mapped[float] = mapped_column(Float, default=0.0)

    room: Mapped[Room] = relationship(back_populates="desks")


class Organisation(Base):
    """A company, administration or association that may pay for its people."""

    __tablename__ = "organisation"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[OrganisationKind] = mapped_column(enum_column(OrganisationKind, "org_kind"))
    siret: Mapped[str] = mapped_column(String(14), default="")
    vat_number: Mapped[str] = mapped_column(String(20), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    billing_email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    pays_for_members: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    members: Mapped[list[Member]] = relationship(back_populates="organisation")


class Member(Base):
    """A person who uses the centre; commute data only exists with the member's consent."""

    __tablename__ = "member"
    __table_args__ = (
        CheckConstraint(
            "consent_commute OR (commute_distance_km IS NULL AND commute_mode IS NULL)",
            name="commute_needs_consent",
        ),
        CheckConstraint(
            "commute_distance_km IS NULL OR commute_distance_km >= 0", name="commute_not_negative"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(100))
    last_name: Mapped[str] = mapped_column(String(100), index=True)
    category: Mapped[MemberCategory] = mapped_column(enum_column(MemberCategory, "member_category"))
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="RESTRICT"), index=True
    )
    email: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address_line: Mapped[str] = mapped_column(String(200), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    badge_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    home_centre_code: Mapped[str | None] = mapped_column(String(20))
    network_member_id: Mapped[str | None] = mapped_column(String(64))
    consent_commute: Mapped[bool] = mapped_column(Boolean, default=False)
    commute_distance_km: Mapped[Decimal | None] = mapped_column(Numeric(6, 1))
    commute_mode: Mapped[CommuteMode | None] = mapped_column(enum_column(CommuteMode, "commute"))
    consent_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    # Pay-at-use billed to the organisation (its contract) rather than to the person.
    billed_to_organisation: Mapped[bool] = mapped_column(Boolean, default=False)
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)

    organisation: Mapped[Organisation | None] = relationship(back_populates="members")


class Presence(Base):
    """One check-in to check-out interval of a member, in UTC.

    A member has at most one open presence and a desk at most one occupant: partial
    unique indexes make a double scan or two PCs checking in at once give one presence.
    """

    __tablename__ = "presence"
    __table_args__ = (
        CheckConstraint("ended_at IS NULL OR ended_at >= started_at", name="ends_after_start"),
        Index(
            "uq_presence_open_member",
            "member_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL"),
            postgresql_where=text("ended_at IS NULL"),
        ),
        Index(
            "uq_presence_open_desk",
            "desk_id",
            unique=True,
            sqlite_where=text("ended_at IS NULL AND desk_id IS NOT NULL"),
            postgresql_where=text("ended_at IS NULL AND desk_id IS NOT NULL"),
        ),
        Index("ix_presence_started_at", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="RESTRICT"))
    desk_id: Mapped[int | None] = mapped_column(ForeignKey("desk.id", ondelete="RESTRICT"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    planned_end: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[PresenceSource] = mapped_column(enum_column(PresenceSource, "source"))
    # Closed by the closing-time sweep rather than by a person: to be reviewed.
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    entered_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    note: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship()
    desk: Mapped[Desk | None] = relationship()


class User(Base):
    """Someone who signs in at the desk; the secret is stored only as an scrypt hash."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(50), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"))
    secret_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AuditEvent(Base):
    """Who did what, when, and what changed (old and new values)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="RESTRICT"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AppSetting(Base):
    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
