"""``govsm export``: an organisation's publications as feeds, lists and tables.

A publication exporter is a plugin (:class:`~govsm.spec.exporter.Exporter` with ``export``):
it reads an :class:`~govsm.spec.export_source.ExportSource` — the organisation, its units and
profiles, and its messages streamed from the store — and writes a file. This package builds
the source from a workspace's store (:mod:`govsm.exporting.source`), gives the messages their
findings cheaply (:mod:`govsm.exporting.checks`) and writes the output atomically
(:mod:`govsm.exporting.output`). The built-in exporters are Atom, RSS, JSON Feed,
ActivityStreams, OPML, CSV, JSON Lines, the staff's weekly digest (HTML, text, e-mail) and
embeddable snippets (``govsm.builtin.exporters``).

>>> from govsm import Workspace
>>> from govsm.exporting import publication_exporters
>>> with Workspace.open("examples/soldeneu") as ws:
...     sorted(publication_exporters(ws.host))[:3]
['activity-streams', 'atom', 'digest']
"""

from govsm.exporting.api import (
    ExportFailed,
    ExportResult,
    export,
    export_into_report,
    find_exporter,
    publication_exporters,
    write_export,
)
from govsm.exporting.source import StoreReader, open_source

__all__ = [
    "ExportFailed",
    "ExportResult",
    "StoreReader",
    "export",
    "export_into_report",
    "find_exporter",
    "open_source",
    "publication_exporters",
    "write_export",
]
