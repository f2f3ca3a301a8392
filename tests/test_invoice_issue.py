"""Issuing: the number, the frozen snapshot and PDF, and every refusal leaving nothing behind."""

from __future__ import annotations

import errno
import hashlib
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from invoicing_world import (
    BUYER_SIRET,
    HALF_DAYS,
    ISSUE_DAY,
    SUBSCRIPTION,
    DraftLine,
    InvoicingWorld,
    fake_pdf,
    new_invoicing_centre,
)
from telecentre_desk.domain.invoice_document import GENESIS_HASH, InvoiceDocument
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.domain.kinds import VatMode
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.errors import (
    NeedsConfirmation,
    NotFound,
    PermissionDenied,
    ServiceError,
    ValidationError,
)
from telecentre_desk.services.invoice_chain import verify_chain
from telecentre_desk.services.invoice_issue import (
    archived_document,
    archived_pdf,
    issue_all_drafts,
    issue_invoice,
)
from telecentre_desk.storage.invoice_models import (
    BillingSettings,
    Invoice,
    InvoiceArchive,
    InvoiceSeries,
)
from telecentre_desk.storage.models import AuditEvent


@pytest.fixture
def world(data_paths: DataPaths) -> Iterator[InvoicingWorld]:
    world = new_invoicing_centre(data_paths)
    yield world
    world.store.close()


def _issue(world: InvoicingWorld, invoice_id: int, day: date = ISSUE_DAY, **kwargs: object) -> str:
    result = issue_invoice(
        world.store, world.manager, invoice_id, today=day, render=fake_pdf, **kwargs
    )
    return result.number


def test_issuing_numbers_freezes_and_archives_the_invoice(world: InvoicingWorld) -> None:
    first, second = world.draft(), world.draft(buyer="Marc Dubois")
    assert _issue(world, first) == "F-2026-00001"
    assert _issue(world, second) == "F-2026-00002"

    invoice = world.invoice(first)
    assert invoice.status is InvoiceStatus.ISSUED
    assert invoice.issue_date == ISSUE_DAY
    assert invoice.due_date == date(2026, 12, 31)  # 30 days, from the settings
    # 3 x 12.00 + 95.00 = 131.00 net, 20 % VAT
    assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
        Decimal("131.00"),
        Decimal("26.20"),
        Decimal("157.20"),
    )
    assert invoice.issued_by == world.manager.user_id
    assert invoice.chain_index == 1 and invoice.previous_hash == GENESIS_HASH
    assert world.invoice(second).previous_hash == invoice.content_hash

    with world.store.read() as session:
        archive = session.get_one(InvoiceArchive, first)
        snapshot = json.loads(archive.document_json)
        actions = list(session.scalars(select(AuditEvent.action)))
    assert snapshot["number"] == "F-2026-00001"
    assert snapshot["seller"]["siret"] == "73282932000074"
    assert snapshot["buyer"]["name"] == "Hélène Lefèvre"
    assert snapshot["terms"]["iban"] == "FR7630006000011234567890189"
    assert [line["quantity"] for line in snapshot["lines"]] == ["3", "1"]
    assert archive.pdf_sha256 == hashlib.sha256(archive.pdf).hexdigest()
    assert archived_pdf(world.store, "F-2026-00001") == archive.pdf
    assert archived_pdf(world.store, first) == archive.pdf
    assert actions.count("issue_invoice") == 2
    assert verify_chain(world.store).ok


def test_totals_in_the_database_equal_the_snapshot(world: InvoicingWorld) -> None:
    # Amounts that round: EN 16931 rounds each line, then VAT once per rate.
    lines = [
        DraftLine("Heure de bureau", Decimal("2.5"), Decimal("3.33")),
        DraftLine("Café", Decimal(7), Decimal("0.83"), discount=Decimal("0.50")),
        DraftLine("Impression", Decimal(3), Decimal("0.17")),
    ]
    invoice_id = world.draft(lines)
    _issue(world, invoice_id)
    invoice = world.invoice(invoice_id)
    with world.store.read() as session:
        snapshot = json.loads(session.get_one(InvoiceArchive, invoice_id).document_json)
    stored_lines = [line.net for line in invoice.lines]
    from telecentre_desk.domain.vat import Line, VatCategory, compute_totals

    totals = compute_totals(
        Line(
            Decimal(item["quantity"]),
            Decimal(item["unit_price"]),
            VatCategory(item["vat"]["category"]),
            Decimal(item["vat"]["rate"]),
            Decimal(item["discount"]),
        )
        for item in snapshot["lines"]
    )
    assert stored_lines == [Decimal("8.33"), Decimal("5.31"), Decimal("0.51")]
    assert (
        (invoice.net_total, invoice.vat_total, invoice.gross_total)
        == (
            totals.net,
            totals.vat,
            totals.gross,
        )
        == (Decimal("14.15"), Decimal("2.83"), Decimal("16.98"))
    )


