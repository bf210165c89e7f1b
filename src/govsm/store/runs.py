"""The record of audit runs: each run and every finding it made (revision 0005).

:attr:`Store.runs <govsm.store.Store.runs>` gives an :class:`AuditRuns`. A run is opened with
:meth:`~AuditRuns.begin`, receives findings in batches with :meth:`~AuditRuns.add` (each batch
its own transaction, so memory stays flat for a million findings), and is closed with
:meth:`~AuditRuns.finish`; :meth:`~AuditRuns.counts` and :meth:`~AuditRuns.findings` read it back.
An organisation keeps its newest :data:`KEEP_RUNS` runs; older ones are deleted when a new run
begins.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

import attrs
import sqlalchemy as sa
from attrs import frozen
from sqlalchemy.engine import Connection

from govsm.model import Finding
from govsm.serialization import converter, structure
from govsm.spec.findings import RecordedFinding, ReportedFinding
from govsm.store import audit_log, reads, rows, schema
from govsm.store.engine import Serialised

if TYPE_CHECKING:
    from govsm.store.store import Store

#: how many runs an organisation keeps (the newest)
KEEP_RUNS = 20

#: findings read per round trip when streaming a run
STREAM_CHUNK = 1000

#: the states of a run
RUNNING, COMPLETE, INCOMPLETE = "running", "complete", "incomplete"

# A run's findings are read back by the thousand for its reports: one as govsm writes it — every
# field present, each of the type it writes — is built directly (its finding through the
# finding's own direct path, validators included); anything else goes through the generated
# hook, which says what is wrong and where. Registered with the store, which reads them back.
_structure_reported_generally = converter.get_structure_hook(ReportedFinding)
_REPORTED_KEYS = frozenset(field.name for field in attrs.fields(ReportedFinding))


def _structure_reported(value: object, cls: type) -> ReportedFinding:
    if type(value) is dict and value.keys() == _REPORTED_KEYS:
        step, profile, message = value["step"], value["profile"], value["message"]
        url, excerpt = value["url"], value["excerpt"]
        if (
            type(step) is str
            and type(excerpt) is str
            and (profile is None or type(profile) is str)
            and (message is None or type(message) is str)
            and (url is None or type(url) is str)
        ):
            finding = structure(value["finding"], Finding)
            return ReportedFinding(step, finding, profile, message, url, excerpt)
    return _structure_reported_generally(value, cls)  # type: ignore[no-any-return]


converter.register_structure_hook(ReportedFinding, _structure_reported)


class AuditRuns:
    """Audit runs and their findings in one store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def begin(self, organisation: str, started_at: datetime, today: date, version: str) -> str:
        """Open a run of ``organisation``'s audit and return its id; drop runs beyond the newest.

        :raises StoreError: the organisation is not in the store, or the store cannot be
            written.
        """
        run = uuid.uuid4().hex

        def work(connection: Connection) -> str:
            reads.require_organisation(connection, organisation)
            _forget_old_runs(connection, organisation, keep=KEEP_RUNS - 1)
            connection.execute(
                sa.insert(schema.audit_runs).values(
                    organisation_id=organisation,
                    id=run,
                    started_at=started_at,
                    today=today,
                    govsm_version=version,
                    status=RUNNING,
                )
            )
            return run

        return self._store._write(
            work,
            f"abrir una auditoría de «{organisation}»",
            f"open an audit run of '{organisation}'",
        )

    def add(
        self,
        organisation: str,
        run: str,
        first: int,
        findings: Sequence[ReportedFinding | RecordedFinding],
    ) -> None:
        """Record ``findings`` as the run's findings ``first``, ``first + 1``…, in one transaction.

        A :class:`~govsm.spec.findings.RecordedFinding` is stored as it is (its document is the
        row's ``data``); a :class:`~govsm.spec.findings.ReportedFinding` is serialised first
        (:func:`record_of`).

        :raises StoreError: a finding holds a value JSON cannot carry, or the store cannot be
            written.
        """
        if not findings:
            return
        values = []
        for seq, found in enumerate(findings, start=first):
            record = found if isinstance(found, RecordedFinding) else record_of(found, seq)
            values.append(
                {
                    "organisation_id": organisation,
                    "run_id": run,
                    "seq": seq,
                    "step": record.step,
                    "rule": record.rule,
                    "severity": record.severity.value,
                    "waived": not record.counted,
                    "profile_id": record.profile,
                    "message_id": record.message,
                    "data": Serialised(record.document),
                }
            )

        def work(connection: Connection) -> None:
            connection.execute(sa.insert(schema.findings), values)

        self._store._write(
            work, "guardar los hallazgos de la auditoría", "store the audit's findings"
        )

    def finish(self, organisation: str, run: str, status: str, finished_at: datetime) -> None:
        """Close the run: ``complete`` when every step ran, ``incomplete`` otherwise.

        The audit log's head (its last entry's number and hash) is recorded with it, for the
        next run to compare with (:meth:`previous_head`).
        """
        table = schema.audit_runs

        def work(connection: Connection) -> None:
            seq, digest = audit_log.head(connection, organisation)
            connection.execute(
                sa.update(table)
                .where(table.c.organisation_id == organisation, table.c.id == run)
                .values(status=status, finished_at=finished_at, head_seq=seq, head_hash=digest)
            )

        self._store._write(work, "cerrar la auditoría", "close the audit run")

    def counts(self, organisation: str, run: str) -> dict[str, int]:
        """The run's findings not covered by a waiver, by severity."""
        table = schema.findings
        query = (
            sa.select(table.c.severity, sa.func.count())
            .where(
                table.c.organisation_id == organisation,
                table.c.run_id == run,
                table.c.waived.is_(False),
            )
            .group_by(table.c.severity)
        )
        with self._store._connection(
            "contar los hallazgos de la auditoría", "count the audit's findings"
        ) as connection:
            return {str(severity): int(count) for severity, count in connection.execute(query)}

    def findings(self, organisation: str, run: str) -> Iterator[ReportedFinding]:
        """Every finding of the run, in the order it was made, a chunk of rows at a time.

        The iterator holds a connection until it is exhausted or closed.

        :raises StoreError: a stored row cannot be read back (naming it).
        """
        table = schema.findings
        query = (
            sa.select(table.c.seq, table.c.data)
            .where(table.c.organisation_id == organisation, table.c.run_id == run)
            .order_by(table.c.seq)
        )
        with (
            self._store._connection(
                "leer los hallazgos de la auditoría", "read the audit's findings"
            ) as connection,
            connection.execution_options(yield_per=STREAM_CHUNK).execute(query) as result,
        ):
            for seq, data in result:
                yield rows.load(data, ReportedFinding, f"{organisation}/findings/{run}/{seq}")

    def previous_head(self, organisation: str) -> RecordedHead | None:
        """The audit log's head as the newest finished run of ``organisation`` recorded it."""
        table = schema.audit_runs
        query = (
            sa.select(table.c.id, table.c.finished_at, table.c.head_seq, table.c.head_hash)
            .where(
                table.c.organisation_id == organisation,
                table.c.finished_at.is_not(None),
                table.c.head_seq.is_not(None),
            )
            .order_by(table.c.finished_at.desc(), table.c.id)
            .limit(1)
        )
        with self._store._connection("leer las auditorías", "read the audit runs") as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        return RecordedHead(str(row[0]), row[1], int(row[2]), str(row[3]))

    def latest(self, organisation: str) -> list[tuple[str, str, datetime]]:
        """The organisation's runs, newest first: ``(id, status, started_at)``."""
        table = schema.audit_runs
        query = (
            sa.select(table.c.id, table.c.status, table.c.started_at)
            .where(table.c.organisation_id == organisation)
            .order_by(table.c.started_at.desc(), table.c.id)
        )
        with self._store._connection("leer las auditorías", "read the audit runs") as connection:
            return [(str(i), str(s), t) for i, s, t in connection.execute(query)]


