"""``db check``: is the centre's database whole and at the expected schema?"""

from __future__ import annotations

from dataclasses import dataclass

from telecentre_desk.i18n import _
from telecentre_desk.services.store import Store
from telecentre_desk.storage.schema import head_revision


@dataclass(frozen=True)
class IntegrityReport:
    problems: tuple[str, ...]
    revision: str

    @property
    def ok(self) -> bool:
        return not self.problems


def check_integrity(store: Store) -> IntegrityReport:
    problems: list[str] = []
    with store.engine.connect() as connection:
        quick = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
        if quick != ["ok"]:
            problems.extend(_("SQLite integrity: {detail}").format(detail=d) for d in quick)
        for table, rowid, parent, _fk in connection.exec_driver_sql("PRAGMA foreign_key_check"):
            problems.append(
                _("Row {rowid} of {table} points to a missing row of {parent}.").format(
                    rowid=rowid, table=table, parent=parent
                )
            )
        revision = str(
            connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() or ""
        )
    if revision != head_revision():
        problems.append(
            _("Schema {revision} is not the expected {head}: run “db upgrade”.").format(
                revision=revision, head=head_revision()
            )
        )
    return IntegrityReport(tuple(problems), revision)
