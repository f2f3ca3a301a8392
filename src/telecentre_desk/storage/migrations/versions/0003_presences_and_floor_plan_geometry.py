"""Presences (check-in intervals), plan geometry of rooms and desks, fixed-desk holders.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "floor_background",
        sa.Column("floor_id", sa.Integer(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.Column("media_type", sa.String(length=50), nullable=False),
        sa.Column("cm_per_pixel", sa.Float(), nullable=False),
        sa.Column("offset_x_cm", sa.Float(), nullable=False),
        sa.Column("offset_y_cm", sa.Float(), nullable=False),
        sa.CheckConstraint("cm_per_pixel > 0", name=op.f("ck_floor_background_scale_positive")),
        sa.ForeignKeyConstraint(
            ["floor_id"],
            ["floor.id"],
            name=op.f("fk_floor_background_floor_id_floor"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("floor_id", name=op.f("pk_floor_background")),
    )
    op.create_table(
        "presence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=True),
        sa.Column("planned_end", sa.DateTime(), nullable=True),
        sa.Column(
            "source",
            sa.Enum(
                "desk",
                "plan",
                "kiosk",
                "paper",
                name="source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("entered_by", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "ended_at IS NULL OR ended_at >= started_at", name=op.f("ck_presence_ends_after_start")
        ),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desk.id"], name=op.f("fk_presence_desk_id_desk"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["entered_by"],
            ["app_user.id"],
            name=op.f("fk_presence_entered_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_presence_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_presence")),
    )
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.create_index("ix_presence_started_at", ["started_at"], unique=False)
        batch_op.create_index(
            "uq_presence_open_desk",
            ["desk_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL AND desk_id IS NOT NULL"),
            postgresql_where=sa.text("ended_at IS NULL AND desk_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_presence_open_member",
            ["member_id"],
            unique=True,
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )

    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("holder_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("x_cm", sa.Float(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(
            sa.Column("y_cm", sa.Float(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(
            sa.Column("width_cm", sa.Float(), nullable=False, server_default=sa.text("140"))
        )
        batch_op.add_column(
            sa.Column("depth_cm", sa.Float(), nullable=False, server_default=sa.text("70"))
        )
        batch_op.add_column(
            sa.Column("rotation_deg", sa.Float(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.create_index(batch_op.f("ix_desk_holder_id"), ["holder_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_desk_holder_id_member"),
            "member",
            ["holder_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("floor", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("plan_width_cm", sa.Integer(), nullable=False, server_default=sa.text("2000"))
        )
        batch_op.add_column(
            sa.Column(
                "plan_height_cm", sa.Integer(), nullable=False, server_default=sa.text("1200")
            )
        )

    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "billed_to_organisation", sa.Boolean(), nullable=False, server_default=sa.text("0")
            )
        )

    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("x_cm", sa.Float(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(
            sa.Column("y_cm", sa.Float(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(
            sa.Column("width_cm", sa.Float(), nullable=False, server_default=sa.text("400"))
        )
        batch_op.add_column(
            sa.Column("height_cm", sa.Float(), nullable=False, server_default=sa.text("300"))
        )
        batch_op.add_column(sa.Column("outline", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("room", schema=None) as batch_op:
        batch_op.drop_column("outline")
        batch_op.drop_column("height_cm")
        batch_op.drop_column("width_cm")
        batch_op.drop_column("y_cm")
        batch_op.drop_column("x_cm")

    with op.batch_alter_table("member", schema=None) as batch_op:
        batch_op.drop_column("billed_to_organisation")

    with op.batch_alter_table("floor", schema=None) as batch_op:
        batch_op.drop_column("plan_height_cm")
        batch_op.drop_column("plan_width_cm")

    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_desk_holder_id_member"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_desk_holder_id"))
        batch_op.drop_column("rotation_deg")
        batch_op.drop_column("depth_cm")
        batch_op.drop_column("width_cm")
        batch_op.drop_column("y_cm")
        batch_op.drop_column("x_cm")
        batch_op.drop_column("holder_id")

    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_presence_open_member",
            sqlite_where=sa.text("ended_at IS NULL"),
            postgresql_where=sa.text("ended_at IS NULL"),
        )
        batch_op.drop_index(
            "uq_presence_open_desk",
            sqlite_where=sa.text("ended_at IS NULL AND desk_id IS NOT NULL"),
            postgresql_where=sa.text("ended_at IS NULL AND desk_id IS NOT NULL"),
        )
        batch_op.drop_index("ix_presence_started_at")

    op.drop_table("presence")
    op.drop_table("floor_background")
