"""Taking the next number of a series, inside the transaction that issues the document.

The caller holds the write lock (``store.write()`` opens with BEGIN IMMEDIATE), so
reading ``last_number`` and writing ``last_number + 1`` cannot interleave with another
writer; a crash before COMMIT rolls the increment back with the rest, so a number is
consumed only by a document that was issued with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from telecentre_desk.domain.invoice_document import DocumentKind
from telecentre_desk.i18n import _, format_date
from telecentre_desk.services.errors import ValidationError
from telecentre_desk.storage.invoice_models import BillingSettings, Invoice, InvoiceSeries

DEFAULT_PREFIXES = {DocumentKind.INVOICE: "F", DocumentKind.CREDIT_NOTE: "AV"}


@dataclass(frozen=True)
class TakenNumber:
    series_id: int
    sequence: int
    number: str


def format_number(prefix: str, year: int, sequence: int) -> str:
    """``F-2026-00001``: the prefix, the year of issue, five digits (more if ever needed)."""
    return f"{prefix}-{year}-{sequence:05d}"


def series_prefix(session: Session, kind: DocumentKind) -> str:
    settings = session.get(BillingSettings, 1)
    if settings is None:
        return DEFAULT_PREFIXES[kind]
    prefix = (
        settings.invoice_prefix if kind is DocumentKind.INVOICE else settings.credit_note_prefix
    )
    return prefix.strip() or DEFAULT_PREFIXES[kind]


def take_next_number(session: Session, kind: DocumentKind, issue_date: date) -> TakenNumber:
    """The next number of the (kind, prefix, year) series; refuses going back in time."""
    prefix = series_prefix(session, kind)
    series = session.scalars(
        select(InvoiceSeries).where(
            InvoiceSeries.kind == kind,
            InvoiceSeries.prefix == prefix,
            InvoiceSeries.year == issue_date.year,
        )
    ).one_or_none()
    if series is None:
        series = InvoiceSeries(kind=kind, prefix=prefix, year=issue_date.year, last_number=0)
        session.add(series)
        session.flush()
    last_date = session.scalar(
        select(func.max(Invoice.issue_date)).where(Invoice.series_id == series.id)
    )
    if last_date is not None and issue_date < last_date:
        # The law wants one chronological sequence: a number never dates before the last one.
        raise ValidationError(
            {
                "issue_date": _(
                    "The last document of this series was issued on {last}: a new one cannot "
                    "be dated {date}, earlier. Issue it with today's date."
                ).format(last=format_date(last_date), date=format_date(issue_date))
            }
        )
    series.last_number += 1
    return TakenNumber(
        series.id, series.last_number, format_number(prefix, series.year, series.last_number)
    )
