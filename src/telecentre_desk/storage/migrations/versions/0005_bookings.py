"""Room bookings: bookings and their guests, repeating series and their skipped dates,
exceptional closures, each room's booking settings; consumption of a booking as well as
of a presence.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "booking_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column(
            "frequency",
            sa.Enum(
                "weekly",
                "monthly",
                name="frequency",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("interval", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=False),
        sa.Column("start_time", sa.Time(), nullable=False),
        sa.Column("end_time", sa.Time(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("last_weekday", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "(until IS NULL) <> (count IS NULL)", name=op.f("ck_booking_series_until_or_count")
        ),
        sa.CheckConstraint(
            "count IS NULL OR count >= 1", name=op.f("ck_booking_series_count_positive")
        ),
        sa.CheckConstraint(
            "end_time > start_time", name=op.f("ck_booking_series_ends_after_start")
        ),
        sa.CheckConstraint("interval >= 1", name=op.f("ck_booking_series_interval_positive")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["app_user.id"],
            name=op.f("fk_booking_series_created_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["room.id"],
            name=op.f("fk_booking_series_room_id_room"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_series")),
    )
    with op.batch_alter_table("booking_series", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_series_room_id"), ["room_id"], unique=False)

    op.create_table(
        "closure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_closure_ends_after_start")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["app_user.id"],
            name=op.f("fk_closure_created_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_closure_room_id_room"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closure")),
    )
    with op.batch_alter_table("closure", schema=None) as batch_op:
        batch_op.create_index("ix_closure_ends_at", ["ends_at"], unique=False)

    op.create_table(
        "room_booking_settings",
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("bookable", sa.Boolean(), nullable=False),
        sa.Column("setup_minutes", sa.Integer(), nullable=False),
        sa.Column("cleanup_minutes", sa.Integer(), nullable=False),
        sa.Column("hour_tariff_id", sa.Integer(), nullable=True),
        sa.Column("half_day_tariff_id", sa.Integer(), nullable=True),
        sa.Column("day_tariff_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "setup_minutes BETWEEN 0 AND 240 AND cleanup_minutes BETWEEN 0 AND 240",
            name=op.f("ck_room_booking_settings_buffers_range"),
        ),
        sa.ForeignKeyConstraint(
            ["day_tariff_id"],
            ["tariff.id"],
            name=op.f("fk_room_booking_settings_day_tariff_id_tariff"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["half_day_tariff_id"],
            ["tariff.id"],
            name=op.f("fk_room_booking_settings_half_day_tariff_id_tariff"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["hour_tariff_id"],
            ["tariff.id"],
            name=op.f("fk_room_booking_settings_hour_tariff_id_tariff"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"],
            ["room.id"],
            name=op.f("fk_room_booking_settings_room_id_room"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("room_id", name=op.f("pk_room_booking_settings")),
    )
    op.create_table(
        "booking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room_id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("occurrence_date", sa.Date(), nullable=True),
        sa.Column("detached", sa.Boolean(), nullable=False),
        sa.Column("starts_at", sa.DateTime(), nullable=False),
        sa.Column("ends_at", sa.DateTime(), nullable=False),
        sa.Column("held_from", sa.DateTime(), nullable=False),
        sa.Column("held_until", sa.DateTime(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "tentative",
                "confirmed",
                "cancelled",
                "no_show",
                name="booking_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=200), nullable=False),
        sa.Column("contact_phone", sa.String(length=30), nullable=False),
        sa.Column("attendees", sa.Integer(), nullable=False),
        sa.Column("equipment", sa.JSON(), nullable=False),
        sa.Column("meeting_link", sa.String(length=500), nullable=False),
        sa.Column("volunteer_help", sa.Boolean(), nullable=False),
        sa.Column("test_call_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("closed_override", sa.String(length=300), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(), nullable=True),
        sa.Column("cancelled_late", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "member_id IS NOT NULL OR organisation_id IS NOT NULL OR contact_name <> ''",
            name=op.f("ck_booking_has_organiser"),
        ),
        sa.CheckConstraint("attendees >= 1", name=op.f("ck_booking_attendees_positive")),
        sa.CheckConstraint("ends_at > starts_at", name=op.f("ck_booking_ends_after_start")),
        sa.CheckConstraint(
            "held_from <= starts_at AND held_until >= ends_at",
            name=op.f("ck_booking_held_covers_booking"),
        ),
        sa.CheckConstraint(
            "member_id IS NULL OR organisation_id IS NULL", name=op.f("ck_booking_one_organiser")
        ),
        sa.CheckConstraint(
            "series_id IS NULL OR occurrence_date IS NOT NULL",
            name=op.f("ck_booking_occurrence_dated"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["app_user.id"],
            name=op.f("fk_booking_created_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_booking_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_booking_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["room_id"], ["room.id"], name=op.f("fk_booking_room_id_room"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["booking_series.id"],
            name=op.f("fk_booking_series_id_booking_series"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking")),
        sa.UniqueConstraint("series_id", "occurrence_date", name=op.f("uq_booking_series_id")),
    )
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_booking_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_booking_room_held", ["room_id", "held_from"], unique=False)
        batch_op.create_index("ix_booking_starts_at", ["starts_at"], unique=False)

    op.create_table(
        "series_exception",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series_id", sa.Integer(), nullable=False),
        sa.Column("on_date", sa.Date(), nullable=False),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["booking_series.id"],
            name=op.f("fk_series_exception_series_id_booking_series"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_series_exception")),
        sa.UniqueConstraint("series_id", "on_date", name=op.f("uq_series_exception_series_id")),
    )
    op.create_table(
        "booking_guest",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("booking_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("remote", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booking_id"],
            ["booking.id"],
            name=op.f("fk_booking_guest_booking_id_booking"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_booking_guest")),
    )
    with op.batch_alter_table("booking_guest", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_booking_guest_booking_id"), ["booking_id"], unique=False
        )

    with op.batch_alter_table("consumption", schema=None) as batch_op:
        batch_op.add_column(sa.Column("booking_id", sa.Integer(), nullable=True))
        batch_op.alter_column("presence_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.alter_column("member_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_consumption_booking_id"), ["booking_id"])
        batch_op.create_foreign_key(
            batch_op.f("fk_consumption_booking_id_booking"),
            "booking",
            ["booking_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_consumption_presence_or_booking"),
            "(presence_id IS NULL) <> (booking_id IS NULL)",
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_consumption_presence_member"),
            "presence_id IS NULL OR member_id IS NOT NULL",
        )


def downgrade() -> None:
    # What bookings consumed cannot be kept without its booking.
    op.execute("DELETE FROM consumption WHERE booking_id IS NOT NULL")
    with op.batch_alter_table("consumption", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_consumption_presence_member"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_consumption_presence_or_booking"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_consumption_booking_id_booking"), type_="foreignkey"
        )
        batch_op.drop_constraint(batch_op.f("uq_consumption_booking_id"), type_="unique")
        batch_op.alter_column("member_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.alter_column("presence_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("booking_id")

    with op.batch_alter_table("booking_guest", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_guest_booking_id"))

    op.drop_table("booking_guest")
    op.drop_table("series_exception")
    with op.batch_alter_table("booking", schema=None) as batch_op:
        batch_op.drop_index("ix_booking_starts_at")
        batch_op.drop_index("ix_booking_room_held")
        batch_op.drop_index(batch_op.f("ix_booking_member_id"))

    op.drop_table("booking")
    op.drop_table("room_booking_settings")
    with op.batch_alter_table("closure", schema=None) as batch_op:
        batch_op.drop_index("ix_closure_ends_at")

    op.drop_table("closure")
    with op.batch_alter_table("booking_series", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_booking_series_room_id"))

    op.drop_table("booking_series")