def test_the_renderer_receives_the_document_that_is_hashed(world: InvoicingWorld) -> None:
    seen: list[InvoiceDocument] = []

    def render(document: InvoiceDocument) -> bytes:
        seen.append(document)
        return fake_pdf(document)

    invoice_id = world.draft()
    issue_invoice(world.store, world.manager, invoice_id, today=ISSUE_DAY, render=render)
    (document,) = seen
    assert document.number == "F-2026-00001"
    assert document.terms.due_date == date(2026, 12, 31)
    assert world.invoice(invoice_id).content_hash == document.chained_hash(GENESIS_HASH)


def test_a_new_year_starts_a_new_series(world: InvoicingWorld) -> None:
    assert _issue(world, world.draft(), date(2026, 12, 30)) == "F-2026-00001"
    assert _issue(world, world.draft(), date(2027, 1, 2)) == "F-2027-00001"
    assert _issue(world, world.draft(), date(2027, 1, 2)) == "F-2027-00002"


def test_an_issue_date_before_the_last_one_of_the_series_is_refused(
    world: InvoicingWorld,
) -> None:
    _issue(world, world.draft(), date(2026, 12, 10))
    late = world.draft()
    with pytest.raises(ValidationError) as refused:
        _issue(world, late, date(2026, 12, 9))
    assert "10 déc. 2026" in str(refused.value)
    assert world.invoice(late).status is InvoiceStatus.DRAFT
    assert _issue(world, late, date(2026, 12, 10)) == "F-2026-00002"


def test_missing_legal_identity_names_the_fields_and_issues_nothing(
    tmp_path: object, data_paths: DataPaths
) -> None:
    world = new_invoicing_centre(data_paths, complete=False)
    try:
        invoice_id = world.draft()
        with pytest.raises(ValidationError) as refused:
            _issue(world, invoice_id)
        message = str(refused.value)
        assert "forme juridique" in message.lower() or "legal form" in message.lower()
        assert "SIRET" in message
        assert world.invoice(invoice_id).status is InvoiceStatus.DRAFT
        assert world.count(InvoiceSeries) == 0 and world.count(InvoiceArchive) == 0
    finally:
        world.store.close()


def test_an_empty_draft_is_refused(world: InvoicingWorld) -> None:
    invoice_id = world.draft([])
    with pytest.raises(ValidationError, match=r"ligne|line"):
        _issue(world, invoice_id)
    assert world.invoice(invoice_id).status is InvoiceStatus.DRAFT


def test_a_company_without_siren_asks_for_confirmation(world: InvoicingWorld) -> None:
    invoice_id = world.draft(buyer="Logiciels de la Brie SAS", company=True)
    with pytest.raises(NeedsConfirmation, match="SIREN"):
        _issue(world, invoice_id)
    assert world.invoice(invoice_id).status is InvoiceStatus.DRAFT
    assert _issue(world, invoice_id, confirm_missing_siren=True) == "F-2026-00001"
    # With its SIRET, no question.
    assert _issue(world, world.draft(company=True, siret=BUYER_SIRET)) == "F-2026-00002"


def test_a_full_disk_while_writing_the_pdf_issues_nothing(world: InvoicingWorld) -> None:
    invoice_id = world.draft()

    def disk_full(document: InvoiceDocument) -> bytes:
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(ServiceError, match="No space left on device"):
        issue_invoice(world.store, world.manager, invoice_id, today=ISSUE_DAY, render=disk_full)
    invoice = world.invoice(invoice_id)
    assert invoice.status is InvoiceStatus.DRAFT and invoice.number is None
    assert world.count(InvoiceArchive) == 0
    assert world.count(InvoiceSeries) == 0
    # The number was not consumed: the next attempt takes 00001.
    assert _issue(world, invoice_id) == "F-2026-00001"
    assert verify_chain(world.store).ok


