"""The findings a row of the check cache keeps, as text and back (:mod:`govsm.store.check_cache`).

A row's ``findings`` column is a JSON array with, per finding, an array of seven: its document
(the :class:`~govsm.spec.findings.ReportedFinding` as the run's record stores it, canonical JSON
as text), the step, the rule, the severity, whether it counts in the totals, the profile and
the message (the record's columns). The audit's ``checks`` step hands them to the run's record
as they are (:class:`~govsm.spec.findings.RecordedFinding`); exports and the publish-time gate
build the findings (:func:`kept_findings`).

A row of any other shape — written by hand, or by a govsm that kept another layout — is
refused (``None``), and the message is checked again: the cache holds derived data only.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from govsm.model import Finding, Severity
from govsm.spec.findings import RecordedFinding, ReportedFinding
from govsm.store.engine import dumps
from govsm.store.runs import record_of


def kept_text(findings: Iterable[ReportedFinding | RecordedFinding]) -> str:
    """The ``findings`` column of a row that keeps ``findings`` (see the module's text).

    :raises StoreError: a finding holds a value JSON cannot carry.
    """
    records = [
        found if isinstance(found, RecordedFinding) else record_of(found) for found in findings
    ]
    return dumps(
        [
            [r.document, r.step, r.rule, r.severity.value, r.counted, r.profile, r.message]
            for r in records
        ]
    )


def kept_records(text: str) -> tuple[RecordedFinding, ...] | None:
    """The findings a row keeps, as the run's record stores them.

    Each one's shape is checked, not its document (the run's record reads that back, and names
    the row if it cannot); ``None`` when the row is not one this govsm writes: the message is
    checked again.
    """
    if text == "[]":
        return ()
    try:
        items = json.loads(text)
    except ValueError:
        return None
    if type(items) is not list:
        return None
    found = []
    for item in items:
        if type(item) is not list or len(item) != 7:
            return None
        document, step, rule, severity, counted, profile, message = item
        level = Severity.named(severity)
        if (
            type(document) is not str
            or not document.startswith("{")
            or type(step) is not str
            or type(rule) is not str
            or level is None
            or type(counted) is not bool
            or not (profile is None or type(profile) is str)
            or not (message is None or type(message) is str)
        ):
            return None
        found.append(RecordedFinding(document, step, rule, level, counted, profile, message))
    return tuple(found)


def kept_findings(text: str) -> tuple[Finding, ...] | None:
    """The findings a row keeps, built; ``None`` when the row cannot be read (check again)."""
    records = kept_records(text)
    if records is None:
        return None
    try:
        return tuple(record.reported().finding for record in records)
    except Exception:  # a row this govsm did not write: check the message again
        return None
