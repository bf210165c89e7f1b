r"""The record an exporter plugin returns from :func:`~govsm.spec.hookspecs.govsm_exporters`.

An exporter does one of two jobs, or both:

* a **report writer** (:attr:`Exporter.write`) receives the finished ``govsm audit`` report and
  writes a file into the report folder (``summary.md``, ``findings.csv``…);
* a **publication exporter** (:attr:`Exporter.export`) receives an
  :class:`~govsm.spec.export_source.ExportSource` — the organisation, its units and profiles as
  stored, and a stream of its messages read from the store, filtered by what the user selected
  — and writes bytes to a binary stream: a feed, a list of profiles, a table of messages.
  ``govsm export KIND`` runs it, and ``govsm audit`` also runs it into the report folder when
  the record says so (:attr:`Exporter.in_report`).

>>> def write_ids(source, out):
...     for item in source.published():
...         out.write(source.message_id(item.message).encode() + b"\n")
>>> Exporter(name="ids", description="Each post's id", media_type="text/plain",
...          export=write_ids, extension=".txt").write is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from attrs import field, frozen

from govsm.errors import ModelError
from govsm.model import _validate as v

if TYPE_CHECKING:
    from govsm.spec.export_source import ExportSource
    from govsm.spec.report import AuditReport

#: writes a report into a folder and returns the path of the file it wrote
ExportWriter = Callable[["AuditReport", Path], Path]

#: writes an export of the source's publications to a binary stream (see
#: :class:`~govsm.spec.export_source.ExportSource`)
PublicationWriter = Callable[["ExportSource", BinaryIO], None]


@frozen
class InReport:
    """How ``govsm audit`` writes a publication exporter's output into the report folder.

    The export covers the whole organisation (no profile, unit or period selected).

    :param file: the path inside the report folder (``feed.atom``; ``/``-separated, relative,
        no ``..``).
    :param limit: only the newest this many messages (a feed holds the latest posts, not the
        whole history); ``None`` for every message.
    """

    file: str = field()
    limit: int | None = field(default=None, validator=v.positive)

    @file.validator
    def _relative(self, attribute: object, value: str) -> None:
        path = PurePosixPath(value)
        if not value or path.is_absolute() or ".." in path.parts or "\\" in value:
            raise ModelError(
                f"«{value}» no es una ruta relativa dentro de la carpeta del informe",
                f"'{value}' is not a relative path inside the report folder",
                field="file",
            )


@frozen
class Exporter:
    """A report writer, a publication exporter, or both.

    A record needs ``write``, ``export`` or both. Records written before publication exporters
    existed (``Exporter(name, description, media_type, write)``) keep working unchanged.

    :param name: identifier (``summary-json``, ``atom``…); for a publication exporter it is the
        ``KIND`` of ``govsm export KIND``.
    :param description: one line saying what it writes.
    :param media_type: the IANA media type of what it writes.
    :param write: the report writer (see :data:`ExportWriter`), called by ``govsm audit`` with
        the finished report and the report folder. It receives the report's figures, each
        step's result, and every finding of the run through :meth:`AuditReport.reported
        <govsm.spec.report.AuditReport.reported>` — a stream read from the store, so an exporter
        that writes as it reads keeps memory flat however many findings there are
        (:meth:`~govsm.spec.report.AuditReport.findings` would hold them all). It must write
        atomically (to a temporary file, then rename), so a failure never leaves a half-written
        report.
    :param export: the publication exporter (see :data:`PublicationWriter`): it reads an
        :class:`~govsm.spec.export_source.ExportSource` and writes to a binary stream. It
        writes as it reads, so memory stays flat whatever the number of messages. The stream
        is govsm's (do not close it): a file written through it appears whole or not at all.
    :param extension: the file ending of what ``export`` writes (``.atom``), for file names
        govsm chooses.
    :param in_report: when set, ``govsm audit`` also runs ``export`` on the whole organisation
        and writes the result into the report folder (see :class:`InReport`).
    """

    name: str = field(validator=v.slug)
    description: str
    media_type: str
    write: ExportWriter | None = field(default=None, eq=False)
    export: PublicationWriter | None = field(default=None, eq=False)
    extension: str = ""
    in_report: InReport | None = None

    def __attrs_post_init__(self) -> None:
        if self.write is None and self.export is None:
            raise ModelError(
                f"el exportador «{self.name}» no escribe nada: indique «write», «export» o ambos",
                f"exporter '{self.name}' writes nothing: give 'write', 'export' or both",
                field="export",
            )
        if self.in_report is not None and self.export is None:
            raise ModelError(
                f"el exportador «{self.name}» tiene «in_report» pero no «export»",
                f"exporter '{self.name}' has 'in_report' but no 'export'",
                field="in_report",
            )