def test_any_failure_after_the_number_rolls_everything_back(world: InvoicingWorld) -> None:
    _issue(world, world.draft())
    invoice_id = world.draft()

    def broken(document: InvoiceDocument) -> bytes:
        raise RuntimeError("renderer bug")

    with pytest.raises(RuntimeError):
        issue_invoice(world.store, world.manager, invoice_id, today=ISSUE_DAY, render=broken)
    with world.store.read() as session:
        assert session.scalars(select(InvoiceSeries.last_number)).one() == 1
    assert world.invoice(invoice_id).status is InvoiceStatus.DRAFT
    assert _issue(world, invoice_id) == "F-2026-00002"


@pytest.mark.parametrize("who", ["receptionist", "volunteer"])
def test_only_the_manager_issues(world: InvoicingWorld, who: str) -> None:
    invoice_id = world.draft()
    with pytest.raises(PermissionDenied):
        issue_invoice(
            world.store, getattr(world, who), invoice_id, today=ISSUE_DAY, render=fake_pdf
        )
    with pytest.raises(PermissionDenied):
        issue_all_drafts(world.store, getattr(world, who), today=ISSUE_DAY, render=fake_pdf)
    assert world.invoice(invoice_id).status is InvoiceStatus.DRAFT


def test_issuing_twice_or_an_unknown_invoice_is_refused(world: InvoicingWorld) -> None:
    invoice_id = world.draft()
    _issue(world, invoice_id)
    with pytest.raises(ValidationError, match="F-2026-00001"):
        _issue(world, invoice_id)
    with pytest.raises(NotFound):
        _issue(world, 999)
    with pytest.raises(NotFound, match="F-2026-00042"):
        archived_pdf(world.store, "F-2026-00042")


def test_issue_all_drafts_stops_at_the_first_refusal(world: InvoicingWorld) -> None:
    ok_first = world.draft(buyer="Anne Petit")
    company = world.draft(buyer="Logiciels de la Brie SAS", company=True)
    after = world.draft(buyer="Marc Dubois")

    batch = issue_all_drafts(world.store, world.manager, today=ISSUE_DAY, render=fake_pdf)
    assert batch.numbers == ("F-2026-00001",)
    assert batch.issued[0].invoice_id == ok_first
    assert batch.not_issued == (company, after)
    assert "Logiciels de la Brie SAS" in batch.refusal and "SIREN" in batch.refusal
    assert world.invoice(after).status is InvoiceStatus.DRAFT

    with world.store.write() as session:
        session.get_one(Invoice, company).buyer_siret = BUYER_SIRET
    batch = issue_all_drafts(world.store, world.manager, today=ISSUE_DAY, render=fake_pdf)
    assert batch.numbers == ("F-2026-00002", "F-2026-00003")
    assert batch.not_issued == () and batch.refusal == ""


@pytest.mark.parametrize("mode", [VatMode.FRANCHISE, VatMode.ASSOCIATION_EXEMPT])
def test_exempt_centres_issue_without_vat(data_paths: DataPaths, mode: VatMode) -> None:
    world = new_invoicing_centre(data_paths, mode)
    try:
        invoice_id = world.draft([HALF_DAYS])
        _issue(world, invoice_id)
        invoice = world.invoice(invoice_id)
        assert (invoice.net_total, invoice.vat_total, invoice.gross_total) == (
            Decimal("36.00"),
            Decimal("0.00"),
            Decimal("36.00"),
        )
        with world.store.read() as session:
            snapshot = json.loads(session.get_one(InvoiceArchive, invoice_id).document_json)
        assert snapshot["lines"][0]["vat"]["exemption_reason"]
    finally:
        world.store.close()


