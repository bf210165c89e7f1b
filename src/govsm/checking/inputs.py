"""What ``govsm check`` reads: plain text, JSON Lines records, Markdown drafts, standard input.

Every input becomes a :class:`CheckInput`: a message plus where it came from (file, line, the
offset of the text inside the file) so outputs can point at it. Inputs are read lazily: a JSON
Lines file of any size is processed one line at a time.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, TextIO, overload

from attrs import frozen

from govsm.checking.records import _message, _record, _slug
from govsm.errors import ConfigError
from govsm.model import Message
from govsm.reading.files import bounded_lines, decode_line, parse_json, read_text
from govsm.spec.limits import Limits

#: texts larger than this (UTF-8 bytes) are reported, not checked: ``[limits] text_bytes``
DEFAULT_MAX_TEXT_BYTES = Limits().text_bytes


@frozen
class CheckInput:
    """One message to check and where it came from.

    :param message: the message (drafts and records become outbound drafts).
    :param network: the channel id to measure it for, when given explicitly.
    :param source: the file (or ``<stdin>``, or ``<text>`` for API input).
    :param line: the line of ``source`` the record is on (JSON Lines), else ``None``.
    :param first_line: the line of ``source`` where the text starts (plain text: 1; Markdown:
        after the front matter), so findings can be located as line and column; ``None`` for
        JSON Lines, where a text is one JSON string on :attr:`line`.
    :param oversized: the text's size in bytes when it exceeds the limit (it is then not checked).
    :param error: what is wrong with this input when it could not be read (invalid UTF-8 or
        JSON, broken front matter, unknown keys, a missing file); the run goes on with the rest.
    """

    message: Message
    network: str | None
    source: str
    line: int | None = None
    first_line: int | None = None
    oversized: int | None = None
    error: ConfigError | None = None


@frozen
class PendingLine:
    """A JSON Lines record read but not yet parsed: :func:`parse_pending` parses it.

    ``read_inputs(..., defer=True)`` yields these instead of parsing each record in the
    process that reads the file, so that the worker processes of ``govsm check --jobs N``
    parse the records they check.

    :param raw: the line as read (bytes from a file, text from standard input).
    :param number: its line number in :attr:`source`.
    :param source: the file, or ``<stdin>``.
    :param organisation: the organisation the message is of.
    :param network: the channel to measure for when the record does not say.
    :param now: the moment drafts are created at (the same for every input of a run).
    """

    raw: bytes | str
    number: int
    source: str
    organisation: str
    network: str | None
    now: datetime


def parse_pending(line: PendingLine) -> CheckInput | None:
    """The :class:`CheckInput` of a record, as ``read_inputs`` yields it; ``None`` when blank.

    A line that is not UTF-8, not JSON or not a valid record becomes an input whose
    :attr:`~CheckInput.error` says what and where.
    """
    number, source, organisation, now = line.number, line.source, line.organisation, line.now
    where = f"{source}:{number}"
    try:
        text = decode_line(line.raw, where)
        if not text.strip():
            return None
        data = parse_json(text, where)
        message, record_network = _record(data, organisation, where, number, now)
    except ConfigError as exc:
        return _failed(organisation, f"line-{number}", source, number, exc, now)
    return CheckInput(message, record_network or line.network, source, line=number)


def _read_jsonl(
    stream: Iterable[tuple[bytes | str, int]],
    source: str,
    organisation: str,
    network: str | None,
    now: datetime,
    max_bytes: int,
    defer: bool = False,
) -> Iterator[CheckInput | PendingLine]:
    """Each line (with its size in bytes) is one item; a bad line becomes an item with its error.

    With ``defer``, each line that is not too large is yielded unparsed (:class:`PendingLine`).
    """
    for number, (raw, size) in enumerate(stream, start=1):
        if size > max_bytes:
            yield _oversized(organisation, f"line-{number}", source, number, None, size, now)
            continue
        pending = PendingLine(raw, number, source, organisation, network, now)
        if defer:
            yield pending
            continue
        item = parse_pending(pending)
        if item is not None:
            yield item


def _failed(
    organisation: str,
    message_id: str,
    source: str,
    line: int | None,
    error: ConfigError,
    now: datetime,
) -> CheckInput:
    message = _message(organisation, message_id, "", profile=None, now=now)
    return CheckInput(message, None, source, line=line, error=error)


def _oversized(
    organisation: str,
    message_id: str,
    source: str,
    line: int | None,
    offset: int | None,
    size: int,
    now: datetime,
) -> CheckInput:
    message = _message(organisation, message_id, "", profile=None, now=now)
    return CheckInput(message, None, source, line=line, first_line=offset, oversized=size)


@overload
def read_inputs(
    paths: Iterable[str],
    *,
    organisation: str = ...,
    network: str | None = ...,
    profile: str | None = ...,
    now: datetime | None = ...,
    stdin: TextIO | None = ...,
    max_text_bytes: int = ...,
    defer: Literal[False] = ...,
) -> Iterator[CheckInput]: ...


@overload
def read_inputs(
    paths: Iterable[str],
    *,
    organisation: str = ...,
    network: str | None = ...,
    profile: str | None = ...,
    now: datetime | None = ...,
    stdin: TextIO | None = ...,
    max_text_bytes: int = ...,
    defer: bool,
) -> Iterator[CheckInput | PendingLine]: ...


def read_inputs(
    paths: Iterable[str],
    *,
    organisation: str = "check",
    network: str | None = None,
    profile: str | None = None,
    now: datetime | None = None,
    stdin: TextIO | None = None,
    max_text_bytes: int = DEFAULT_MAX_TEXT_BYTES,
    defer: bool = False,
) -> Iterator[CheckInput] | Iterator[CheckInput | PendingLine]:
    """Read every input lazily.

    :param paths: files (``.jsonl``/``.ndjson``: records; ``.md``: a draft with ``+++`` front
        matter, or plain Markdown; anything else: plain text) or ``-`` for standard input
        (JSON Lines when its first character is ``{``, else plain text).
    :param network: the channel to measure for when an input does not say.
    :param profile: the profile to attribute inputs to when they do not say.
    :param defer: yield each JSON Lines record unparsed, as a :class:`PendingLine` for
        :func:`parse_pending` (what ``govsm check`` does, so that its worker processes parse
        the records they check); a record too large is still reported here.

    Nothing here stops the run: an unreadable file, a line that is not UTF-8 or not JSON, a
    broken front matter become items whose :attr:`CheckInput.error` says what and where.
    """
    when = now or datetime.now(UTC)
    return _inputs(paths, organisation, network, profile, when, stdin, max_text_bytes, defer)


def _inputs(
    paths: Iterable[str],
    organisation: str,
    network: str | None,
    profile: str | None,
    now: datetime,
    stdin: TextIO | None,
    max_text_bytes: int,
    defer: bool,
) -> Iterator[CheckInput | PendingLine]:
    for raw in paths:
        if raw == "-":
            stream = stdin or sys.stdin
            first = stream.read(1)
            if first == "{":
                lines = bounded_lines(_Prepended(first, stream), max_text_bytes)
                yield from _read_jsonl(
                    lines, "<stdin>", organisation, network, now, max_text_bytes, defer
                )
            else:
                text = first + stream.read(max_text_bytes + 1)  # a bigger text is reported
                yield _text_input(
                    text, "stdin", "<stdin>", organisation, network, profile, now, max_text_bytes
                )
            continue
        path = Path(raw)
        try:
            if path.suffix in (".jsonl", ".ndjson"):
                try:
                    with path.open("rb") as handle:
                        yield from _read_jsonl(
                            bounded_lines(handle, max_text_bytes),
                            raw,
                            organisation,
                            network,
                            now,
                            max_text_bytes,
                            defer,
                        )
                except OSError as exc:
                    raise ConfigError(
                        f"no se puede leer: {exc.strerror}",
                        f"cannot read: {exc.strerror}",
                        where=raw,
                    ) from None
                continue
            size = _size(path)
            if size > max_text_bytes:
                yield _oversized(organisation, _slug(path.stem), raw, None, 1, size, now)
                continue
            text = read_text(path, limit=max_text_bytes)
            if path.suffix in (".md", ".markdown") and text.startswith("+++"):
                from govsm.reading.drafts import read_draft

                (message,) = read_draft(path, organisation)
                offset = _body_line(text)
                yield CheckInput(message, network, raw, first_line=offset)
                continue
            yield _text_input(
                text, _slug(path.stem), raw, organisation, network, profile, now, max_text_bytes
            )
        except ConfigError as exc:
            yield _failed(organisation, _slug(path.stem), raw, None, exc, now)


def _text_input(
    text: str,
    message_id: str,
    source: str,
    organisation: str,
    network: str | None,
    profile: str | None,
    now: datetime,
    max_bytes: int,
) -> CheckInput:
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return _oversized(organisation, message_id, source, None, 1, size, now)
    try:
        message = _message(organisation, message_id, text, profile=profile, now=now)
    except ValueError as exc:
        raise ConfigError(
            getattr(exc, "es", str(exc)), getattr(exc, "en", str(exc)), where=source
        ) from None
    return CheckInput(message, network, source, first_line=1)


class _Prepended:
    """A text stream with the character already taken from it put back in front."""

    def __init__(self, first: str, stream: TextIO) -> None:
        self._first = first
        self._stream = stream

    def readline(self, size: int = -1) -> str:
        """The next line, at most ``size`` characters of it."""
        if self._first:
            first, self._first = self._first, ""
            return first + self._stream.readline(size - 1 if size > 0 else -1)
        return self._stream.readline(size)


def _body_line(text: str) -> int:
    """The line a draft's body starts on: after the closing fence (blanks around it allowed)."""
    lines = text.split("\n")
    closing = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
    return closing + 2


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise ConfigError(
            f"no se puede leer: {exc.strerror}", f"cannot read: {exc.strerror}", where=str(path)
        ) from None
