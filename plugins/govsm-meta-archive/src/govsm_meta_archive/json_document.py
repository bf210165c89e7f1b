r"""A small JSON file of the archive read whole: the files that say whose export it is.

``profile_information.json`` and ``personal_information.json`` hold one account's details: a
few kilobytes. They are read whole, but never more than ``[limits] text_bytes + field_bytes``;
a larger one, or one that is not UTF-8 or not JSON, is an error naming the file and the byte.

>>> import io
>>> document(io.BytesIO(b'{"profile_v2": {"username": "AjuntamentSoldeneu"}}'), "fb.zip",
...          "profile_information/profile_information.json")
{'profile_v2': {'username': 'AjuntamentSoldeneu'}}
"""

from __future__ import annotations

import json
from typing import IO, Any

from govsm.reading.archive_errors import ArchiveError
from govsm.spec.limits import Limits


def document(stream: IO[bytes], archive: str, member: str, limits: Limits | None = None) -> Any:
    """The JSON value of a small file, read whole.

    :param stream: the file's content.
    :param archive: the archive's name, for errors.
    :param member: the file's name in the archive, for errors.
    :param limits: the file may have ``text_bytes + field_bytes`` bytes (the defaults when
        ``None``).
    :raises ArchiveError: it is larger, not UTF-8, not JSON or nested deeper than ``[limits]
        depth`` (naming the file and, where known, the byte).
    """
    limit = (limits or Limits()).line_bytes
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise ArchiveError(
            f"pasa de {limit} bytes ([limits] text_bytes + field_bytes)",
            f"is over {limit} bytes ([limits] text_bytes + field_bytes)",
            archive=archive,
            member=member,
            position=limit,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArchiveError(
            "no es UTF-8 válido",
            "is not valid UTF-8",
            archive=archive,
            member=member,
            position=exc.start,
        ) from None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ArchiveError(
            f"no es JSON válido: {exc.msg}",
            f"is not valid JSON: {exc.msg}",
            archive=archive,
            member=member,
            position=len(text[: exc.pos].encode("utf-8", "surrogatepass")),
        ) from None
    except RecursionError:
        raise ArchiveError(
            "está anidado a demasiada profundidad",
            "it nests too deep",
            archive=archive,
            member=member,
        ) from None
    except ValueError:  # an integer of thousands of digits
        raise ArchiveError(
            "tiene un número de demasiadas cifras",
            "has a number of too many digits",
            archive=archive,
            member=member,
        ) from None
    depth = (limits or Limits()).depth
    if _deeper(value, depth):
        raise ArchiveError(
            f"está anidado a más de {depth} niveles ([limits] depth)",
            f"it nests more than {depth} levels deep ([limits] depth)",
            archive=archive,
            member=member,
        )
    return value


def _deeper(value: Any, depth: int) -> bool:
    """Whether ``value`` nests more than ``depth`` levels of lists and objects (no recursion)."""
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, (list, dict)):
            if level >= depth:
                return True
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, level + 1) for child in children)
    return False