def test_the_archived_snapshot_reads_back_as_the_issued_document(world: InvoicingWorld) -> None:
    seen: list[InvoiceDocument] = []

    def render(document: InvoiceDocument) -> bytes:
        seen.append(document)
        return fake_pdf(document)

    invoice_id = world.draft(
        [DraftLine("Salle de visio — 2 heures", Decimal(2), Decimal("15.50"), Decimal("1.25"))],
        company=True,
        siret=BUYER_SIRET,
    )
    issue_invoice(world.store, world.manager, invoice_id, today=ISSUE_DAY, render=render)
    document = archived_document(world.store, "F-2026-00001")
    assert document == seen[0]
    assert document.canonical_bytes() == seen[0].canonical_bytes()
    # Later changes of the centre's terms do not touch what was issued.
    with world.store.write() as session:
        session.get_one(BillingSettings, 1).payment_due_days = 60
    assert archived_document(world.store, invoice_id).terms.due_date == date(2026, 12, 31)


def test_the_default_renderer_archives_a_factur_x_pdf(world: InvoicingWorld) -> None:
    """Issuing without a test renderer uses the real one: the PDF embeds the CII XML."""
    from io import BytesIO

    from pypdf import PdfReader

    invoice_id = world.draft()
    issue_invoice(world.store, world.manager, invoice_id, today=ISSUE_DAY)
    pdf = archived_pdf(world.store, invoice_id)
    attachments = PdfReader(BytesIO(pdf)).attachments
    assert "factur-x.xml" in attachments
    xml = attachments["factur-x.xml"][0].decode("utf-8")
    assert "F-2026-00001" in xml and "157.20" in xml  # the gross total stored in the row
    assert world.invoice(invoice_id).gross_total == Decimal("157.20")
    assert verify_chain(world.store).ok


def test_a_stale_line_net_of_a_draft_is_corrected_before_it_is_frozen(
    world: InvoicingWorld,
) -> None:
    invoice_id = world.draft([HALF_DAYS])
    with world.store.write() as session:
        session.get_one(Invoice, invoice_id).lines[0].net = Decimal("1.00")  # left stale
    _issue(world, invoice_id)
    assert world.invoice(invoice_id).lines[0].net == Decimal("36.00")
    assert verify_chain(world.store).ok


def test_a_new_prefix_starts_its_own_series(world: InvoicingWorld) -> None:
    assert _issue(world, world.draft()) == "F-2026-00001"
    with world.store.write() as session:
        session.get_one(BillingSettings, 1).invoice_prefix = "FAC"
    assert _issue(world, world.draft()) == "FAC-2026-00001"
    assert _issue(world, world.draft()) == "FAC-2026-00002"
    report = verify_chain(world.store)
    assert report.ok and report.checked == 3


def test_the_totals_in_the_database_the_xml_and_the_pdf_agree_to_the_cent(
    world: InvoicingWorld,
) -> None:
    """Rounding on purpose: nets of 3 x 12.35 - 0.07 and 7 x 0.333 at 20 % VAT."""
    from io import BytesIO

    from lxml import etree
    from pypdf import PdfReader

    from telecentre_desk.i18n import format_money

    invoice_id = world.draft(
        [
            DraftLine(
                "Bureau partagé — 3 demi-journées", Decimal(3), Decimal("12.35"), Decimal("0.07")
            ),
            DraftLine("Impressions — 7 pages", Decimal(7), Decimal("0.33")),
            SUBSCRIPTION,
        ]
    )
    issue_invoice(world.store, world.manager, invoice_id, today=ISSUE_DAY)
    row = world.invoice(invoice_id)
    assert (row.net_total, row.vat_total, row.gross_total) == (
        Decimal("134.29"),
        Decimal("26.86"),
        Decimal("161.15"),
    )

    reader = PdfReader(BytesIO(archived_pdf(world.store, invoice_id)))
    xml = etree.fromstring(reader.attachments["factur-x.xml"][0])
    ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    summation = xml.find(f".//{{{ram}}}SpecifiedTradeSettlementHeaderMonetarySummation")
    assert summation is not None

    def amount(tag: str) -> Decimal:
        element = summation.find(f"{{{ram}}}{tag}")
        assert element is not None and element.text is not None
        return Decimal(element.text)

    assert amount("TaxBasisTotalAmount") == row.net_total
    assert amount("TaxTotalAmount") == row.vat_total
    assert amount("GrandTotalAmount") == row.gross_total

    text = " ".join(page.extract_text() for page in reader.pages)
    for value in (row.net_total, row.vat_total, row.gross_total):
        assert value is not None
        shown = format_money(value)
        assert shown.replace("\u202f", " ").replace("\xa0", " ") in (
            text.replace("\u202f", " ").replace("\xa0", " ")
        )
