"""Built-in plugin: ``findings.jsonl`` and ``findings.csv``, every finding of the run.

One line (or row) per finding the run recorded, in the order it was made, waived ones included
(``waived_by`` says who waived it). Both files are written as the findings stream from the store,
so memory does not grow with them, and each appears whole or not at all; ``govsm audit`` feeds
both, and ``summary.md``, from a single read of the run's record
(:mod:`govsm.audit.one_pass`). The columns
(:data:`COLUMNS`; the keys of each JSON line, empty or ``null`` when not known):

``step``, ``rule``, ``severity``
    the audit step that made it, the rule or check, and ``error``, ``warning`` or ``info``.
``profile``, ``message_id``
    the profile and the message it is about.
``url``
    the message's public address on its network: the ``url`` its archive gave, or the one its
    channel's template gives (:func:`~govsm.channels.addresses.post_address`) for a published
    post or reply on a network with a stable public form (X, Mastodon, Bluesky, Facebook,
    LinkedIn, YouTube, Telegram, Flickr); empty for drafts, direct messages and the rest.
``subject``, ``start``, ``end``, ``excerpt``
    what it is about (``message:ID``, ``profile:ID``…), the span of the text at fault in code
    points, and the text around it, personal data masked.
``message_es``, ``message_en``, ``suggestion_es``, ``suggestion_en``
    what is wrong and how to fix it, in Spanish and English.
``reference``, ``waived_by``, ``waiver_reason``, ``policy_version``
    where the reason is documented, who waived it and why, and the policy's version.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from govsm.audit.one_pass import AtomicText, StreamedWriter
from govsm.spec.exporter import Exporter
from govsm.spec.findings import ReportedFinding
from govsm.spec.hookspecs import hookimpl
from govsm.spec.report import AuditReport

JSONL_FILE = "findings.jsonl"
CSV_FILE = "findings.csv"

#: the columns of ``findings.csv``, in order (also the keys of each ``findings.jsonl`` line)
COLUMNS: tuple[str, ...] = (
    "step",
    "rule",
    "severity",
    "profile",
    "message_id",
    "url",
    "subject",
    "start",
    "end",
    "excerpt",
    "message_es",
    "message_en",
    "suggestion_es",
    "suggestion_en",
    "reference",
    "waived_by",
    "waiver_reason",
    "policy_version",
)


def finding_row(reported: ReportedFinding) -> dict[str, Any]:
    """One finding as flat data: the columns of :data:`COLUMNS`."""
    finding = reported.finding
    return {
        "step": reported.step,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "profile": reported.profile,
        "message_id": reported.message,
        "url": reported.url,
        "subject": finding.subject,
        "start": finding.span.start if finding.span else None,
        "end": finding.span.end if finding.span else None,
        "excerpt": reported.excerpt,
        "message_es": finding.message.es,
        "message_en": finding.message.en,
        "suggestion_es": finding.suggestion.es if finding.suggestion else None,
        "suggestion_en": finding.suggestion.en if finding.suggestion else None,
        "reference": finding.reference,
        "waived_by": finding.waived_by,
        "waiver_reason": finding.waiver_reason,
        "policy_version": finding.policy_version,
    }


class _JsonLines(AtomicText):
    """``findings.jsonl`` being written, a line per finding it is fed."""

    def __init__(self, report: AuditReport, folder: Path) -> None:
        super().__init__(folder / JSONL_FILE)

    def add(self, reported: ReportedFinding) -> None:
        """Write the finding's line."""
        self.stream.write(json.dumps(finding_row(reported), ensure_ascii=False) + "\n")


class _CsvRows(AtomicText):
    """``findings.csv`` being written: the header, then a row per finding it is fed."""

    def __init__(self, report: AuditReport, folder: Path) -> None:
        super().__init__(folder / CSV_FILE, newline="")
        self._writer = csv.DictWriter(self.stream, fieldnames=COLUMNS, lineterminator="\n")
        self._writer.writeheader()

    def add(self, reported: ReportedFinding) -> None:
        """Write the finding's row."""
        self._writer.writerow(finding_row(reported))


#: writes ``findings.jsonl``: one JSON object per finding (a :class:`StreamedWriter`, so
#: ``govsm audit`` feeds it from the pass that writes the other reports)
write_jsonl = StreamedWriter(_JsonLines)

#: writes ``findings.csv``: a header row, then one row per finding (UTF-8, comma-separated)
write_csv = StreamedWriter(_CsvRows)


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the two findings exporters."""
    return [
        Exporter(
            name="findings-jsonl",
            description="findings.jsonl: every finding of the run, one JSON object a line",
            media_type="application/x-ndjson",
            write=write_jsonl,
        ),
        Exporter(
            name="findings-csv",
            description="findings.csv: every finding of the run, one row each",
            media_type="text/csv",
            write=write_csv,
        ),
    ]
