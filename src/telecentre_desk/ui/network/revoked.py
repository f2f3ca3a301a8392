"""The passports the network directory revokes: the list a volunteer can check by eye."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from telecentre_desk.i18n import _, ngettext
from telecentre_desk.services.network_directory import RevokedPassport, revoked_passports
from telecentre_desk.services.store import Store
from telecentre_desk.ui.views.base import label, table
from telecentre_desk.ui.worker import ServiceRunner


class RevokedPassportsList(QWidget):
    """Heading, a one-line summary, and the table of revoked passports (centre, serial)."""

    def __init__(self, runner: ServiceRunner, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner, self.store = runner, store
        self.revoked: tuple[RevokedPassport, ...] = ()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(label(_("Revoked passports"), "subheading"))
        self.summary = label(_("The network directory is not imported yet."), "muted")
        layout.addWidget(self.summary)
        self.holder = QVBoxLayout()
        layout.addLayout(self.holder)

    def refresh(self) -> None:
        self.runner.submit(revoked_passports, self.store, on_done=self.show_revoked)

    def show_revoked(self, revoked: tuple[RevokedPassport, ...]) -> None:
        self.revoked = revoked
        while (item := self.holder.takeAt(0)) is not None:
            widget = item.widget()
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()
        if not revoked:
            self.summary.setText(_("The network directory revokes no passport."))
            return
        self.summary.setText(
            ngettext(
                "The directory revokes {count} passport: it is refused at check-in.",
                "The directory revokes {count} passports: they are refused at check-in.",
                len(revoked),
            ).format(count=len(revoked))
        )
        self.table = table(
            [_("Centre"), _("Serial number")],
            [[f"{r.centre_code} — {r.centre_name}", r.serial] for r in revoked],
        )
        self.holder.addWidget(self.table)
