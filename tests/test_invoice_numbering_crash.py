"""Kill the issuing process at random points: the numbers stay 1..N, the chain intact.

A child process issues invoices in a loop (making the next draft, then issuing it);
the test kills it with SIGKILL after a random short delay, 50 times. SQLite's
journal (WAL, synchronous=FULL) and the single BEGIN IMMEDIATE transaction per
issue must leave every invoice either fully issued or still a draft.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from invoicing_world import new_invoicing_centre
from telecentre_desk import cli
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.invoice_chain import verify_chain
from telecentre_desk.services.store import open_store
from telecentre_desk.storage.invoice_models import Invoice, InvoiceArchive

KILLS = 50
TESTS = Path(__file__).parent

# The child: draft, issue, draft, issue... until killed. Its renderer hashes a little,
# so that some kills land while the PDF is being made, inside the transaction.
CHILD = """
import hashlib, sys
sys.path.insert(0, {tests!r})
from invoicing_world import HALF_DAYS, ISSUE_DAY, add_draft, fake_pdf
from telecentre_desk.domain.roles import Role
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.auth import users_for_sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.invoice_issue import issue_invoice
from telecentre_desk.services.store import open_store
from pathlib import Path

def slow_pdf(document):
    content, digest = document.canonical_bytes(), b""
    for _ in range(2000):
        digest = hashlib.sha256(digest + content).digest()
    return fake_pdf(document)

store = open_store(DataPaths(Path({root!r})))
user = next(u for u in users_for_sign_in(store) if u.role is Role.MANAGER)
actor = Actor(user.id, user.login, user.display_name, user.role)
print("ready", flush=True)
while True:
    draft = add_draft(store, [HALF_DAYS], buyer="Client")
    issue_invoice(store, actor, draft, today=ISSUE_DAY, render=slow_pdf)
"""


def test_sigkill_at_random_points_leaves_no_gap(data_paths: DataPaths) -> None:
    world = new_invoicing_centre(data_paths)
    world.store.close()
    script = CHILD.format(tests=str(TESTS), root=str(data_paths.root))
    chance = random.Random(20261128)
    for _ in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        assert child.stdout is not None
        assert child.stdout.readline() == b"ready\n", child.stderr.read() if child.stderr else ""
        time.sleep(chance.uniform(0.02, 0.35))  # a random point in the issuing loop
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        if child.stderr is not None:
            child.stderr.close()
        assert child.returncode == -signal.SIGKILL  # killed, not crashed on its own

    with sqlite3.connect(data_paths.database) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    store = open_store(data_paths)
    try:
        with store.read() as session:
            issued = session.execute(
                select(Invoice.sequence, Invoice.number, Invoice.chain_index)
                .where(Invoice.status == InvoiceStatus.ISSUED)
                .order_by(Invoice.sequence)
            ).all()
            archives = len(session.scalars(select(InvoiceArchive.invoice_id)).all())
            drafts_with_numbers = session.scalars(
                select(Invoice.id).where(
                    Invoice.status == InvoiceStatus.DRAFT, Invoice.number.is_not(None)
                )
            ).all()
        count = len(issued)
        assert count >= KILLS // 2  # most children issued something before they were killed
        assert [row.sequence for row in issued] == list(range(1, count + 1))
        assert [row.number for row in issued] == [f"F-2026-{n:05d}" for n in range(1, count + 1)]
        assert sorted(row.chain_index for row in issued) == list(range(1, count + 1))
        assert archives == count and drafts_with_numbers == []
        report = verify_chain(store)
        assert report.ok and report.checked == count, report.reason
    finally:
        store.close()
    assert cli.main(["invoices", "verify", "--data-dir", str(data_paths.root)]) == 0
