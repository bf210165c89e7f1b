"""Built-in plugin: ``messages-csv``, the organisation's messages and their findings, as CSV.

One row per message (:mod:`~govsm.builtin.exporters.message_rows` says which), oldest first:
the message's columns (:data:`~govsm.builtin.exporters.message_rows.MESSAGE_COLUMNS`), then
``media`` (how many attachments) and ``links`` (space-separated), then what the checks found:
``errors``, ``warnings``, ``infos`` (findings not waived), ``waived``, and ``findings``, each
counted finding as ``severity:rule``, ``; ``-separated (``messages-jsonl`` has their texts).
UTF-8, comma-separated, a header row, fields quoted when needed; instants in RFC 3339 (UTC).

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula, and a message's text may start so — an inbound reply quoted in a draft, a
list that starts with a dash. Such a cell, and one that starts with ``'``, is written with a
``'`` in front (the guard spreadsheets themselves use), so opening the file runs nothing; to
read the exact value back, remove one leading ``'`` from a cell that has it
(:func:`unguard`).
"""

from __future__ import annotations

import csv
import io
from typing import Any, BinaryIO

from govsm.builtin.exporters.message_rows import (
    MESSAGE_COLUMNS,
    message_fields,
    organisation_messages,
    tally,
)
from govsm.spec.export_source import ExportSource
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl

#: the columns, in order
COLUMNS: tuple[str, ...] = (
    *MESSAGE_COLUMNS,
    "media",
    "links",
    "errors",
    "warnings",
    "infos",
    "waived",
    "findings",
)

#: what a cell must not start with to be opened safely in a spreadsheet (and the guard itself)
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "'")

#: rows written out at a time
_ROWS = 200


def guard(value: Any) -> Any:
    """A cell's value, with ``'`` in front when a spreadsheet would run it as a formula.

    >>> guard("=SUMA(A1:A9)"), guard("'cita"), guard("Hola"), guard(3)
    ("'=SUMA(A1:A9)", "''cita", 'Hola', 3)
    """
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def unguard(cell: str) -> str:
    """The value a cell written by :func:`guard` holds.

    >>> unguard("'=SUMA(A1:A9)"), unguard("''cita"), unguard("Hola")
    ('=SUMA(A1:A9)', "'cita", 'Hola')
    """
    return cell[1:] if cell.startswith("'") else cell


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the CSV of the organisation's messages and their findings to ``out``."""
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for index, item in enumerate(organisation_messages(source), start=1):
        message = item.message
        row = {
            **message_fields(source, item),
            "media": len(message.media),
            "links": " ".join(message.links),
            **tally(item.findings),
        }
        writer.writerow({key: guard(value) for key, value in row.items()})
        if index % _ROWS == 0:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
    out.write(buffer.getvalue().encode("utf-8"))


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the CSV exporter."""
    return [
        Exporter(
            name="messages-csv",
            description="CSV of the organisation's messages, one row each, with their findings",
            media_type="text/csv",
            export=write,
            extension=".csv",
        )
    ]
