"""Network coordinator: the exchange bundles centres send, imported with their checked
resources (centre profile, occupancy per day, visits between centres, room use, revenue,
members by category) in typed, indexed tables for the dashboard and the clearing.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "network_bundle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("centre_code", sa.String(length=20), nullable=False),
        sa.Column("centre_name", sa.String(length=200), nullable=False),
        sa.Column("period_label", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("format_version", sa.String(length=10), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("signer_fingerprint", sa.String(length=100), nullable=False),
        sa.Column("created", sa.String(length=40), nullable=False),
        sa.Column("generator", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_network_bundle_period_in_order")
        ),
        sa.ForeignKeyConstraint(
            ["imported_by"],
            ["app_user.id"],
            name=op.f("fk_network_bundle_imported_by_app_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_bundle")),
        sa.UniqueConstraint(
            "centre_code", "period_label", name=op.f("uq_network_bundle_centre_code")
        ),
    )
    op.create_table(
        "network_centre_profile",
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("centre_code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("insee_code", sa.String(length=5), nullable=False),
        sa.Column("desks", sa.Integer(), nullable=True),
        sa.Column("rooms_open_space", sa.Integer(), nullable=True),
        sa.Column("rooms_office", sa.Integer(), nullable=True),
        sa.Column("rooms_meeting", sa.Integer(), nullable=True),
        sa.Column("rooms_visio", sa.Integer(), nullable=True),
        sa.Column("rooms_lounge", sa.Integer(), nullable=True),
        sa.Column("visio_rooms", sa.Integer(), nullable=True),
        sa.Column("opening_hours", sa.String(length=500), nullable=False),
        sa.Column("services", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["network_bundle.id"],
            name=op.f("fk_network_centre_profile_bundle_id_network_bundle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bundle_id", name=op.f("pk_network_centre_profile")),
    )
    with op.batch_alter_table("network_centre_profile", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_network_centre_profile_centre_code"), ["centre_code"], unique=False
        )

    op.create_table(
        "network_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("centre_code", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("registered_members", sa.Integer(), nullable=True),
        sa.Column("members_present", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["network_bundle.id"],
            name=op.f("fk_network_members_bundle_id_network_bundle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_members")),
        sa.UniqueConstraint("bundle_id", "category", name=op.f("uq_network_members_bundle_id")),
    )
    with op.batch_alter_table("network_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_network_members_centre_code"), ["centre_code"], unique=False
        )

    op.create_table(
        "network_occupancy_day",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("centre_code", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("open", sa.Boolean(), nullable=False),
        sa.Column("closed_reason", sa.String(length=20), nullable=False),
        sa.Column("unique_visitors", sa.Integer(), nullable=True),
        sa.Column("desk_hours_used", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("desk_hours_available", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("peak", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["network_bundle.id"],
            name=op.f("fk_network_occupancy_day_bundle_id_network_bundle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_occupancy_day")),
        sa.UniqueConstraint("bundle_id", "day", name=op.f("uq_network_occupancy_day_bundle_id")),
    )
    with op.batch_alter_table("network_occupancy_day", schema=None) as batch_op:
        batch_op.create_index(
            "ix_network_occupancy_day_centre_day", ["centre_code", "day"], unique=False
        )

    op.create_table(
        "network_revenue",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("centre_code", sa.String(length=20), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("family", sa.String(length=20), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("net_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("vat_amount", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("invoices", sa.Integer(), nullable=True),
        sa.Column("credit_notes", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["network_bundle.id"],
            name=op.f("fk_network_revenue_bundle_id_network_bundle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_revenue")),
        sa.UniqueConstraint(
            "bundle_id", "month", "family", "vat_rate", name=op.f("uq_network_revenue_bundle_id")
        ),
    )
    with op.batch_alter_table("network_revenue", schema=None) as batch_op:
        batch_op.create_index(
            "ix_network_revenue_centre_month", ["centre_code", "month"], unique=False
        )

    op.create_table(
        "network_room_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("centre_code", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("room_kind", sa.String(length=20), nullable=False),
        sa.Column("booker_type", sa.String(length=20), nullable=False),
        sa.Column("hours_booked", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("bookings", sa.Integer(), nullable=True),
        sa.Column("cancellations", sa.Integer(), nullable=True),
        sa.Column("no_shows", sa.Integer(), nullable=True),
        sa.Column("suppressed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["network_bundle.id"],
            name=op.f("fk_network_room_use_bundle_id_network_bundle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_room_use")),
        sa.UniqueConstraint(
            "bundle_id",
            "day",
            "room_kind",
            "booker_type",
            name=op.f("uq_network_room_use_bundle_id"),
        ),
    )
    with op.batch_alter_table("network_room_use", schema=None) as batch_op:
        batch_op.create_index(
            "ix_network_room_use_centre_day", ["centre_code", "day"], unique=False
        )

    op.create_table(
        "network_visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bundle_id", sa.Integer(), nullable=False),
        sa.Column("host_centre_code", sa.String(length=20), nullable=False),
        sa.Column("home_centre_code", sa.String(length=20), nullable=False),
        sa.Column("pseudonym", sa.String(length=64), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("tariff", sa.String(length=10), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount_due", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["bundle_id"],
            ["network_bundle.id"],
            name=op.f("fk_network_visit_bundle_id_network_bundle"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network_visit")),
    )
    with op.batch_alter_table("network_visit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_network_visit_bundle_id"), ["bundle_id"], unique=False)
        batch_op.create_index(
            "ix_network_visit_day_centres",
            ["day", "home_centre_code", "host_centre_code"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("network_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_network_visit_day_centres")
        batch_op.drop_index(batch_op.f("ix_network_visit_bundle_id"))

    op.drop_table("network_visit")
    with op.batch_alter_table("network_room_use", schema=None) as batch_op:
        batch_op.drop_index("ix_network_room_use_centre_day")

    op.drop_table("network_room_use")
    with op.batch_alter_table("network_revenue", schema=None) as batch_op:
        batch_op.drop_index("ix_network_revenue_centre_month")

    op.drop_table("network_revenue")
    with op.batch_alter_table("network_occupancy_day", schema=None) as batch_op:
        batch_op.drop_index("ix_network_occupancy_day_centre_day")

    op.drop_table("network_occupancy_day")
    with op.batch_alter_table("network_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_members_centre_code"))

    op.drop_table("network_members")
    with op.batch_alter_table("network_centre_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_centre_profile_centre_code"))

    op.drop_table("network_centre_profile")
    op.drop_table("network_bundle")
