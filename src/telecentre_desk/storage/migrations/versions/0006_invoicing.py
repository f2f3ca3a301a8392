"""Invoicing: billing settings, numbering series, invoices and credit notes with their
lines, what each line bills, the archive of issued documents, payments, desk closings
and reminders; triggers that make issued documents, their archive, closed payments and
desk closings unchangeable by any program writing to the file.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "billing_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("share_capital", sa.String(length=50), nullable=False),
        sa.Column("rcs", sa.String(length=100), nullable=False),
        sa.Column("invoice_prefix", sa.String(length=10), nullable=False),
        sa.Column("credit_note_prefix", sa.String(length=10), nullable=False),
        sa.Column("payment_due_days", sa.Integer(), nullable=False),
        sa.Column("late_payment_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("iban", sa.String(length=34), nullable=False),
        sa.Column("bic", sa.String(length=11), nullable=False),
        sa.Column("logo_png", sa.LargeBinary(), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_billing_settings_single_row")),
        sa.CheckConstraint(
            "late_payment_rate >= 0", name=op.f("ck_billing_settings_late_rate_not_negative")
        ),
        sa.CheckConstraint(
            "payment_due_days >= 0", name=op.f("ck_billing_settings_due_days_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billing_settings")),
    )
    op.create_table(
        "invoice_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "invoice",
                "credit_note",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("prefix", sa.String(length=10), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "last_number >= 0", name=op.f("ck_invoice_series_last_number_not_negative")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_series")),
        sa.UniqueConstraint("kind", "prefix", "year", name=op.f("uq_invoice_series_kind")),
    )
    op.create_table(
        "desk_closing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("cash_total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("cheque_total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("card_total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("transfer_total", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("payment_count", sa.Integer(), nullable=False),
        sa.Column("chain_index", sa.Integer(), nullable=False),
        sa.Column("previous_hash", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("payment_count >= 0", name=op.f("ck_desk_closing_count_not_negative")),
        sa.ForeignKeyConstraint(
            ["closed_by"],
            ["app_user.id"],
            name=op.f("fk_desk_closing_closed_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_closing")),
        sa.UniqueConstraint("chain_index", name=op.f("uq_desk_closing_chain_index")),
        sa.UniqueConstraint("day", name=op.f("uq_desk_closing_day")),
    )
    op.create_table(
        "invoice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "invoice",
                "credit_note",
                name="document_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "issued",
                name="invoice_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("guest_id", sa.Integer(), nullable=True),
        sa.Column("buyer_name", sa.String(length=200), nullable=False),
        sa.Column("buyer_address_line", sa.String(length=200), nullable=False),
        sa.Column("buyer_postal_code", sa.String(length=10), nullable=False),
        sa.Column("buyer_city", sa.String(length=100), nullable=False),
        sa.Column("buyer_country_code", sa.String(length=2), nullable=False),
        sa.Column("buyer_is_company", sa.Boolean(), nullable=False),
        sa.Column("buyer_siret", sa.String(length=14), nullable=False),
        sa.Column("buyer_vat_number", sa.String(length=20), nullable=False),
        sa.Column("buyer_email", sa.String(length=200), nullable=False),
        sa.Column("buyer_reference", sa.String(length=100), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("corrects_invoice_id", sa.Integer(), nullable=True),
        sa.Column("series_id", sa.Integer(), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=40), nullable=True),
        sa.Column("issue_date", sa.Date(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("net_total", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("vat_total", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("gross_total", sa.Numeric(precision=12, scale=2), nullable=True),
        sa.Column("chain_index", sa.Integer(), nullable=True),
        sa.Column("previous_hash", sa.String(length=64), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=True),
        sa.Column("issued_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "status = 'draft' OR (number IS NOT NULL AND sequence IS NOT NULL"
            " AND issue_date IS NOT NULL AND due_date IS NOT NULL AND content_hash IS NOT NULL)",
            name=op.f("ck_invoice_issued_is_complete"),
        ),
        sa.CheckConstraint(
            "(member_id IS NOT NULL) + (organisation_id IS NOT NULL) + (guest_id IS NOT NULL) <= 1",
            name=op.f("ck_invoice_one_customer"),
        ),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_invoice_period_in_order")),
        sa.ForeignKeyConstraint(
            ["corrects_invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_corrects_invoice_id_invoice"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"],
            ["booking_guest.id"],
            name=op.f("fk_invoice_guest_id_booking_guest"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"],
            ["app_user.id"],
            name=op.f("fk_invoice_issued_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["member.id"],
            name=op.f("fk_invoice_member_id_member"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_invoice_organisation_id_organisation"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["series_id"],
            ["invoice_series.id"],
            name=op.f("fk_invoice_series_id_invoice_series"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice")),
        sa.UniqueConstraint("chain_index", name=op.f("uq_invoice_chain_index")),
        sa.UniqueConstraint("number", name=op.f("uq_invoice_number")),
        sa.UniqueConstraint("series_id", "sequence", name=op.f("uq_invoice_series_id")),
    )
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_invoice_corrects_invoice_id"), ["corrects_invoice_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_invoice_issue_date"), ["issue_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_invoice_member_id"), ["member_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_invoice_organisation_id"), ["organisation_id"], unique=False
        )
        batch_op.create_index("ix_invoice_status_kind", ["status", "kind"], unique=False)

    op.create_table(
        "invoice_archive",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("document_json", sa.Text(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("pdf_sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_archive_invoice_id_invoice"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("invoice_id", name=op.f("pk_invoice_archive")),
    )
    op.create_table(
        "invoice_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "family",
            sa.Enum(
                "desk_use",
                "room_booking",
                "subscription",
                "carnet",
                "other",
                name="line_family",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.Column("quantity", sa.Numeric(precision=12, scale=3), nullable=False),
        sa.Column(
            "unit_code",
            sa.Enum(
                "HUR",
                "DAY",
                "MON",
                "C62",
                name="unit_code",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("unit_price", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("discount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column(
            "vat_category",
            sa.Enum(
                "S", "E", name="vat_category", native_enum=False, create_constraint=True, length=32
            ),
            nullable=False,
        ),
        sa.Column("vat_rate", sa.Numeric(precision=5, scale=2), nullable=False),
        sa.Column("vat_exemption_reason", sa.String(length=200), nullable=False),
        sa.Column("vat_exemption_code", sa.String(length=30), nullable=False),
        sa.Column("net", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_invoice_line_quantity_positive")),
        sa.CheckConstraint(
            "unit_price >= 0 AND discount >= 0", name=op.f("ck_invoice_line_amounts_not_negative")
        ),
        sa.CheckConstraint(
            "vat_rate >= 0 AND vat_rate < 100", name=op.f("ck_invoice_line_vat_rate_range")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_invoice_line_invoice_id_invoice"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoice_line")),
        sa.UniqueConstraint("invoice_id", "position", name=op.f("uq_invoice_line_invoice_id")),
    )
    op.create_table(
        "payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "cash",
                "cheque",
                "card",
                "transfer",
                name="payment_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("taken_at_desk", sa.Boolean(), nullable=False),
        sa.Column("reverses_payment_id", sa.Integer(), nullable=True),
        sa.Column("closing_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("amount <> 0", name=op.f("ck_payment_amount_not_zero")),
        sa.CheckConstraint(
            "amount > 0 OR reverses_payment_id IS NOT NULL",
            name=op.f("ck_payment_negative_reverses"),
        ),
        sa.ForeignKeyConstraint(
            ["closing_id"],
            ["desk_closing.id"],
            name=op.f("fk_payment_closing_id_desk_closing"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_payment_invoice_id_invoice"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["app_user.id"],
            name=op.f("fk_payment_recorded_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reverses_payment_id"],
            ["payment.id"],
            name=op.f("fk_payment_reverses_payment_id_payment"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_closing_id"), ["closing_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_invoice_id"), ["invoice_id"], unique=False)
        batch_op.create_index("ix_payment_paid_on", ["paid_on"], unique=False)

    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("level BETWEEN 1 AND 3", name=op.f("ck_reminder_level_range")),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["app_user.id"],
            name=op.f("fk_reminder_created_by_app_user"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"],
            ["invoice.id"],
            name=op.f("fk_reminder_invoice_id_invoice"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("invoice_id", "level", name=op.f("uq_reminder_invoice_id")),
    )
    op.create_table(
        "billed_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("consumption_id", sa.Integer(), nullable=True),
        sa.Column("carnet_id", sa.Integer(), nullable=True),
        sa.Column("subscription_id", sa.Integer(), nullable=True),
        sa.Column("month", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "(consumption_id IS NOT NULL) + (carnet_id IS NOT NULL)"
            " + (subscription_id IS NOT NULL) = 1",
            name=op.f("ck_billed_item_one_source"),
        ),
        sa.CheckConstraint(
            "(subscription_id IS NULL) = (month IS NULL)",
            name=op.f("ck_billed_item_month_of_subscription"),
        ),
        sa.ForeignKeyConstraint(
            ["carnet_id"],
            ["carnet.id"],
            name=op.f("fk_billed_item_carnet_id_carnet"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["consumption_id"],
            ["consumption.id"],
            name=op.f("fk_billed_item_consumption_id_consumption"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["line_id"],
            ["invoice_line.id"],
            name=op.f("fk_billed_item_line_id_invoice_line"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subscription_id"],
            ["subscription.id"],
            name=op.f("fk_billed_item_subscription_id_subscription"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_billed_item")),
        sa.UniqueConstraint("carnet_id", name=op.f("uq_billed_item_carnet_id")),
        sa.UniqueConstraint("consumption_id", name=op.f("uq_billed_item_consumption_id")),
        sa.UniqueConstraint(
            "subscription_id", "month", name=op.f("uq_billed_item_subscription_id")
        ),
    )
    with op.batch_alter_table("billed_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_billed_item_line_id"), ["line_id"], unique=False)
    for statement in PROTECTION_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for name in TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("billed_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_billed_item_line_id"))

    op.drop_table("billed_item")
    op.drop_table("reminder")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_paid_on")
        batch_op.drop_index(batch_op.f("ix_payment_invoice_id"))
        batch_op.drop_index(batch_op.f("ix_payment_closing_id"))

    op.drop_table("payment")
    op.drop_table("invoice_line")
    op.drop_table("invoice_archive")
    with op.batch_alter_table("invoice", schema=None) as batch_op:
        batch_op.drop_index("ix_invoice_status_kind")
        batch_op.drop_index(batch_op.f("ix_invoice_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_member_id"))
        batch_op.drop_index(batch_op.f("ix_invoice_issue_date"))
        batch_op.drop_index(batch_op.f("ix_invoice_corrects_invoice_id"))

    op.drop_table("invoice")
    op.drop_table("desk_closing")
    op.drop_table("invoice_series")
    op.drop_table("billing_settings")


def _refuse(name: str, event: str, table: str, when: str, message: str) -> str:
    return (
        f"CREATE TRIGGER {name} BEFORE {event} ON {table} FOR EACH ROW WHEN {when} "
        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
    )


_ISSUED_PARENT = "(SELECT status FROM invoice WHERE id = {row}.invoice_id) = 'issued'"
_ISSUED_LINE = (
    "(SELECT invoice.status FROM invoice JOIN invoice_line ON invoice_line.invoice_id = "
    "invoice.id WHERE invoice_line.id = {row}.line_id) = 'issued'"
)

# (name, event, table, condition, message). Messages are for programmers and auditors:
# the application never lets a user reach them.
_TRIGGERS = (
    (
        "invoice_issued_no_update",
        "UPDATE",
        "invoice",
        "OLD.status = 'issued'",
        "issued invoices cannot be changed: issue a credit note",
    ),
    (
        "invoice_issued_no_delete",
        "DELETE",
        "invoice",
        "OLD.status = 'issued'",
        "issued invoices cannot be deleted: issue a credit note",
    ),
    (
        "invoice_line_issued_no_insert",
        "INSERT",
        "invoice_line",
        _ISSUED_PARENT.format(row="NEW"),
        "lines of an issued invoice cannot be added",
    ),
    (
        "invoice_line_issued_no_update",
        "UPDATE",
        "invoice_line",
        _ISSUED_PARENT.format(row="OLD"),
        "lines of an issued invoice cannot be changed",
    ),
    (
        "invoice_line_issued_no_delete",
        "DELETE",
        "invoice_line",
        _ISSUED_PARENT.format(row="OLD"),
        "lines of an issued invoice cannot be deleted",
    ),
    (
        "billed_item_issued_no_update",
        "UPDATE",
        "billed_item",
        _ISSUED_LINE.format(row="OLD"),
        "what an issued invoice bills cannot be changed",
    ),
    (
        "billed_item_issued_no_delete",
        "DELETE",
        "billed_item",
        _ISSUED_LINE.format(row="OLD"),
        "what an issued invoice bills cannot be deleted",
    ),
    (
        "invoice_archive_no_update",
        "UPDATE",
        "invoice_archive",
        "1",
        "the archive of an issued document cannot be changed",
    ),
    (
        "invoice_archive_no_delete",
        "DELETE",
        "invoice_archive",
        "1",
        "the archive of an issued document cannot be deleted",
    ),
    ("desk_closing_no_update", "UPDATE", "desk_closing", "1", "a desk closing cannot be changed"),
    ("desk_closing_no_delete", "DELETE", "desk_closing", "1", "a desk closing cannot be deleted"),
    (
        "payment_no_delete",
        "DELETE",
        "payment",
        "1",
        "payments cannot be deleted: record a reversal",
    ),
    (
        "payment_closed_no_update",
        "UPDATE",
        "payment",
        "OLD.closing_id IS NOT NULL",
        "a payment in a desk closing cannot be changed",
    ),
)
PROTECTION_TRIGGERS = tuple(_refuse(*trigger) for trigger in _TRIGGERS)
TRIGGER_NAMES = tuple(trigger[0] for trigger in _TRIGGERS)
