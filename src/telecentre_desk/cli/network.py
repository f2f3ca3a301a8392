"""``network export|key|verify|directory import|secret``: the network exchange from a terminal.

The commands act as the centre's first active manager, without a PIN (whoever can
run them can read the database file anyway, as for ``screenshot``). Where the
computer has no system keyring, the centre's keys are in an encrypted file: the
passphrase is asked on the terminal, or read from standard input with
``--passphrase-stdin``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from telecentre_desk.i18n import _, format_number, ngettext

if TYPE_CHECKING:
    from telecentre_desk.services.context import Actor
    from telecentre_desk.services.network_vault import KeyAccess
    from telecentre_desk.services.store import Store

EXIT_FAILURE = 1
T = TypeVar("T")


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``network`` commands to the ``telecentre-desk`` parser."""
    network = commands.add_parser(
        "network",
        parents=[common],
        help=_("the signed export to the regional network, keys and directory"),
        description=_(
            "Export the centre's figures to the regional network as a signed file, manage "
            "the centre's key and the network directory, verify exchange files. These "
            "commands act as the centre's first active manager, without a PIN: whoever "
            "can run them can read the database file anyway."
        ),
    )
    actions = network.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)

    export = actions.add_parser(
        "export",
        parents=[common],
        help=_("write the signed exchange file of a month, quarter or year"),
    )
    export.add_argument(
        "--period", required=True, metavar=_("PERIOD"), help=_("2026-11, 2026-Q4 or 2026")
    )
    export.add_argument("--out", type=Path, required=True, metavar=_("FILE"))
    _passphrase_option(export)
    export.set_defaults(handler=_run_export)

    key = actions.add_parser(
        "key",
        parents=[common],
        help=_("create the centre's key if needed, write its public key, print its fingerprint"),
    )
    key.add_argument(
        "--public-out",
        type=Path,
        metavar=_("FILE"),
        help=_("write the public key (PEM) to FILE, to send to the coordinator"),
    )
    _passphrase_option(key)
    key.set_defaults(handler=_run_key)

    verify = actions.add_parser(
        "verify",
        parents=[common],
        help=_("check exchange files: signature, hashes, columns; nothing is stored"),
    )
    verify.add_argument("files", type=Path, nargs="+", metavar=_("FILE"))
    verify.add_argument(
        "--key",
        action="append",
        default=[],
        metavar=_("CODE=PEM"),
        help=_("also trust this public key (PEM file) for the centre CODE"),
    )
    verify.set_defaults(handler=_run_verify)

    directory = actions.add_parser("directory", parents=[common], help=_("the network directory"))
    directory_actions = directory.add_subparsers(
        title=_("commands"), metavar=_("COMMAND"), required=True
    )
    importing = directory_actions.add_parser(
        "import",
        parents=[common],
        help=_("import the directory signed by the network's coordinator"),
    )
    importing.add_argument("file", type=Path, metavar=_("FILE"))
    importing.add_argument(
        "--coordinator-fingerprint",
        metavar=_("FINGERPRINT"),
        help=_(
            "first import only: the fingerprint of the coordinator's key, as the coordinator "
            "gave it to you"
        ),
    )
    importing.set_defaults(handler=_run_directory_import)

    importing_bundles = actions.add_parser(
        "import",
        parents=[common],
        help=_("coordinator: import the exchange files of the centres (each all or nothing)"),
    )
    importing_bundles.add_argument("files", type=Path, nargs="+", metavar=_("FILE"))
    importing_bundles.add_argument(
        "--replace",
        action="store_true",
        help=_("replace a period already imported from another file (a corrected file)"),
    )
    importing_bundles.set_defaults(handler=_run_import)

    clearing = actions.add_parser(
        "clearing",
        parents=[common],
        help=_("coordinator: write the clearing statement of a period (PDF and CSV)"),
    )
    clearing.add_argument(
        "--period", required=True, metavar=_("PERIOD"), help=_("2026-11, 2026-Q4 or 2026")
    )
    clearing.add_argument("--out", type=Path, required=True, metavar=_("FOLDER"))
    clearing.set_defaults(handler=_run_clearing)

    secret = actions.add_parser(
        "secret",
        parents=[common],
        help=_("keep the network secret (read from standard input)"),
    )
    _passphrase_option(secret)
    secret.set_defaults(handler=_run_secret)


