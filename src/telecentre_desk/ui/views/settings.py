"""Settings: one tab per part of the centre's set-up.

The first tab shows the centre's profile and the accounts; the other tabs are pages
(``ui/settings/``) listed in ``PAGES`` and imported the first time they are opened.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import N_, _
from telecentre_desk.services.overview import CentreOverview
from telecentre_desk.ui.settings import SettingsPage
from telecentre_desk.ui.views.base import View, fields, format_siret, label, postal_city, table


@dataclass(frozen=True)
class PageEntry:
    factory: str  # "module:Class" under telecentre_desk.ui.settings
    title: str  # an N_() msgid
    permission: Permission | None = None  # shown only to roles that have it


PAGES: tuple[PageEntry, ...] = (
    PageEntry("opening_hours:OpeningHoursPage", N_("Opening hours"), Permission.EDIT_CENTRE),
    PageEntry("tariffs:TariffsPage", N_("Tariffs"), Permission.EDIT_CENTRE),
    PageEntry("billing:BillingSettingsPage", N_("Invoicing"), Permission.ISSUE_INVOICES),
)


class SettingsView(View):
    name = "settings"
    tabs: QTabWidget | None = None

    def title(self) -> str:
        return _("Settings")

    def coming_soon(self) -> str:
        return _("The centre's set-up, one tab per subject.")

    def fill(self, overview: CentreOverview, layout: QVBoxLayout) -> None:
        # A reload (F5, a change elsewhere) rebuilds the tabs: stay on the open one.
        previous = self.tabs.currentIndex() if self.tabs is not None else 0
        tabs = self.tabs = QTabWidget()
        tabs.setDocumentMode(True)
        tabs.addTab(self._profile_tab(overview), _("The centre"))
        self._pages: dict[int, SettingsPage] = {}
        self._entries: dict[int, PageEntry] = {}
        context = self.context()
        for entry in PAGES:
            if entry.permission is not None and (
                context is None or not context[2].can(entry.permission)
            ):
                continue
            index = tabs.addTab(QWidget(), _(entry.title))
            self._entries[index] = entry
        tabs.currentChanged.connect(self._show_page)
        layout.addWidget(tabs)
        if 0 < previous < tabs.count():
            tabs.setCurrentIndex(previous)

    def page(self, index: int) -> SettingsPage | None:
        """The page of tab ``index``, built on first use."""
        if index in self._pages:
            return self._pages[index]
        entry = self._entries.get(index)
        tabs = self.tabs
        if entry is None or tabs is None:
            return None
        module, name = entry.factory.split(":")
        page_class = getattr(importlib.import_module(f"telecentre_desk.ui.settings.{module}"), name)
        page: SettingsPage = page_class(self)
        tabs.blockSignals(True)
        tabs.removeTab(index)
        tabs.insertTab(index, page, _(entry.title))
        tabs.setCurrentIndex(index)
        tabs.blockSignals(False)
        self._pages[index] = page
        return page

    def show_page(self, title: str) -> SettingsPage | None:
        """Open the tab called ``title`` (translated), as a click on it would."""
        tabs = self.tabs
        for index in range(tabs.count() if tabs is not None else 0):
            if tabs is not None and tabs.tabText(index) == title:
                tabs.setCurrentIndex(index)
                return self._pages.get(index)
        return None

    def _show_page(self, index: int) -> None:
        page = self.page(index)
        if page is not None:
            page.refresh()

    def _profile_tab(self, overview: CentreOverview) -> QWidget:
        centre = overview.centre
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.setContentsMargins(0, 16, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(label(_("The centre"), "subheading"))
        layout.addWidget(
            fields(
                [
                    (_("Centre name"), centre.name),
                    (_("Legal form"), centre.legal_form),
                    (_("Address"), centre.address_line),
                    (_("Postal code and city"), postal_city(centre.postal_code, centre.city)),
                    (_("Phone"), centre.phone),
                    (_("E-mail"), centre.email),
                    (_("SIRET"), format_siret(centre.siret)),
                    (_("VAT mode"), centre.vat_mode.label),
                    (_("VAT number"), centre.vat_number),
                    (_("Network centre code"), centre.network_centre_code),
                ]
            )
        )
        layout.addWidget(label(_("Accounts"), "subheading"))
        rows = [[user.display_name, user.login, user.role.label] for user in overview.users]
        layout.addWidget(table([_("Name"), _("Login"), _("Role")], rows))
        layout.addStretch(1)
        return tab

