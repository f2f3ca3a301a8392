"""``export`` (the accountant's files) and ``closings`` (the desk's daily closings) from a terminal.

They act as the centre's first active manager, without asking a PIN: whoever
can run them can read the database file anyway (as for ``screenshot``).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telecentre_desk.cli.session import opened_as_manager
from telecentre_desk.i18n import _, format_date, format_money, ngettext

if TYPE_CHECKING:
    from telecentre_desk.services.accounting_exports import VatSummary

EXIT_FAILURE = 1
EXIT_USAGE = 2


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``export`` and ``closings`` to the ``telecentre-desk`` parser."""
    acting = _(
        "Acts as the centre's first active manager, without a PIN: whoever can run it "
        "can read the database file anyway."
    )
    export = commands.add_parser(
        "export", parents=[common], help=_("files for the accountant: FEC, sales journal, VAT")
    )
    kinds = export.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)

    fec = kinds.add_parser(
        "fec",
        parents=[common],
        help=_("the FEC extract of the sales journal of a year"),
        description=_(
            "Write the FEC file (journal VT, accounts 411, 706 and 44571) of the invoices and "
            "credit notes issued in YEAR, named SIRENFECYYYYMMDD.txt, into the folder DIR."
        )
        + " "
        + acting,
    )
    fec.add_argument("--year", type=int, required=True, metavar=_("YEAR"))
    fec.add_argument("--out", type=Path, required=True, metavar=_("DIR"))
    fec.set_defaults(handler=_run_fec)

    sales = kinds.add_parser(
        "sales",
        parents=[common],
        help=_("the sales journal of a year or a month, as CSV"),
        description=_(
            "Write the sales journal (one row per invoice or credit note) as a CSV file that "
            "spreadsheets open: semicolons, decimal commas."
        )
        + " "
        + acting,
    )
    _period_options(sales)
    sales.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    sales.set_defaults(handler=_run_sales)

    vat = kinds.add_parser(
        "vat",
        parents=[common],
        help=_("the VAT summary per rate, month by month"),
        description=_(
            "Print the bases and the VAT collected per rate (invoices minus credit notes), "
            "for each month of YEAR and for the year, or for one month."
        )
        + " "
        + acting,
    )
    _period_options(vat)
    vat.set_defaults(handler=_run_vat)

    closings = commands.add_parser(
        "closings", parents=[common], help=_("the desk's daily closings of payments")
    )
    closing_commands = closings.add_subparsers(
        title=_("commands"), metavar=_("COMMAND"), required=True
    )
    verify = closing_commands.add_parser(
        "verify",
        parents=[common],
        help=_("check the chain of the desk closings"),
        description=_(
            "Recompute every desk closing from its payments and check the chain of hashes; "
            "print OK, or the first closing that no longer matches."
        ),
    )
    verify.set_defaults(handler=_run_closings_verify)
    totals = closing_commands.add_parser(
        "totals",
        parents=[common],
        help=_("totals per payment method, month by month, from the closings"),
    )
    totals.add_argument("--year", type=int, required=True, metavar=_("YEAR"))
    totals.set_defaults(handler=_run_closings_totals)
    archive = closing_commands.add_parser(
        "archive",
        parents=[common],
        help=_("write the yearly archive of the desk closings"),
        description=_(
            "Write into DIR one ZIP file holding every desk closing of YEAR, the payments they "
            "cover and a manifest with their SHA-256, to keep for six years. Refused while "
            "the chain of closings is broken."
        )
        + " "
        + acting,
    )
    archive.add_argument("--year", type=int, required=True, metavar=_("YEAR"))
    archive.add_argument("--out", type=Path, required=True, metavar=_("DIR"))
    archive.set_defaults(handler=_run_closings_archive)
    check = closing_commands.add_parser(
        "verify-archive",
        parents=[common],
        help=_("check a yearly archive of desk closings, without the database"),
    )
    check.add_argument("file", type=Path, metavar=_("FILE"))
    check.set_defaults(handler=_run_closings_verify_archive)


def _period_options(parser: argparse.ArgumentParser) -> None:
    period = parser.add_mutually_exclusive_group(required=True)
    period.add_argument("--year", type=int, metavar=_("YEAR"))
    period.add_argument("--month", metavar=_("YYYY-MM"))


# -- the commands --------------------------------------------------------------------------------
def _run_fec(options: argparse.Namespace) -> int:
    from telecentre_desk.services.accounting_exports import write_fec

    with opened_as_manager(options) as (store, actor):
        result = write_fec(store, actor, options.year, options.out)
    print(
        ngettext(
            "FEC written: {path} ({count} entry).",
            "FEC written: {path} ({count} entries).",
            result.documents,
        ).format(path=result.path, count=result.documents)
    )
    return 0


def _run_sales(options: argparse.Namespace) -> int:
    from telecentre_desk.services.accounting_exports import write_sales_journal

    bounds = _bounds(options)
    if bounds is None:
        return EXIT_USAGE
    with opened_as_manager(options) as (store, actor):
        result = write_sales_journal(store, actor, *bounds, options.out)
    print(
        ngettext(
            "Sales journal written: {path} ({count} invoice or credit note).",
            "Sales journal written: {path} ({count} invoices and credit notes).",
            result.documents,
        ).format(path=result.path, count=result.documents)
    )
    return 0


