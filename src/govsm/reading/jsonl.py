"""Messages as JSON Lines, one ``Message`` object per line.

Each line is what :func:`govsm.serialization.unstructure` gives for a
:class:`~govsm.model.Message`, with ``organisation`` optional (the workspace's is used). Blank
lines are skipped. The file is streamed: memory does not grow with its size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from govsm.errors import ConfigError
from govsm.model import Bilingual, Message
from govsm.reading.files import json_lines, json_lines_each
from govsm.reading.messages import message_from_mapping
from govsm.spec.importer import ImportProblem
from govsm.spec.limits import Limits


def read_jsonl_lines(
    path: Path, organisation: str, limits: Limits | None = None
) -> Iterator[Message | ImportProblem]:
    """Yield the messages of a JSON Lines file, and a problem for each line that is not one.

    A bad line (not UTF-8, not JSON, over a limit, not a valid message) does not stop the file:
    the lines after it are read. A file that cannot be opened is one problem.

    :param limits: the sizes to hold the file to (the defaults when ``None``).
    """
    for where, item in json_lines_each(path, limits):
        try:
            if isinstance(item, ConfigError):
                raise item
            yield message_from_mapping(item, organisation, where)
        except ConfigError as exc:
            yield _problem(exc.where or where, exc.es, exc.en)


def _problem(where: str, es: str, en: str) -> ImportProblem:
    return ImportProblem(where=where, message=Bilingual(es=es, en=en))


def read_jsonl(path: Path, organisation: str, limits: Limits | None = None) -> Iterator[Message]:
    """Yield the messages of a JSON Lines file.

    :raises ConfigError: on invalid UTF-8, invalid JSON, a line over a limit or an invalid
        message, naming the file and line.
    """
    for where, data in json_lines(path, limits):
        yield message_from_mapping(data, organisation, where)
