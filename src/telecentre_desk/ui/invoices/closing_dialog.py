"""The desk's daily closing: freeze the payments taken at the desk on a day, with their
totals per method (chained like invoices), and see the month's and the year's totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import _, format_date, format_money, ngettext
from telecentre_desk.services.context import Actor
from telecentre_desk.services.desk_closing import (
    ClosingResult,
    ClosingView,
    MethodTotals,
    PeriodTotals,
    close_day,
    closings,
    period_totals,
    yearly_totals,
)
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.store import Store
from telecentre_desk.ui.invoices.asking import Asker
from telecentre_desk.ui.invoices.month_picker import month_end
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, set_role
from telecentre_desk.ui.views.base import label
from telecentre_desk.ui.worker import ServiceRunner


@dataclass(frozen=True)
class ClosingFigures:
    recent: tuple[ClosingView, ...]  # the latest closings, newest first
    month: PeriodTotals
    year: PeriodTotals


def load_figures(store: Store, day: date) -> ClosingFigures:
    first = day.replace(day=1)
    recent = closings(store, year=day.year)[-7:]
    return ClosingFigures(
        tuple(reversed(recent)),
        period_totals(store, first, month_end(first)),
        yearly_totals(store, day.year),
    )


def totals_text(totals: MethodTotals) -> str:
    return _("Cash {cash} · Cheques {cheque} · Card {card} · Total {total}").format(
        cash=format_money(totals.cash),
        cheque=format_money(totals.cheque),
        card=format_money(totals.card),
        total=format_money(totals.total),
    )


class ClosingDialog(QDialog):
    closed_day = Signal(object)  # ClosingView

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        asker: Asker | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.store, self.actor = runner, store, actor
        self.asker = asker or Asker(self)
        self.setWindowTitle(_("Close the desk"))
        self.resize(820, 520)
        column = QVBoxLayout(self)
        column.setContentsMargins(22, 18, 22, 18)
        column.setSpacing(10)
        column.addWidget(label(_("Close the desk for the day"), "heading"))
        column.addWidget(
            label(
                _(
                    "At the end of the day, the payments taken at the desk are closed: their "
                    "totals per method are recorded for good and they can no longer change. "
                    "A mistake is then corrected by a reversal on another day."
                ),
                "muted",
            )
        )
        row = QHBoxLayout()
        caption = QLabel(_("&Day"))
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setMaximumDate(QDate.currentDate())
        self.day.setMinimumHeight(FIELD_MIN_HEIGHT)
        caption.setBuddy(self.day)
        self.close_button = QPushButton(_("Close this day…"))
        self.close_button.setProperty("primary", True)
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.close_chosen_day)
        row.addWidget(caption)
        row.addWidget(self.day)
        row.addWidget(self.close_button)
        row.addStretch(1)
        column.addLayout(row)
        self.outcome = label("", "lead")
        self.outcome.hide()
        column.addWidget(self.outcome)
        column.addWidget(label(_("Totals of the closed days"), "subheading"))
        self.month_totals = label("", "lead")
        self.year_totals = label("", "lead")
        column.addWidget(self.month_totals)
        column.addWidget(self.year_totals)
        column.addWidget(label(_("Latest closings"), "subheading"))
        self.recent_holder = QVBoxLayout()
        column.addLayout(self.recent_holder)
        column.addStretch(1)
        done = QPushButton(_("Close"))
        done.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(done)
        column.addLayout(bottom)
        self.day.dateChanged.connect(lambda _d: self.reload())
        self.reload()

    def chosen_day(self) -> date:
        value = self.day.date().toPython()
        assert isinstance(value, date)
        return value

    def reload(self) -> None:
        self.runner.submit(
            load_figures, self.store, self.chosen_day(), on_done=self._show, on_error=self._refused
        )

    def _show(self, figures: ClosingFigures) -> None:
        self.month_totals.setText(
            ngettext(
                "This month ({days} day closed): {totals}",
                "This month ({days} days closed): {totals}",
                figures.month.days_closed,
            ).format(days=figures.month.days_closed, totals=totals_text(figures.month.totals))
        )
        self.year_totals.setText(
            ngettext(
                "This year ({days} day closed): {totals}",
                "This year ({days} days closed): {totals}",
                figures.year.days_closed,
            ).format(days=figures.year.days_closed, totals=totals_text(figures.year.totals))
        )
        while (item := self.recent_holder.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        if not figures.recent:
            self.recent_holder.addWidget(label(_("No day closed yet this year."), "muted"))
            return
        for closing in figures.recent:
            self.recent_holder.addWidget(
                label(
                    ngettext(
                        "{day}: {count} payment, {total}",
                        "{day}: {count} payments, {total}",
                        closing.payment_count,
                    ).format(
                        day=format_date(closing.day, "full").capitalize(),
                        count=closing.payment_count,
                        total=format_money(closing.totals.total),
                    )
                )
            )

    def close_chosen_day(self) -> None:
        day = self.chosen_day()
        if not self.asker.confirm(
            _("Close the desk"),
            _(
                "Close the desk of {day}? Its payments at the desk are then frozen, and no "
                "payment can be added to that day."
            ).format(day=format_date(day, "full")),
            _("Close the day"),
        ):
            return
        self.close_button.setEnabled(False)
        self.runner.submit(
            close_day,
            self.store,
            self.actor,
            day,
            on_done=self._closed,
            on_error=self._refused,
        )

    def _closed(self, result: ClosingResult) -> None:
        self.close_button.setEnabled(True)
        closing = result.closing
        set_role(self.outcome, "lead")
        self.outcome.show()
        self.outcome.setText(
            ngettext(
                "{day} closed: {count} payment. {totals}",
                "{day} closed: {count} payments. {totals}",
                closing.payment_count,
            ).format(
                day=format_date(closing.day, "full").capitalize(),
                count=closing.payment_count,
                totals=totals_text(closing.totals),
            )
        )
        self.closed_day.emit(closing)
        self.reload()

    def _refused(self, error: BaseException) -> None:
        self.close_button.setEnabled(True)
        set_role(self.outcome, "error")
        self.outcome.show()
        if isinstance(error, ValidationError):
            self.outcome.setText("\n".join(error.problems.values()))
        elif isinstance(error, ServiceError):
            self.outcome.setText(str(error))
        else:
            self.outcome.setText(_("That did not work. Try again; details are in the log."))
