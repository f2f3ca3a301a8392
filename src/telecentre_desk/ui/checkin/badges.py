"""Printing member badges: choose the members, save an A4 sheet of cards as a PDF."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.badges import (
    BadgeCodesResult,
    BadgeHolder,
    BadgeSheetResult,
    badge_holders,
    badge_sheet_pdf,
)
from telecentre_desk.services.context import Actor
from telecentre_desk.services.members import MemberSummary
from telecentre_desk.services.presence import PresenceInfo, present_now
from telecentre_desk.services.store import Store
from telecentre_desk.ui.checkin.feedback import Feedback
from telecentre_desk.ui.checkin.forms import caption_label
from telecentre_desk.ui.checkin.member_field import MemberField
from telecentre_desk.ui.checkin.style import apply_checkin_style
from telecentre_desk.ui.checkin.text import error_text
from telecentre_desk.ui.offers.badge_codes import BadgeCodesDialog
from telecentre_desk.ui.theme import apply_theme
from telecentre_desk.ui.worker import ServiceRunner

ROW = 40


class BadgeDialog(QDialog):
    saved = Signal(object)  # BadgeSheetResult

    def __init__(
        self,
        runner: ServiceRunner,
        store: Store,
        parent: QWidget | None = None,
        *,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(parent)
        apply_theme()
        apply_checkin_style(self)
        self.runner, self.store, self.actor = runner, store, actor
        self.holders: dict[int, BadgeHolder] = {}
        self.codes_dialog: BadgeCodesDialog | None = None
        self.setWindowTitle(_("Print badges"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setMinimumSize(620, 520)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 22)
        layout.setSpacing(10)
        layout.addWidget(caption_label(_("Member badges"), "subheading"))
        layout.addWidget(
            caption_label(
                _(
                    "An A4 sheet of ten cards with cut marks: name, centre and a QR code of "
                    "the badge code. Print it at 100 % (no “fit to page”)."
                ),
                "muted",
            )
        )
        self.member = MemberField(runner, store)
        self.member.setPlaceholderText(_("Add a member: type a name and choose"))
        self.member.picked.connect(self._add)
        layout.addWidget(self.member)
        self.chosen = QListWidget()
        self.chosen.setAccessibleName(_("Members to print"))
        layout.addWidget(self.chosen, 1)
        row = QHBoxLayout()
        self.here_button = QPushButton(_("Add everyone &here now"))
        self.here_button.clicked.connect(self.add_present)
        self.remove_button = QPushButton(_("&Remove"))
        self.remove_button.clicked.connect(self._remove_current)
        row.addWidget(self.here_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        # Members without a badge code get one here, before printing.
        codes_row = QHBoxLayout()
        self.missing_label = caption_label("", "lead")
        self.codes_button = QPushButton(_("&Give badge codes…"))
        self.codes_button.clicked.connect(self.give_codes)
        codes_row.addWidget(self.missing_label, 1)
        codes_row.addWidget(self.codes_button)
        layout.addLayout(codes_row)
        self.feedback = Feedback()
        layout.addWidget(self.feedback)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        self.save_button = QPushButton(_("&Save the PDF…"))
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.choose_file)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        bottom.addWidget(close)
        bottom.addWidget(self.save_button)
        layout.addLayout(bottom)
        # Enter belongs to the member field (choosing a suggestion), never to a button.
        for button in (
            self.here_button,
            self.remove_button,
            self.codes_button,
            self.save_button,
            close,
        ):
            button.setAutoDefault(False)
            button.setDefault(False)
        self._show_missing()
        self.member.setFocus()

    def member_ids(self) -> list[int]:
        return [
            int(self.chosen.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.chosen.count())
        ]

    def add(self, member_id: int, name: str, *, look_up: bool = True) -> None:
        """Add a member to print; ``look_up`` reads their badge code (once per batch)."""
        if member_id in self.member_ids():
            return
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, member_id)
        item.setSizeHint(QSize(0, ROW))
        self.chosen.addItem(item)
        if look_up:
            self._load_codes()

    # -- badge codes -----------------------------------------------------------------------------
    def _load_codes(self) -> None:
        self.runner.submit(badge_holders, self.store, self.member_ids(), on_done=self._codes_loaded)

    def _codes_loaded(self, holders: list[BadgeHolder]) -> None:
        self.holders = {holder.member_id: holder for holder in holders}
        for row in range(self.chosen.count()):
            item = self.chosen.item(row)
            holder = self.holders.get(int(item.data(Qt.ItemDataRole.UserRole)))
            if holder is not None:
                item.setText(
                    _("{name} — {code}").format(name=holder.name, code=holder.badge_code)
                    if holder.badge_code
                    else _("{name} — no badge code yet").format(name=holder.name)
                )
        self._show_missing()

    def without_code(self) -> list[BadgeHolder]:
        ids = self.member_ids()
        return [
            holder
            for member_id in ids
            if (holder := self.holders.get(member_id)) is not None and not holder.badge_code
        ]

    def _show_missing(self) -> None:
        missing = self.without_code()
        can_give = self.actor is not None and self.actor.can(Permission.MANAGE_MEMBERS)
        if missing:
            text = ngettext(
                "{count} member has no badge code: their card cannot be printed.",
                "{count} members have no badge code: their cards cannot be printed.",
                len(missing),
            ).format(count=len(missing))
            if can_give:
                text += " " + _("Give them one first.")
            self.missing_label.setText(text)
        self.missing_label.setVisible(bool(missing))
        self.codes_button.setVisible(bool(missing) and can_give)

    def give_codes(self) -> None:
        missing = self.without_code()
        if not missing or self.actor is None:
            return
        dialog = BadgeCodesDialog(self.runner, self.store, self.actor, missing, self)
        dialog.completed.connect(self._codes_given)
        self.codes_dialog = dialog
        dialog.open()

    def _codes_given(self, result: BadgeCodesResult) -> None:
        self.feedback.done(
            ngettext(
                "{count} badge code saved: you can print the cards.",
                "{count} badge codes saved: you can print the cards.",
                len(result.holders),
            ).format(count=len(result.holders))
        )
        self._load_codes()

    def _add(self, member: MemberSummary) -> None:
        self.add(member.id, member.display_name)
        self.member.reset()

    def add_present(self) -> None:
        self.runner.submit(present_now, self.store, on_done=self._present)

    def _present(self, rows: list[PresenceInfo]) -> None:
        for row in rows:
            self.add(row.member_id, row.member_name, look_up=False)
        self._load_codes()

    def _remove_current(self) -> None:
        row = self.chosen.currentRow()
        if row >= 0:
            self.chosen.takeItem(row)
            self._show_missing()

    def choose_file(self) -> None:
        if not self.member_ids():
            self.feedback.problem(_("Add at least one member first."))
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the badges"), str(Path.home() / "badges.pdf"), _("PDF files (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        self.runner.submit(
            badge_sheet_pdf,
            self.store,
            self.member_ids(),
            path,
            on_done=self._saved,
            on_error=lambda error: self.feedback.problem(error_text(error)),
        )

    def _saved(self, result: BadgeSheetResult) -> None:
        text = ngettext(
            "{count} badge saved in {path}.", "{count} badges saved in {path}.", result.printed
        ).format(count=result.printed, path=result.path)
        if result.skipped:
            text += " " + _("Without a badge code, not printed: {names}.").format(
                names=", ".join(result.skipped)
            )
        self.feedback.done(text)
        self.saved.emit(result)
