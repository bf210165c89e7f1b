"""Reading UTF-8 text and JSON, with errors that say what is wrong and where.

Every reader of govsm's own files — archives, drafts, the governance journal, ``govsm check``'s
inputs, ``govsm.toml`` — reads through these functions, so a bad byte or a bad line is reported
the same way everywhere: a :class:`~govsm.errors.ConfigError` in Spanish and English whose
``where`` is the file, or ``file:line``.

>>> parse_json('{"id": 1', "history/x.jsonl:3")
Traceback (most recent call last):
...
govsm.errors.ConfigError: history/x.jsonl:3: JSON no válido en la columna 9: Expecting ',' delimiter
history/x.jsonl:3: invalid JSON at column 9: Expecting ',' delimiter
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

from govsm.errors import ConfigError
from govsm.reading.bounds import check_record, size_problem
from govsm.spec.limits import Limits

AnyStr_co = TypeVar("AnyStr_co", str, bytes, covariant=True)


def read_bytes(path: Path, *, limit: int, key: str | None = None) -> bytes:
    """The whole of ``path``, at most ``limit`` bytes.

    :param key: the ``[limits]`` key that sets ``limit``, named in the refusal.
    :raises ConfigError: the file cannot be read or is larger than ``limit`` (a device that
        never ends is refused after reading just past it).
    """
    try:
        with path.open("rb") as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise ConfigError(
            f"no se puede leer: {exc.strerror}", f"cannot read: {exc.strerror}", where=str(path)
        ) from None
    if len(raw) > limit:
        setting = f" ([limits] {key})" if key else ""
        raise ConfigError(
            f"pasa de {limit} bytes{setting}: no se lee",
            f"is over {limit} bytes{setting}: not read",
            where=str(path),
        )
    return raw


def read_text(path: Path, *, limit: int | None = None, key: str | None = None) -> str:
    """The whole of ``path`` as UTF-8 text.

    :param limit: the most bytes to read; a larger file (or a device that never ends, such as
        ``/dev/zero``) is refused after reading just past it.
    :param key: the ``[limits]`` key that sets ``limit``, named in the refusal.
    :raises ConfigError: the file cannot be read, is larger than ``limit``, or is not UTF-8
        (naming the first bad byte).
    """
    try:
        if limit is None:
            return path.read_text(encoding="utf-8")
        return read_bytes(path, limit=limit, key=key).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"no es UTF-8 válido (byte {exc.start})",
            f"is not valid UTF-8 (byte {exc.start})",
            where=str(path),
        ) from None
    except OSError as exc:
        raise ConfigError(
            f"no se puede leer: {exc.strerror}", f"cannot read: {exc.strerror}", where=str(path)
        ) from None


def decode_line(raw: bytes | str, where: str) -> str:
    """One line of a file as text (a ``str`` is returned as it is).

    :param where: the place to name in errors, ``file:line``.
    :raises ConfigError: the line is not UTF-8 (naming the first bad byte).
    """
    if isinstance(raw, str):
        return raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"la línea no es UTF-8 válido (byte {exc.start})",
            f"the line is not valid UTF-8 (byte {exc.start})",
            where=where,
        ) from None


def parse_json(text: str, where: str) -> Any:
    """``text`` as JSON.

    :param where: the place to name in errors, ``file:line``.
    :raises ConfigError: it is not JSON (naming the column and what the parser expected), or
        it is nested deeper than Python can follow.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"JSON no válido en la columna {exc.colno}: {exc.msg}",
            f"invalid JSON at column {exc.colno}: {exc.msg}",
            where=where,
        ) from None
    except RecursionError:
        raise ConfigError(
            "JSON anidado a demasiada profundidad", "JSON nested too deep", where=where
        ) from None
    except ValueError:  # an integer of thousands of digits (Python's int conversion limit)
        raise ConfigError(
            "JSON con un número de demasiadas cifras",
            "JSON with a number of too many digits",
            where=where,
        ) from None


#: how many times the limit a line may run on before the reading of its file stops
ENDLESS_LINE = 64


