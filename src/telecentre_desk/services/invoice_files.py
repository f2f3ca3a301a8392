"""The month's files of issued documents, one by one or combined (run on the worker thread).

Each PDF is the one archived at issue time; the combined file (pypdf, documents/
pdf_merge.py) is only a convenience for one print job.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from telecentre_desk.atomic_files import write_atomically as write_whole
from telecentre_desk.documents.pdf_merge import merge_pdfs
from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.i18n import _
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.invoice_issue import archived_pdf
from telecentre_desk.services.invoice_queries import InvoiceSummary, list_invoices
from telecentre_desk.services.store import Store


@dataclass(frozen=True)
class Written:
    count: int
    path: Path


def issued_of_month(store: Store, first: date, last: date) -> list[InvoiceSummary]:
    """The invoices and credit notes issued for the period, in number order."""
    documents = list_invoices(
        store, status=InvoiceStatus.ISSUED, period_start=first, period_end=last
    )
    return sorted(documents, key=lambda d: (d.kind is DocumentKind.CREDIT_NOTE, d.number or ""))


def combined_pdf(store: Store, first: date, last: date) -> bytes | None:
    documents = issued_of_month(store, first, last)
    if not documents:
        return None
    return merge_pdfs(archived_pdf(store, document.id) for document in documents)


def write_combined_pdf(store: Store, first: date, last: date, path: Path) -> Written:
    documents = issued_of_month(store, first, last)
    if documents:
        merged = merge_pdfs(archived_pdf(store, document.id) for document in documents)
        write_atomically(path, merged)
    return Written(len(documents), path)


def write_each_pdf(store: Store, first: date, last: date, folder: Path) -> Written:
    """One file per document, named by its number (``F-2026-0001.pdf``)."""
    documents = issued_of_month(store, first, last)
    folder.mkdir(parents=True, exist_ok=True)
    for document in documents:
        write_atomically(folder / f"{document.number}.pdf", archived_pdf(store, document.id))
    return Written(len(documents), folder)


def write_atomically(path: Path, data: bytes) -> None:
    """A full file or none: a disk full midway leaves no half-written PDF behind."""
    try:
        write_whole(path, data)
    except OSError as error:
        raise ServiceError(
            _("{path} could not be written ({reason}). Choose another folder.").format(
                path=path, reason=error.strerror or error
            )
        ) from error
