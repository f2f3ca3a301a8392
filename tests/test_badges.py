"""Badge sheets: an A4 PDF of member cards with a QR code of the badge code."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics

from presence_world import World, new_centre, populate
from telecentre_desk.documents import badges as document
from telecentre_desk.documents.badges import BadgeCard, render_badge_sheet
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.badges import badge_sheet_pdf
from telecentre_desk.services.errors import ServiceError, ValidationError
from telecentre_desk.services.store import Store, open_store


@pytest.fixture
def store(data_paths: DataPaths) -> Iterator[Store]:
    opened = open_store(data_paths)
    yield opened
    opened.close()


@pytest.fixture
def world(store: Store) -> World:
    manager, _receptionist, _volunteer = new_centre(store)
    return populate(store, manager)


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b(?!s)", pdf))


def test_the_sheet_holds_the_members_with_a_badge(world: World, tmp_path: Path) -> None:
    out = tmp_path / "print" / "badges.pdf"
    ids = [world.member(k) for k in ("helene", "paul", "marc", "lucas", "helene")]
    result = badge_sheet_pdf(world.store, ids, out)
    assert (result.printed, result.pages, result.skipped) == (3, 1, ("Paul Petit",))
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and _pages(data) == 1
    assert b"DejaVu" in data or b"TelecentreSans" in data  # the shipped font, embedded
    assert [p.name for p in out.parent.iterdir()] == ["badges.pdf"]  # no temporary left


def test_eleven_cards_take_two_pages() -> None:
    cards = [BadgeCard(f"Membre {n}", "", f"TD-{n:06d}") for n in range(11)]
    buffer = io.BytesIO()
    assert render_badge_sheet(cards, "Tiers-lieu", buffer) == 2
    assert _pages(buffer.getvalue()) == 2


def test_nothing_to_print_is_refused(world: World, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        badge_sheet_pdf(world.store, [world.member("paul")], tmp_path / "none.pdf")
    assert not (tmp_path / "none.pdf").exists()


def test_a_folder_that_cannot_be_written_says_so(world: World, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ServiceError, match="file"):
        badge_sheet_pdf(world.store, [world.member("helene")], blocker / "badges.pdf")


def test_the_cards_fit_the_page_with_their_cut_marks() -> None:
    left, bottom = document._grid_origin()
    width, height = A4
    margin = document.MARK_GAP + document.MARK_LENGTH
    assert left - margin >= 0 and bottom - margin >= 0
    assert left + document.COLUMNS * document.CARD_WIDTH + margin <= width
    assert bottom + document.ROWS * document.CARD_HEIGHT + margin <= height
    # ISO/IEC 7810 ID-1: 85.60 x 53.98 mm.
    assert round(document.CARD_WIDTH / 72 * 25.4, 2) == 85.6
    assert round(document.CARD_HEIGHT / 72 * 25.4, 2) == 53.98


def test_long_names_are_shrunk_or_cut_never_spilled() -> None:
    document._register_fonts()
    width = 40 * 72 / 25.4
    for name in (
        "Hélène Lefèvre",
        "Marie-Christine de La Tour d'Auvergne-Lauraguais",
        "Wolfeschlegelsteinhausenbergerdorff",
    ):
        lines = document._wrap_name(name, width)
        assert 1 <= len(lines) <= 2
        for text, size in lines:
            assert pdfmetrics.stringWidth(text, document.BOLD, size) <= width
            assert size >= 7
    assert document._wrap_name("Hélène Lefèvre", width) == [("Hélène Lefèvre", 13.0)]
