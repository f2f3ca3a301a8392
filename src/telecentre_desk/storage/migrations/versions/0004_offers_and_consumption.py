"""Offers and consumption: tariffs, contract prices, subscriptions, carnets and their
uses, what each presence consumes, shift hand-over notes; a walk-in's tariff and company.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tariff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "hour",
                "half_day",
                "day",
                "carnet",
                "monthly_flex",
                "monthly_fixed",
                name="tariff_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("member_price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("non_member_price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.Column("validity_days", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "member_price >= 0 AND non_member_price >= 0",
            name=op.f("ck_tariff_prices_not_negative"),
        ),
        sa.CheckConstraint("units >= 1", name=op.f("ck_tariff_units_positive")),
        sa.CheckConstraint(
            "vat_rate >= 0 AND vat_rate < 100", name=op.f("ck_tariff_vat_rate_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tariff")),
    )
    op.create_table(
        "contract_price",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=False),
        sa.Column("price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.CheckConstraint("price >= 0", name=op.f("ck_contract_price_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_contract_price_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tariff_id"],
            ["tariff.id"],
            name=op.f("fk_contract_price_tariff_id_tariff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_price")),
        sa.UniqueConstraint(
            "organisation_id", "tariff_id", name=op.f("uq_contract_price_organisation_id")
        ),
    )
    with op.batch_alter_table("contract_price", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_price_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "shift_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["app_user.id"],
            name=op.f("fk_shift_note_author_id_app_user"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shift_note")),
    )
    with op.batch_alter_table("shift_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shift_note_written_at"), ["written_at"], unique=False)

    op.create_table(
        "carnet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=False),
        sa.Column("units_total", sa.Integer(), nullable=False),
        sa.Column("remaining_units", sa.Integer(), nullable=False),
        sa.Column("purchased_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("payer_organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "expires_on >= purchased_on", name=op.f("ck_carnet_expires_after_purchase")
        ),
        sa.CheckConstraint("price >= 0", name=op.f("ck_carnet_price_not_negative")),
        sa.CheckConstraint(
            "remaining_units >= 0 AND remaining_units <= units_total",
            name=op.f("ck_carnet_remaining_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_carnet_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["payer_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_carnet_payer_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tariff_id"],
            ["tariff.id"],
            name=op.f("fk_carnet_tariff_id_tariff"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carnet")),
    )
    with op.batch_alter_table("carnet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carnet_member_id"), ["member_id"], unique=False)

    op.create_table(
        "subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=False),
        sa.Column("desk_id", sa.Integer(), nullable=True),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("monthly_price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("payer_organisation_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "ends_on IS NULL OR ends_on >= starts_on", name=op.f("ck_subscription_ends_after_start")
        ),
        sa.CheckConstraint("monthly_price >= 0", name=op.f("ck_subscription_price_not_negative")),
        sa.ForeignKeyConstraint(
            ["desk_id"], ["desk.id"], name=op.f("fk_subscription_desk_id_desk"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_subscription_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["payer_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_subscription_payer_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tariff_id"],
            ["tariff.id"],
            name=op.f("fk_subscription_tariff_id_tariff"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subscription")),
    )
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscription_member_id"), ["member_id"], unique=False)

    op.create_table(
        "carnet_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("carnet_id", sa.Integer(), nullable=False),
        sa.Column("presence_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.CheckConstraint("units > 0", name=op.f("ck_carnet_use_units_positive")),
        sa.ForeignKeyConstraint(
            ["carnet_id"],
            ["carnet.id"],
            name=op.f("fk_carnet_use_carnet_id_carnet"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["presence_id"],
            ["presence.id"],
            name=op.f("fk_carnet_use_presence_id_presence"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_carnet_use")),
        sa.UniqueConstraint("presence_id", name=op.f("uq_carnet_use_presence_id")),
    )
    with op.batch_alter_table("carnet_use", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_carnet_use_carnet_id"), ["carnet_id"], unique=False)

    op.create_table(
        "consumption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("presence_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("payer_organisation_id", sa.Integer(), nullable=True),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column(
            "coverage",
            sa.Enum(
                "free",
                "pay_at_use",
                "carnet",
                "subscription",
                name="coverage",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "measured_unit",
            sa.Enum(
                "hour",
                "half_day",
                "day",
                name="usage_unit",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("measured_quantity", sa.Integer(), nullable=False),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("carnet_id", sa.Integer(), nullable=True),
        sa.Column("carnet_units", sa.Integer(), nullable=False),
        sa.Column("tariff_id", sa.Integer(), nullable=True),
        sa.Column(
            "billed_unit",
            sa.Enum(
                "hour",
                "half_day",
                "day",
                name="billed_unit",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("billed_quantity", sa.Integer(), nullable=False),
        sa.Column("unit_price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_consumption_amount_not_negative")),
        sa.CheckConstraint(
            "billed_quantity >= 0 AND carnet_units >= 0", name=op.f("ck_consumption_quantities")
        ),
        sa.ForeignKeyConstraint(
            ["carnet_id"],
            ["carnet.id"],
            name=op.f("fk_consumption_carnet_id_carnet"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_consumption_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["payer_organisation_id"],
            ["organisation.id"],
            name=op.f("fk_consumption_payer_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["presence_id"],
            ["presence.id"],
            name=op.f("fk_consumption_presence_id_presence"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscription.id"],
            name=op.f("fk_consumption_subscription_id_subscription"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["tariff_id"],
            ["tariff.id"],
            name=op.f("fk_consumption_tariff_id_tariff"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consumption")),
        sa.UniqueConstraint("presence_id", name=op.f("uq_consumption_presence_id")),
    )
    with op.batch_alter_table("consumption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consumption_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_consumption_service_date", ["service_date"], unique=False)

    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.create_index(
            "ix_presence_member_started", ["member_id", "started_at"], unique=False
        )
        batch_op.add_column(sa.Column("tariff_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "company", sa.String(length=200), nullable=False, server_default=sa.text("''")
            )
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_presence_tariff_id_tariff"),
            "tariff",
            ["tariff_id"],
            ["id"],
            ondelete="RESTRICT",
        )


def downgrade() -> None:
    with op.batch_alter_table("presence", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_presence_tariff_id_tariff"), type_="foreignkey")
        batch_op.drop_column("company")
        batch_op.drop_column("tariff_id")
        batch_op.drop_index("ix_presence_member_started")

    with op.batch_alter_table("consumption", schema=None) as batch_op:
        batch_op.drop_index("ix_consumption_service_date")
        batch_op.drop_index(batch_op.f("ix_consumption_member_id"))

    op.drop_table("consumption")
    with op.batch_alter_table("carnet_use", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carnet_use_carnet_id"))

    op.drop_table("carnet_use")
    with op.batch_alter_table("subscription", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscription_member_id"))

    op.drop_table("subscription")
    with op.batch_alter_table("carnet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_carnet_member_id"))

    op.drop_table("carnet")
    with op.batch_alter_table("shift_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shift_note_written_at"))

    op.drop_table("shift_note")
    with op.batch_alter_table("contract_price", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_price_organisation_id"))

    op.drop_table("contract_price")
    op.drop_table("tariff")
