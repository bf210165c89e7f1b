"""Draft posts as Markdown files with TOML front matter.

A draft looks like this (the front matter between ``+++`` lines holds any
:class:`~govsm.model.Message` field but ``organisation``, ``direction`` and ``text``)::

    +++
    id = "draft-fires-2026"
    profile = "x-ajuntament"
    language = "ca-valencia"
    created_at = 2026-11-18T09:30:00+01:00
    +++
    Ja tenim el programa de les Fires de Sant Andreu!

The body after the front matter is the text (one trailing newline removed). ``direction`` is
always ``outbound``; ``kind`` defaults to ``post`` and ``state`` to ``draft``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

from govsm.errors import ConfigError
from govsm.model import Message
from govsm.reading.bounds import check_record
from govsm.reading.files import read_text
from govsm.reading.messages import message_from_mapping
from govsm.spec.limits import Limits

FENCE = "+++"


def read_draft(path: Path, organisation: str, limits: Limits | None = None) -> Iterator[Message]:
    """Yield the one message a Markdown draft holds.

    :param limits: the sizes to hold the draft to (the defaults when ``None``): the file may
        take a message's text plus its other fields, the front matter nest ``depth`` levels.
    :raises ConfigError: when the draft is over a limit, the front matter is missing, is not
        valid TOML or does not describe a valid message, naming the file (and line, for TOML
        errors).
    """
    limits = limits or Limits()
    content = read_text(path, limit=limits.line_bytes, key="text_bytes + field_bytes")
    lines = content.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise ConfigError(
            f"el borrador debe empezar con una línea «{FENCE}» y los metadatos en TOML",
            f"the draft must start with a '{FENCE}' line and TOML front matter",
            where=f"{path}:1",
        )
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise ConfigError(
            f"falta la línea «{FENCE}» que cierra los metadatos",
            f"the '{FENCE}' line that closes the front matter is missing",
            where=str(path),
        ) from None
    try:
        front = tomllib.loads("".join(lines[1:end]))
    except RecursionError:
        raise ConfigError(
            "metadatos TOML anidados a demasiada profundidad",
            "TOML front matter nested too deep",
            where=str(path),
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"metadatos TOML no válidos: {exc}",
            f"invalid TOML front matter: {exc}",
            where=str(path),
        ) from None
    check_record(front, limits, str(path), text_keys=())
    body = "".join(lines[end + 1 :])
    if body.endswith("\n"):
        body = body[:-1]
    for key in ("direction", "text"):
        if key in front:
            raise ConfigError(
                f"«{key}» no va en los metadatos de un borrador (es saliente y el texto es el "
                "cuerpo)",
                f"'{key}' does not belong in a draft's front matter (drafts are outbound and the "
                "text is the body)",
                where=f"{path}: {key}",
            )
    data = {"kind": "post", "state": "draft", **front, "direction": "outbound", "text": body}
    yield message_from_mapping(data, organisation, str(path))
