"""What an audit run records in the store, and the checks on that record (the workspace target's).

An audit that runs records its run and findings (:mod:`govsm.store.runs`) and the derived tables
its steps keep; :func:`recorded_run` finds the run one audit added between two dumps and checks
its record; :func:`without_runs` and :func:`sealed_apart` make two dumps comparable.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

from govsm.ledger.chain import GENESIS_HASH
from govsm.store import schema
from govsm.store.runs import COMPLETE, INCOMPLETE, KEEP_RUNS
from tests.fuzz.harness import TODAY

#: the tables an audit run writes of its own: the record of runs (:mod:`govsm.store.runs`) —
#: each run and every finding it made — and the derived tables its steps keep for the next run
#: (``info["derived"]`` in :mod:`govsm.store.schema`: the check cache). Any other change an
#: audit makes is its load step's.
RUN_TABLES = (
    "audit_runs",
    "findings",
    *sorted(t.name for t in schema.metadata.tables.values() if t.info.get("derived")),
)
#: the rule of the finding that names a step that failed (:mod:`govsm.audit.runner`)
STEP_FAILED = "audit-step-failed"


def without_runs(rows: dict[str, Any] | None) -> dict[str, Any] | None:
    """A dump without the record of audit runs."""
    return None if rows is None else {t: r for t, r in rows.items() if t not in RUN_TABLES}


def sealed_apart(rows: dict[str, Any] | None, before: dict[str, Any] | None) -> Any:
    """``rows`` with the instant and the hashes blanked in the audit log's entries that
    ``before`` did not hold: a load records now, so two loads seal the same events apart.
    (:meth:`tests.fuzz.harness.Sandbox.chain_problems` checks the seals.)"""
    if rows is None:
        return None
    old = {(e["organisation_id"], e["seq"]) for e in (before or {}).get("audit_log", [])}
    log = [
        entry
        if (entry["organisation_id"], entry["seq"]) in old
        else {**entry, "at": None, "prev_hash": None, "hash": None}
        for entry in rows["audit_log"]
    ]
    return {**rows, "audit_log": log}


@attrs.frozen
class RecordedRun:
    """The run an audit added to the store: its ``audit_runs`` row, and its findings in order."""

    row: dict[str, Any]
    findings: list[dict[str, Any]]

    @property
    def failed_steps(self) -> list[str]:
        """The steps the run recorded as failed, in order."""
        return [f["step"] for f in self.findings if f["rule"] == STEP_FAILED]


def recorded_run(before: dict[str, Any], after: dict[str, Any]) -> RecordedRun | None:
    """The run an audit added between the two dumps (``None``: it added none), its record
    checked: the earlier runs and their findings are kept as they were; one run was added, about
    :data:`TODAY`, finished, ``complete`` exactly when no step failed (else ``incomplete``); its
    findings are numbered from 1 without a gap; and it recorded the audit log's head as it left
    it."""
    old_runs, runs = before["audit_runs"], after["audit_runs"]
    if len(old_runs) < KEEP_RUNS:  # else the oldest run makes room for the new one
        assert all(run in runs for run in old_runs), "an audit changed an earlier run's record"
        assert all(f in after["findings"] for f in before["findings"]), (
            "an audit changed an earlier run's findings"
        )
    old_ids = {(r["organisation_id"], r["id"]) for r in old_runs}
    added = [r for r in runs if (r["organisation_id"], r["id"]) not in old_ids]
    new_findings = [f for f in after["findings"] if f not in before["findings"]]
    if not added:
        assert not new_findings, "findings were recorded without a run"
        return None
    assert len(added) == 1, f"one audit recorded {len(added)} runs"
    (row,) = added
    key = (row["organisation_id"], row["id"])
    assert all((f["organisation_id"], f["run_id"]) == key for f in new_findings), (
        "an audit added findings to another run"
    )
    findings = sorted(new_findings, key=lambda f: f["seq"])
    assert [f["seq"] for f in findings] == list(range(1, len(findings) + 1))
    assert row["today"] == TODAY.isoformat(), row
    assert row["finished_at"] is not None, "the run was left running"
    log = [e for e in after["audit_log"] if e["organisation_id"] == row["organisation_id"]]
    last = max(log, key=lambda e: e["seq"], default=None)
    head = (0, GENESIS_HASH) if last is None else (last["seq"], last["hash"])
    assert (row["head_seq"], row["head_hash"]) == head, "the run recorded another log head"
    run = RecordedRun(row, findings)
    assert row["status"] == (INCOMPLETE if run.failed_steps else COMPLETE), (
        row["status"],
        run.failed_steps,
    )
    if "check_cache" in after:
        _assert_the_cache_holds_what_the_run_found(before, after, run)
    return run


def _assert_the_cache_holds_what_the_run_found(
    before: dict[str, Any], after: dict[str, Any], run: RecordedRun
) -> None:
    """Each check result the run kept (:mod:`govsm.store.check_cache`) is for a stored message
    and holds exactly the findings the run recorded for it in its ``checks`` step."""
    found: dict[tuple[str, str], list[Any]] = {}
    for finding in run.findings:
        if finding["step"] == "checks" and finding["message_id"] is not None:
            key = (finding["organisation_id"], finding["message_id"])
            found.setdefault(key, []).append(finding["data"])
    messages = {(m["organisation_id"], m["id"]) for m in after["messages"]}
    kept_before = before.get("check_cache", [])
    for entry in after["check_cache"]:
        key = (entry["organisation_id"], entry["message_id"])
        assert key in messages, f"a kept check result outlived its message {key}"
        if entry not in kept_before:
            # each kept finding: its document (as the record's data), then the record's columns
            kept = [json.loads(item[0]) for item in json.loads(entry["findings"])]
            assert kept == found.get(key, []), (
                f"the check cache keeps for {key} what the run did not find"
            )
