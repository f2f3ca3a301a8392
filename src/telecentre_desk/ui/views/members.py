"""Members: the searchable directory of people, and the organisations that may pay for them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from telecentre_desk.i18n import _
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.views.base import View, label

if TYPE_CHECKING:
    from telecentre_desk.ui.members.directory import MemberDirectory
    from telecentre_desk.ui.members.organisations import OrganisationList


class MembersView(View):
    """Two tabs: "People" (the directory) and "Organisations".

    Views are built without arguments; this one takes the runner, the database and
    the signed-in user from the main window it is shown in (its public attributes).
    """

    name = "members"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coming.hide()
        self.tabs: QTabWidget | None = None
        self.directory: MemberDirectory | None = None
        self.organisations: OrganisationList | None = None
        # The directory fills the page: its table scrolls, not the page.
        self._layout.takeAt(self._layout.count() - 1)  # the base view's bottom stretch
        self._layout.setStretchFactor(self._content, 1)
        self._content_layout.setContentsMargins(0, 0, 0, 0)

    def title(self) -> str:
        return _("Members")

    def coming_soon(self) -> str:
        return ""

    def set_overview(self, overview: CentreOverview) -> None:
        if self.tabs is None:
            super().set_overview(overview)  # builds the tabs once, in fill()
        else:
            self._overview = overview

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        context = self.context()
        if context is None:
            layout.addWidget(label(_("The member directory needs the main window."), "error"))
            return
        runner, store, actor = context
        # Imported here: the directory's modules load when the view is first shown.
        from telecentre_desk.ui.members.directory import MemberDirectory
        from telecentre_desk.ui.members.organisations import OrganisationList

        self.directory = MemberDirectory(runner, store, actor)
        self.organisations = OrganisationList(runner, store, actor)
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.addTab(self.directory, _("People"))
        tabs.addTab(self.organisations, _("Organisations"))
        self.tabs = tabs
        layout.addWidget(tabs, 1)
        self.directory.search_field.setFocus()

    def show_member(self, member_id: int) -> None:
        """Open one member's form: "open the member" from the floor plan or elsewhere."""
        if self.directory is not None and self.tabs is not None:
            self.tabs.setCurrentWidget(self.directory)
            self.directory.open_member(member_id)
