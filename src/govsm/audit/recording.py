"""Recording an audit run's findings in the store as steps make them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from govsm._version import __version__
from govsm.spec.findings import ReportedFinding
from govsm.store import Store

#: findings written per transaction
BATCH = 500


class StoredFindings:
    """A :class:`~govsm.spec.findings.FindingSink` that writes to the run's record in batches.

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
        self._pending: list[ReportedFinding] = []
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
        for reported in findings:
            self._pending.append(reported)
            if len(self._pending) >= BATCH:
                self.flush()

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
