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
    :param write: the function that writes (see :data:`ExportWriter`); it must write atomically
        (to a temporary file, then rename), so a failure never leaves a half-written report.
    """

    name: str = field(validator=v.slug)
    description: str
    media_type: str
    write: ExportWriter = field(eq=False)
