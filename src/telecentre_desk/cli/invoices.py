"""``invoices draft|issue|pdf|verify|list`` from a terminal.

They act as the centre's first active manager, without asking a PIN: whoever can
run them can read the database file anyway (as for ``screenshot``).
"""

from __future__ import annotations

import argparse
import calendar
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telecentre_desk.atomic_files import write_atomically
from telecentre_desk.cli.session import opened_as_manager
from telecentre_desk.i18n import _, format_date, format_money, ngettext

if TYPE_CHECKING:
    from telecentre_desk.services.invoice_queries import InvoiceSummary

EXIT_FAILURE = 1
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``invoices`` and its commands to the ``telecentre-desk`` parser."""
    acting = _(
        "Acts as the centre's first active manager, without a PIN: whoever can run it "
        "can read the database file anyway."
    )
    invoices = commands.add_parser(
        "invoices",
        parents=[common],
        help=_("draft, issue, print and check the invoices"),
    )
    actions = invoices.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)

    draft = actions.add_parser(
        "draft",
        parents=[common],
        help=_("draft the invoices of a month (the billing run)"),
        description=_(
            "Turn the presences, bookings, subscriptions and carnets of the month YYYY-MM into "
            "one draft per customer. Running it again never bills the same thing twice."
        )
        + " "
        + acting,
    )
    draft.add_argument("--month", required=True, metavar="YYYY-MM")
    draft.set_defaults(handler=_run_draft)

    issue = actions.add_parser(
        "issue",
        parents=[common],
        help=_("issue every draft: number, freeze and archive each one"),
        description=_(
            "Issue every draft in turn, dated today. Each receives the next number of its "
            "series and can no longer be changed. The first draft that cannot be issued stops "
            "the run; those issued before it stay issued."
        )
        + " "
        + acting,
    )
    issue.add_argument(
        "--all-drafts", action="store_true", required=True, help=_("issue every draft")
    )
    issue.add_argument(
        "--confirm-missing-siren",
        action="store_true",
        help=_("issue invoices to companies whose SIREN is missing, without asking"),
    )
    issue.set_defaults(handler=_run_issue)

    pdf = actions.add_parser(
        "pdf",
        parents=[common],
        help=_("save the PDF of an issued invoice or credit note"),
        description=_("Save the PDF made when NUMBER was issued, exactly as it was archived."),
    )
    pdf.add_argument("number", metavar=_("NUMBER"))
    pdf.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    pdf.set_defaults(handler=_run_pdf)

    verify = actions.add_parser(
        "verify",
        parents=[common],
        help=_("check that no issued document was altered (the hash chain)"),
        description=_(
            "Check every issued invoice and credit note against its archived content, its PDF "
            "and the hash chain, and the database file itself. Prints OK, or the number of the "
            "first document found altered and why (exit code 1)."
        ),
    )
    verify.set_defaults(handler=_run_verify)

    listing = actions.add_parser(
        "list", parents=[common], help=_("list the invoices, credit notes and drafts")
    )
    listing.add_argument("--json", action="store_true", help=_("print JSON instead of text"))
    listing.set_defaults(handler=_run_list)


# -- the commands --------------------------------------------------------------------------------
def _run_draft(options: argparse.Namespace) -> int:
    from telecentre_desk.services.billing_run import run_billing

    month = _parse_month(options.month)
    if month is None:
        print(
            _("“{text}” is not a month. Write it as 2026-11.").format(text=options.month),
            file=sys.stderr,
        )
        return EXIT_FAILURE
    first, last = month
    with opened_as_manager(options) as (store, actor):
        result = run_billing(store, actor, first, last)
    print(
        _("New drafts: {created}; drafts completed: {updated}; lines added: {lines}.").format(
            created=result.drafts_created, updated=result.drafts_updated, lines=result.lines_added
        )
    )
    if result.unpriced:
        print(
            ngettext(
                "{count} use has no price in the tariffs and was not billed.",
                "{count} uses have no price in the tariffs and were not billed.",
                result.unpriced,
            ).format(count=result.unpriced),
            file=sys.stderr,
        )
    return 0


def _run_issue(options: argparse.Namespace) -> int:
    from telecentre_desk.services.invoice_issue import issue_all_drafts

    with opened_as_manager(options) as (store, actor):
        batch = issue_all_drafts(store, actor, confirm_missing_siren=options.confirm_missing_siren)
    for number in batch.numbers:
        print(number)
    count = len(batch.numbers)
    print(
        ngettext("{count} document issued.", "{count} documents issued.", count).format(count=count)
    )
    if batch.refusal:
        print(batch.refusal, file=sys.stderr)
        left = len(batch.not_issued)
        print(
            ngettext(
                "{count} draft was not issued.", "{count} drafts were not issued.", left
            ).format(count=left),
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return 0


def _run_pdf(options: argparse.Namespace) -> int:
    from telecentre_desk.services.invoice_issue import archived_pdf

    with opened_as_manager(options) as (store, _actor):
        pdf = archived_pdf(store, options.number)
    try:
        write_atomically(options.out, pdf)
    except OSError as error:
        print(
            _("Could not write {path}: {reason}. Nothing was written.").format(
                path=options.out, reason=error.strerror or error
            ),
            file=sys.stderr,
        )
        return EXIT_FAILURE
    print(_("{number} saved to {path}.").format(number=options.number.strip(), path=options.out))
    return 0


def _run_verify(options: argparse.Namespace) -> int:
    from telecentre_desk.services.invoice_chain import verify_chain

    with opened_as_manager(options) as (store, _actor):
        report = verify_chain(store)
    if report.ok:
        print(
            ngettext(
                "OK: {count} issued document checked, nothing was altered.",
                "OK: {count} issued documents checked, nothing was altered.",
                report.checked,
            ).format(count=report.checked)
        )
        return 0
    if report.broken_number is None:
        print(_("PROBLEM: {reason}").format(reason=report.reason))
    else:
        print(
            _("ALTERED: {number}: {reason}").format(
                number=report.broken_number, reason=report.reason
            )
        )
    return EXIT_FAILURE


def _run_list(options: argparse.Namespace) -> int:
    from telecentre_desk.services.invoice_queries import list_invoices

    with opened_as_manager(options) as (store, _actor):
        rows = list_invoices(store)
    if options.json:
        print(json.dumps([_as_json(row) for row in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        print(_("No invoice yet."))
        return 0
    for row in rows:
        columns = [
            row.number or _("draft"),
            format_date(row.issue_date) if row.issue_date else "-",
            row.customer_name,
            f"{format_date(row.period_start)} – {format_date(row.period_end)}",
            format_money(row.gross_total),
        ]
        print("  ".join(columns))
    return 0


# -- helpers -------------------------------------------------------------------------------------


def _parse_month(text: str) -> tuple[date, date] | None:
    match = _MONTH.match(text.strip())
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 2000:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _as_json(row: InvoiceSummary) -> dict[str, object]:
    return {
        "id": row.id,
        "kind": row.kind.value,
        "status": row.status.value,
        "number": row.number,
        "customer": row.customer_name,
        "period_start": row.period_start.isoformat(),
        "period_end": row.period_end.isoformat(),
        "issue_date": row.issue_date.isoformat() if row.issue_date else None,
        "due_date": row.due_date.isoformat() if row.due_date else None,
        "net": str(row.net_total),
        "vat": str(row.vat_total),
        "gross": str(row.gross_total),
    }
