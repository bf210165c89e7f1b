"""Built-in plugin: ``messages-jsonl``, the organisation's messages and findings, as JSON Lines.

One JSON object per line and per message (:mod:`~govsm.builtin.exporters.message_rows` says
which), oldest first: the message's fields
(:data:`~govsm.builtin.exporters.message_rows.MESSAGE_COLUMNS`; ``null`` when not set), its
``media`` (each attachment's fields: ``kind``, ``location``, ``alt_text``, ``mime_type``…), its
``links``, and ``findings``: every finding the checks made, waived ones included, with its rule,
severity, span (``start``, ``end``, in code points of ``text``), message and suggestion in
Spanish and English, reference, waiver and policy version. UTF-8, instants in RFC 3339 (UTC);
U+0085, U+2028 and U+2029 are written as escapes, so a line reader that takes them for line
ends still reads one message per line.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

from govsm.builtin.exporters.message_rows import (
    finding_fields,
    message_fields,
    organisation_messages,
)
from govsm.serialization import unstructure
from govsm.spec.export_source import ExportSource
from govsm.spec.exporter import Exporter
from govsm.spec.hookspecs import hookimpl


def write(source: ExportSource, out: BinaryIO) -> None:
    """Write the JSON Lines of the organisation's messages and their findings to ``out``."""
    for item in organisation_messages(source):
        message = item.message
        data: dict[str, Any] = {
            **message_fields(source, item),
            "media": [unstructure(media) for media in message.media],
            "links": list(message.links),
            "findings": (
                [finding_fields(f) for f in item.findings] if item.findings is not None else None
            ),
        }
        out.write((_line(data) + "\n").encode("utf-8"))


#: characters JSON may hold raw that some line readers take for line ends (Python's
#: ``str.splitlines`` does): written as escapes, so one message is always one line
_LINE_ENDS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _line(data: dict[str, Any]) -> str:
    text = json.dumps(data, ensure_ascii=False)
    for raw, escaped in _LINE_ENDS.items():
        if raw in text:
            text = text.replace(raw, escaped)
    return text


@hookimpl
def govsm_exporters() -> list[Exporter]:
    """Declare the JSON Lines exporter."""
    return [
        Exporter(
            name="messages-jsonl",
            description="JSON Lines of the organisation's messages, one object each, with "
            "their findings",
            media_type="application/x-ndjson",
            export=write,
            extension=".jsonl",
        )
    ]
