"""Network: the signed export to the regional network, its preview and history, the keys
and directory it needs, and the network passports of members."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _, format_date, format_datetime, format_number, ngettext
from telecentre_desk.network.period import Period
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.network_directory import (
    CoordinatorKeyUnconfirmed,
    DirectoryImported,
    import_directory,
)
from telecentre_desk.services.network_export import (
    ExportPreview,
    ExportRecord,
    ExportResult,
    default_file_name,
    export_period,
    preview_export,
)
from telecentre_desk.services.network_keys import CentreKey, ensure_centre_key, set_network_secret
from telecentre_desk.services.network_passport import IssuedPassport, issue_passport_pdf
from telecentre_desk.services.network_status import (
    NetworkStatus,
    network_status,
    set_network_centre_code,
)
from telecentre_desk.services.network_vault import KeyAccess, PassphraseNeeded
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.network.coordinator import CoordinatorPanel
from telecentre_desk.ui.network.dialogs import PassphraseDialog, SecretDialog
from telecentre_desk.ui.network.passports import PassportCheckPanel, PassportRequestDialog
from telecentre_desk.ui.network.period_picker import PeriodPicker
from telecentre_desk.ui.network.preview import ExportPreviewPanel
from telecentre_desk.ui.network.revoked import RevokedPassportsList
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.views.base import View, label, table
from telecentre_desk.ui.worker import ServiceRunner

PREVIEW_DELAY_MS = 150


def _centres(count: int) -> str:
    return ngettext("{count} centre", "{count} centres", count).format(count=count)


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("card")
    card.setMaximumWidth(1100)
    layout = QVBoxLayout(card)
    layout.setContentsMargins(20, 14, 20, 16)
    layout.setSpacing(10)
    layout.addWidget(label(title, "subheading"))
    return card, layout


class NetworkView(View):
    """Setup (code, directory, key, secret), then the export with its preview and history.

    Views are built without arguments; this one takes the runner, the database and the
    signed-in user from the main window it is shown in (or from ``attach``).
    """

    name = "network"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coming.hide()
        self.runner: ServiceRunner | None = None
        self.store: Store | None = None
        self.actor: Actor | None = None
        self.status: NetworkStatus | None = None
        self.built = False
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._access = KeyAccess()  # the passphrase typed in this session, if any

    def title(self) -> str:
        return _("Network")

    def coming_soon(self) -> str:
        return ""

    def attach(self, runner: ServiceRunner, store: Store, actor: Actor) -> None:
        self.runner, self.store, self.actor = runner, store, actor

    def set_overview(self, overview: CentreOverview) -> None:
        if not self.built:
            super().set_overview(overview)  # builds the page once, in fill()
        else:
            self._overview = overview

    # -- building ----------------------------------------------------------------------
    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        if self.runner is None:
            window = self.window()
            runner, store, actor = (getattr(window, n, None) for n in ("runner", "store", "actor"))
            if isinstance(runner, ServiceRunner) and isinstance(actor, Actor) and store:
                self.attach(runner, store, actor)
        if self.runner is None:
            layout.addWidget(label(_("The Network view needs the main window."), "error"))
            return
        self.built = True
        layout.addWidget(
            label(
                _(
                    "Each month, send the centre's figures to the regional network in a signed "
                    "file; welcome members of other centres with their network passport."
                ),
                "lead",
            )
        )
        layout.addWidget(self._build_setup())
        layout.addWidget(self._build_export())
        layout.addWidget(self._build_history())
        layout.addWidget(self._build_passports())
        layout.addWidget(self._build_coordinator())
        self.refresh_status()
        self.refresh_preview()
        self.coordinator.refresh()
        self.revoked_list.refresh()

    def _build_setup(self) -> QWidget:
        card, layout = _card(_("This centre in the network"))
        self.setup_card = card
        self.keyring_note = label("", "muted")
        self.keyring_note.hide()
        layout.addWidget(self.keyring_note)
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(2, 1)
        self.setup_marks: dict[str, QLabel] = {}
        self.setup_details: dict[str, QLabel] = {}
        self.code_field = QLineEdit()
        self.code_field.setPlaceholderText("77-ROZ")
        self.code_field.setMaximumWidth(160)
        self.code_button = QPushButton(_("Save the &code"))
        self.directory_button = QPushButton(_("Import the &directory…"))
        self.key_button = QPushButton(_("Create the &key"))
        self.public_key_button = QPushButton(_("Save the &public key…"))
        self.secret_button = QPushButton(_("Enter the &secret…"))
        rows: list[tuple[str, str, list[QWidget]]] = [
            ("code", _("Centre code"), [self.code_field, self.code_button]),
            ("directory", _("Network directory"), [self.directory_button]),
            ("key", _("Centre key"), [self.key_button, self.public_key_button]),
            ("secret", _("Network secret"), [self.secret_button]),
        ]
        for row, (key, caption, widgets) in enumerate(rows):
            mark = label("", wrap=False)
            mark.setMinimumWidth(24)
            detail = label("", "muted")
            self.setup_marks[key], self.setup_details[key] = mark, detail
            grid.addWidget(mark, row, 0)
            grid.addWidget(label(caption, wrap=False), row, 1)
            grid.addWidget(detail, row, 2)
            actions = QHBoxLayout()
            actions.setSpacing(8)
            for widget in widgets:
                actions.addWidget(widget)
            grid.addLayout(actions, row, 3, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(grid)
        self.setup_message = label("")
        self.setup_message.hide()
        layout.addWidget(self.setup_message)
        self.code_field.returnPressed.connect(self.save_code)
        self.code_button.clicked.connect(self.save_code)
        self.directory_button.clicked.connect(self.choose_directory)
        self.key_button.clicked.connect(self.create_key)
        self.public_key_button.clicked.connect(self.save_public_key)
        self.secret_button.clicked.connect(self.enter_secret)
        return card

    def _build_export(self) -> QWidget:
        card, layout = _card(_("Export to the network"))
        row = QHBoxLayout()
        self.period_picker = PeriodPicker(Period.previous_month(date.today()))
        self.period_picker.period_changed.connect(lambda _p: self._preview_timer.start())
        self.export_button = QPushButton(_("&Export…"))
        self.export_button.setProperty("primary", True)
        self.export_button.setToolTip(_("Write the signed file of this period (Ctrl+E)"))
        self.export_button.clicked.connect(self.export)
        shortcut = QShortcut(QKeySequence("Ctrl+E"), self)
        shortcut.activated.connect(self.export)
        row.addWidget(self.period_picker)
        row.addStretch(1)
        row.addWidget(self.export_button)
        layout.addLayout(row)
        self.export_message = label("")
        self.export_message.hide()
        layout.addWidget(self.export_message)
        layout.addWidget(label(_("What leaves the centre"), "subheading"))
        self.preview_panel = ExportPreviewPanel()
        layout.addWidget(self.preview_panel)
        return card

    def _build_history(self) -> QWidget:
        card, layout = _card(_("Exports already made"))
        self.history_holder = QVBoxLayout()
        layout.addLayout(self.history_holder)
        return card

    def _build_passports(self) -> QWidget:
        card, layout = _card(_("Network passports"))
        assert self.runner is not None and self.store is not None and self.actor is not None
        row = QHBoxLayout()
        row.addWidget(
            label(
                _(
                    "Members of this centre get a passport to work in the other centres. "
                    "A visitor's passport is checked here, even offline."
                ),
                "muted",
            ),
            1,
        )
        self.print_passport_button = QPushButton(_("Print a &passport…"))
        self.print_passport_button.clicked.connect(self.print_passport)
        row.addWidget(self.print_passport_button)
        layout.addLayout(row)
        self.passport_check = PassportCheckPanel(self.runner, self.store, self.actor)
        layout.addWidget(self.passport_check)
        self.revoked_list = RevokedPassportsList(self.runner, self.store)
        layout.addWidget(self.revoked_list)
        return card

    def _build_coordinator(self) -> QWidget:
        card, layout = _card(_("Coordinator: the network's figures"))
        assert self.runner is not None and self.store is not None and self.actor is not None
        self.coordinator = CoordinatorPanel(self.runner, self.store, self.actor)
        layout.addWidget(self.coordinator)
        return card

    # -- loading -----------------------------------------------------------------------
    def refresh_status(self) -> None:
        runner, store, actor = self._context()
        runner.submit(
            network_status, store, actor, on_done=self._show_status, on_error=self._show_error
        )

    def refresh_preview(self) -> None:
        runner, store, actor = self._context()
        runner.submit(
            preview_export,
            store,
            actor,
            self.period_picker.period(),
            self._access,
            on_done=self._show_preview,
            on_error=self._show_error,
        )

    def _show_status(self, status: NetworkStatus) -> None:
        self.status = status
        keys, directory, readiness = status.keys, status.directory, status.readiness
        self.keyring_note.setVisible(bool(keys.keyring_problem))
        self.keyring_note.setText(keys.keyring_problem or "")
        if not self.code_field.hasFocus():
            self.code_field.setText(keys.centre_code)
        if directory is None:
            directory_text = _("Not imported yet: the coordinator sends it.")
        elif readiness.centre_code and not readiness.centre_in_directory:
            directory_text = _("{network}, {day}: it does not list this centre ({code}).").format(
                network=directory.network,
                day=format_date(directory.issued),
                code=readiness.centre_code,
            )
        else:
            directory_text = _("{network}, {day} ({centres}).").format(
                network=directory.network,
                day=format_date(directory.issued),
                centres=_centres(len(directory.centres)),
            )
        details = {
            "code": (
                bool(keys.centre_code),
                keys.centre_code or _("Not set: the coordinator gives each centre its code."),
            ),
            "directory": (readiness.directory_imported and readiness.centre_in_directory,
                          directory_text),
            "key": (
                keys.public_key is not None,
                _("Fingerprint {fingerprint}").format(fingerprint=keys.fingerprint)
                if keys.public_key
                else _("Not created yet."),
            ),
            "secret": (
                keys.secret_check is not None,
                _("Entered (check value {check}).").format(check=keys.secret_check)
                if keys.secret_check
                else _("Not entered yet."),
            ),
        }  # fmt: skip
        for key, (done, text) in details.items():
            self.setup_marks[key].setText("✔" if done else "●")
            set_role(self.setup_marks[key], "figureCaption" if done else "error")
            self.setup_details[key].setText(text)
        self.key_button.setVisible(keys.public_key is None)
        self.public_key_button.setVisible(keys.public_key is not None)
        self.secret_button.setText(
            _("Change the &secret…") if keys.secret_check else _("Enter the &secret…")
        )
        self.export_button.setEnabled(readiness.ready)
        self.export_button.setToolTip(
            _("Write the signed file of this period (Ctrl+E)")
            if readiness.ready
            else "\n".join(readiness.problems)
        )
        self._show_history(status.history)

    def _show_history(self, history: tuple[ExportRecord, ...]) -> None:
        while (item := self.history_holder.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        if not history:
            self.history_holder.addWidget(label(_("No export yet."), "muted"))
            return
        rows: list[list[str | int]] = [
            [
                format_datetime(record.at, "short"),
                record.period,
                record.file_name,
                sum(record.rows.values()),
                record.by,
            ]
            for record in history[:12]
        ]
        self.history_table = table([_("Made on"), _("Period"), _("File"), _("Rows"), _("By")], rows)
        self.history_holder.addWidget(self.history_table)

    def _show_preview(self, preview: ExportPreview) -> None:
        if preview.period == self.period_picker.period():
            self.preview_panel.show_preview(preview)

    def _show_error(self, error: BaseException, *, setup: bool = False) -> None:
        if isinstance(error, PassphraseNeeded):
            return  # the preview works without the secret; the export asks for it
        if isinstance(error, ValidationError):
            text = "\n".join(error.problems.values())
        elif isinstance(error, ServiceError):
            text = str(error)
        else:
            text = _("Something went wrong; the details are in the log.")
        self._message(text, True, setup=setup)

    def _message(self, text: str, error: bool = False, *, setup: bool = False) -> None:
        """Say ``text`` under the setup rows (``setup``) or under the export button."""
        target = self.setup_message if setup else self.export_message
        set_role(target, "error" if error else "lead")
        target.setText(text)
        target.show()

    # -- actions -----------------------------------------------------------------------
    def export(self) -> None:
        if not self.export_button.isEnabled():
            return
        runner, store, _actor = self._context()
        period = self.period_picker.period()
        runner.submit(
            default_file_name,
            store,
            period,
            on_done=lambda name: self._export_to(period, name),
        )

    def _export_to(self, period: Period, file_name: str) -> None:
        path = self.ask_save_path(
            _("Save the exchange file"), file_name, _("Exchange files (*.zip)")
        )
        if path is None:
            return
        self._run_with_keys(export_period, period, path, on_done=self._exported)

    def _exported(self, result: ExportResult) -> None:
        rows = sum(result.rows.values())
        self._message(
            _("Exported {period} to {path}: {rows}, signed by {fingerprint}.").format(
                period=result.period.label,
                path=result.path,
                rows=ngettext("{count} row", "{count} rows", rows).format(
                    count=format_number(rows)
                ),
                fingerprint=result.fingerprint[:19],
            )
        )
        self.refresh_status()
        self.refresh_preview()

    def save_code(self) -> None:
        runner, store, actor = self._context()
        runner.submit(
            set_network_centre_code,
            store,
            actor,
            self.code_field.text(),
            on_done=self._done(_("Centre code saved.")),
            on_error=lambda error: self._show_error(error, setup=True),
        )

    def choose_directory(self) -> None:
        path = self.ask_open_path(_("The network directory"), _("Directory files (*.zip)"))
        if path is not None:
            self._import_directory(path, None)

    def _import_directory(self, path: Path, fingerprint: str | None) -> None:
        runner, store, actor = self._context()
        try:
            data = path.read_bytes()
        except OSError as error:
            self._message(str(error), True, setup=True)
            return
        runner.submit(
            import_directory,
            store,
            actor,
            data,
            fingerprint,
            on_done=self._directory_imported,
            on_error=lambda error: self._directory_refused(path, error),
        )

    def _directory_refused(self, path: Path, error: BaseException) -> None:
        if isinstance(error, CoordinatorKeyUnconfirmed):
            if self.confirm_fingerprint(error.network, error.fingerprint):
                self._import_directory(path, error.fingerprint)
            return
        self._show_error(error, setup=True)

    def _directory_imported(self, result: DirectoryImported) -> None:
        text = _("Directory of {network} imported ({centres}).").format(
            network=result.info.network, centres=_centres(len(result.info.centres))
        )
        if result.own_key_listed is False:
            text = _(
                "{imported} It does not list this centre's key yet: send the public key to "
                "the coordinator."
            ).format(imported=text)
        self._message(text, setup=True)
        self._reload()

    def create_key(self) -> None:
        self._run_with_keys(
            ensure_centre_key,
            on_done=self._done(_("The centre's key is ready.")),
            setup=True,
        )

    def save_public_key(self) -> None:
        path = self.ask_save_path(
            _("Save the public key"), "centre-public-key.pem", _("PEM keys (*.pem)")
        )
        if path is None:
            return
        self._run_with_keys(
            ensure_centre_key,
            on_done=lambda key: self._write_public_key(key, path),
            setup=True,
        )

    def _write_public_key(self, key: CentreKey, path: Path) -> None:
        try:
            path.write_bytes(key.pem)  # a few hundred bytes: no need for the worker
        except OSError as error:
            self._message(str(error), True, setup=True)
            return
        self._message(
            _("Public key saved to {path}. Send it to the coordinator.").format(path=path),
            setup=True,
        )

    def enter_secret(self) -> None:
        dialog = SecretDialog(self)
        if not self.exec_dialog(dialog):
            return
        text = dialog.secret.text()
        self._run_with_keys(
            set_network_secret,
            text,
            on_done=self._done(_("Network secret kept.")),
            setup=True,
        )

    def print_passport(self) -> None:
        runner, store, _actor = self._context()
        dialog = PassportRequestDialog(runner, store, self)
        if not self.exec_dialog(dialog):
            return
        member_id = dialog.member_id()
        if member_id is None:
            return
        path = self.ask_save_path(
            _("Save the passport"), "passeport-reseau.pdf", _("PDF files (*.pdf)")
        )
        if path is None:
            return
        until, allowance = dialog.valid_until_date(), dialog.allowance.value()
        self._run_with_keys(
            lambda store_, actor_, access: issue_passport_pdf(
                store_, actor_, member_id, path, valid_until=until, allowance_days=allowance,
                access=access,
            ),
            on_done=self._passport_printed,
        )  # fmt: skip

    def _passport_printed(self, issued: IssuedPassport) -> None:
        result = self.passport_check.result
        set_role(result, "lead")
        result.setText(
            _("Passport of {name} printed (network number {number}).").format(
                name=issued.member_name, number=issued.passport.member_id
            )
        )

    # -- keys: the passphrase when there is no keyring ------------------------------------
    def _run_with_keys(self, fn: Any, *args: Any, on_done: Any, setup: bool = False) -> None:
        """``fn(store, actor, *args, access)``; asks the passphrase if the keys need it."""
        runner, store, actor = self._context()

        def failed(error: BaseException) -> None:
            if isinstance(error, PassphraseNeeded):
                if self._ask_passphrase(error):
                    self._run_with_keys(fn, *args, on_done=on_done, setup=setup)
            else:
                self._show_error(error, setup=setup)

        runner.submit(fn, store, actor, *args, self._access, on_done=on_done, on_error=failed)

    def _ask_passphrase(self, needed: PassphraseNeeded) -> bool:
        dialog = PassphraseDialog(str(needed), creating=needed.creating, parent=self)
        if not self.exec_dialog(dialog):
            return False
        self._access = KeyAccess(dialog.passphrase.text())
        return True

    # -- what tests replace: dialogs of the platform -------------------------------------
    def ask_save_path(self, title: str, name: str, filters: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self, title, str(Path.home() / name), filters)
        return Path(chosen) if chosen else None

    def ask_open_path(self, title: str, filters: str) -> Path | None:
        chosen, _filter = QFileDialog.getOpenFileName(self, title, str(Path.home()), filters)
        return Path(chosen) if chosen else None

    def confirm_fingerprint(self, network: str, fingerprint: str) -> bool:
        answer = QMessageBox.question(
            self,
            _("The coordinator's key"),
            _(
                "This is the first directory of {network} this centre imports. It is signed "
                "by the key whose fingerprint is:\n\n{fingerprint}\n\nIs it exactly the one "
                "the coordinator gave you (on paper or by phone)?"
            ).format(network=network, fingerprint=fingerprint),
        )
        return answer == QMessageBox.StandardButton.Yes

    def exec_dialog(self, dialog: Any) -> bool:
        return bool(dialog.exec())

    # -- helpers ---------------------------------------------------------------------
    def _context(self) -> tuple[ServiceRunner, Store, Actor]:
        assert self.runner is not None and self.store is not None and self.actor is not None
        return self.runner, self.store, self.actor

    def _done(self, message: str) -> Any:
        """A callback that says ``message`` (under the setup) and reloads everything."""

        def done(_result: object) -> None:
            self._message(message, setup=True)
            self._reload()

        return done

    def _reload(self) -> None:
        self.refresh_status()
        self.refresh_preview()
        self.revoked_list.refresh()
