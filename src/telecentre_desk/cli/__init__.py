"""The ``telecentre-desk`` command: the GUI, and the same services from a terminal.

Only what a subcommand needs is imported, so ``--version`` and ``db check``
stay quick and the GUI start-up path does not pay for the CLI's needs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from telecentre_desk import __version__
from telecentre_desk.i18n import LANGUAGES, UnknownLanguageError, _, set_language
from telecentre_desk.paths import DataDirError, DataPaths, prepare_data_dir

VIEWS = ("floorplan", "checkin", "schedule", "members", "invoices", "network", "settings")
EXIT_USAGE = 2
EXIT_FAILURE = 1


# The options of a plain start that take a value (a test checks the list is complete).
_OPTIONS_WITH_VALUE = ("--data-dir", "--lang", "--user")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        set_language(_requested_language(args_list))
    except UnknownLanguageError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    options = build_parser(with_features=names_a_command(args_list)).parse_args(args_list)
    # Not parser.set_defaults(): the subparsers share these option objects, and a
    # default set on them would overwrite a value given before the subcommand.
    for name, default in (("data_dir", None), ("lang", "fr"), ("demo", False)):
        if not hasattr(options, name):
            setattr(options, name, default)
    handler = getattr(options, "handler", None)
    try:
        if handler is None:
            from telecentre_desk.app import run_gui

            return run_gui(options)
        result: int = handler(options)
        return result
    except DataDirError as error:
        print(error, file=sys.stderr)
        return EXIT_FAILURE
    except Exception as error:
        from telecentre_desk.services.errors import ServiceError
        from telecentre_desk.services.store import DatabaseFileError

        if isinstance(error, ServiceError | DatabaseFileError):
            print(error, file=sys.stderr)
            return EXIT_FAILURE
        raise


def _requested_language(args: list[str]) -> str:
    """Read ``--lang`` before the parser exists, so its help text is translated too."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--lang", default="fr")
    known, _rest = pre.parse_known_args(args)
    return str(known.lang)


def names_a_command(args: Sequence[str]) -> bool:
    """Whether ``args`` hold anything but options: a command, or a word to complain about.

    Starting the window (options only) then builds the parser without the feature
    commands, whose modules and help texts cost start-up a dozen milliseconds.
    """
    words = iter(args)
    for word in words:
        if word in ("-h", "--help"):
            return True
        if word.startswith("-"):
            if word in _OPTIONS_WITH_VALUE:
                next(words, None)
            continue
        return True
    return False


def build_parser(*, with_features: bool = True) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: an option given after the subcommand must not be reset by the subparser.
    common.add_argument(
        "--data-dir",
        type=Path,
        default=argparse.SUPPRESS,
        metavar=_("DIR"),
        help=_("folder holding the centre's database (default: your user data folder)"),
    )
    common.add_argument(
        "--lang",
        default=argparse.SUPPRESS,
        choices=sorted(LANGUAGES),
        help=_("language of the interface: fr (default) or en"),
    )
    common.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help=_("use a freshly generated demo centre in a temporary folder"),
    )

    parser = argparse.ArgumentParser(
        prog="telecentre-desk",
        description=_("Front desk of a telecentre, coworking space or tiers-lieu."),
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--no-crash-dialog",
        action="store_true",
        help=_("log unexpected errors without showing a dialog (for tests and CI)"),
    )
    parser.add_argument(
        "--user", metavar=_("LOGIN"), help=_("sign in as this account, with --pin-stdin")
    )
    parser.add_argument(
        "--pin-stdin",
        action="store_true",
        help=_("read the PIN or password of --user from standard input"),
    )
    parser.add_argument(
        "--quit-when-ready",
        action="store_true",
        help=_("quit as soon as the main window is shown and idle (start-up measurements)"),
    )
    commands = parser.add_subparsers(title=_("commands"), metavar=_("COMMAND"))

    demo = commands.add_parser(
        "demo", parents=[common], help=_("generate a demo centre in a folder")
    )
    demo.add_argument("--out", type=Path, required=True, metavar=_("DIR"))
    demo.add_argument("--scale", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=_run_demo)

    db = commands.add_parser("db", parents=[common], help=_("database upkeep"))
    db_commands = db.add_subparsers(title=_("commands"), metavar=_("COMMAND"), required=True)
    upgrade = db_commands.add_parser(
        "upgrade", parents=[common], help=_("back up, then migrate the database to this version")
    )
    upgrade.set_defaults(handler=_run_db_upgrade)
    check = db_commands.add_parser(
        "check", parents=[common], help=_("check the database's integrity")
    )
    check.set_defaults(handler=_run_db_check)

    screenshot = commands.add_parser(
        "screenshot", parents=[common], help=_("render a main view to a PNG, without a screen")
    )
    screenshot.add_argument("--view", required=True, choices=VIEWS)
    screenshot.add_argument("--out", type=Path, required=True, metavar=_("FILE.png"))
    screenshot.set_defaults(handler=_run_screenshot)
    # Feature commands live in their own modules of this package, each with a
    # ``register(commands, common)`` that adds its subparsers.
    if not with_features:
        return parser
    from telecentre_desk.cli import bookings, exports, invoices, members, network, presence

    for feature in (members, network, presence, bookings, exports, invoices):
        feature.register(commands, common)
    return parser


def data_paths(options: argparse.Namespace) -> DataPaths:
    return prepare_data_dir(options.data_dir)


def _run_demo(options: argparse.Namespace) -> int:
    from telecentre_desk.services.demo import Scale, generate_demo

    summary = generate_demo(prepare_data_dir(options.out), Scale(options.scale), options.seed)
    print(
        _(
            "Demo centre “{name}” created in {path} (floors: {floors}, desks: {desks}, "
            "members: {members}, organisations: {organisations})."
        ).format(
            name=summary.centre_name,
            path=options.out,
            floors=summary.floors,
            desks=summary.desks,
            members=summary.members,
            organisations=summary.organisations,
        )
    )
    for account in summary.accounts:
        print(
            _("  {role}: login {login}, PIN {pin}").format(
                role=account.role.label, login=account.login, pin=account.pin
            )
        )
    return 0


def _run_db_upgrade(options: argparse.Namespace) -> int:
    from telecentre_desk.storage.migrate import upgrade_to_head

    paths = data_paths(options)
    result = upgrade_to_head(paths)
    if result.from_revision == result.to_revision:
        print(
            _("The database is already up to date (schema {revision}).").format(
                revision=result.to_revision
            )
        )
    else:
        print(
            _("Database upgraded to schema {revision}. Copy kept in {backup}.").format(
                revision=result.to_revision, backup=result.backup or "-"
            )
        )
    return 0


def _run_db_check(options: argparse.Namespace) -> int:
    from telecentre_desk.services.integrity import check_integrity
    from telecentre_desk.services.store import open_store

    store = open_store(data_paths(options))
    try:
        report = check_integrity(store)
    finally:
        store.close()
    if report.ok:
        print(_("The database is sound (schema {revision}).").format(revision=report.revision))
        return 0
    for problem in report.problems:
        print(problem, file=sys.stderr)
    return EXIT_FAILURE


def _run_screenshot(options: argparse.Namespace) -> int:
    from telecentre_desk.app import take_screenshot

    return take_screenshot(options)
