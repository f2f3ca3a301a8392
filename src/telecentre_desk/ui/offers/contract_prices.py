"""An organisation's contract: its negotiated price per tariff, shown in its form.

The prices apply only while the organisation pays for its members, so whether it
does is said right next to them (and follows the tick box of the form).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.services.context import Actor
from telecentre_desk.services.offers import (
    ContractPriceInfo,
    TariffInfo,
    contract_prices,
    list_tariffs,
    set_contract_price,
)
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.members.fields import text_label
from telecentre_desk.ui.offers.enter_field import EnterField
from telecentre_desk.ui.offers.money import money, parse_amount
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT, set_role
from telecentre_desk.ui.worker import ServiceRunner

ROW_HEIGHT = 38


def _load(store: Store, organisation_id: int) -> tuple[list[TariffInfo], list[ContractPriceInfo]]:
    return list_tariffs(store), contract_prices(store, organisation_id)


class ContractPrices(QFrame):
    """``ContractPrices(runner, store, actor, organisation_id)``; ``set_pays(bool)``."""

    changed = Signal()  # the contract was saved

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        actor: Actor,
        organisation_id: int | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        apply_checkin_style(self)
        self.runner, self.store, self.actor = runner, store, actor
        self.organisation_id = organisation_id
        self.can_edit = actor.can(Permission.EDIT_CENTRE)
        self.tariffs: list[TariffInfo] = []
        self.prices: list[ContractPriceInfo] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 10, 18, 14)
        layout.setSpacing(8)
        layout.addWidget(text_label(_("Contract prices"), "subheading"))
        self.pays_label = text_label("")
        layout.addWidget(self.pays_label)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [_("Tariff"), _("Catalogue member price"), _("Contract price")]
        )
        self.table.setAccessibleName(_("Contract prices"))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table)
        self.editor = QWidget()
        editor = QVBoxLayout(self.editor)
        editor.setContentsMargins(0, 0, 0, 0)
        editor.setSpacing(8)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.tariff_combo = QComboBox()
        self.tariff_combo.setAccessibleName(_("Tariff"))
        self.tariff_combo.setMinimumHeight(FIELD_MIN_HEIGHT)
        self.tariff_combo.setMinimumContentsLength(18)
        self.price_field = EnterField()
        self.price_field.setPlaceholderText(_("Price, e.g. 14,00"))
        self.price_field.setAccessibleName(_("Contract price"))
        self.price_field.setMaximumWidth(160)
        self.price_field.entered.connect(self.set_price)
        self.set_button = QPushButton(_("Set the &price"))
        self.set_button.clicked.connect(self.set_price)
        self.remove_button = QPushButton(_("Re&move"))
        self.remove_button.setToolTip(_("Back to the catalogue price for the selected tariff"))
        self.remove_button.clicked.connect(self.remove_selected)
        for button in (self.set_button, self.remove_button):
            button.setAutoDefault(False)
        editor.addWidget(self.tariff_combo)
        editor.addLayout(row)
        row.addWidget(self.price_field)
        row.addWidget(self.set_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addWidget(self.editor)
        self.feedback = Feedback()
        layout.addWidget(self.feedback)
        self.editor.setVisible(self.can_edit and organisation_id is not None)
        self.table.setVisible(organisation_id is not None)
        self._pays = False
        self.set_pays(False)
        self._selection_changed()
        if organisation_id is not None:
            self.reload()

    # -- state -----------------------------------------------------------------------------------
    def set_pays(self, pays: bool) -> None:
        """Follow the form's "Pays for its members" box: say whether the prices apply."""
        self._pays = pays
        if self.organisation_id is None:
            text = _("Save the organisation first; then give it its negotiated prices here.")
            role = "muted"
        elif pays:
            text = _(
                "Pays for its members: yes. For its members billed to it, these prices "
                "replace the catalogue's member price."
            )
            role = "lead"
        else:
            text = _(
                "Pays for its members: no. These prices only apply once “Pays for its "
                "members” is ticked above."
            )
            role = "error"
        self.pays_label.setText(text)
        set_role(self.pays_label, role)

    def reload(self) -> None:
        if self.organisation_id is None:
            return
        self.runner.submit(
            _load, self.store, self.organisation_id, on_done=self._loaded, on_error=self._failed
        )

    def _loaded(self, data: tuple[list[TariffInfo], list[ContractPriceInfo]]) -> None:
        self.tariffs, prices = data
        self._show(prices)
        current = self.tariff_combo.currentData()
        self.tariff_combo.clear()
        for tariff in self.tariffs:
            self.tariff_combo.addItem(
                _("{name} ({price})").format(name=tariff.name, price=money(tariff.member_price)),
                tariff.id,
            )
        if current is not None:
            self.tariff_combo.setCurrentIndex(max(self.tariff_combo.findData(current), 0))

    def _show(self, prices: list[ContractPriceInfo]) -> None:
        self.prices = prices
        catalogue = {tariff.id: tariff.member_price for tariff in self.tariffs}
        self.table.setRowCount(len(prices))
        for row, price in enumerate(prices):
            listed = catalogue.get(price.tariff_id)
            cells = [
                price.tariff_name,
                money(listed) if listed is not None else "",
                money(price.price),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        rows = max(len(prices), 1)
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height() + rows * ROW_HEIGHT + 6
        )
        self._selection_changed()

    def contract(self) -> dict[str, Decimal]:
        """Tariff name -> contract price (what the table shows; for tests)."""
        return {price.tariff_name: price.price for price in self.prices}

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.remove_button.setEnabled(bool(rows))
        if rows and rows[0].row() < len(self.prices):
            chosen = self.prices[rows[0].row()]
            self.tariff_combo.setCurrentIndex(max(self.tariff_combo.findData(chosen.tariff_id), 0))

    # -- editing ---------------------------------------------------------------------------------
    def choose_tariff(self, tariff_id: int) -> None:
        self.tariff_combo.setCurrentIndex(max(self.tariff_combo.findData(tariff_id), 0))

    def set_price(self) -> None:
        tariff_id = self.tariff_combo.currentData()
        if tariff_id is None or self.organisation_id is None or not self.can_edit:
            return
        price = parse_amount(self.price_field.text())
        if price is None or price < 0:
            self.feedback.problem(_("Enter a price in euros, 0 or more, for example 12.50."))
            self.price_field.setFocus()
            return
        self._save(int(tariff_id), price)

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.prices) and self.can_edit:
            self._save(self.prices[rows[0].row()].tariff_id, None)

    def _save(self, tariff_id: int, price: Decimal | None) -> None:
        self.runner.submit(
            set_contract_price,
            self.store,
            self.actor,
            self.organisation_id,
            tariff_id,
            price,
            on_done=lambda prices: self._saved(tariff_id, price, prices),
            on_error=self._failed,
        )

    def _saved(
        self, tariff_id: int, price: Decimal | None, prices: list[ContractPriceInfo]
    ) -> None:
        self._show(prices)
        name = next((t.name for t in self.tariffs if t.id == tariff_id), "")
        if price is None:
            self.feedback.done(_("“{tariff}” is back to the catalogue price.").format(tariff=name))
        else:
            self.feedback.done(
                _("“{tariff}” now costs {price} for this organisation.").format(
                    tariff=name, price=money(price)
                )
            )
            self.price_field.clear()
        self.changed.emit()

    def _failed(self, error: BaseException) -> None:
        self.feedback.problem(error_text(error))
