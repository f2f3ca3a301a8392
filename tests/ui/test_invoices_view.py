"""The manager's month end in the Invoices view, as a user: prepare the month of the demo
centre, open a draft, discount a line, issue it, look at the PDF preview, record a
partial payment, then credit part of the invoice and issue the credit note. Every
screen and dialog is rendered to PNG in /tmp/shots-invoices-ui/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import shiboken6
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.invoicing import InvoiceStatus, PaymentMethod
from telecentre_desk.domain.text import fold as ascii_fold
from telecentre_desk.i18n import _, format_money, ngettext
from telecentre_desk.paths import DataPaths, prepare_data_dir
from telecentre_desk.services.auth import sign_in
from telecentre_desk.services.billing_settings import update_billing_settings
from telecentre_desk.services.context import Actor
from telecentre_desk.services.demo import generate_demo
from telecentre_desk.services.invoice_issue import issue_invoice
from telecentre_desk.services.invoice_queries import get_invoice, list_invoices
from telecentre_desk.services.overview import centre_overview
from telecentre_desk.services.payments import balance, paris_today, record_payment
from telecentre_desk.services.store import Store, open_store
from telecentre_desk.ui.invoices.amounts import parse_money
from telecentre_desk.ui.invoices.asking import Asker
from telecentre_desk.ui.invoices.closing_dialog import ClosingDialog
from telecentre_desk.ui.invoices.credit_note_dialog import CreditNoteDialog
from telecentre_desk.ui.invoices.document_list import Shown
from telecentre_desk.ui.invoices.draft_editor import DraftEditor
from telecentre_desk.ui.invoices.line_dialogs import DiscountDialog, NewLineDialog
from telecentre_desk.ui.invoices.payment_dialog import PaymentDialog, ReversalDialog
from telecentre_desk.ui.invoices.preview import PreviewDialog
from telecentre_desk.ui.invoices.printing import new_printer, print_pdf
from telecentre_desk.ui.invoices.vat_summary_dialog import VatSummaryDialog
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.views.invoices import InvoicesView
from telecentre_desk.ui.worker import ServiceRunner

SHOTS = Path("/tmp/shots-invoices-ui")


class ScriptedAsker(Asker):
    """Answers set in advance: ``answers`` first (in order), then ``yes``; records questions."""

    def __init__(self, parent: QWidget, *, yes: bool = True) -> None:
        super().__init__(parent)
        self.yes = yes
        self.answers: list[bool] = []
        self.questions: list[str] = []
        self.paths: list[Path] = []
        self.folders: list[Path] = []

    def confirm(self, title: str, text: str, yes: str | None = None) -> bool:
        self.questions.append(text)
        return self.answers.pop(0) if self.answers else self.yes

    def save_path(self, title: str, suggested: str, filters: str) -> Path | None:
        return self.paths.pop(0) if self.paths else None

    def folder(self, title: str) -> Path | None:
        return self.folders.pop(0) if self.folders else None


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo centre, generated once for the module and copied for each test."""
    folder = tmp_path_factory.mktemp("demo") / "centre"
    generate_demo(prepare_data_dir(folder))
    return folder


@dataclass
class Desk:
    store: Store
    runner: ServiceRunner
    view: InvoicesView
    asker: ScriptedAsker
    manager: Actor

    def settle(self) -> None:
        assert self.runner.wait_idle(30_000)


@pytest.fixture
def desk(qtbot: QtBot, demo_template: Path, tmp_path: Path) -> Iterator[Desk]:
    folder = tmp_path / "centre"
    shutil.copytree(demo_template, folder)
    paths: DataPaths = prepare_data_dir(folder)
    store = open_store(paths)
    manager = sign_in(store, "gerante", "2468")
    runner = ServiceRunner()
    view = InvoicesView(runner=runner, store=store, actor=manager)
    qtbot.addWidget(view)
    apply_theme(view)
    view.resize(1300, 860)
    view.show()
    asker = ScriptedAsker(view)
    view.asker = asker
    view.set_overview(centre_overview(store))
    desk = Desk(store, runner, view, asker, manager)
    desk.settle()
    yield desk
    if view.dialog is not None and shiboken6.isValid(view.dialog):
        view.dialog.close()
    view.close()
    runner.shutdown()
    store.close()


