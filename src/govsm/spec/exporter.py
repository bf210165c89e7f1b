"""The record an exporter plugin returns from :func:`~govsm.spec.hookspecs.govsm_exporters`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import field, frozen

from govsm.model import _validate as v

if TYPE_CHECKING:
    from govsm.spec.report import AuditReport

#: writes a report into a folder and returns the path of the file it wrote
ExportWriter = Callable[["AuditReport", Path], Path]


@frozen
class Exporter:
    """A report writer.

    :param name: identifier (``summary-json``, ``summary-markdown``…).
    :param description: one line saying what it writes.
    :param media_type: the IANA media type of what it writes.
    :param write: the function that writes (see :data:`ExportWriter`). It receives the finished
        report: its figures, each step's result, and every finding of the run through
        :meth:`AuditReport.reported <govsm.spec.report.AuditReport.reported>` — a stream read
        from the store, so an exporter that writes as it reads keeps memory flat however many
        findings there are (:meth:`~govsm.spec.report.AuditReport.findings` would hold them all).
        It must write atomically
        (to a temporary file, then rename), so a failure never leaves a half-written report.
    """

    name: str = field(validator=v.slug)
    description: str
    media_type: str
    write: ExportWriter = field(eq=False)
