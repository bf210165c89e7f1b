"""Messages as JSON Lines, one ``Message`` object per line.

Each line is what :func:`govsm.serialization.unstructure` gives for a
:class:`~govsm.model.Message`, with ``organisation`` optional (the workspace's is used). Blank
lines are skipped. The file is streamed: memory does not grow with its size.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from govsm.errors import ConfigError
from govsm.model import Message
from govsm.reading.messages import message_from_mapping


def read_jsonl(path: Path, organisation: str) -> Iterator[Message]:
    """Yield the messages of a JSON Lines file.

    :raises ConfigError: on invalid UTF-8, invalid JSON or an invalid message, naming the file and
        line.
    """
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            where = f"{path}:{number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ConfigError(
                    f"la línea no es UTF-8 válido (byte {exc.start})",
                    f"the line is not valid UTF-8 (byte {exc.start})",
                    where=where,
                ) from None
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ConfigError(
                    f"JSON no válido en la columna {exc.colno}: {exc.msg}",
                    f"invalid JSON at column {exc.colno}: {exc.msg}",
                    where=where,
                ) from None
            yield message_from_mapping(data, organisation, where)
