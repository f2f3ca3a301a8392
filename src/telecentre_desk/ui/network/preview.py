"""The preview of an export: every table that will leave the centre, cell by cell."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.i18n import N_, _, format_number, ngettext
from telecentre_desk.services.network_export import ExportPreview, ResourcePreview
from telecentre_desk.ui.theme import set_role

SHOWN_ROWS = 200
# What each table holds, in a sentence for the person about to send it.
CAPTIONS = {
    "centre": N_("The centre's profile: code, commune, desks, rooms and opening hours."),
    "occupancy": N_(
        "One row per day: open or closed, how many people came, desk-hours used and "
        "available, the most people at once."
    ),
    "network_visits": N_(
        "One row per visit of a member of another centre, for the clearing between centres: "
        "a pseudonym instead of the person, the length and the amount due."
    ),
    "room_use": N_("Visio and meeting rooms: hours booked, cancellations and no-shows per day."),
    "revenue": N_("Revenue per month, by family and VAT rate, with invoice counts."),
    "members_by_category": N_(
        "How many members of each category are registered, and how many came."
    ),
}


def _label(text: str, role: str | None = None) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    if role:
        set_role(widget, role)
    return widget


class ExportPreviewPanel(QWidget):
    """A tab per resource (with its row count), each holding the exact cells."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        self.summary = _label("", "lead")
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setMinimumHeight(330)
        layout.addWidget(self.tabs)
        self.notes = _label("", "muted")
        layout.addWidget(self.notes)
        self.preview: ExportPreview | None = None

    def show_preview(self, preview: ExportPreview) -> None:
        self.preview = preview
        current = self.tabs.currentIndex()
        self.tabs.clear()
        for resource in preview.resources:
            self.tabs.addTab(
                _resource_page(resource),
                _("{title} ({count})").format(
                    title=resource.title, count=format_number(len(resource.rows))
                ),
            )
        self.tabs.setCurrentIndex(max(current, 0))
        rows = sum(len(resource.rows) for resource in preview.resources)
        self.summary.setText(
            ngettext(
                "For {period}, the file will hold {count} row in 6 tables:",
                "For {period}, the file will hold {count} rows in 6 tables:",
                rows,
            ).format(period=preview.period.label, count=format_number(rows))
        )
        self.notes.setText("\n".join(_notes(preview)))


def _notes(preview: ExportPreview) -> list[str]:
    notes = [
        _(
            "Never leaves the centre: names, e-mails, phone numbers, addresses, badge codes, "
            "companies, and the network numbers of visitors (they become pseudonyms)."
        )
    ]
    if preview.suppressed_cells:
        notes.append(
            ngettext(
                "{count} count of fewer than 5 people is left empty.",
                "{count} counts of fewer than 5 people are left empty.",
                preview.suppressed_cells,
            ).format(count=preview.suppressed_cells)
        )
    if not preview.pseudonyms_shown:
        notes.append(
            _(
                "Pseudonyms are shown as •••••• until the network secret is entered (or "
                "unlocked with the passphrase); amounts appear once the directory is imported."
            )
        )
    if preview.visits_without_id:
        notes.append(
            ngettext(
                "{count} visit by a member of another centre has no network number: its "
                "pseudonym is left empty.",
                "{count} visits by members of other centres have no network number: their "
                "pseudonyms are left empty.",
                preview.visits_without_id,
            ).format(count=preview.visits_without_id)
        )
    if preview.open_presences_skipped:
        notes.append(
            ngettext(
                "{count} person still checked in is not counted (the length of the visit is "
                "not known yet).",
                "{count} people still checked in are not counted (the length of their visits "
                "is not known yet).",
                preview.open_presences_skipped,
            ).format(count=preview.open_presences_skipped)
        )
    return notes


def _resource_page(resource: ResourcePreview) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 8, 0, 0)
    layout.addWidget(_label(_(CAPTIONS[resource.name]), "muted"))
    if not resource.rows:
        if resource.filled_from:
            text = _(
                "Empty in this version: this table is part of the format and is filled from "
                "version {version} of the application."
            ).format(version=resource.filled_from)
        else:
            text = _("Nothing to send for this period.")
        layout.addWidget(_label(text, "muted"))
        layout.addStretch(1)
        return page
    if len(resource.rows) == 1:  # one row (the centre): read it as a column of fields
        headers, shown = (
            [_("Column"), _("Value")],
            [list(p) for p in zip(resource.columns, resource.rows[0], strict=True)],
        )
    else:
        headers, shown = list(resource.columns), [list(row) for row in resource.rows[:SHOWN_ROWS]]
    table = QTableWidget(len(shown), len(headers))
    table.setObjectName(f"preview_{resource.name}")
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    for r, row in enumerate(shown):
        for c, cell in enumerate(row):
            item = QTableWidgetItem(cell)
            if len(resource.rows) > 1 and cell[:1].isdigit() and "-" not in cell:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    table.verticalHeader().setDefaultSectionSize(32)
    layout.addWidget(table)
    if len(resource.rows) > SHOWN_ROWS:
        layout.addWidget(
            _label(
                ngettext(
                    "… and {count} more row in the file.",
                    "… and {count} more rows in the file.",
                    len(resource.rows) - SHOWN_ROWS,
                ).format(count=format_number(len(resource.rows) - SHOWN_ROWS)),
                "muted",
            )
        )
    return page
