"""Four processes issuing at once share one gap-free sequence and one unbroken chain."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from invoicing_world import HALF_DAYS, new_invoicing_centre
from telecentre_desk.domain.invoicing import InvoiceStatus
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.invoice_chain import verify_chain
from telecentre_desk.storage.invoice_models import Invoice

PROCESSES = 4
EACH = 10
TESTS = Path(__file__).parent

# Each child issues its own drafts as fast as it can, once every child is ready.
CHILD = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from invoicing_world import ISSUE_DAY, fake_pdf
from telecentre_desk.domain.roles import Role
from telecentre_desk.paths import DataPaths
from telecentre_desk.services.auth import users_for_sign_in
from telecentre_desk.services.context import Actor
from telecentre_desk.services.invoice_issue import issue_invoice
from telecentre_desk.services.store import open_store

store = open_store(DataPaths(Path({root!r})))
user = next(u for u in users_for_sign_in(store) if u.role is Role.MANAGER)
actor = Actor(user.id, user.login, user.display_name, user.role)
print("ready", flush=True)
sys.stdin.readline()
for draft_id in {drafts!r}:
    print(issue_invoice(store, actor, draft_id, today=ISSUE_DAY, render=fake_pdf).number)
"""


def test_four_processes_issue_a_gap_free_sequence(data_paths: DataPaths) -> None:
    world = new_invoicing_centre(data_paths)
    drafts = [world.draft([HALF_DAYS], buyer=f"Client {n}") for n in range(PROCESSES * EACH)]
    children = []
    for slot in range(PROCESSES):
        script = CHILD.format(
            tests=str(TESTS), root=str(data_paths.root), drafts=drafts[slot::PROCESSES]
        )
        child = subprocess.Popen(
            [sys.executable, "-c", script],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        children.append(child)
    for child in children:  # all ready: let them race
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    printed: list[str] = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        printed.extend(out.split())

    total = PROCESSES * EACH
    expected = [f"F-2026-{n:05d}" for n in range(1, total + 1)]
    assert sorted(printed) == expected  # every child got distinct numbers
    with world.store.read() as session:
        rows = session.execute(
            select(Invoice.sequence, Invoice.chain_index).where(
                Invoice.status == InvoiceStatus.ISSUED
            )
        ).all()
    assert sorted(row.sequence for row in rows) == list(range(1, total + 1))
    assert sorted(row.chain_index for row in rows) == list(range(1, total + 1))
    report = verify_chain(world.store)
    assert report.ok and report.checked == total, report.reason
    world.store.close()
