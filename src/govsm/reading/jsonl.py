"""Messages as JSON Lines, one ``Message`` object per line.

Each line is what :func:`govsm.serialization.unstructure` gives for a
:class:`~govsm.model.Message`, with ``organisation`` optional (the workspace's is used). Blank
lines are skipped. The file is streamed: memory does not grow with its size.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path

from govsm.errors import ConfigError
from govsm.model import Bilingual, Message
from govsm.reading.files import json_lines, json_lines_each
from govsm.reading.messages import message_from_mapping
from govsm.spec.importer import ImportContext, ImportProblem
from govsm.spec.limits import Limits


def read_jsonl_lines(
    path: Path,
    organisation: str,
    limits: Limits | None = None,
    profiles: Collection[str] | None = None,
) -> Iterator[Message | ImportProblem]:
    """Yield the messages of a JSON Lines file, and a problem for each line that is not one.

    A bad line (not UTF-8, not JSON, over a limit, not a valid message, a message of a profile
    not among ``profiles``) does not stop the file: the lines after it are read. A file that
    cannot be opened is one problem.

    :param limits: the sizes to hold the file to (the defaults when ``None``).
    :param profiles: the organisation's profile ids (``None``: not checked here).
    """
    for where, item in json_lines_each(path, limits):
        try:
            if isinstance(item, ConfigError):
                raise item
            message = message_from_mapping(item, organisation, where)
        except ConfigError as exc:
            yield _problem(exc.where or where, exc.es, exc.en)
            continue
        if profiles is not None and message.profile not in profiles:
            yield unknown_profile(where, message.profile)
            continue
        yield message


def read_jsonl_in_context(path: Path, context: ImportContext) -> Iterator[Message | ImportProblem]:
    """:func:`read_jsonl_lines` with the workspace's limits and profiles."""
    profiles = {p.id for p in context.profiles} if context.profiles else None
    return read_jsonl_lines(path, context.organisation, context.limits, profiles)


def unknown_profile(where: str, profile: str) -> ImportProblem:
    """The problem of a message naming a profile it may not be loaded into.

    That is, one the organisation does not have, or another than the one an import was given
    (``govsm import --profile``).
    """
    return _problem(
        where,
        f"el mensaje es del perfil «{profile}», que no está entre los perfiles en que se carga "
        "(los de govsm.toml, o el que da --profile): no se carga",
        f"the message belongs to profile '{profile}', which is not among the profiles it is "
        "loaded into (those of govsm.toml, or the one --profile gives): not loaded",
    )


def _problem(where: str, es: str, en: str) -> ImportProblem:
    return ImportProblem(where=where, message=Bilingual(es=es, en=en))


def read_jsonl(path: Path, organisation: str, limits: Limits | None = None) -> Iterator[Message]:
    """Yield the messages of a JSON Lines file.

    :raises ConfigError: on invalid UTF-8, invalid JSON, a line over a limit or an invalid
        message, naming the file and line.
    """
    for where, data in json_lines(path, limits):
        yield message_from_mapping(data, organisation, where)
