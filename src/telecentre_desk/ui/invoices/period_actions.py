"""The month's actions of the Invoices view, in two menu buttons:

"Print / save" (print the month's invoices, one combined PDF, each PDF in a folder) and
"Desk and accountant" (the daily desk closing, the sales journal, the FEC file, the
VAT summary). Files are written on the worker thread; the view says what was written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMenu, QPushButton

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.accounting_exports import ExportResult, VatSummary
from telecentre_desk.services.context import Actor
from telecentre_desk.services.invoice_files import Written
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.month_picker import month_name

if TYPE_CHECKING:
    from telecentre_desk.ui.views.invoices import InvoicesView

FileJob = Callable[[Store, date, date, Path], Written]


class PeriodActions(QObject):
    """A child of the view: deleted with it, so late results are dropped (see ServiceRunner)."""

    def __init__(self, view: InvoicesView) -> None:
        super().__init__(view)
        self.view = view
        self.print_button = QPushButton(_("Print / save"))
        menu = QMenu(self.print_button)
        self.print_all_action = menu.addAction(_("Print the month's invoices…"), self.print_month)
        self.combined_action = menu.addAction(
            _("One PDF of the month's invoices, for printing…"), self.save_combined
        )
        self.save_all_action = menu.addAction(
            _("Save each invoice of the month as PDF in a folder…"), self.save_all
        )
        self.print_button.setMenu(menu)

        self.more_button = QPushButton(_("Desk and accountant"))
        menu = QMenu(self.more_button)
        self.closing_action = menu.addAction(_("Close the desk for the day…"), self.open_closing)
        menu.addSeparator()
        self.sales_action = menu.addAction(
            _("Sales journal of the month (CSV)…"), self.export_sales
        )
        self.fec_action = menu.addAction(_("FEC file of the year…"), self.export_fec)
        self.vat_action = menu.addAction(_("VAT summary of the month"), self.show_vat_summary)
        self.more_button.setMenu(menu)

    # -- printing and saving the month ---------------------------------------------------------
    def save_combined(self) -> None:
        first, last = self.view.period()
        path = self.view.asker.save_path(
            _("Save one PDF of the month"), f"factures-{first:%Y-%m}.pdf", _("PDF (*.pdf)")
        )
        if path is None:
            return
        from telecentre_desk.services.invoice_files import write_combined_pdf

        self._run_file_job(write_combined_pdf, first, last, path)

    def save_all(self) -> None:
        first, last = self.view.period()
        folder = self.view.asker.folder(_("Choose the folder for the month's invoices"))
        if folder is None:
            return
        from telecentre_desk.services.invoice_files import write_each_pdf

        self._run_file_job(write_each_pdf, first, last, folder)

    def print_month(self) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, _actor = context
        first, last = self.view.period()
        from telecentre_desk.services.invoice_files import combined_pdf
        from telecentre_desk.ui.invoices.printing import print_pdf

        def send(pdf: bytes | None) -> None:
            if pdf is None:
                self.view.say(_("No invoice issued for this month: nothing to print."))
            else:
                title = _("Invoices of {month}").format(month=month_name(first))
                print_pdf(self.view, runner, pdf, title)

        runner.submit(combined_pdf, store, first, last, on_done=send, on_error=self.view.show_error)

    def _run_file_job(self, job: FileJob, first: date, last: date, target: Path) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, _actor = context
        self.view.say(_("Writing the files…"))
        runner.submit(
            job,
            store,
            first,
            last,
            target,
            on_done=self._files_written,
            on_error=self.view.show_error,
        )

    def _files_written(self, written: Written) -> None:
        if written.count == 0:
            self.view.say(_("No invoice issued for this month: no file written."))
            return
        self.view.say(
            ngettext(
                "{count} invoice written to {path}.",
                "{count} invoices written to {path}.",
                written.count,
            ).format(count=written.count, path=written.path)
        )

    # -- desk and accountant -------------------------------------------------------------------
    def open_closing(self) -> None:
        context = self.view.context()
        if context is None:
            return
        from telecentre_desk.ui.invoices.closing_dialog import ClosingDialog

        dialog = ClosingDialog(*context, self.view.asker, parent=self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.view.track(dialog)
        dialog.open()

    def export_sales(self) -> None:
        first, last = self.view.period()
        path = self.view.asker.save_path(
            _("Save the sales journal"), f"journal-ventes-{first:%Y-%m}.csv", _("CSV (*.csv)")
        )
        if path is None:
            return
        from telecentre_desk.services.accounting_exports import write_sales_journal

        self._export(lambda store, actor: write_sales_journal(store, actor, first, last, path))

    def export_fec(self) -> None:
        year = self.view.period()[0].year
        folder = self.view.asker.folder(
            _("Choose the folder for the FEC file of {year}").format(year=year)
        )
        if folder is None:
            return
        from telecentre_desk.services.accounting_exports import write_fec

        self._export(lambda store, actor: write_fec(store, actor, year, folder))

    def show_vat_summary(self) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, actor = context
        first, last = self.view.period()
        from telecentre_desk.services.accounting_exports import vat_summary

        runner.submit(
            vat_summary,
            store,
            actor,
            first,
            last,
            on_done=self._show_vat_summary,
            on_error=self.view.show_error,
        )

    def _show_vat_summary(self, summary: VatSummary) -> None:
        from telecentre_desk.ui.invoices.vat_summary_dialog import VatSummaryDialog

        dialog = VatSummaryDialog(summary, parent=self.view)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.view.track(dialog)
        dialog.open()

    def _export(self, job: Callable[[Store, Actor], ExportResult]) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, actor = context
        runner.submit(job, store, actor, on_done=self._exported, on_error=self.view.show_error)

    def _exported(self, result: ExportResult) -> None:
        self.view.say(
            ngettext(
                "{count} document written to {path}.",
                "{count} documents written to {path}.",
                result.documents,
            ).format(count=result.documents, path=result.path)
        )
