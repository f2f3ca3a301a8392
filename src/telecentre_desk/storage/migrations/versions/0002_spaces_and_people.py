"""Floors, rooms and desks; organisations and members.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "floor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_floor")),
    )
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "company",
                "administration",
                "association",
                name="org_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("siret", sa.String(length=14), nullable=False),
        sa.Column("vat_number", sa.String(length=20), nullable=False),
        sa.Column("address_line", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("billing_email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("pays_for_members", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_name"), ["name"], unique=False)
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=100), nullable=False),
        sa.Column("last_name", sa.String(length=100), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "employee",
                "freelancer",
                "nomad",
                "public_agent",
                "visitor",
                name="member_category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("address_line", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=10), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("badge_code", sa.String(length=64), nullable=True),
        sa.Column("home_centre_code", sa.String(length=20), nullable=True),
        sa.Column("network_member_id", sa.String(length=64), nullable=True),
        sa.Column("consent_commute", sa.Boolean(), nullable=False),
        sa.Column("commute_distance_km", sa.Numeric(precision=6, scale=1), nullable=True),
        sa.Column(
            "commute_mode",
            sa.Enum(
                "car",
                "carpool",
                "public_transport",
                "bicycle",
                "walking",
                "other",
                name="commute",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("consent_contact", sa.Boolean(), nullable=False),
        sa.Column("archived", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "commute_distance_km IS NULL OR commute_distance_km >= 0",
            name=op.f("ck_member_commute_not_negative"),
        ),
        sa.CheckConstraint(
            "consent_commute OR (commute_distance_km IS NULL AND commute_mode IS NULL)",
            name=op.f("ck_member_commute_needs_consent"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_member_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("badge_code", name=op.f("uq_member_badge_code")),
    )
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_member_last_name"), ["last_name"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_member_organisation_id"), ["organisation_id"], unique=False
        )
    op.create_table(
        "room",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("floor_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "open_space",
                "office",
                "meeting_room",
                "visio_room",
                "lounge",
                name="room_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.CheckConstraint("capacity >= 0", name=op.f("ck_room_capacity_not_negative")),
        sa.ForeignKeyConstraint(
            ["floor_id"], ["floor.id"], name=op.f("fk_room_floor_id_floor"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_room")),
    )
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_room_floor_id"), ["floor_id"], unique=False)
    op.create_table(
        "desk",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=20), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "hot_desk",
                "fixed_desk",
                "office_seat",
                name="desk_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("out_of_service", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_desk_room_id_room"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk")),
        sa.UniqueConstraint("room_id", "label", name="label_in_room"),
    )
    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_desk_room_id"), ["room_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_desk_room_id"))
    op.drop_table("desk")
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_room_floor_id"))
    op.drop_table("room")
    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_member_last_name"))
    op.drop_table("member")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_name"))
    op.drop_table("organisation")
    op.drop_table("floor")
