"""Coordinator mode in the Network view: import the centres' files, see the network's
figures, and make the clearing statement of a period.

Every database call goes through the runner; the panel keeps only plain results. The
platform's dialogs (choose files, choose a folder, confirm, open a PDF) are methods that
tests replace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _, format_datetime, format_money, format_number, ngettext
from telecentre_desk.network.period import Period
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.network_clearing import (
    ClearingFiles,
    ClearingStatement,
    clearing_statement,
    write_clearing,
)
from telecentre_desk.services.network_dashboard import Dashboard, month_label, network_dashboard
from telecentre_desk.services.network_import import (
    ImportedBundle,
    ImportOutcome,
    ImportReport,
    ImportStatus,
    import_bundles,
    imported_bundles,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.network.coordinator_charts import (
    OccupancyChart,
    occupancy_bars,
    visits_matrix,
)
from telecentre_desk.ui.network.period_picker import PeriodPicker
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.views.base import label, table
from telecentre_desk.ui.worker import ServiceRunner


@dataclass(frozen=True)
class CoordinatorData:
    bundles: tuple[ImportedBundle, ...]
    dashboard: Dashboard
    statement: ClearingStatement


def load_coordinator(store: Store, actor: Actor, period: Period) -> CoordinatorData:
    """Everything the panel shows for ``period`` (run in the worker)."""
    return CoordinatorData(
        imported_bundles(store, actor),
        network_dashboard(store, actor, period),
        clearing_statement(store, actor, period),
    )


def _hours(value: Decimal) -> str:
    return format_number(value)


class CoordinatorPanel(QWidget):
    """Import, dashboard and clearing for the network's coordinator."""

    def __init__(
        self, runner: ServiceRunner, store: Store, actor: Actor, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.data: CoordinatorData | None = None
        self.last_report: ImportReport | None = None
        self.last_files: ClearingFiles | None = None
        # While replacing after a confirmation, the first import's outcomes stay listed.
        self._replacing = False
        self.outcome_labels: dict[str, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)

        intro = QHBoxLayout()
        intro.addWidget(
            label(
                _(
                    "For the network's coordinator: import the files the centres send, "
                    "then read the network's figures and make the clearing between centres."
                ),
                "muted",
            ),
            1,
        )
        self.import_button = QPushButton(_("Import centres' &files…"))
        self.import_button.setProperty("primary", True)
        self.import_button.clicked.connect(self.choose_files)
        intro.addWidget(self.import_button)
        layout.addLayout(intro)
        self.import_results = QVBoxLayout()
        self.import_results.setSpacing(4)
        layout.addLayout(self.import_results)

        layout.addWidget(label(_("Files imported"), "subheading"))
        self.bundles_holder = QVBoxLayout()
        layout.addLayout(self.bundles_holder)

        row = QHBoxLayout()
        today = date.today()
        self.period_picker = PeriodPicker(Period.year(Period.previous_month(today).start.year))
        self.period_picker.period_changed.connect(lambda _p: self.refresh())
        row.addWidget(self.period_picker)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(label(_("Occupancy per centre and month"), "subheading"))
        self.chart = OccupancyChart()
        layout.addWidget(self.chart)
        self.occupancy_holder = QVBoxLayout()
        layout.addLayout(self.occupancy_holder)

        layout.addWidget(label(_("Visits between centres"), "subheading"))
        layout.addWidget(
            label(
                _("Rows: the visitors' home centre. Columns: the centre they visited."),
                "muted",
            )
        )
        self.matrix_holder = QVBoxLayout()
        layout.addLayout(self.matrix_holder)

        layout.addWidget(label(_("Visio and meeting rooms"), "subheading"))
        self.rooms_holder = QVBoxLayout()
        layout.addLayout(self.rooms_holder)

        layout.addWidget(label(_("Revenue"), "subheading"))
        self.revenue_holder = QVBoxLayout()
        layout.addLayout(self.revenue_holder)

        clearing_row = QHBoxLayout()
        clearing_row.addWidget(label(_("Clearing between centres"), "subheading"), 1)
        self.save_clearing_button = QPushButton(_("Save the clearing state&ment…"))
        self.save_clearing_button.clicked.connect(self.save_clearing)
        self.open_clearing_button = QPushButton(_("&Open the statement"))
        self.open_clearing_button.clicked.connect(self.open_clearing)
        self.open_clearing_button.hide()
        clearing_row.addWidget(self.save_clearing_button)
        clearing_row.addWidget(self.open_clearing_button)
        layout.addLayout(clearing_row)
        self.clearing_summary = label("", "muted")
        layout.addWidget(self.clearing_summary)
        self.clearing_holder = QVBoxLayout()
        layout.addLayout(self.clearing_holder)
        self.clearing_message = label("")
        self.clearing_message.hide()
        layout.addWidget(self.clearing_message)

    # -- loading -----------------------------------------------------------------------
    def refresh(self) -> None:
        self.runner.submit(
            load_coordinator,
            self.store,
            self.actor,
            self.period_picker.period(),
            on_done=self._show,
            on_error=self._failed,
        )

    def _show(self, data: CoordinatorData) -> None:
        if data.dashboard.period != self.period_picker.period():
            return  # an older request; the newer one follows
        self.data = data
        self._show_bundles(data.bundles)
        self._show_dashboard(data.dashboard)
        self._show_statement(data.statement)

    def _show_bundles(self, bundles: tuple[ImportedBundle, ...]) -> None:
        if not bundles:
            self._replace(self.bundles_holder, label(_("No file imported yet."), "muted"))
            return
        rows: list[list[str | int]] = [
            [f"{b.centre_code} — {b.centre_name}", b.period, b.visits,
             format_datetime(b.imported_at, "short"), b.file_name]
            for b in bundles
        ]  # fmt: skip
        self.bundles_table = _table(
            [_("Centre"), _("Period"), _("Visits"), _("Imported on"), _("File")], rows
        )
        self._replace(self.bundles_holder, self.bundles_table)

    def _show_dashboard(self, dashboard: Dashboard) -> None:
        self.chart.set_bars(occupancy_bars(dashboard))
        nothing = _("Nothing imported for this period.")
        if dashboard.occupancy:
            self.occupancy_table = _table(
                [_("Centre"), _("Month"), _("Open days"), _("Visitor-days"),
                 _("Hours used"), _("Hours available"), _("Occupancy")],
                [[row.centre_code, month_label(row.month), row.open_days, row.visitor_days,
                  _hours(row.desk_hours_used), _hours(row.desk_hours_available),
                  f"{format_number(row.rate)} %" if row.rate is not None else "—"]
                 for row in dashboard.occupancy],
            )  # fmt: skip
            self._replace(self.occupancy_holder, self.occupancy_table)
        else:
            self._replace(self.occupancy_holder, label(nothing, "muted"))
        if dashboard.visits:
            self.matrix = visits_matrix(dashboard)
            self._replace(self.matrix_holder, self.matrix)
        else:
            self._replace(
                self.matrix_holder, label(_("No visit between centres in this period."), "muted")
            )
        if dashboard.room_use:
            self._replace(
                self.rooms_holder,
                _table(
                    [_("Centre"), _("Month"), _("Room kind"), _("Hours booked"), _("Bookings"),
                     _("Cancellations"), _("No-shows")],
                    [[r.centre_code, month_label(r.month), _room_kind(r.room_kind),
                      _hours(r.hours_booked), r.bookings, r.cancellations, r.no_shows]
                     for r in dashboard.room_use],
                ),
            )  # fmt: skip
        else:
            self._replace(
                self.rooms_holder, label(_("No room use in the files of this period."), "muted")
            )
        if dashboard.revenue:
            self._replace(
                self.revenue_holder,
                _table(
                    [_("Centre"), _("Month"), _("Net"), _("VAT"), _("Invoices"),
                     _("Credit notes")],
                    [[r.centre_code, month_label(r.month), format_money(r.net_amount),
                      format_money(r.vat_amount), r.invoices, r.credit_notes]
                     for r in dashboard.revenue],
                ),
            )  # fmt: skip
        else:
            self._replace(
                self.revenue_holder, label(_("No revenue in the files of this period."), "muted")
            )

    def _show_statement(self, statement: ClearingStatement) -> None:
        self.clearing_summary.setText(
            _("{period}: {visits} between centres, {total} in all.").format(
                period=statement.period.label,
                visits=ngettext("{count} visit", "{count} visits", statement.visits).format(
                    count=format_number(statement.visits)
                ),
                total=format_money(statement.total),
            )
        )
        self.save_clearing_button.setEnabled(bool(statement.reporting))
        if not statement.balances:
            self._replace(self.clearing_holder, None)
            return
        self.balances_table = _table(
            [_("Centre"), _("Owed to it"), _("Owed by it"), _("Net balance")],
            [[f"{b.code} — {b.name}" if b.name else b.code, format_money(b.receivable),
              format_money(b.payable), format_money(b.net)]
             for b in statement.balances],
        )  # fmt: skip
        self._replace(self.clearing_holder, self.balances_table)

    # -- importing ---------------------------------------------------------------------
    def choose_files(self) -> None:
        paths = self.ask_open_paths()
        if paths:
            self.import_files(paths, replace=False)

    def import_files(self, paths: list[Path], *, replace: bool) -> None:
        self.import_button.setEnabled(False)
        self.runner.submit(
            partial(import_bundles, replace=replace),
            self.store,
            self.actor,
            paths,
            on_done=lambda report: self._imported(report, paths),
            on_error=self._failed,
        )

    def _imported(self, report: ImportReport, paths: list[Path]) -> None:
        self.import_button.setEnabled(True)
        previous = self.last_report.outcomes if self.last_report and self._replacing else ()
        self._replacing = False
        self.last_report = report
        self._show_outcomes(report.outcomes, previous)
        pending = [o for o in report.outcomes if o.status is ImportStatus.NEEDS_CONFIRMATION]
        if pending and self.confirm_replace(pending):
            names = {o.file_name for o in pending}
            self._replacing = True
            self.import_files([p for p in paths if p.name in names], replace=True)
        self.refresh()

    def _show_outcomes(
        self, outcomes: tuple[ImportOutcome, ...], previous: tuple[ImportOutcome, ...]
    ) -> None:
        shown = {o.file_name: o for o in previous}
        shown.update({o.file_name: o for o in outcomes})
        self._clear(self.import_results)
        self.outcome_labels = {}
        for outcome in shown.values():
            refused = outcome.status in (ImportStatus.REFUSED, ImportStatus.NEEDS_CONFIRMATION)
            mark = "✖" if outcome.status is ImportStatus.REFUSED else "✔"
            if outcome.status is ImportStatus.NEEDS_CONFIRMATION:
                mark = "●"
            text = _("{mark} {file}: {message}").format(
                mark=mark, file=outcome.file_name, message=outcome.message
            )
            line = label(text, "error" if refused else "lead")
            self.outcome_labels[outcome.file_name] = line
            self.import_results.addWidget(line)

    # -- clearing ----------------------------------------------------------------------
    def save_clearing(self) -> None:
        folder = self.ask_folder()
        if folder is None:
            return
        self.runner.submit(
            write_clearing,
            self.store,
            self.actor,
            self.period_picker.period(),
            folder,
            on_done=self._clearing_written,
            on_error=self._failed,
        )

    def _clearing_written(self, files: ClearingFiles) -> None:
        self.last_files = files
        set_role(self.clearing_message, "lead")
        self.clearing_message.setText(
            _("Clearing statement saved: {pdf} (and its CSV files beside it).").format(
                pdf=files.pdf
            )
        )
        self.clearing_message.show()
        self.open_clearing_button.show()
        self.open_clearing()

    def open_clearing(self) -> None:
        if self.last_files is not None:
            self.open_document(self.last_files.pdf)

    # -- errors and helpers ------------------------------------------------------------
    def _failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(error, ValidationError):
            text = "\n".join(error.problems.values())
        elif isinstance(error, ServiceError):
            text = str(error)
        else:
            text = _("Something went wrong; the details are in the log.")
        set_role(self.clearing_message, "error")
        self.clearing_message.setText(text)
        self.clearing_message.show()

    def _clear(self, holder: QVBoxLayout) -> None:
        while (item := holder.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def _replace(self, holder: QVBoxLayout, widget: QWidget | None) -> None:
        self._clear(holder)
        if widget is not None:
            holder.addWidget(widget)

    # -- what tests replace: dialogs of the platform -------------------------------------
    def ask_open_paths(self) -> list[Path]:
        chosen, _filter = QFileDialog.getOpenFileNames(
            self, _("The centres' exchange files"), str(Path.home()),
            _("Exchange files (*.zip)"),
        )  # fmt: skip
        return [Path(name) for name in chosen]

    def ask_folder(self) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(
            self, _("Folder for the clearing statement"), str(Path.home())
        )
        return Path(chosen) if chosen else None

    def confirm_replace(self, pending: list[ImportOutcome]) -> bool:
        answer = QMessageBox.question(
            self,
            _("Replace imported figures?"),
            _("{lines}\n\nReplace the figures already imported with these files?").format(
                lines="\n".join(o.message for o in pending)
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def open_document(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _table(headers: list[str], rows: list[list[str | int]]) -> QTableWidget:
    """The views' table, with narrower columns: the dashboard's tables have many."""
    widget = table(headers, rows)
    widget.horizontalHeader().setMinimumSectionSize(84)
    return widget


def _room_kind(kind: str) -> str:
    return {"meeting_room": _("Meeting room"), "visio_room": _("Visio room")}.get(kind, kind)