def _passphrase_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help=_("without a system keyring: read the passphrase of the key file from standard input"),
    )


@contextmanager
def _opened(options: argparse.Namespace) -> Iterator[tuple[Store, Actor | None]]:
    from telecentre_desk.cli.session import centre_manager, opened_store

    with opened_store(options) as store:
        actor = centre_manager(store)
        if actor is None:
            print(_("This folder holds no centre yet."), file=sys.stderr)
        yield store, actor


def _with_passphrase(options: argparse.Namespace, call: Callable[[KeyAccess], T]) -> T:
    """Run ``call``; if the keys need the passphrase, get it (stdin or prompt), run again."""
    from telecentre_desk.services.network_vault import KeyAccess, PassphraseNeeded

    stdin_passphrase = sys.stdin.readline().rstrip("\n") if options.passphrase_stdin else None
    try:
        return call(KeyAccess(stdin_passphrase))
    except PassphraseNeeded as needed:
        if stdin_passphrase is not None or not sys.stdin.isatty():
            raise
        print(needed, file=sys.stderr)
        passphrase = getpass.getpass(_("Passphrase: "))
        if needed.creating and getpass.getpass(_("The same passphrase again: ")) != passphrase:
            print(_("The two passphrases differ; nothing was changed."), file=sys.stderr)
            raise SystemExit(EXIT_FAILURE) from None
        return call(KeyAccess(passphrase))


def _run_export(options: argparse.Namespace) -> int:
    from telecentre_desk.network.period import Period, PeriodError
    from telecentre_desk.services.network_export import export_period

    try:
        period = Period.parse(options.period)
    except PeriodError as error:
        print(error, file=sys.stderr)
        return EXIT_FAILURE
    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        result = _with_passphrase(
            options, lambda access: export_period(store, actor, period, options.out, access)
        )
    rows = sum(result.rows.values())
    print(
        _("Exported {period} to {path} ({rows}, {size} bytes).").format(
            period=period.label,
            path=result.path,
            rows=ngettext("{count} row", "{count} rows", rows).format(count=format_number(rows)),
            size=format_number(result.file_bytes),
        )
    )
    print(_("Signed by the centre's key {fingerprint}").format(fingerprint=result.fingerprint))
    return 0


def _run_key(options: argparse.Namespace) -> int:
    from telecentre_desk.services.network_keys import ensure_centre_key
    from telecentre_desk.services.network_vault import keyring_problem

    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        problem = keyring_problem()
        if problem:
            print(problem, file=sys.stderr)
        key = _with_passphrase(options, lambda access: ensure_centre_key(store, actor, access))
    if key.created:
        print(_("A new key was created for the centre."))
    if options.public_out is not None:
        try:
            options.public_out.write_bytes(key.pem)
        except OSError as error:
            print(
                _("Cannot write {path}: {reason}.").format(
                    path=options.public_out, reason=error.strerror or error
                ),
                file=sys.stderr,
            )
            return EXIT_FAILURE
        print(_("Public key written to {path}.").format(path=options.public_out))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=key.fingerprint))
    return 0


def _run_verify(options: argparse.Namespace) -> int:
    from telecentre_desk.network.signing import KeyFormatError, load_public_pem
    from telecentre_desk.services.network_verify import verify_files

    extra: dict[str, bytes] = {}
    for item in options.key:
        code, _sep, path = item.partition("=")
        try:
            extra[code.strip()] = load_public_pem(Path(path).read_bytes())
        except (OSError, KeyFormatError):
            print(
                _("“{item}” is not CODE=FILE.pem with a readable Ed25519 public key.").format(
                    item=item
                ),
                file=sys.stderr,
            )
            return EXIT_FAILURE
    with _opened(options) as (store, _actor):
        outcomes = verify_files(store, options.files, extra)
    for outcome in outcomes:
        if outcome.ok:
            print(_("{file}: OK — {summary}").format(file=outcome.name, summary=outcome.message))
        else:
            print(
                _("{file}: REFUSED ({reason}) — {message}").format(
                    file=outcome.name, reason=outcome.reason, message=outcome.message
                )
            )
    return 0 if all(outcome.ok for outcome in outcomes) else EXIT_FAILURE