def record_of(reported: ReportedFinding, seq: int | None = None) -> RecordedFinding:
    """``reported`` in the form the run's record stores it (its document serialised once).

    :param seq: its number in the run, to name it if it cannot be stored.
    :raises StoreError: it holds a value JSON cannot carry (NaN, infinity).
    """
    number = f" {seq}" if seq is not None else ""
    _, text = rows.document(
        reported, f"el hallazgo{number} de la auditoría", f"finding{number} of the audit"
    )
    finding = reported.finding
    return RecordedFinding(
        document=text,
        step=reported.step,
        rule=finding.rule,
        severity=finding.severity,
        counted=finding.waived_by is None,
        profile=reported.profile,
        message=reported.message,
    )


@frozen
class RecordedHead:
    """The audit log's head as a finished run recorded it.

    :param run: the run's id.
    :param finished_at: when it finished.
    :param seq: how many entries the log held (its last entry's number).
    :param hash: the last entry's hash (the genesis hash for an empty log).
    """

    run: str
    finished_at: datetime
    seq: int
    hash: str


def _forget_old_runs(connection: Connection, organisation: str, *, keep: int) -> None:
    runs = schema.audit_runs
    old = [
        row[0]
        for row in connection.execute(
            sa.select(runs.c.id)
            .where(runs.c.organisation_id == organisation)
            .order_by(runs.c.started_at.desc(), runs.c.id)
            .offset(keep)
        )
    ]
    if not old:
        return
    found = schema.findings
    connection.execute(
        sa.delete(found).where(found.c.organisation_id == organisation, found.c.run_id.in_(old))
    )
    connection.execute(
        sa.delete(runs).where(runs.c.organisation_id == organisation, runs.c.id.in_(old))
    )