def shoot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def current_dialog(qtbot: QtBot, desk: Desk, kind: type[QDialog]) -> QDialog:
    qtbot.waitUntil(
        lambda: (
            isinstance(desk.view.dialog, kind)
            and shiboken6.isValid(desk.view.dialog)
            and desk.view.dialog.isVisible()
        ),
        timeout=30_000,
    )
    assert isinstance(desk.view.dialog, kind)
    return desk.view.dialog


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def prepare_this_month(qtbot: QtBot, desk: Desk) -> None:
    view = desk.view
    # The picker opens on the month just ended; the demo's busiest month is the current one.
    qtbot.mouseClick(view.month.next_button, Qt.MouseButton.LeftButton)
    assert view.month.month() == paris_today().replace(day=1)
    qtbot.mouseClick(view.prepare_button, Qt.MouseButton.LeftButton)
    desk.settle()


def test_the_month_end_from_preparing_to_a_credit_note(qtbot: QtBot, desk: Desk) -> None:
    view = desk.view
    shoot(view, "invoices-empty")
    prepare_this_month(qtbot, desk)
    first = view.month.month()
    drafts = list_invoices(
        desk.store, status=InvoiceStatus.DRAFT, period_start=first, period_end=first
    )
    assert drafts, "the demo centre has something to invoice this month"
    assert view.tabs.currentIndex() == 0  # the drafts tab, now filled
    assert view.model.rowCount() == len(drafts)
    assert "Ouvrez un brouillon avec Entrée" in view.status.text()
    shoot(view, "invoices")  # the README's screenshot

    # Open the largest draft with the keyboard.
    chosen = max(view.model.rows, key=lambda item: item.gross)
    view.table.setFocus()
    view.select(chosen.id)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    editor = current_dialog(qtbot, desk, DraftEditor)
    assert isinstance(editor, DraftEditor)
    desk.settle()
    assert chosen.customer in editor.heading.text()
    assert editor.lines.rowCount() >= 1
    shoot(editor, "draft-editor")

    # Discount the first line by 10 %.
    detail = get_invoice(desk.store, chosen.id)
    line = detail.lines[0]
    editor.select_line(0)
    qtbot.mouseClick(editor.discount_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.line_dialog, DiscountDialog))
    discount = editor.line_dialog
    assert isinstance(discount, DiscountDialog)
    shoot(discount, "discount-dialog")
    retype(qtbot, discount.amount, "10 %")
    qtbot.keyClick(discount.amount, Qt.Key.Key_Return)
    desk.settle()
    expected = (line.quantity * line.unit_price / 10).quantize(Decimal("0.01"))
    after = get_invoice(desk.store, chosen.id)
    assert after.lines[0].discount == expected
    assert editor.lines.item(0, 3).text() == format_money(expected)
    assert format_money(after.summary.gross_total) in editor.totals.text()
    assert after.summary.gross_total == detail.summary.gross_total - expected

    # Issue it (the confirmation says it takes the next number).
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    preview = current_dialog(qtbot, desk, PreviewDialog)
    assert isinstance(preview, PreviewDialog)
    assert "prochain numéro de facture" in desk.asker.questions[-1]
    desk.settle()
    issued = get_invoice(desk.store, chosen.id)
    assert issued.summary.status is InvoiceStatus.ISSUED
    number = issued.summary.number
    assert number and number in preview.heading.text()
    assert number in view.status.text()
    assert preview.page_labels, "the archived PDF is shown page by page"
    pixmap = preview.page_labels[0].pixmap()
    assert pixmap.width() > 500 and pixmap.height() > pixmap.width()  # an A4 page
    gross = issued.summary.gross_total
    assert format_money(gross) in preview.state.text()
    shoot(preview, "preview")

    # A partial payment: half of the total, by transfer.
    qtbot.mouseClick(preview.pay_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(preview.child_dialog, PaymentDialog))
    payment = preview.child_dialog
    assert isinstance(payment, PaymentDialog)
    assert parse_money(payment.amount.text()) == gross  # what is left to pay, prefilled
    half = (gross / 2).quantize(Decimal("0.01"))
    retype(qtbot, payment.amount, str(half).replace(".", ","))
    shoot(payment, "payment-dialog")
    qtbot.keyClick(payment.amount, Qt.Key.Key_Return)
    desk.settle()
    assert balance(desk.store, chosen.id) == gross - half
    qtbot.waitUntil(lambda: format_money(gross - half) in preview.state.text())
    assert format_money(half) in preview.payments.text()
    shoot(preview, "preview-paid")

    # Credit one unit of the first line, then issue the credit note.
    qtbot.mouseClick(preview.credit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(preview.child_dialog, CreditNoteDialog))
    credit = preview.child_dialog
    assert isinstance(credit, CreditNoteDialog)
    qtbot.mouseClick(
        credit.some, Qt.MouseButton.LeftButton, pos=QPoint(10, credit.some.height() // 2)
    )
    assert credit.some.isChecked() and credit.lines.isEnabled()
    first_line = issued.lines[0]
    retype(qtbot, credit.quantities[first_line.id], "1")
    shoot(credit, "credit-note-dialog")
    qtbot.mouseClick(credit.prepare_button, Qt.MouseButton.LeftButton)
    note_editor = current_dialog(qtbot, desk, DraftEditor)
    assert isinstance(note_editor, DraftEditor)
    desk.settle()
    assert number in note_editor.subtitle.text()  # it cites the invoice it corrects
    assert note_editor.lines.rowCount() == 1
    assert note_editor.lines.item(0, 1).text() == "1"  # one unit credited, not the whole line
    shoot(note_editor, "credit-note-draft")
    qtbot.mouseClick(note_editor.issue_button, Qt.MouseButton.LeftButton)
    note_preview = current_dialog(qtbot, desk, PreviewDialog)
    desk.settle()
    notes = list_invoices(desk.store, kind=DocumentKind.CREDIT_NOTE, status=InvoiceStatus.ISSUED)
    assert len(notes) == 1 and notes[0].number
    assert notes[0].number in note_preview.heading.text()
    assert not note_preview.pay_button.isVisible()
    shoot(note_preview, "credit-note-preview")
    note_preview.close()

    # The list: the invoice's balance is what the customer still owes after the credit.
    view.show_tab(Shown.ISSUED)
    desk.settle()
    listed = next(r for r in view.model.rows if r.id == chosen.id)
    assert listed.balance == gross - half - notes[0].gross_total > 0
    assert listed.balance == balance(desk.store, chosen.id)
    assert listed.state == _("Partly paid")
    shoot(view, "invoices-issued")
    view.show_tab(Shown.CREDIT_NOTES)
    desk.settle()
    assert [r.number for r in view.model.rows] == [notes[0].number]


def open_draft(
    qtbot: QtBot, desk: Desk, invoice_id: int, *, double_click: bool = False
) -> DraftEditor:
    view = desk.view
    view.select(invoice_id)
    if double_click:
        # A real double-click: a first press and release, then the second press.
        center = view.table.visualRect(view.table.currentIndex()).center()
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    else:
        view.table.setFocus()
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    editor = current_dialog(qtbot, desk, DraftEditor)
    assert isinstance(editor, DraftEditor)
    desk.settle()
    return editor


def test_bad_input_gets_a_message_and_changes_nothing(qtbot: QtBot, desk: Desk) -> None:
    prepare_this_month(qtbot, desk)
    chosen = max(desk.view.model.rows, key=lambda item: item.gross)
    before = get_invoice(desk.store, chosen.id)
    editor = open_draft(qtbot, desk, chosen.id)

    # A discount larger than the line.
    editor.select_line(0)
    qtbot.mouseClick(editor.discount_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.line_dialog, DiscountDialog))
    discount = editor.line_dialog
    assert isinstance(discount, DiscountDialog)
    retype(qtbot, discount.amount, "100000")
    qtbot.keyClick(discount.amount, Qt.Key.Key_Return)
    assert discount.isVisible() and discount.error.isVisible()
    shoot(discount, "discount-refused")
    qtbot.keyClick(discount.amount, Qt.Key.Key_Escape)

    # A line with no description and a price that is not one.
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.line_dialog, NewLineDialog))
    new_line = editor.line_dialog
    assert isinstance(new_line, NewLineDialog)
    qtbot.keyClicks(new_line.unit_price, "douze")
    qtbot.keyClick(new_line.unit_price, Qt.Key.Key_Return)
    assert new_line.isVisible()
    assert _("Say what the line is for.") in new_line.error.text()
    shoot(new_line, "new-line-refused")
    qtbot.keyClick(new_line.unit_price, Qt.Key.Key_Escape)

    # A buyer SIRET that is not valid: the service's message, under the customer block.
    retype(qtbot, editor.buyer["buyer_siret"], "12345678901234")
    qtbot.mouseClick(editor.save_buyer_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert editor.buyer_error.isVisible() and "SIRET" in editor.buyer_error.text()
    shoot(editor, "draft-buyer-refused")
    assert get_invoice(desk.store, chosen.id) == before  # nothing changed

    # A line added by hand, then removed.
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(editor.line_dialog, NewLineDialog))
    new_line = editor.line_dialog
    assert isinstance(new_line, NewLineDialog)
    qtbot.keyClicks(new_line.description, "Impressions couleur")
    retype(qtbot, new_line.quantity, "4")
    qtbot.keyClicks(new_line.unit_price, "0,50")
    qtbot.keyClick(new_line.unit_price, Qt.Key.Key_Return)
    desk.settle()
    added = get_invoice(desk.store, chosen.id)
    assert added.summary.gross_total == before.summary.gross_total + Decimal("2.00")
    assert editor.lines.rowCount() == len(before.lines) + 1
    editor.select_line(editor.lines.rowCount() - 1)
    qtbot.keyClick(editor.lines, Qt.Key.Key_Delete)
    desk.settle()
    assert "Impressions couleur" in desk.asker.questions[-1]
    assert get_invoice(desk.store, chosen.id).summary.gross_total == before.summary.gross_total