class LineSource(Protocol[AnyStr_co]):
    """Anything with ``readline(size)``: a binary or text file, standard input."""

    def readline(self, size: int = -1, /) -> AnyStr_co:
        """The next line, at most ``size`` bytes or characters of it."""
        ...


def bounded_lines(stream: LineSource[AnyStr_co], limit: int) -> Iterator[tuple[AnyStr_co, int]]:
    """The lines of ``stream`` with their sizes, never holding more than ``limit`` bytes of one.

    A line longer than ``limit`` is given as its first ``limit + 1`` bytes with its whole size
    (its rest is read and dropped), so a caller can report it without memory growing. A line
    that goes on past :data:`ENDLESS_LINE` times ``limit`` (``/dev/zero``, a file without line
    breaks) is given with the size read so far, and the reading stops there. On a text stream
    sizes are UTF-8 bytes too (a character is at least one byte, so ``limit`` characters are
    read at most).
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        size = _size(line)
        if size > limit and not _ends_line(line):
            while chunk := stream.readline(1 << 20):
                size += _size(chunk)
                if _ends_line(chunk):
                    break
                if size > ENDLESS_LINE * limit:
                    yield line, size
                    return
        yield line, size


def _size(line: str | bytes) -> int:
    return len(line) if isinstance(line, bytes) else len(line.encode("utf-8", "surrogatepass"))


def _ends_line(line: str | bytes) -> bool:
    return line.endswith(b"\n") if isinstance(line, bytes) else line.endswith("\n")


def json_lines(path: Path, limits: Limits | None = None) -> Iterator[tuple[str, Any]]:
    """Each non-blank line of a JSON Lines file, parsed, with its place (``file:line``).

    The file is streamed: memory does not grow with its size.

    :param limits: the sizes to hold the file to (the defaults when ``None``).
    :raises ConfigError: the file cannot be opened, or a line is not UTF-8, not JSON or over a
        limit; the lines before it have been yielded.
    """
    for where, item in json_lines_each(path, limits):
        if isinstance(item, ConfigError):
            raise item
        yield where, item


def json_lines_each(path: Path, limits: Limits | None = None) -> Iterator[tuple[str, Any]]:
    """Like :func:`json_lines`, but the reading goes on past a bad line.

    A bad line is yielded as its :class:`~govsm.errors.ConfigError` in place of the data: one
    that is not UTF-8 or not JSON, one longer than :attr:`~govsm.spec.limits.Limits.line_bytes`
    (read past without being held), one nested too deep or with a field too large. A file that
    cannot be opened, that runs on without line breaks or that has more than
    :attr:`~govsm.spec.limits.Limits.records` lines is one such error, and the end.
    """
    limits = limits or Limits()
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield (
            str(path),
            ConfigError(
                f"no se puede leer: {exc.strerror}", f"cannot read: {exc.strerror}", where=str(path)
            ),
        )
        return
    with stream:
        number = 0
        for number, (raw, size) in enumerate(bounded_lines(stream, limits.line_bytes), start=1):
            where = f"{path}:{number}"
            if number > limits.records:
                yield where, _too_many_lines(limits, where)
                return
            if size > limits.line_bytes:
                yield where, _line_too_long(size, limits, where)
                continue
            try:
                line = decode_line(raw, where)
                if line.strip():
                    data = parse_json(line, where)
                    check_record(data, limits, where)
                    yield where, data
            except ConfigError as exc:
                yield where, exc


def _line_too_long(size: int, limits: Limits, where: str) -> ConfigError:
    endless = size > ENDLESS_LINE * limits.line_bytes
    problem = size_problem(
        size,
        limits.line_bytes,
        "text_bytes + field_bytes",
        "la línea" + (" (sin fin de línea; se deja de leer el fichero)" if endless else ""),
        "the line" + (" (no line break; the file is read no further)" if endless else ""),
    )
    return ConfigError(problem.es, problem.en, where=where)


def _too_many_lines(limits: Limits, where: str) -> ConfigError:
    return ConfigError(
        f"el fichero pasa de {limits.records} líneas ([limits] records): no se lee más",
        f"the file has more than {limits.records} lines ([limits] records): read no further",
        where=where,
    )
