"""Invoices: the manager's month end, from "prepare the invoices" to the accountant's files.

A month picker and one obvious action, "Prepare the invoices of <month>" (the billing
run), then the documents of the month in tabs: drafts (Enter opens the editor),
issued invoices (Enter opens the preview, where payments and credit notes are made),
credit notes, and the unpaid invoices with their reminder letters. The period's
actions (issue all drafts, print or save them all, the desk closing, the exports)
sit in the toolbar.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import PARIS, _, ngettext
from telecentre_desk.network.period import Period
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.invoice_issue import IssueBatchResult
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.asking import Asker
from telecentre_desk.ui.invoices.document_list import DocumentModel, Row, Shown, load_rows
from telecentre_desk.ui.invoices.month_picker import MonthPicker, month_end, month_name
from telecentre_desk.ui.theme import set_role
from telecentre_desk.ui.views.base import View, label
from telecentre_desk.ui.worker import ServiceRunner

TABS = (Shown.DRAFTS, Shown.ISSUED, Shown.CREDIT_NOTES)
UNPAID_TAB = len(TABS)


class InvoicesView(View):
    name = "invoices"

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        runner: ServiceRunner | None = None,
        store: Store | None = None,
        actor: Actor | None = None,
    ) -> None:
        self._body: QWidget | None = None
        self._loaded = False
        self._generation = 0  # loads answered after a newer one started are dropped
        self.dialog: QDialog | None = None  # the editor or preview open, if any
        super().__init__(parent, runner=runner, store=store, actor=actor)
        self.asker = Asker(self)  # tests give one with its answers set in advance
        self.coming.hide()
        last = self._layout.itemAt(self._layout.count() - 1)
        if last is not None and last.spacerItem() is not None:
            self._layout.takeAt(self._layout.count() - 1)
        self._layout.setStretchFactor(self._content, 1)
        self._layout.setContentsMargins(28, 20, 28, 16)

    def title(self) -> str:
        return _("Invoices")

    def coming_soon(self) -> str:
        return ""

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:  # pragma: no cover
        raise NotImplementedError  # set_overview builds the view itself

    def set_overview(self, overview: CentreOverview) -> None:
        self._overview = overview
        self._error = None
        context = self.context()
        if context is None:
            return
        if self._body is None:
            self._clear()
            self._body = self._build(*context)
            self._content_layout.addWidget(self._body, 1)
            context[0].changed.connect(self._changed)
        self.reload()

    def is_settled(self) -> bool:
        return self._error is not None or (self._overview is not None and self._loaded)

    # -- building ------------------------------------------------------------------------------
    def _build(self, runner: ServiceRunner, store: Store, actor: Actor) -> QWidget:
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)

        top = QHBoxLayout()
        self._layout.removeWidget(self.heading)
        top.addWidget(self.heading)
        top.addSpacing(24)
        self.month = MonthPicker(Period.previous_month(datetime.now(PARIS).date()).start)
        self.month.month_changed.connect(self._month_changed)
        top.addWidget(self.month)
        top.addStretch(1)
        column.addLayout(top)

        actions = QHBoxLayout()
        actions.setSpacing(10)
        self.prepare_button = QPushButton()
        self.prepare_button.setProperty("primary", True)
        self.prepare_button.setToolTip(
            _(
                "Turns the month's presences, bookings, subscriptions and carnets into draft "
                "invoices, one per customer. Running it again adds only what is new."
            )
        )
        self.prepare_button.clicked.connect(self.prepare)
        actions.addWidget(self.prepare_button)
        self.issue_all_button = QPushButton(_("Issue all drafts…"))
        self.issue_all_button.clicked.connect(self.issue_all)
        actions.addWidget(self.issue_all_button)
        from telecentre_desk.ui.invoices.period_actions import PeriodActions

        self.actions_of_month = PeriodActions(self)
        actions.addWidget(self.actions_of_month.print_button)
        actions.addWidget(self.actions_of_month.more_button)
        actions.addStretch(1)
        column.addLayout(actions)

        self.identity_banner = self._identity_banner()
        column.addWidget(self.identity_banner)

        filters = QHBoxLayout()
        self.tabs = QTabBar()
        self.tabs.setDocumentMode(True)
        self.tabs.setExpanding(False)
        self.tabs.setStyleSheet("QTabBar::tab { min-height: 34px; padding: 2px 18px; }")
        for caption in (_("Drafts"), _("Issued"), _("Credit notes"), _("Unpaid invoices")):
            self.tabs.addTab(caption)
        self.tabs.currentChanged.connect(self._tab_changed)
        filters.addWidget(self.tabs)
        filters.addStretch(1)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search a customer (Ctrl+F)"))
        self.search.setAccessibleName(_("Search a customer"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.search.textChanged.connect(lambda _text: self.reload_list())
        filters.addWidget(self.search)
        column.addLayout(filters)

        self.stack = QStackedWidget()
        self.model = DocumentModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(38)
        self.table.setAccessibleName(_("Documents of the month"))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open_index)  # Enter or a double-click on a row
        self.stack.addWidget(self.table)

        from telecentre_desk.ui.invoices.unpaid_panel import UnpaidPanel

        self.unpaid = UnpaidPanel(runner, store, actor, self)
        self.unpaid.open_requested.connect(self.open_document)
        self.stack.addWidget(self.unpaid)
        column.addWidget(self.stack, 1)

        self.empty = label("", "lead")
        column.addWidget(self.empty)
        self.status = label("", "muted")
        column.addWidget(self.status)
        self._shortcuts()
        self._update_month_texts()
        return body

    def _identity_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("card")
        row = QHBoxLayout(banner)
        row.setContentsMargins(16, 10, 16, 10)
        self.identity_text = label("", "error")
        row.addWidget(self.identity_text, 1)
        self.settings_button = QPushButton(_("Open the billing settings"))
        self.settings_button.clicked.connect(self.open_billing_settings)
        row.addWidget(self.settings_button)
        banner.hide()
        return banner

    def _shortcuts(self) -> None:
        for keys, slot in (
            (QKeySequence("Alt+Left"), lambda: self.month.step(-1)),
            (QKeySequence("Alt+Right"), lambda: self.month.step(1)),
            (QKeySequence("Ctrl+F"), self._focus_search),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- period --------------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        first = self.month.month()
        return first, month_end(first)

    def _month_changed(self, _first: date) -> None:
        self._update_month_texts()
        self.reload_list()

    def _update_month_texts(self) -> None:
        name = month_name(self.month.month())
        self.prepare_button.setText(_("&Prepare the invoices of {month}").format(month=name))

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        context = self.context()
        if context is None or self._body is None:
            return
        runner, store, _actor = context
        from telecentre_desk.services.billing_settings import missing_legal_identity

        runner.submit(
            missing_legal_identity,
            store,
            on_done=self._show_identity,
            on_error=lambda _e: None,
        )
        self.reload_list()

    def reload_list(self) -> None:
        context = self.context()
        if context is None or self._body is None:
            return
        runner, store, _actor = context
        self._generation += 1
        generation = self._generation
        if self.tabs.currentIndex() == UNPAID_TAB:
            self.unpaid.reload(self.search.text())
            self._loaded = True
            self.empty.hide()
            return
        shown = TABS[self.tabs.currentIndex()]
        first, last = self.period()
        runner.submit(
            load_rows,
            store,
            shown,
            first,
            last,
            self.search.text().strip(),
            on_done=lambda rows: self._show_rows(rows, generation, shown),
            on_error=self._load_failed,
        )

    def _show_rows(self, rows: list[Row], generation: int, shown: Shown) -> None:
        if generation != self._generation:
            return  # the user moved on meanwhile: a newer load is coming
        selected = self.current_row()
        self.model.set_rows(rows)
        self._loaded = True
        if selected is not None:
            self.select(selected.id)
        self.issue_all_button.setEnabled(shown is not Shown.DRAFTS or bool(rows))
        month = month_name(self.month.month())
        if rows:
            self.empty.hide()
            return
        if self.search.text().strip():
            text = _("No document of {month} matches this search.").format(month=month)
        elif shown is Shown.DRAFTS:
            text = _(
                "No draft for {month}. “Prepare the invoices” makes them from what was used."
            ).format(month=month)
        elif shown is Shown.ISSUED:
            text = _("No invoice issued for {month} yet.").format(month=month)
        else:
            text = _("No credit note for {month}.").format(month=month)
        self.empty.setText(text)
        self.empty.show()

    def _show_identity(self, missing: tuple[str, ...]) -> None:
        if missing:
            self.identity_text.setText(
                _(
                    "Invoices cannot be issued until the centre's legal identity is complete. "
                    "Missing: {fields}."
                ).format(fields=", ".join(missing))
            )
        self.identity_banner.setVisible(bool(missing))

    def _load_failed(self, error: BaseException) -> None:
        self._loaded = True
        self.show_error(error)

    def _changed(self, changes: ChangeSet) -> None:
        # Invoices change with the billing run, issuing, payments, and with the members
        # and presences they are made from: the month's list is small, reload it.
        if self.isVisible() or changes.everything:
            self.reload()

    def _tab_changed(self, index: int) -> None:
        self.stack.setCurrentIndex(1 if index == UNPAID_TAB else 0)
        self.reload_list()

    def show_tab(self, shown: Shown | None) -> None:
        """Open a tab (None: the unpaid invoices), as a click on it would."""
        self.tabs.setCurrentIndex(UNPAID_TAB if shown is None else TABS.index(shown))

    # -- the list ------------------------------------------------------------------------------
    def current_row(self) -> Row | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def select(self, invoice_id: int) -> bool:
        for position, row in enumerate(self.model.rows):
            if row.id == invoice_id:
                self.table.selectRow(position)
                self.table.setCurrentIndex(self.model.index(position, 0))
                self.table.scrollTo(self.model.index(position, 0))
                return True
        return False

    def _open_index(self, index: QModelIndex) -> None:
        row = self.model.row_at(index.row())
        if row is not None:
            self.open_document(row.id, row.is_draft)

    def open_document(self, invoice_id: int, is_draft: bool = False) -> None:
        """The draft editor for a draft, the preview for an issued document."""
        context = self.context()
        if context is None:
            return
        if self.dialog is not None:
            self.dialog.close()
        if is_draft:
            from telecentre_desk.ui.invoices.draft_editor import DraftEditor

            editor = DraftEditor(*context, invoice_id, self.asker, parent=self)
            editor.issued.connect(self._issued)
            editor.deleted.connect(lambda _id: self.reload_list())
            editor.changed.connect(self.reload_list)
            editor.settings_requested.connect(self.open_billing_settings)
            dialog: QDialog = editor
        else:
            from telecentre_desk.ui.invoices.preview import PreviewDialog

            preview = PreviewDialog(*context, invoice_id, self.asker, parent=self)
            preview.credit_drafted.connect(self._credit_drafted)
            preview.paid.connect(lambda _result: self.reload_list())
            dialog = preview
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.track(dialog)
        dialog.open()

    def track(self, dialog: QDialog) -> None:
        """``self.dialog`` is the dialog open now; it forgets it when that one is gone."""
        self.dialog = dialog

        def gone(_object: object = None) -> None:
            if self.dialog is dialog:
                self.dialog = None

        dialog.destroyed.connect(gone)

    def _issued(self, invoice_id: int, number: str) -> None:
        """Issued from the editor: show what the customer receives."""
        self.say(_("Number given: {number}.").format(number=number))
        self.reload_list()
        self.open_document(invoice_id, is_draft=False)

    def _credit_drafted(self, credit_id: int) -> None:
        """A credit note was drafted from the preview: open it to check and issue it."""
        self.show_tab(Shown.DRAFTS)
        self.open_document(credit_id, is_draft=True)

    # -- actions -------------------------------------------------------------------------------
    def prepare(self) -> None:
        context = self.context()
        if context is None:
            return
        runner, store, actor = context
        from telecentre_desk.services.billing_run import run_billing

        first, last = self.period()
        self.prepare_button.setEnabled(False)
        self.say(_("Preparing the invoices of {month}…").format(month=month_name(first)))
        runner.submit(
            run_billing,
            store,
            actor,
            first,
            last,
            on_done=self._prepared,
            on_error=self._prepare_failed,
        )

    def _prepared(self, result: object) -> None:
        self.prepare_button.setEnabled(True)
        created = int(getattr(result, "drafts_created", 0))
        updated = int(getattr(result, "drafts_updated", 0))
        lines = int(getattr(result, "lines_added", 0))
        if not (created or updated or lines):
            self.say(_("Nothing new to invoice for this month: every use is already billed."))
        else:
            drafts = ngettext(
                "{count} draft to check", "{count} drafts to check", created + updated
            ).format(count=created + updated)
            added = ngettext("{count} line added", "{count} lines added", lines).format(count=lines)
            self.say(
                _("{drafts}, {lines}. Open a draft with Enter to check it before issuing.").format(
                    drafts=drafts, lines=added
                )
            )
        self.show_tab(Shown.DRAFTS)
        self.reload_list()

    def _prepare_failed(self, error: BaseException) -> None:
        self.prepare_button.setEnabled(True)
        self.show_error(error)

    def issue_all(self) -> None:
        context = self.context()
        if context is None:
            return
        runner, store, actor = context
        if not self.asker.confirm(
            _("Issue all drafts"),
            _(
                "Issue every draft now? Each receives the next number and can no longer be "
                "changed; a mistake is then corrected with a credit note."
            ),
            _("Issue them all"),
        ):
            return
        from telecentre_desk.services.invoice_issue import issue_all_drafts

        self.say(_("Issuing the drafts…"))
        runner.submit(
            issue_all_drafts, store, actor, on_done=self._all_issued, on_error=self.show_error
        )

    def _all_issued(self, result: IssueBatchResult) -> None:
        numbers = [issued.number for issued in result.issued]
        self.say("")
        if numbers:
            self.say(
                ngettext(
                    "{count} invoice issued: {first} to {last}.",
                    "{count} invoices issued: {first} to {last}.",
                    len(numbers),
                ).format(count=len(numbers), first=numbers[0], last=numbers[-1])
            )
        if result.refusal:
            # What was issued stays issued; the refusal names the draft that stopped it.
            set_role(self.status, "error")
            self.status.setText("\n".join(filter(None, (self.status.text(), result.refusal))))
        self.show_tab(Shown.ISSUED if numbers else Shown.DRAFTS)
        self.reload_list()

    def open_billing_settings(self) -> None:
        window = self.window()
        show_view = getattr(window, "show_view", None)
        if show_view is None:
            self.say(_("Open Settings, then the “Invoicing” tab."))
            return
        view = show_view("settings")
        show_page = getattr(view, "show_page", None)
        if show_page is not None:
            show_page(_("Invoicing"))

    # -- messages ------------------------------------------------------------------------------
    def say(self, text: str) -> None:
        set_role(self.status, "muted")
        self.status.setText(text)

    def show_error(self, error: BaseException) -> None:
        set_role(self.status, "error")
        if isinstance(error, ValidationError):
            self.status.setText("\n".join(error.problems.values()))
        elif isinstance(error, ServiceError):
            self.status.setText(str(error))
        else:
            self.status.setText(_("That did not work. Try again; details are in the log."))
