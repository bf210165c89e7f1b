"""Messages as JSON Lines, one ``Message`` object per line.

Each line is what :func:`govsm.serialization.unstructure` gives for a
:class:`~govsm.model.Message`, with ``organisation`` optional (the workspace's is used). Blank
lines are skipped. The file is streamed: memory does not grow with its size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from govsm.model import Message
from govsm.reading.files import json_lines
from govsm.reading.messages import message_from_mapping


def read_jsonl(path: Path, organisation: str) -> Iterator[Message]:
    """Yield the messages of a JSON Lines file.

    :raises ConfigError: on invalid UTF-8, invalid JSON or an invalid message, naming the file and
        line.
    """
    for where, data in json_lines(path):
        yield message_from_mapping(data, organisation, where)
