"""Invoicing benchmark on the large demo centre (2,000 members), against bare baselines.

    python bench/invoicing.py [--count 1000] [--runs 5]

(a) drafting a month (November 2026) with ``services.billing_run.run_billing``: the
consumption, subscriptions and carnets gathered, one draft per customer, lines and
billed items written, in one transaction; each run on a fresh copy of the same
database. Baseline: plain sqlite3 reading the month's consumption rows and inserting
as many invoice and line rows into scratch tables, one transaction. Target (issue 6):
<= 3 s.
(b) issuing and rendering ``--count`` invoices with Factur-X through
``services.invoice_issue.issue_invoice`` (number taken in BEGIN IMMEDIATE, snapshot,
PDF with every mention, CII XML, factur-x embedding with the XSD check, archive,
hash chain, audit, commit with fsync), against a bare loop rendering the same
documents as one-page reportlab PDFs with the same table (plain strings) and embedding
the same XML with factur-x (same XSD check). Interleaved in batches of 50 so that the
machine's mood weighs on both alike. Target (issue 6): ratio <= 2.
Also printed, for the record: our renderer alone (``render_invoice_pdf``) on the same
documents, without the database.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from calendar import monthrange
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

TARGET_DRAFT_S = 3.0
TARGET_RATIO = 2.0
MONTH = date(2026, 11, 1)
BATCH = 50


def month_end(first: date) -> date:
    return first.replace(day=monthrange(first.year, first.month)[1])


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


class BareDrafting:
    """What drafting cannot avoid: read the month's consumption, write invoices and lines."""

    def __init__(self, database: Path) -> None:
        self.connection = sqlite3.connect(database, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.execute(
            "CREATE TABLE bare_invoice (id INTEGER PRIMARY KEY, customer INTEGER, net TEXT)"
        )
        self.connection.execute(
            "CREATE TABLE bare_line (id INTEGER PRIMARY KEY, invoice INTEGER, "
            "description TEXT, quantity INTEGER, price TEXT)"
        )

    def __call__(self, start: date, end: date) -> None:
        connection = self.connection
        connection.execute("BEGIN IMMEDIATE")
        rows = connection.execute(
            "SELECT id, member_id, billed_quantity, unit_price FROM consumption "
            "WHERE service_date BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ).fetchall()
        invoices: dict[int, int] = {}
        for _id, member, quantity, price in rows:
            if member not in invoices:
                cursor = connection.execute(
                    "INSERT INTO bare_invoice (customer, net) VALUES (?, '0')", (member,)
                )
                invoices[member] = int(cursor.lastrowid or 0)
            connection.execute(
                "INSERT INTO bare_line (invoice, description, quantity, price) "
                "VALUES (?, 'x', ?, ?)",
                (invoices[member], quantity, str(price)),
            )
        connection.execute("COMMIT")


def bare_render(document: object, xml: bytes) -> bytes:
    """One page: a reportlab table of the same lines, then the same XML embedded."""
    import facturx
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    from telecentre_desk.documents.invoice_layout import REGULAR, register_fonts
    from telecentre_desk.documents.invoice_pdf import RewrittenPdf
    from telecentre_desk.domain.invoice_document import InvoiceDocument

    assert isinstance(document, InvoiceDocument)
    register_fonts()
    rows = [["Désignation", "Qté", "Unité", "PU HT", "TVA", "Montant HT"]]
    rows += [
        [
            line.description,
            str(line.quantity),
            line.unit.value,
            str(line.unit_price),
            str(line.vat.rate),
            str(line.net),
        ]
        for line in document.lines
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=REGULAR).build(
        [Table(rows, style=[("FONTNAME", (0, 0), (-1, -1), REGULAR)])]
    )
    # The same factur-x call as ours, in memory (generate_from_binary returns the old
    # PDF and the new one end to end: see RewrittenPdf).
    stream = RewrittenPdf(buffer.getvalue())
    facturx.generate_from_file(
        stream,
        xml,
        flavor="factur-x",
        level="en16931",
        check_xsd=True,
        pdf_metadata={"author": "", "keywords": "", "title": document.number, "subject": ""},
        lang="fr-FR",
    )
    return stream.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    from sqlalchemy import select

    from telecentre_desk.documents.facturx_xml import build_cii_xml
    from telecentre_desk.documents.invoice_pdf import render_invoice_pdf
    from telecentre_desk.domain.invoicing import InvoiceStatus
    from telecentre_desk.paths import prepare_data_dir
    from telecentre_desk.services import invoice_drafts
    from telecentre_desk.services.auth import sign_in
    from telecentre_desk.services.billing_run import run_billing
    from telecentre_desk.services.demo import DEMO_ACCOUNTS, Scale, generate_demo
    from telecentre_desk.services.invoice_issue import issue_invoice
    from telecentre_desk.services.invoice_snapshot import build_document
    from telecentre_desk.services.store import open_store
    from telecentre_desk.storage.invoice_models import Invoice
    from telecentre_desk.storage.models import Member

    with tempfile.TemporaryDirectory(prefix="bench-invoicing-") as name:
        folder = Path(name)
        paths = prepare_data_dir(folder / "centre")
        started = time.perf_counter()
        generate_demo(paths, Scale.LARGE, seed=1)
        print(f"large demo generated in {time.perf_counter() - started:.1f} s")
        database = paths.database
        pristine = folder / "pristine.sqlite3"
        shutil.copyfile(database, pristine)
        manager = DEMO_ACCOUNTS[0]

        # (a) a month drafted, on a fresh copy of the database each run.
        drafting: list[float] = []
        bare_drafting: list[float] = []
        created = lines = 0
        for run in range(options.runs):
            copy = folder / f"run{run}"
            copy_paths = prepare_data_dir(copy)
            shutil.copyfile(pristine, copy_paths.database)
            bare = BareDrafting(copy_paths.database)
            start = time.perf_counter()
            bare(MONTH, month_end(MONTH))
            bare_drafting.append(time.perf_counter() - start)
            bare.connection.close()
            store = open_store(copy_paths)
            actor = sign_in(store, manager.login, manager.pin)
            start = time.perf_counter()
            result = run_billing(store, actor, MONTH, month_end(MONTH))
            drafting.append(time.perf_counter() - start)
            created, lines = result.drafts_created, result.lines_added
            store.close()
        print(
            f"\n(a) drafting {MONTH:%B %Y}: {created} drafts, {lines} lines ({options.runs} runs)"
        )
        print(f"  bare sqlite3 read + insert      median {_median_ms(bare_drafting):8.1f} ms")
        print(f"  run_billing                     median {_median_ms(drafting):8.1f} ms")
        verdict = "met" if statistics.median(drafting) <= TARGET_DRAFT_S else "NOT met"
        print(f"  target <= {TARGET_DRAFT_S:.0f} s: {verdict}")

        # (b) issuing: drafts from the billing runs of several months, topped up with
        # hand-made drafts (one line each) for members, up to --count.
        store = open_store(paths)
        actor = sign_in(store, manager.login, manager.pin)
        month = date(2026, 9, 1)
        while month <= date(2027, 4, 1):
            run_billing(store, actor, month, month_end(month))
            month = date.fromordinal(month_end(month).toordinal() + 1)
        with store.read() as session:
            drafts = list(
                session.scalars(
                    select(Invoice.id)
                    .where(Invoice.status == InvoiceStatus.DRAFT)
                    .order_by(Invoice.id)
                )
            )
            members = list(session.scalars(select(Member.id).order_by(Member.id)))
        for member_id in members[: max(0, options.count - len(drafts))]:
            draft = invoice_drafts.create_manual_draft(
                store, actor, MONTH, month_end(MONTH), member_id=member_id
            )
            invoice_drafts.add_line(
                store,
                actor,
                draft.invoice_id,
                "Impressions couleur — novembre 2026",
                Decimal("12"),
                Decimal("0.50"),
                vat_rate=Decimal("20.00"),
            )
            drafts.append(draft.invoice_id)
        drafts = drafts[: options.count]
        print(f"\n(b) issuing and rendering {len(drafts)} invoices with Factur-X")

        issuing: list[float] = []
        issue_day = date(2026, 12, 1)

        def issue(invoice_id: int) -> None:
            issue_invoice(store, actor, invoice_id, today=issue_day, confirm_missing_siren=True)

        bare_times: list[float] = []
        ours_times: list[float] = []
        for first in range(0, len(drafts), BATCH):
            batch = drafts[first : first + BATCH]
            issuing += _timed([lambda i=invoice_id: issue(i) for invoice_id in batch])
            # The same documents, as issued, for the bare loop and our renderer alone.
            with store.read() as session:
                documents = [
                    build_document(session, session.get_one(Invoice, invoice_id))
                    for invoice_id in batch
                ]
            xmls = [build_cii_xml(document) for document in documents]
            bare_times += _timed(
                [
                    lambda d=document, x=xml: bare_render(d, x)
                    for document, xml in zip(documents, xmls, strict=True)
                ]
            )
            ours_times += _timed([lambda d=doc: render_invoice_pdf(d) for doc in documents])
        store.close()

    total_issue, total_bare = sum(issuing), sum(bare_times)
    print(
        f"  bare loop (1-page table + factur-x)  total {total_bare:6.1f} s   "
        f"median {_median_ms(bare_times):6.1f} ms"
    )
    print(
        f"  render_invoice_pdf alone             total {sum(ours_times):6.1f} s   "
        f"median {_median_ms(ours_times):6.1f} ms"
    )
    print(
        f"  issue_invoice (DB + render + archive) total {total_issue:6.1f} s   "
        f"median {_median_ms(issuing):6.1f} ms"
    )
    ratio = total_issue / total_bare
    verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
    print(
        f"  issuing / bare loop: {ratio:.2f}x (totals), "
        f"{statistics.median(issuing) / statistics.median(bare_times):.2f}x (medians); "
        f"target <= {TARGET_RATIO:.0f}x: {verdict}"
    )
    return 0


def _timed(calls: list[Callable[[], object]]) -> list[float]:
    samples = []
    for call in calls:
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


if __name__ == "__main__":
    sys.exit(main())
