"""Built-in plugin: ``summary.json``, the audit report as JSON for programs.

The document holds ``organisation``, ``organisation_name``, ``govsm_version``,
``policy_version``, ``today``, ``generated_at``, ``run`` (the run's id in the store),
``severity_counts`` (every finding not waived, as recorded), ``exit_code`` and ``steps`` — each
with ``name``, ``title`` (es/en), ``summary``, ``lines`` and the ``findings`` the step returned.
Steps that find much (the message checks) report their findings to the run instead, so every
finding is in ``findings.jsonl``, not here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from govsm.atomic import write_text_atomic
from govsm.serialization import unstructure
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl
from govsm.spec.report import AuditReport

FILE_NAME = "summary.json"


def report_data(report: AuditReport) -> dict[str, Any]:
    """The report as plain JSON-able data (also what ``govsm audit --json`` prints)."""
    data: dict[str, Any] = unstructure(report)
    for internal in ("files", "stream", "counts"):
        data.pop(internal, None)
    data["severity_counts"] = report.severity_counts()
    data["exit_code"] = report.exit_code
    return data


def write(report: AuditReport, folder: Path) -> Path:
    """Write ``summary.json`` into ``folder``."""
    text = json.dumps(report_data(report), ensure_ascii=False, indent=2, sort_keys=False)
    return write_text_atomic(folder / FILE_NAME, text + "\n")


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the JSON summary exporter."""
    return [
        Exporter(
            name="summary-json",
            description="summary.json: the audit report for programs",
            media_type="application/json",
            write=write,
        )
    ]
