"""``members import FILE [--dry-run]`` and ``members export FILE`` from a terminal.

Both act as the centre's first active manager, without asking a PIN: whoever
can run them can read the database file anyway (as for ``screenshot``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from telecentre_desk.i18n import _, ngettext

EXIT_FAILURE = 1


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add ``members import`` and ``members export`` to the ``telecentre-desk`` parser."""
    members = commands.add_parser(
        "members",
        parents=[common],
        help=_("import or export the member directory (CSV or XLSX)"),
        description=_(
            "Import members from, or export them to, a CSV or XLSX file. These commands act "
            "as the centre's first active manager, without a PIN: whoever can run them can "
            "read the database file anyway."
        ),
    )
    actions = members.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)
    importing = actions.add_parser(
        "import",
        parents=[common],
        help=_("import members from a CSV or XLSX file: all of them, or none if a line is wrong"),
        description=_(
            "Import members from FILE (CSV with ; or , separators in UTF-8 or Windows-1252, "
            "or XLSX). Every line is checked first; if one is wrong, its problems are "
            "printed and nothing is stored. Acts as the first active manager."
        ),
    )
    importing.add_argument("file", type=Path, metavar=_("FILE"))
    importing.add_argument(
        "--dry-run",
        action="store_true",
        help=_("check the file and say what would be imported, without storing anything"),
    )
    importing.set_defaults(handler=_run_import)
    exporting = actions.add_parser(
        "export",
        parents=[common],
        help=_("export the active members to FILE (.csv or .xlsx)"),
        description=_(
            "Write the active members to FILE: .csv (separator ;, UTF-8 for Excel) or .xlsx. "
            "Acts as the first active manager."
        ),
    )
    exporting.add_argument("file", type=Path, metavar=_("FILE"))
    exporting.add_argument(
        "--archived", action="store_true", help=_("include the archived members")
    )
    exporting.set_defaults(handler=_run_export)


def _run_import(options: argparse.Namespace) -> int:
    from telecentre_desk.services.member_import import import_members, preview_import

    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        preview = preview_import(store, options.file)
        print(
            _("{file}: {rows} lines read ({encoding}).").format(
                file=preview.file_name, rows=len(preview.rows), encoding=preview.encoding
            )
        )
        for choice in preview.columns:
            target = choice.column.label if choice.column else _("not imported")
            print(_("  column “{header}” → {target}").format(header=choice.header, target=target))
        if not preview.ok:
            for message in preview.messages():
                print(message, file=sys.stderr)
            print(
                _("Nothing was imported: correct these lines in the file, then import it again."),
                file=sys.stderr,
            )
            return EXIT_FAILURE
        for row in preview.rows:
            for warning in row.warnings:
                print(_("Line {line}: {problem}").format(line=row.line, problem=warning))
        if options.dry_run:
            print(
                ngettext(
                    "The file is correct: {count} member would be imported (nothing stored).",
                    "The file is correct: {count} members would be imported (nothing stored).",
                    len(preview.rows),
                ).format(count=len(preview.rows))
            )
            return 0
        result = import_members(store, actor, options.file, preview.mapping())
        print(
            ngettext(
                "{count} member imported.", "{count} members imported.", result.imported
            ).format(count=result.imported)
        )
        if result.organisations_created:
            print(
                _("New organisations: {names}.").format(
                    names=", ".join(result.organisations_created)
                )
            )
        return 0


def _run_export(options: argparse.Namespace) -> int:
    from telecentre_desk.services.member_export import export_members

    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        result = export_members(store, actor, options.file, include_archived=options.archived)
        print(
            ngettext(
                "{count} member written to {path}.",
                "{count} members written to {path}.",
                result.members,
            ).format(count=result.members, path=result.path)
        )
        return 0


@contextmanager
def _opened(options: argparse.Namespace) -> Iterator[tuple[Any, Any]]:
    """The centre's store and its first active manager (None, with a message, if none)."""
    from telecentre_desk.cli.session import centre_manager, no_centre_message, opened_store

    with opened_store(options) as store:
        actor = centre_manager(store)
        if actor is None:
            print(no_centre_message(), file=sys.stderr)
        yield store, actor
