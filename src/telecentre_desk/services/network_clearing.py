"""Coordinator mode: the clearing statement of a period, from the imported bundles.

Each visit a centre reported says which centre the visitor came from and the amount
that home centre owes under the network's clearing tariff. The statement sums them by
pair (who owes whom) and gives each centre's net balance: what it is owed minus what
it owes. The balances of all centres add up to zero.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from telecentre_desk.atomic_files import write_atomically
from telecentre_desk.documents.clearing_pdf import (
    ClearingSheet,
    SheetBalance,
    SheetLine,
    write_clearing_pdf,
)
from telecentre_desk.domain.roles import Permission
from telecentre_desk.i18n import _
from telecentre_desk.network.period import Period
from telecentre_desk.services import audit
from telecentre_desk.services.changes import ChangeSet
from telecentre_desk.services.context import Actor, require
from telecentre_desk.services.errors import ServiceError
from telecentre_desk.services.network_dashboard import visit_flows
from telecentre_desk.services.network_directory import current_directory
from telecentre_desk.services.store import Store
from telecentre_desk.storage.network_models import NetworkBundle
from telecentre_desk.storage.types import utc_now


@dataclass(frozen=True)
class ClearingLine:
    debtor: str  # the visitors' home centre, which owes
    creditor: str  # the centre visited, which is owed
    visits: int
    amount: Decimal


@dataclass(frozen=True)
class CentreBalance:
    code: str
    name: str
    receivable: Decimal  # owed to the centre (its visitors from elsewhere)
    payable: Decimal  # owed by the centre (its members' visits elsewhere)
    visits_received: int
    visits_made: int

    @property
    def net(self) -> Decimal:
        return self.receivable - self.payable


@dataclass(frozen=True)
class ClearingStatement:
    period: Period
    network: str
    generated_at: datetime
    lines: tuple[ClearingLine, ...]
    balances: tuple[CentreBalance, ...]
    reporting: tuple[str, ...]  # centres with at least one bundle overlapping the period

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def visits(self) -> int:
        return sum(line.visits for line in self.lines)


@dataclass(frozen=True)
class ClearingFiles:
    statement: ClearingStatement
    pdf: Path
    csv: Path  # one row per pair of centres
    balances_csv: Path  # one row per centre
    changes: ChangeSet = field(default_factory=ChangeSet)


def clearing_statement(store: Store, actor: Actor, period: Period) -> ClearingStatement:
    require(actor, Permission.EXPORT_NETWORK)
    directory = current_directory(store)
    names = {c.code: c.name for c in directory.centres} if directory else {}
    with store.read() as session:
        flows = visit_flows(session, period)
        reporting = session.execute(
            select(NetworkBundle.centre_code, NetworkBundle.centre_name)
            .where(
                NetworkBundle.period_start <= period.end,
                NetworkBundle.period_end >= period.start,
            )
            .order_by(NetworkBundle.centre_code)
        ).all()
    for code, name in reporting:
        names.setdefault(code, name)
    lines = tuple(
        ClearingLine(f.home_centre_code, f.host_centre_code, f.visits, f.amount_due)
        for f in flows
        if f.home_centre_code != f.host_centre_code
    )
    codes = sorted({c for line in lines for c in (line.debtor, line.creditor)})
    balances = tuple(
        CentreBalance(
            code,
            names.get(code, ""),
            sum((ln.amount for ln in lines if ln.creditor == code), Decimal(0)),
            sum((ln.amount for ln in lines if ln.debtor == code), Decimal(0)),
            sum(ln.visits for ln in lines if ln.creditor == code),
            sum(ln.visits for ln in lines if ln.debtor == code),
        )
        for code in codes
    )
    return ClearingStatement(
        period=period,
        network=directory.network if directory else "",
        generated_at=utc_now(),
        lines=lines,
        balances=balances,
        reporting=tuple(code for code, _name in reporting),
    )


def write_clearing(store: Store, actor: Actor, period: Period, out_dir: Path) -> ClearingFiles:
    """The statement of ``period`` as PDF and CSV files in ``out_dir`` (created if needed)."""
    statement = clearing_statement(store, actor, period)
    folder = Path(out_dir).expanduser().resolve()
    stem = f"clearing-{period.label.lower()}"
    pdf, pairs, balances = (
        folder / f"{stem}.pdf",
        folder / f"{stem}.csv",
        folder / f"{stem}-balances.csv",
    )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(pairs, pairs_csv(statement))
        write_atomically(balances, balances_csv(statement))
        buffer = io.BytesIO()
        write_clearing_pdf(sheet_of(statement), buffer)
        write_atomically(pdf, buffer.getvalue())
    except OSError as error:
        raise ServiceError(
            _("Cannot write the clearing statement in {path}: {reason}. Choose another folder.")
            .format(path=folder, reason=error.strerror or error)
        ) from error  # fmt: skip
    with store.write() as session:
        audit.record(
            session,
            actor,
            "write_network_clearing",
            "network_bundle",
            "",
            {"period": period.label, "total": f"{statement.total:.2f}", "folder": str(folder)},
        )
    return ClearingFiles(statement, pdf, pairs, balances)


def pairs_csv(statement: ClearingStatement) -> bytes:
    """UTF-8 CSV, one row per pair: the columns are the format's kind of names (English)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["period", "debtor_centre_code", "creditor_centre_code", "visits", "amount"])
    for line in statement.lines:
        writer.writerow(
            [statement.period.label, line.debtor, line.creditor, line.visits, f"{line.amount:.2f}"]
        )
    return buffer.getvalue().encode("utf-8")


def balances_csv(statement: ClearingStatement) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        ["period", "centre_code", "centre_name", "visits_received", "visits_made",
         "receivable", "payable", "net_balance"]
    )  # fmt: skip
    for b in statement.balances:
        writer.writerow(
            [statement.period.label, b.code, b.name, b.visits_received, b.visits_made,
             f"{b.receivable:.2f}", f"{b.payable:.2f}", f"{b.net:.2f}"]
        )  # fmt: skip
    return buffer.getvalue().encode("utf-8")


def sheet_of(statement: ClearingStatement) -> ClearingSheet:
    names = {b.code: b.name for b in statement.balances}
    return ClearingSheet(
        period=statement.period.label,
        network=statement.network,
        generated_at=statement.generated_at,
        lines=tuple(
            SheetLine(
                line.debtor,
                names.get(line.debtor, ""),
                line.creditor,
                names.get(line.creditor, ""),
                line.visits,
                line.amount,
            )
            for line in statement.lines
        ),
        balances=tuple(
            SheetBalance(b.code, b.name, b.receivable, b.payable, b.net) for b in statement.balances
        ),
        total=statement.total,
        visits=statement.visits,
        reporting=statement.reporting,
    )
