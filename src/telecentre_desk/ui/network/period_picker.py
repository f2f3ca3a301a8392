"""Choosing the period of an export: a month, a quarter or a year."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.network.period import Period, PeriodKind
from telecentre_desk.ui.theme import FIELD_MIN_HEIGHT


def _month_names() -> list[str]:
    from babel.dates import get_month_names

    from telecentre_desk.i18n import current_locale

    names = get_month_names("wide", locale=current_locale())
    return [str(names[month]).capitalize() for month in range(1, 13)]


class PeriodPicker(QWidget):
    """``[Month ▾] [November ▾] [2026]``; emits ``period_changed`` with the new Period."""

    period_changed = Signal(object)  # Period

    def __init__(self, initial: Period, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.kind = QComboBox()
        self.kind.setAccessibleName(_("Kind of period"))
        for kind, caption in (
            (PeriodKind.MONTH, _("Month")),
            (PeriodKind.QUARTER, _("Quarter")),
            (PeriodKind.YEAR, _("Year")),
        ):
            self.kind.addItem(caption, kind.value)
        self.part = QComboBox()
        self.part.setAccessibleName(_("Month or quarter"))
        self.year = QSpinBox()
        self.year.setRange(2000, 2999)
        self.year.setAccessibleName(_("Year"))
        for widget in (self.kind, self.part, self.year):
            widget.setMinimumHeight(FIELD_MIN_HEIGHT + 4)
        self.part.setMinimumWidth(150)
        self.year.setMinimumWidth(90)
        title = QLabel(_("&Period"))
        title.setBuddy(self.kind)
        layout.addWidget(title)
        layout.addWidget(self.kind)
        layout.addWidget(self.part)
        layout.addWidget(self.year)
        self._updating = False
        self.set_period(initial)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.part.currentIndexChanged.connect(self._changed)
        self.year.valueChanged.connect(self._changed)

    def set_period(self, period: Period) -> None:
        self._updating = True
        self.kind.setCurrentIndex(self.kind.findData(period.kind.value))
        self._fill_parts(period.kind)
        if period.kind is PeriodKind.MONTH:
            self.part.setCurrentIndex(period.start.month - 1)
        elif period.kind is PeriodKind.QUARTER:
            self.part.setCurrentIndex((period.start.month - 1) // 3)
        self.year.setValue(period.start.year)
        self._updating = False

    def period(self) -> Period:
        kind = PeriodKind(self.kind.currentData())
        year = self.year.value()
        if kind is PeriodKind.MONTH:
            return Period.month(year, self.part.currentIndex() + 1)
        if kind is PeriodKind.QUARTER:
            return Period.quarter(year, self.part.currentIndex() + 1)
        return Period.year(year)

    def _fill_parts(self, kind: PeriodKind) -> None:
        self.part.clear()
        if kind is PeriodKind.MONTH:
            self.part.addItems(_month_names())
        elif kind is PeriodKind.QUARTER:
            self.part.addItems(
                [_("Q{number} (quarter {number})").format(number=n) for n in range(1, 5)]
            )
        self.part.setVisible(kind is not PeriodKind.YEAR)

    def _kind_changed(self) -> None:
        if self._updating:
            return
        self._updating = True
        kind = PeriodKind(self.kind.currentData())
        self._fill_parts(kind)
        today = date.today()
        if kind is PeriodKind.MONTH:
            self.part.setCurrentIndex(Period.previous_month(today).start.month - 1)
        elif kind is PeriodKind.QUARTER:
            self.part.setCurrentIndex((today.month - 1) // 3)
        self._updating = False
        self._changed()

    def _changed(self) -> None:
        if not self._updating:
            self.period_changed.emit(self.period())