def _run_vat(options: argparse.Namespace) -> int:
    from telecentre_desk.services.accounting_exports import vat_summaries_by_month, vat_summary

    bounds = _bounds(options)
    if bounds is None:
        return EXIT_USAGE
    with opened_as_manager(options) as (store, actor):
        if options.year is not None:
            months = vat_summaries_by_month(store, actor, options.year)
            for month in months:
                if month.rows:
                    _print_vat(month)
        whole = vat_summary(store, actor, *bounds)
    _print_vat(whole, heading=_("Total"))
    return 0


def _run_closings_verify(options: argparse.Namespace) -> int:
    from telecentre_desk.services.desk_closing import verify_closings

    with opened_as_manager(options) as (store, _actor):
        report = verify_closings(store)
    if report.ok:
        print(
            ngettext(
                "OK: {count} desk closing checked, the chain is whole.",
                "OK: {count} desk closings checked, the chain is whole.",
                report.checked,
            ).format(count=report.checked)
        )
        return 0
    print(report.reason, file=sys.stderr)
    return EXIT_FAILURE


def _run_closings_archive(options: argparse.Namespace) -> int:
    from telecentre_desk.services.closing_archive import write_closing_archive

    with opened_as_manager(options) as (store, actor):
        result = write_closing_archive(store, actor, options.year, options.out)
    print(
        ngettext(
            "Archive written: {path} ({count} closing). SHA-256: {sha256}",
            "Archive written: {path} ({count} closings). SHA-256: {sha256}",
            result.closings,
        ).format(path=result.path, count=result.closings, sha256=result.sha256)
    )
    return 0


def _run_closings_verify_archive(options: argparse.Namespace) -> int:
    from telecentre_desk.services.closing_archive import verify_closing_archive

    report = verify_closing_archive(options.file)
    if report.ok:
        print(
            ngettext(
                "OK: the archive of {year} is whole ({count} closing checked).",
                "OK: the archive of {year} is whole ({count} closings checked).",
                report.closings,
            ).format(year=report.year, count=report.closings)
        )
        return 0
    print(report.reason, file=sys.stderr)
    return EXIT_FAILURE


def _run_closings_totals(options: argparse.Namespace) -> int:
    from telecentre_desk.domain.invoicing import PaymentMethod
    from telecentre_desk.services.desk_closing import monthly_totals, yearly_totals

    with opened_as_manager(options) as (store, _actor):
        months = monthly_totals(store, options.year)
        year = yearly_totals(store, options.year)
    methods = [method.label for method in PaymentMethod]
    print("\t".join([_("Month"), *methods, _("Total"), _("Payments"), _("Days closed")]))
    for row in [*months, year]:
        label = (
            _("Year {year}").format(year=options.year)
            if row is year
            else format_date(row.start, "MMMM yyyy")
        )
        amounts = (row.totals.cash, row.totals.cheque, row.totals.card, row.totals.transfer)
        print(
            "\t".join(
                [
                    label,
                    *(format_money(amount) for amount in amounts),
                    format_money(row.totals.total),
                    str(row.payment_count),
                    str(row.days_closed),
                ]
            )
        )
    return 0


# -- helpers -------------------------------------------------------------------------------------
def _bounds(options: argparse.Namespace) -> tuple[date, date] | None:
    from telecentre_desk.services.accounting_exports import month_bounds, year_bounds

    if options.year is not None:
        return year_bounds(options.year)
    match = re.fullmatch(r"(\d{4})-(\d{2})", options.month or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        print(
            _("“{text}” is not a month: write it as YYYY-MM, e.g. 2026-11.").format(
                text=options.month
            ),
            file=sys.stderr,
        )
        return None
    return month_bounds(int(match.group(1)), int(match.group(2)))


def _print_vat(summary: VatSummary, heading: str = "") -> None:
    title = heading or format_date(summary.start, "MMMM yyyy")
    invoices = ngettext("{count} invoice", "{count} invoices", summary.invoices)
    credit_notes = ngettext("{count} credit note", "{count} credit notes", summary.credit_notes)
    print(
        _("{title}: {invoices}, {credit_notes}").format(
            title=title,
            invoices=invoices.format(count=summary.invoices),
            credit_notes=credit_notes.format(count=summary.credit_notes),
        )
    )
    for row in summary.rows:
        print(
            _(
                "  VAT {rate} %: basis {basis}, VAT {vat} (credit notes: basis {credited}, "
                "VAT {credited_vat})"
            ).format(
                rate=f"{row.rate.normalize():f}".replace(".", ","),
                basis=format_money(row.basis),
                vat=format_money(row.vat),
                credited=format_money(row.credited_basis),
                credited_vat=format_money(row.credited_vat),
            )
        )
    print(
        _("  Total: basis {basis}, VAT {vat}").format(
            basis=format_money(summary.basis), vat=format_money(summary.vat)
        )
    )
