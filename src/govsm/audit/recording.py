"""Recording an audit run's findings in the store as steps make them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from govsm._version import __version__
from govsm.spec.findings import RecordedFinding, ReportedFinding
from govsm.store import Store

#: findings written per transaction
BATCH = 500


class StoredFindings:
    """A :class:`~govsm.spec.findings.RecordSink` that writes to the run's record in batches.

    Findings in their recorded form (:meth:`add_recorded`) are stored as they are; the others
    are serialised when their batch is written.

    The run is opened (:meth:`AuditRuns.begin <govsm.store.runs.AuditRuns.begin>`) when the
    first batch is written, or by :attr:`run`: by then the load step has saved the organisation
    in the store.

    :param store: the store holding the run.
    :param organisation: the audited organisation.
    :param started_at: when the run started.
    :param today: the day the audit is about.
    """

    def __init__(self, store: Store, organisation: str, started_at: datetime, today: date) -> None:
        self._store = store
        self._organisation = organisation
        self._started_at = started_at
        self._today = today
        self._run: str | None = None
        self._pending: list[ReportedFinding | RecordedFinding] = []
        self._written = 0

    @property
    def run(self) -> str:
        """The run's id, opening the run if it is not open yet."""
        if self._run is None:
            self._run = self._store.runs.begin(
                self._organisation, self._started_at, self._today, __version__
            )
        return self._run

    def add(self, findings: Iterable[ReportedFinding]) -> None:
        """Queue ``findings``; a full batch is written at once."""
        self._queue(findings)

    def add_recorded(self, findings: Iterable[RecordedFinding]) -> None:
        """Queue findings already in their recorded form; a full batch is written at once."""
        self._queue(findings)

    def _queue(self, findings: Iterable[ReportedFinding | RecordedFinding]) -> None:
        pending = self._pending
        for found in findings:
            pending.append(found)
            if len(pending) >= BATCH:
                self.flush()
                pending = self._pending

    def flush(self) -> None:
        """Write what is queued."""
        if self._pending:
            self._store.runs.add(self._organisation, self.run, self._written + 1, self._pending)
            self._written += len(self._pending)
            self._pending = []

    @property
    def written(self) -> int:
        """How many findings are in the record so far."""
        return self._written
