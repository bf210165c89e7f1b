"""``govsm.exporting``: the Python face of ``govsm export``."""

from __future__ import annotations

import difflib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from attrs import frozen

from govsm.errors import ConfigError, GovsmError
from govsm.exporting.output import open_output
from govsm.exporting.source import StoreReader, open_source
from govsm.model import Bilingual
from govsm.spec.export_source import Selection
from govsm.spec.exporter import Exporter

if TYPE_CHECKING:
    from govsm.plugins import PluginHost
    from govsm.workspace import Workspace


@frozen
class ExportResult:
    """What an export wrote.

    :param kind: the exporter's name.
    :param path: the file written; ``None`` for a stream or standard output.
    :param messages: how many messages the exporter was given.
    :param checked: how many of them were checked because no stored result held.
    :param left_out: the messages left out for being over the workspace's ``[limits]``, each
        named with its size and the limit, in Spanish and English.
    """

    kind: str
    path: Path | None
    messages: int
    checked: int = 0
    left_out: tuple[Bilingual, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether no message was left out."""
        return not self.left_out


class ExportFailed(GovsmError):
    """An exporter plugin raised: the message names it and the plugin that declared it.

    The exporter's own exception is the ``__cause__``, for a bug report (``govsm --debug``).
    """


def publication_exporters(host: PluginHost) -> dict[str, Exporter]:
    """Every exporter that exports publications (``govsm export --list``), by name."""
    return {name: e for name, e in host.exporters().items() if e.export is not None}


def find_exporter(host: PluginHost, kind: str) -> Exporter:
    """The publication exporter called ``kind``.

    :raises ConfigError: no exporter has that name (the known kinds are listed, the closest
        suggested), or it only writes audit reports.
    """
    every = host.exporters()
    kinds = publication_exporters(host)
    if kind in kinds:
        return kinds[kind]
    if kind in every:
        raise ConfigError(
            f"«{kind}» escribe el informe de «govsm audit», no exporta publicaciones; "
            f"tipos: {', '.join(sorted(kinds))}",
            f"'{kind}' writes the report of 'govsm audit', it does not export publications; "
            f"kinds: {', '.join(sorted(kinds))}",
            where="KIND",
        )
    close = difflib.get_close_matches(kind, list(kinds), n=1)
    hint_es = f" ¿Quería decir «{close[0]}»?" if close else ""
    hint_en = f" Did you mean '{close[0]}'?" if close else ""
    raise ConfigError(
        f"no hay ningún exportador «{kind}»; tipos: {', '.join(sorted(kinds))}.{hint_es}",
        f"there is no exporter '{kind}'; kinds: {', '.join(sorted(kinds))}.{hint_en}",
        where="KIND",
    )


def write_export(
    workspace: Workspace,
    exporter: Exporter,
    stream: BinaryIO,
    selection: Selection | None = None,
    *,
    now: datetime | None = None,
) -> ExportResult:
    """Run ``exporter`` on the workspace's store, writing to ``stream`` (left open).

    For an application that serves an export itself (a portal's feed): the stream may be a
    socket's or a response's. The workspace must be loaded into its store
    (:meth:`Workspace.load <govsm.Workspace.load>`; ``govsm audit`` and ``govsm export`` do).

    :raises StoreError: the organisation is not in the store, or the store cannot be read.
    :raises ConfigError: the selection names a profile or unit the organisation does not have.
    :raises ExportFailed: the exporter raised something other than a
        :class:`~govsm.errors.GovsmError`.
    """
    try:
        reader = _run(workspace, exporter, stream, selection, now)
    except GovsmError:
        raise
    except Exception as exc:  # a plugin's bug: named, its traceback kept as the cause
        who = workspace.host.declared_by("govsm_exporters", exporter.name)
        why = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        raise ExportFailed(
            f"el exportador «{exporter.name}» de {who} falló: {why}",
            f"exporter '{exporter.name}' of {who} failed: {why}",
        ) from exc
    return ExportResult(
        kind=exporter.name,
        path=None,
        messages=reader.exported,
        checked=reader.checked,
        left_out=tuple(reader.left_out),
    )


def _run(
    workspace: Workspace,
    exporter: Exporter,
    stream: BinaryIO,
    selection: Selection | None,
    now: datetime | None,
) -> StoreReader:
    """Open the source and run the exporter on it; what it raises goes through."""
    if exporter.export is None:
        raise ConfigError(
            f"«{exporter.name}» no exporta publicaciones",
            f"'{exporter.name}' does not export publications",
            where="KIND",
        )
    source, reader = open_source(workspace, selection, now=now)
    exporter.export(source, stream)
    return reader


def export(
    workspace: Workspace,
    kind: str,
    path: Path | None = None,
    selection: Selection | None = None,
    *,
    now: datetime | None = None,
) -> ExportResult:
    """Export the workspace's publications as ``kind`` into ``path``, atomically.

    :param kind: the exporter's name (:func:`publication_exporters` lists them).
    :param path: the file to write (replaced whole, or left as it was on failure); ``None``
        writes to standard output.
    :param selection: what to export (default: everything the exporter exports).
    :param now: the moment of the export (default: now).
    :raises ConfigError: no such kind, or the selection names an unknown profile or unit.
    :raises StoreError: the organisation is not in the store (load the workspace first).
    :raises GovsmError: the file cannot be written; an :class:`ExportFailed` when the exporter
        raised.
    """
    exporter = find_exporter(workspace.host, kind)
    with open_output(path) as stream:
        result = write_export(workspace, exporter, stream, selection, now=now)
    return ExportResult(
        kind=result.kind,
        path=path,
        messages=result.messages,
        checked=result.checked,
        left_out=result.left_out,
    )


def export_into_report(
    workspace: Workspace, exporter: Exporter, folder: Path, *, now: datetime | None = None
) -> Path:
    """Write ``exporter``'s export of the whole organisation into a report folder.

    What ``govsm audit`` does for each exporter with an
    :attr:`~govsm.spec.exporter.Exporter.in_report`: the file it names, inside ``folder``, with at
    most its ``limit`` messages (the newest).

    :returns: the file written.
    :raises Exception: what the exporter raised, as it raised it (the audit names the exporter
        and keeps the traceback).
    """
    placing = exporter.in_report
    if placing is None:
        raise ValueError(f"exporter {exporter.name!r} has no in_report")
    path = folder.joinpath(*placing.file.split("/"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with open_output(path) as stream:
        _run(workspace, exporter, stream, Selection(limit=placing.limit), now)
    return path