def _run_directory_import(options: argparse.Namespace) -> int:
    from telecentre_desk.services.network_directory import (
        CoordinatorKeyUnconfirmed,
        import_directory,
    )

    try:
        data = options.file.read_bytes()
    except OSError as error:
        print(
            _("Cannot read {path}: {reason}.").format(
                path=options.file, reason=error.strerror or error
            ),
            file=sys.stderr,
        )
        return EXIT_FAILURE
    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        try:
            result = import_directory(store, actor, data, options.coordinator_fingerprint)
        except CoordinatorKeyUnconfirmed as unconfirmed:
            print(unconfirmed, file=sys.stderr)
            print(
                _("Then run again with --coordinator-fingerprint “{fingerprint}”.").format(
                    fingerprint=unconfirmed.fingerprint
                ),
                file=sys.stderr,
            )
            return EXIT_FAILURE
    info = result.info
    print(
        _("Directory of {network} ({issued}) imported: {centres}.").format(
            network=info.network,
            issued=info.issued.isoformat(),
            centres=ngettext("{count} centre", "{count} centres", len(info.centres)).format(
                count=len(info.centres)
            ),
        )
    )
    if result.own_key_listed is False:
        print(
            _(
                "Warning: the directory does not list this centre with its own key. Send "
                "the public key (network key --public-out FILE) to the coordinator."
            ),
            file=sys.stderr,
        )
    return 0


def _run_secret(options: argparse.Namespace) -> int:
    from telecentre_desk.services.network_keys import set_network_secret

    # The secret comes first on standard input; with --passphrase-stdin, the passphrase next.
    text = sys.stdin.readline().strip()
    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        saved = _with_passphrase(
            options, lambda access: set_network_secret(store, actor, text, access)
        )
    print(_("Network secret kept (check value {check}).").format(check=saved.check))
    return 0


def _run_import(options: argparse.Namespace) -> int:
    from telecentre_desk.services.network_import import ImportStatus, import_bundles

    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        report = import_bundles(store, actor, options.files, replace=options.replace)
        outcomes = list(report.outcomes)
        pending = [o for o in outcomes if o.status is ImportStatus.NEEDS_CONFIRMATION]
        if pending and sys.stdin.isatty():
            for outcome in pending:
                print(outcome.message)
            answer = input(_("Replace them? [y/N] ")).strip().lower()
            if answer in ("y", "yes", "o", "oui"):
                again = {o.file_name for o in pending}
                paths = [p for p in options.files if p.name in again]
                replaced = {o.file_name: o for o in import_bundles(
                    store, actor, paths, replace=True
                ).outcomes}  # fmt: skip
                outcomes = [replaced.get(o.file_name, o) for o in outcomes]
    for outcome in outcomes:
        if outcome.status is ImportStatus.REFUSED:
            print(
                _("{file}: REFUSED ({reason}) — {message}").format(
                    file=outcome.file_name, reason=outcome.reason, message=outcome.message
                )
            )
        else:
            print(_("{file}: {message}").format(file=outcome.file_name, message=outcome.message))
    if any(o.status is ImportStatus.NEEDS_CONFIRMATION for o in outcomes):
        print(_("Run again with --replace to replace those periods."), file=sys.stderr)
    problems = (ImportStatus.REFUSED, ImportStatus.NEEDS_CONFIRMATION)
    return EXIT_FAILURE if any(o.status in problems for o in outcomes) else 0


def _run_clearing(options: argparse.Namespace) -> int:
    from telecentre_desk.i18n import format_money
    from telecentre_desk.network.period import Period, PeriodError
    from telecentre_desk.services.network_clearing import write_clearing

    try:
        period = Period.parse(options.period)
    except PeriodError as error:
        print(error, file=sys.stderr)
        return EXIT_FAILURE
    with _opened(options) as (store, actor):
        if actor is None:
            return EXIT_FAILURE
        files = write_clearing(store, actor, period, options.out)
    statement = files.statement
    print(
        _("Clearing of {period}: {visits}, {total}.").format(
            period=period.label,
            visits=ngettext("{count} visit", "{count} visits", statement.visits).format(
                count=format_number(statement.visits)
            ),
            total=format_money(statement.total),
        )
    )
    for balance in statement.balances:
        print(f"  {balance.code:<12} {format_money(balance.net):>14}")
    for path in (files.pdf, files.csv, files.balances_csv):
        print(_("Written: {path}").format(path=path))
    return 0
