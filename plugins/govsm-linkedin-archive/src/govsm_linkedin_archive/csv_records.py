r"""The records of one of LinkedIn's CSV files, read as a stream, each with its exact bytes.

:func:`records` reads a binary stream (a member of the export, or a file) line by line, decodes
each line and hands it to Python's :mod:`csv` reader; every record it yields carries the line
and byte where it starts and **its exact bytes** in the file, which the importer keeps as
LinkedIn's record of the post. Memory holds one record, whatever the file's size.

>>> import io
>>> data = 'Date,Link,Message\n2024-05-02 09:30:00,https://x.example/1,"Dues\nlínies"\n'
>>> for item in records(io.BytesIO(data.encode()), COMMENTS):
...     print(item.line, item.offset, item.fields)
1 0 ('Date', 'Link', 'Message')
2 18 ('2024-05-02 09:30:00', 'https://x.example/1', 'Dues\nlínies')

**Quoting.** ``Shares.csv`` quotes as CSV does, doubling a quote inside a quoted field
(:data:`SHARES`); ``Comments.csv`` writes a quote inside a quoted field as ``\"`` — and
sometimes doubles it — so it is read with the backslash as an escape too (:data:`COMMENTS`): a
backslash there takes the next character as it is. Quoting that is not CSV (a quote in the
middle of a quoted field followed by more text) is a problem of that record, named by its line,
and the next record is read.

**Encodings.** LinkedIn writes UTF-8, with or without a byte order mark. A line that is not
UTF-8 is read as Windows-1252, the encoding Excel on a Spanish Windows saves "CSV" in: a file
opened and saved again there still loads with its accents (the record says so in
:attr:`Record.encoding`). A line that is neither is a problem of its record, naming the byte; a
file in UTF-16 is refused whole.

**Limits.** A record longer than ``[limits] text_bytes + field_bytes`` (a text and one field) —
a 50 MB cell, or a quote never closed — stops the file there with a problem naming the line and
the byte reached: where the next record starts cannot be told without reading the rest as part
of this one. A quote still open at the end of the file is a problem of its record.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from typing import IO

from attrs import frozen

from govsm.model import Bilingual
from govsm.spec.limits import Limits


class SharesDialect(csv.Dialect):
    """``Shares.csv``: commas, quotes doubled inside quoted fields, nothing else."""

    delimiter = ","
    quotechar = '"'
    doublequote = True
    escapechar: str | None = None
    lineterminator = "\r\n"
    quoting = csv.QUOTE_MINIMAL
    skipinitialspace = False
    strict = True


class CommentsDialect(SharesDialect):
    """``Comments.csv``: as ``Shares.csv``, and a backslash before a quote in a quoted field."""

    escapechar = "\\"


#: the dialect of ``Shares.csv`` (and of the other CSV files of the export)
SHARES: type[csv.Dialect] = SharesDialect
#: the dialect of ``Comments.csv``
COMMENTS: type[csv.Dialect] = CommentsDialect

_BOM = codecs.BOM_UTF8
_UTF16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
#: the encodings a record may be read in (see the module)
UTF8 = "utf-8"
WINDOWS_1252 = "windows-1252"


@frozen
class Record:
    """One record of the file.

    :param line: the line where it starts (the first is 1).
    :param offset: the byte where it starts (after a byte order mark, it counts it).
    :param raw: its bytes in the file, line ending included.
    :param fields: its fields, decoded.
    :param encoding: ``utf-8``, or ``windows-1252`` when a line of it was not UTF-8.
    """

    line: int
    offset: int
    raw: bytes
    fields: tuple[str, ...]
    encoding: str = UTF8


@frozen
class RecordProblem:
    """A record that could not be read, or the place where the file could not be read further.

    :param line: the line where the record starts.
    :param offset: the byte where it starts, or where the reading stopped.
    :param message: what is wrong.
    :param final: nothing after it is read.
    """

    line: int
    offset: int
    message: Bilingual
    final: bool = False


class _TooLong(Exception):
    """A record passed the limit while its lines were read."""


class _Lines:
    """The lines of a binary stream as text for the CSV reader, remembering the record's bytes."""

    def __init__(self, stream: IO[bytes], limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self.pending: list[bytes] = []
        self.pending_size = 0
        self.line = 0  # lines read so far
        self.offset = 0  # bytes read so far
        self.record_line = 1
        self.record_offset = 0
        self.bad_byte: int | None = None
        self.encoding = UTF8
        self.utf16 = False

    def reset(self) -> None:
        """Forget the record read so far (it was handed out, or refused)."""
        self.pending = []
        self.pending_size = 0
        self.bad_byte = None
        self.encoding = UTF8

    def __iter__(self) -> Iterator[str]:
        while True:
            room = self._limit - self.pending_size
            raw = self._stream.readline(room + 1)
            if not raw:
                return
            if not self.pending:
                self.record_line = self.line + 1
                self.record_offset = self.offset
            start = self.offset
            self.line += 1
            self.offset += len(raw)
            self.pending.append(raw)
            self.pending_size += len(raw)
            if self.pending_size > self._limit:
                raise _TooLong
            if self.line == 1:
                if raw.startswith(_UTF16):
                    self.utf16 = True
                    return
                if raw.startswith(_BOM):
                    raw = raw[len(_BOM) :]
                    start += len(_BOM)
            yield self._decode(raw, start)

    def _decode(self, raw: bytes, start: int) -> str:
        try:
            return raw.decode(UTF8)
        except UnicodeDecodeError as exc:
            first_bad = start + exc.start
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            if self.bad_byte is None:
                self.bad_byte = first_bad
            return raw.decode(UTF8, errors="replace")
        self.encoding = WINDOWS_1252
        return text


def _allow_fields(limit: int) -> None:
    """Let the :mod:`csv` module read a field as long as a whole record may be.

    Its own limit (131,072 characters by default) is process-wide; it is only ever raised here,
    to the record limit, so that ``[limits]`` decides, not the module.
    """
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def records(
    stream: IO[bytes], dialect: type[csv.Dialect], limits: Limits | None = None
) -> Iterator[Record | RecordProblem]:
    """Each record of the CSV file in ``stream``, or the problem of one (see the module).

    Empty lines are skipped. Reading errors of the stream itself (a damaged member of an
    archive) are not caught: the caller names them.

    :param stream: the file, binary (buffered: it is read with ``readline``).
    :param dialect: :data:`SHARES` or :data:`COMMENTS`.
    :param limits: the workspace's limits (the defaults when ``None``).
    """
    limit = (limits or Limits()).line_bytes
    _allow_fields(limit)
    lines = _Lines(stream, limit)
    reader = csv.reader(lines, dialect)
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except _TooLong:
            yield _too_long(lines, limit)
            return
        except csv.Error as exc:
            yield _unreadable(lines, str(exc))
            lines.reset()
            continue
        if lines.bad_byte is not None:
            yield RecordProblem(
                lines.record_line,
                lines.record_offset,
                Bilingual(
                    es=f"no está en UTF-8 ni en Windows-1252 (byte {lines.bad_byte})",
                    en=f"is neither UTF-8 nor Windows-1252 (byte {lines.bad_byte})",
                ),
            )
        elif fields:
            yield Record(
                lines.record_line,
                lines.record_offset,
                b"".join(lines.pending),
                tuple(fields),
                lines.encoding,
            )
        lines.reset()
    if lines.utf16:
        yield RecordProblem(
            1,
            0,
            Bilingual(
                es="está en UTF-16: LinkedIn escribe UTF-8; guárdelo de nuevo como CSV UTF-8",
                en="is in UTF-16: LinkedIn writes UTF-8; save it again as CSV UTF-8",
            ),
            final=True,
        )


def _too_long(lines: _Lines, limit: int) -> RecordProblem:
    return RecordProblem(
        lines.record_line,
        lines.offset,
        Bilingual(
            es=f"el registro que empieza en la línea {lines.record_line} pasa de {limit} bytes "
            "([limits] text_bytes + field_bytes): un campo enorme o unas comillas que no se "
            f"cierran; no se lee más del fichero (byte {lines.offset})",
            en=f"the record starting at line {lines.record_line} is longer than {limit} bytes "
            "([limits] text_bytes + field_bytes): a huge field or a quote never closed; "
            f"nothing more of the file is read (byte {lines.offset})",
        ),
        final=True,
    )


def _unreadable(lines: _Lines, reason: str) -> RecordProblem:
    if "end of data" in reason:
        es = "unas comillas abiertas no se cierran: el fichero se acaba antes"
        en = "a quote opened is never closed: the file ends first"
    else:
        es = "no es CSV válido: unas comillas mal puestas"
        en = f"is not valid CSV: a misplaced quote ({reason.replace(chr(10), ' ')[:120]})"
    return RecordProblem(lines.record_line, lines.record_offset, Bilingual(es=es, en=en))