def test_payments_refused_or_confirmed(qtbot: QtBot, desk: Desk) -> None:
    prepare_this_month(qtbot, desk)
    chosen = max(desk.view.model.rows, key=lambda item: item.gross)
    editor = open_draft(qtbot, desk, chosen.id)
    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter
    preview = current_dialog(qtbot, desk, PreviewDialog)
    assert isinstance(preview, PreviewDialog)
    desk.settle()
    gross = get_invoice(desk.store, chosen.id).summary.gross_total

    def payment_dialog() -> PaymentDialog:
        qtbot.mouseClick(preview.pay_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: isinstance(preview.child_dialog, PaymentDialog))
        dialog = preview.child_dialog
        assert isinstance(dialog, PaymentDialog)
        return dialog

    # A cheque needs its number.
    dialog = payment_dialog()
    dialog.method.setCurrentIndex(dialog.method.findData(PaymentMethod.CHEQUE.value))
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    desk.settle()
    assert dialog.isVisible() and "numéro du chèque" in dialog.error.text()
    shoot(dialog, "payment-refused")
    # More than the balance: asked, declined, nothing recorded.
    retype(qtbot, dialog.reference, "1234567")
    retype(qtbot, dialog.amount, str(gross + 10).replace(".", ","))
    desk.asker.answers = [False]
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    desk.settle()
    assert "dépasse ce qui reste à payer" in desk.asker.questions[-1]
    assert dialog.isVisible() and balance(desk.store, chosen.id) == gross
    # Asked again and confirmed: recorded as an overpayment.
    qtbot.keyClick(dialog.amount, Qt.Key.Key_Return)
    desk.settle()
    assert balance(desk.store, chosen.id) == -10
    qtbot.waitUntil(lambda: format_money(Decimal(10)) in preview.state.text())
    assert not preview.pay_button.isEnabled()
    shoot(preview, "preview-overpaid")

    # That overpayment was a mistake: cancelled by a reversal, the balance is back.
    qtbot.mouseClick(preview.reverse_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(preview.child_dialog, ReversalDialog))
    reversal = preview.child_dialog
    assert isinstance(reversal, ReversalDialog)
    assert reversal.choices.count() == 1
    shoot(reversal, "payment-reversal")
    qtbot.mouseClick(reversal.cancel_payment_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert balance(desk.store, chosen.id) == gross
    qtbot.waitUntil(lambda: preview.pay_button.isEnabled())
    assert not preview.reverse_button.isVisible()  # nothing left to cancel

    # A credit of more than was invoiced: refused in the dialog, no credit note drafted.
    qtbot.mouseClick(preview.credit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(preview.child_dialog, CreditNoteDialog))
    credit = preview.child_dialog
    assert isinstance(credit, CreditNoteDialog)
    credit.some.setChecked(True)
    line_id = next(iter(credit.quantities))
    retype(qtbot, credit.quantities[line_id], "999")
    qtbot.mouseClick(credit.prepare_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert credit.isVisible() and credit.error.isVisible()
    assert list_invoices(desk.store, kind=DocumentKind.CREDIT_NOTE) == []
    shoot(credit, "credit-note-refused")
    credit.close()


def test_missing_identity_and_a_company_without_siren(qtbot: QtBot, desk: Desk) -> None:
    prepare_this_month(qtbot, desk)
    chosen = max(desk.view.model.rows, key=lambda item: item.gross)
    update_billing_settings(desk.store, desk.manager, {"address_line": ""})
    desk.view.reload()
    desk.settle()
    assert desk.view.identity_banner.isVisible()
    assert _("the street address") in desk.view.identity_text.text()
    shoot(desk.view, "invoices-identity-missing")
    editor = open_draft(qtbot, desk, chosen.id)
    assert editor.identity_banner.isVisible()
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert "rien n’a été émis" in editor.identity_text.text()
    assert get_invoice(desk.store, chosen.id).summary.status is InvoiceStatus.DRAFT
    shoot(editor, "draft-identity-missing")
    with qtbot.waitSignal(editor.settings_requested):
        qtbot.mouseClick(editor.settings_button, Qt.MouseButton.LeftButton)

    # The identity completed, a company buyer without its SIREN: a warning, then a question.
    update_billing_settings(desk.store, desk.manager, {"address_line": "7 rue de la Grange"})
    editor = open_draft(qtbot, desk, chosen.id, double_click=True)
    retype(qtbot, editor.buyer["buyer_siret"], "")
    if not editor.is_company.isChecked():
        qtbot.mouseClick(
            editor.is_company,
            Qt.MouseButton.LeftButton,
            pos=QPoint(8, editor.is_company.height() // 2),
        )
    qtbot.mouseClick(editor.save_buyer_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert "SIREN" in editor.warnings.text()
    shoot(editor, "draft-company-without-siren")
    desk.asker.answers = [True, False]  # issue: yes; without the SIREN: no
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert "SIREN" in desk.asker.questions[-1]
    assert get_invoice(desk.store, chosen.id).summary.status is InvoiceStatus.DRAFT
    desk.asker.answers = [True, True]
    qtbot.mouseClick(editor.issue_button, Qt.MouseButton.LeftButton)
    current_dialog(qtbot, desk, PreviewDialog)
    desk.settle()
    assert get_invoice(desk.store, chosen.id).summary.status is InvoiceStatus.ISSUED


def test_issue_all_then_save_print_and_export_the_month(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    prepare_this_month(qtbot, desk)
    count = desk.view.model.rowCount()
    qtbot.mouseClick(desk.view.issue_all_button, Qt.MouseButton.LeftButton)
    desk.settle()
    first = desk.view.month.month()
    issued = list_invoices(desk.store, status=InvoiceStatus.ISSUED, period_start=first)
    assert len(issued) == count
    assert desk.view.tabs.currentIndex() == 1 and desk.view.model.rowCount() == count
    assert str(count) in desk.view.status.text()
    shoot(desk.view, "invoices-all-issued")

    # Search by customer, accents ignored.
    name = issued[0].customer_name
    qtbot.keyClick(desk.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert desk.view.search.hasFocus()
    qtbot.keyClicks(desk.view.search, ascii_fold(name.split()[-1]))
    desk.settle()
    assert name in [row.customer for row in desk.view.model.rows]
    assert desk.view.model.rowCount() < count
    desk.view.search.clear()
    desk.settle()

    folder = tmp_path / "factures"
    desk.asker.folders.append(folder)
    desk.view.actions_of_month.save_all_action.trigger()
    desk.settle()
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{d.number}.pdf" for d in issued)
    combined = tmp_path / "mois.pdf"
    desk.asker.paths.append(combined)
    desk.view.actions_of_month.combined_action.trigger()
    desk.settle()
    pages = sum(len(PdfReader(p).pages) for p in folder.iterdir())
    assert len(PdfReader(combined).pages) == pages
    assert str(combined) in desk.view.status.text()

    # Printing: the pages painted on a printer (here one that writes a PDF file).
    printer = new_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    print_pdf(
        desk.view,
        desk.runner,
        combined.read_bytes(),
        "test",
        choose=lambda *_a: True,
        printer=printer,
    )
    desk.settle()
    assert len(PdfReader(printed).pages) == pages

    # The accountant's files.
    journal = tmp_path / "journal.csv"
    desk.asker.paths.append(journal)
    desk.view.actions_of_month.sales_action.trigger()
    desk.settle()
    assert journal.exists() and str(journal) in desk.view.status.text()
    desk.asker.folders.append(tmp_path)
    desk.view.actions_of_month.fec_action.trigger()
    desk.settle()
    assert list(tmp_path.glob("*FEC*.txt"))
    desk.view.actions_of_month.vat_action.trigger()
    summary = current_dialog(qtbot, desk, VatSummaryDialog)
    assert isinstance(summary, VatSummaryDialog)
    total_net = sum((d.net_total for d in issued), Decimal(0))
    last_row = summary.table.rowCount() - 1
    assert summary.table.item(last_row, 3).text() == format_money(total_net)
    shoot(summary, "vat-summary")


def test_unpaid_reminders_and_the_desk_closing(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    prepare_this_month(qtbot, desk)
    chosen = max(desk.view.model.rows, key=lambda item: item.gross)
    long_ago = paris_today() - timedelta(days=75)
    number = issue_invoice(desk.store, desk.manager, chosen.id, today=long_ago).number
    desk.view.show_tab(None)
    desk.settle()
    panel = desk.view.unpaid
    assert [row.number for row in panel.rows] == [number]
    assert panel.table.item(0, 3).text() == ngettext(
        "{count} day late", "{count} days late", 45
    ).format(count=45)
    panel.table.selectRow(0)
    letter = tmp_path / "relance.pdf"
    desk.asker.paths.append(letter)
    qtbot.mouseClick(panel.reminder_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert letter.read_bytes().startswith(b"%PDF")
    assert number in PdfReader(letter).pages[0].extract_text()
    qtbot.waitUntil(lambda: panel.rows and panel.rows[0].reminder_level == 1)
    assert "1" in panel.table.item(0, 5).text()
    shoot(desk.view, "invoices-unpaid")

    # A payment taken at the desk today, then the day closed.
    record_payment(
        desk.store,
        desk.manager,
        chosen.id,
        Decimal("20.00"),
        PaymentMethod.CASH,
        paris_today(),
        taken_at_desk=True,
    )
    desk.view.actions_of_month.closing_action.trigger()
    closing = current_dialog(qtbot, desk, ClosingDialog)
    assert isinstance(closing, ClosingDialog)
    desk.settle()
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)
    desk.settle()
    assert format_money(Decimal("20.00")) in closing.outcome.text()
    assert format_money(Decimal("20.00")) in closing.month_totals.text()
    shoot(closing, "desk-closing")
    qtbot.mouseClick(closing.close_button, Qt.MouseButton.LeftButton)  # the same day again
    desk.settle()
    assert "déjà clôturée" in closing.outcome.text()
