"""Settings page "Tariffs": the catalogue (create, edit, stop offering) and the usage rules
(what counts as an hour, a half-day, and the free grace period)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
)

from telecentre_desk.domain.tariffs import TariffKind, UsageRules
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.services.offers import (
    TariffDraft,
    TariffInfo,
    TariffResult,
    list_tariffs,
    set_usage_rules,
    update_tariff,
    usage_rules,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.offers.money import money, rate_text
from telecentre_desk.ui.offers.tariff_form import TariffDialog
from telecentre_desk.ui.settings import SettingsPage
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, apply_theme

if TYPE_CHECKING:
    from telecentre_desk.ui.views.settings import SettingsView

COLUMNS = 6


def _list_all(store: Store) -> list[TariffInfo]:
    return list_tariffs(store, include_inactive=True)


def carnet_text(tariff: TariffInfo) -> str:
    if tariff.kind is not TariffKind.CARNET:
        return ""
    units = ngettext("{count} half-day", "{count} half-days", tariff.units).format(
        count=tariff.units
    )
    days = tariff.validity_days or 365
    valid = ngettext("valid {count} day", "valid {count} days", days).format(count=days)
    return f"{units}, {valid}"


def draft_of(tariff: TariffInfo, *, active: bool) -> TariffDraft:
    return TariffDraft(
        kind=tariff.kind,
        name=tariff.name,
        member_price=tariff.member_price,
        non_member_price=tariff.non_member_price,
        vat_rate=tariff.vat_rate,
        units=tariff.units,
        validity_days=tariff.validity_days,
        active=active,
    )


class TariffsPage(SettingsPage):
    def __init__(self, view: SettingsView) -> None:
        super().__init__(view)
        apply_theme()
        apply_checkin_style(self)
        self.tariffs: list[TariffInfo] = []
        self.dialog: TariffDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 16, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(text_label(_("Tariffs"), "subheading"))
        layout.addWidget(
            text_label(
                _(
                    "What members pay, before VAT. A change applies to what is sold or used "
                    "from now on; what was already sold keeps its price."
                ),
                "muted",
            )
        )
        layout.addWidget(self._build_table())
        layout.addLayout(self._catalogue_buttons())
        self.feedback = Feedback()
        layout.addWidget(self.feedback)
        layout.addWidget(self._rules_card())
        layout.addStretch(1)
        self._update_actions()

    # -- building ------------------------------------------------------------------------------
    def _build_table(self) -> QTableWidget:
        table = self.table = QTableWidget(0, COLUMNS)
        table.setHorizontalHeaderLabels(
            [
                _("Name"),
                _("Kind"),
                _("Member price"),
                _("Non-member price"),
                _("VAT"),
                _("Offered"),
            ]
        )
        table.setAccessibleName(_("Tariffs"))
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(38)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.setMinimumHeight(300)
        table.setMaximumWidth(1200)
        table.doubleClicked.connect(lambda _index: self.edit_current())
        table.activated.connect(lambda _index: self.edit_current())
        table.itemSelectionChanged.connect(self._update_actions)
        return table

    def _catalogue_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(12)
        self.new_button = QPushButton(_("&New tariff…"))
        self.new_button.setProperty("primary", True)
        self.new_button.clicked.connect(self.new_tariff)
        self.edit_button = QPushButton(_("&Edit…"))
        self.edit_button.setToolTip(_("Change the selected tariff (Enter)"))
        self.edit_button.clicked.connect(self.edit_current)
        self.active_button = QPushButton(_("&Stop offering it"))
        self.active_button.clicked.connect(self.toggle_active)
        for button in (self.new_button, self.edit_button, self.active_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _rules_card(self) -> QFrame:
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(1000)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(20, 12, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(text_label(_("What a presence counts as"), "subheading"))
        layout.addWidget(
            text_label(
                _(
                    "A visit up to the grace period is free; then it is billed by the started "
                    "hour, then as a half-day, then as a day. Members always pay the cheapest."
                ),
                "muted",
            )
        )
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(8)
        self.grace = QSpinBox()
        self.grace.setRange(0, 59)
        self.grace.setSuffix(" min")
        self.hourly_up_to = QTimeEdit()
        self.half_day_up_to = QTimeEdit()
        for edit in (self.hourly_up_to, self.half_day_up_to):
            edit.setDisplayFormat("H:mm")
            edit.setMinimumTime(QTime(0, 0))
            edit.setMaximumTime(QTime(12, 0))
        for widget in (self.grace, self.hourly_up_to, self.half_day_up_to):
            widget.setMinimumHeight(FIELD_MIN_HEIGHT)
            widget.setMinimumWidth(140)
        form.addRow(_("Free grace period"), self.grace)
        form.addRow(_("Billed by the hour up to"), self.hourly_up_to)
        form.addRow(_("A half-day lasts up to"), self.half_day_up_to)
        layout.addLayout(form)
        self.rules_error = text_label("", "error")
        self.rules_error.hide()
        layout.addWidget(self.rules_error)
        row = QHBoxLayout()
        self.rules_button = QPushButton(_("Save these &rules"))
        self.rules_button.clicked.connect(self.save_rules)
        row.addWidget(self.rules_button)
        row.addStretch(1)
        layout.addLayout(row)
        return card

    # -- loading -------------------------------------------------------------------------------
    def refresh(self) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, _actor = context
        runner.submit(_list_all, store, on_done=self._show, on_error=self._failed)
        runner.submit(usage_rules, store, on_done=self._show_rules, on_error=self._failed)

    def _show(self, tariffs: list[TariffInfo]) -> None:
        chosen = self.selected()
        self.tariffs = tariffs
        table = self.table
        table.setRowCount(len(tariffs))
        for row, tariff in enumerate(tariffs):
            kind = tariff.kind.label
            if tariff.kind is TariffKind.CARNET:
                kind = _("{kind}: {details}").format(kind=kind, details=carnet_text(tariff))
            cells = [
                tariff.name,
                kind,
                money(tariff.member_price),
                money(tariff.non_member_price),
                rate_text(tariff.vat_rate) + " %",
                _("Yes") if tariff.active else _("No"),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column in (2, 3, 4):
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if not tariff.active:
                    item.setForeground(Qt.GlobalColor.darkGray)
                table.setItem(row, column, item)
        if chosen is not None:
            self.select(chosen.id)
        self._update_actions()

    def _show_rules(self, rules: UsageRules) -> None:
        self.grace.setValue(int(rules.grace.total_seconds() // 60))
        self.hourly_up_to.setTime(_qtime(rules.hourly_up_to))
        self.half_day_up_to.setTime(_qtime(rules.half_day_up_to))

    # -- the catalogue -------------------------------------------------------------------------
    def selected(self) -> TariffInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.tariffs):
            return None
        return self.tariffs[rows[0].row()]

    def select(self, tariff_id: int) -> None:
        for row, tariff in enumerate(self.tariffs):
            if tariff.id == tariff_id:
                self.table.selectRow(row)
                return

    def names(self) -> list[str]:
        return [tariff.name for tariff in self.tariffs]

    def _update_actions(self) -> None:
        chosen = self.selected()
        self.edit_button.setEnabled(chosen is not None)
        self.active_button.setEnabled(chosen is not None)
        self.active_button.setText(
            _("&Offer it again")
            if chosen is not None and not chosen.active
            else _("&Stop offering it")
        )

    def new_tariff(self) -> None:
        self._open(None)

    def edit_current(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._open(chosen)

    def _open(self, tariff: TariffInfo | None) -> None:
        context = self.view.context()
        if context is None:
            return
        dialog = TariffDialog(*context, tariff, parent=self)
        dialog.saved.connect(self._saved)
        self.dialog = dialog
        dialog.open()

    def _saved(self, tariff: TariffInfo) -> None:
        self.feedback.done(_("The tariff “{name}” is saved.").format(name=tariff.name))
        self._reload_then_select(tariff.id)

    def toggle_active(self) -> None:
        chosen, context = self.selected(), self.view.context()
        if chosen is None or context is None:
            return
        runner, store, actor = context
        runner.submit(
            update_tariff,
            store,
            actor,
            chosen.id,
            draft_of(chosen, active=not chosen.active),
            on_done=self._toggled,
            on_error=self._failed,
        )

    def _toggled(self, result: TariffResult) -> None:
        tariff = result.tariff
        self.feedback.done(
            _("“{name}” is offered again.").format(name=tariff.name)
            if tariff.active
            else _(
                "“{name}” is no longer offered: it cannot be sold or chosen any more; what "
                "was sold stays as it was."
            ).format(name=tariff.name)
        )
        self._reload_then_select(tariff.id)

    def _reload_then_select(self, tariff_id: int) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, _actor = context

        def shown(tariffs: list[TariffInfo]) -> None:
            self._show(tariffs)
            self.select(tariff_id)

        runner.submit(_list_all, store, on_done=shown, on_error=self._failed)

    # -- the rules -----------------------------------------------------------------------------
    def rules(self) -> UsageRules:
        return UsageRules(
            grace=timedelta(minutes=self.grace.value()),
            hourly_up_to=_delta(self.hourly_up_to.time()),
            half_day_up_to=_delta(self.half_day_up_to.time()),
        )

    def save_rules(self) -> None:
        context = self.view.context()
        if context is None:
            return
        runner, store, actor = context
        self.rules_error.hide()
        runner.submit(
            set_usage_rules,
            store,
            actor,
            self.rules(),
            on_done=self._rules_saved,
            on_error=self._rules_refused,
        )

    def _rules_saved(self, rules: UsageRules) -> None:
        self._show_rules(rules)
        self.feedback.done(_("The usage rules are saved."))

    def _rules_refused(self, error: BaseException) -> None:
        message = (
            "\n".join(error.problems.values())
            if isinstance(error, ValidationError)
            else error_text(error)
        )
        self.rules_error.setText(message)
        self.rules_error.show()

    def _failed(self, error: BaseException) -> None:
        self.feedback.problem(error_text(error))


def _qtime(value: timedelta) -> QTime:
    minutes = int(value.total_seconds() // 60)
    return QTime(minutes // 60, minutes % 60)


def _delta(value: QTime) -> timedelta:
    return timedelta(hours=value.hour(), minutes=value.minute())
