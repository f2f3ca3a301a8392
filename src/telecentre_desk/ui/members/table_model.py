"""The directory's rows: a plain model over the members a search returned.

Sorting is done by the service over every match (not only the rows shown), so
clicking a header asks the directory to search again with that order.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from telecentre_desk.i18n import _
from telecentre_desk.services.members import MemberSort, MemberSummary
from telecentre_desk.ui.theme import ACCENT, MUTED

Index = QModelIndex | QPersistentModelIndex

# The order each column sorts by, left to right; the network column has none of its own.
COLUMN_SORTS: tuple[MemberSort | None, ...] = (
    MemberSort.NAME,
    MemberSort.ORGANISATION,
    MemberSort.CATEGORY,
    MemberSort.EMAIL,
    MemberSort.PHONE,
    MemberSort.BADGE,
    None,
)
NETWORK_COLUMN = len(COLUMN_SORTS) - 1
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_FONT = Qt.ItemDataRole.FontRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_USER = Qt.ItemDataRole.UserRole.value
_OTHER_ROLES = frozenset({_FOREGROUND, _FONT, _TOOLTIP, _USER})


def _headers() -> list[str]:
    return [
        _("Name"),
        _("Organisation"),
        _("Category"),
        _("E-mail"),
        _("Phone"),
        _("Badge"),
        _("Network"),
    ]


class MemberTableModel(QAbstractTableModel):
    sort_requested = Signal(object, bool)  # MemberSort, descending

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[MemberSummary] = []
        self._headers = _headers()
        self._bold = QFont()
        self._bold.setBold(True)
        self._accent = QColor(ACCENT)
        self._muted = QColor(MUTED)

    # -- data ------------------------------------------------------------------
    def set_rows(self, rows: Sequence[MemberSummary]) -> None:
        """Show ``rows``. Rows are inserted, removed and changed rather than the model
        reset: a reset also repaints the header, which costs more than the rows."""
        before, after = len(self._rows), len(rows)
        root = QModelIndex()
        if after < before:
            self.beginRemoveRows(root, after, before - 1)
            self._rows = list(rows)
            self.endRemoveRows()
        elif after > before:
            self.beginInsertRows(root, before, after - 1)
            self._rows = list(rows)
            self.endInsertRows()
        else:
            self._rows = list(rows)
        changed = min(before, after)
        if changed:
            self.dataChanged.emit(self.index(0, 0), self.index(changed - 1, len(COLUMN_SORTS) - 1))

    def member(self, row: int) -> MemberSummary | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    @property
    def bold_font(self) -> QFont:
        return self._bold

    def cell(self, row: int, column: int) -> tuple[str, bool, QColor | None]:
        """What the row painter draws: the text, bold or not, its colour (None: the usual)."""
        member = self._rows[row] if 0 <= row < len(self._rows) else None
        if member is None:
            return "", False, None
        if column == NETWORK_COLUMN:
            return member.home_centre_code or "", True, self._accent
        return self._text(member, column), column == 0, self._muted if member.archived else None

    def row_of(self, member_id: int) -> int | None:
        return next((i for i, m in enumerate(self._rows) if m.id == member_id), None)

    # -- Qt model --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMN_SORTS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> object:
        # Called for every visible cell and several roles at each paint: keep it cheap.
        if role == _DISPLAY:
            row = index.row()
            if 0 <= row < len(self._rows):
                return self._text(self._rows[row], index.column())
            return None
        if role not in _OTHER_ROLES:
            return None
        member = self.member(index.row())
        if member is None:
            return None
        column = index.column()
        if role == _FOREGROUND:
            if column == NETWORK_COLUMN:
                return self._accent
            return self._muted if member.archived else None
        if role == _FONT:
            return self._bold if column == 0 or column == NETWORK_COLUMN else None
        if role == _TOOLTIP:
            if column == NETWORK_COLUMN and member.network_visitor:
                return _("Member of another network centre ({centre}), number {number}").format(
                    centre=member.home_centre_code, number=member.network_member_id or "?"
                )
            return self._text(member, column) or None
        return member.id  # _USER

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = COLUMN_SORTS[column] if 0 <= column < len(COLUMN_SORTS) else None
        self.sort_requested.emit(key or MemberSort.NAME, order is Qt.SortOrder.DescendingOrder)

    @staticmethod
    def _text(member: MemberSummary, column: int) -> str:
        if column == 0:
            return member.display_name
        if column == 1:
            return member.organisation
        if column == 2:
            return member.category.label
        if column == 3:
            return member.email
        if column == 4:
            return member.phone
        if column == 5:
            return member.badge_code or ""
        return member.home_centre_code or ""
