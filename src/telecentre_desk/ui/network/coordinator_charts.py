"""The coordinator's pictures: occupancy bars drawn with QPainter, the visits matrix as a grid."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from telecentre_desk.i18n import _, format_money, format_number, ngettext
from telecentre_desk.services.network_dashboard import Dashboard, month_label
from telecentre_desk.ui import theme

# One colour per centre, from the theme's palette outward; all readable on white.
SERIES = ("#0b5cad", "#d98e04", "#1d6b3a", "#7a3e9d", "#a3262a", "#00798c", "#5c6b7a")


@dataclass(frozen=True)
class Bar:
    centre: str
    month: str  # 2026-03
    rate: Decimal | None  # percent


class OccupancyChart(QWidget):
    """Occupancy rate (desk-hours used / available) per month, one bar per centre."""

    MARGIN_LEFT, MARGIN_BOTTOM, MARGIN_TOP = 64, 46, 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bars: tuple[Bar, ...] = ()
        self.setMinimumHeight(260)
        self.setMaximumWidth(1060)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(_("Occupancy rate per centre and month"))

    def sizeHint(self) -> QSize:
        return QSize(900, 260)

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self.bars = tuple(bars)
        self.setToolTip(
            "\n".join(
                f"{bar.centre} {bar.month}: "
                + (f"{format_number(bar.rate)} %" if bar.rate is not None else "—")
                for bar in self.bars
            )
        )
        self.update()

    def centres(self) -> list[str]:
        return sorted({bar.centre for bar in self.bars})

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(theme.CARD))
        if not self.bars:
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(
                self.rect(), Qt.AlignmentFlag.AlignCenter, _("No occupancy imported yet.")
            )
            painter.end()
            return
        centres = self.centres()
        months = sorted({bar.month for bar in self.bars})
        top = self._highest()
        legend_height = 24
        plot = QRectF(
            self.MARGIN_LEFT,
            self.MARGIN_TOP + legend_height,
            self.width() - self.MARGIN_LEFT - 12,
            self.height() - self.MARGIN_TOP - legend_height - self.MARGIN_BOTTOM,
        )
        self._legend(painter, centres)
        self._axis(painter, plot, top)
        slot = plot.width() / len(months)
        width = min(36.0, slot * 0.8 / len(centres))
        values = {(bar.centre, bar.month): bar.rate for bar in self.bars}
        small = QFont(self.font())
        small.setPointSizeF(max(8.0, self.font().pointSizeF() - 1))
        painter.setFont(small)
        for index, month in enumerate(months):
            left = plot.left() + index * slot + (slot - width * len(centres)) / 2
            for number, centre in enumerate(centres):
                rate = values.get((centre, month))
                if rate is None:
                    continue
                height = float(rate) / top * plot.height()
                bar = QRectF(left + number * width, plot.bottom() - height, width - 3, height)
                painter.fillRect(bar, QColor(SERIES[number % len(SERIES)]))
            painter.setPen(QColor(theme.INK))
            painter.drawText(
                QRectF(plot.left() + index * slot, plot.bottom() + 6, slot, 20),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                month,
            )
        painter.end()

    def _highest(self) -> float:
        """The top of the axis: 100 %, or more if a centre was over-full."""
        rates = [float(bar.rate) for bar in self.bars if bar.rate is not None]
        return max([100.0, *rates])

    def _axis(self, painter: QPainter, plot: QRectF, top: float) -> None:
        painter.setPen(QPen(QColor(theme.LINE), 1))
        for step in range(5):
            value = top * step / 4
            y = plot.bottom() - plot.height() * step / 4
            painter.drawLine(int(plot.left()), int(y), int(plot.right()), int(y))
            painter.setPen(QColor(theme.MUTED))
            painter.drawText(
                QRectF(0, y - 10, self.MARGIN_LEFT - 8, 20),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{value:.0f} %",
            )
            painter.setPen(QPen(QColor(theme.LINE), 1))

    def _legend(self, painter: QPainter, centres: list[str]) -> None:
        x = float(self.MARGIN_LEFT)
        metrics = painter.fontMetrics()
        for number, centre in enumerate(centres):
            painter.fillRect(QRectF(x, self.MARGIN_TOP + 4, 14, 14), QColor(SERIES[number % 7]))
            painter.setPen(QColor(theme.INK))
            painter.drawText(
                QRectF(x + 20, self.MARGIN_TOP, 200, 22),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                centre,
            )
            x += 20 + metrics.horizontalAdvance(centre) + 24


def occupancy_bars(dashboard: Dashboard) -> list[Bar]:
    return [Bar(row.centre_code, month_label(row.month), row.rate) for row in dashboard.occupancy]


def visits_matrix(dashboard: Dashboard) -> QTableWidget:
    """Rows: the visitors' home centre; columns: the centre visited; a cell: visits, amount."""
    codes = list(dashboard.matrix_codes())
    grid = QTableWidget(len(codes), len(codes))
    grid.setObjectName("visitsMatrix")
    grid.setHorizontalHeaderLabels(codes)
    grid.setVerticalHeaderLabels(codes)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    grid.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    grid.setAccessibleName(_("Visits between centres"))
    for row, home in enumerate(codes):
        for column, host in enumerate(codes):
            flow = dashboard.flow(home, host)
            if home == host:
                text = "—"
            elif flow is None:
                text = ""
            else:
                text = "{visits}\n{amount}".format(
                    visits=ngettext("{count} visit", "{count} visits", flow.visits).format(
                        count=format_number(flow.visits)
                    ),
                    amount=format_money(flow.amount_due),
                )
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if home == host:
                item.setForeground(QColor(theme.MUTED))
            grid.setItem(row, column, item)
    header = grid.horizontalHeader()
    header.setMinimumSectionSize(110)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    grid.resizeRowsToContents()
    for row in range(len(codes)):
        grid.setRowHeight(row, max(48, grid.rowHeight(row)))
    height = header.sizeHint().height() + sum(grid.rowHeight(r) for r in range(len(codes)))
    grid.setFixedHeight(height + 2 * grid.frameWidth() + 4)
    grid.setMaximumWidth(1060)
    return grid
