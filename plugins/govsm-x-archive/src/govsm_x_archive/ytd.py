r"""The ``window.YTD.<name>.partN = [ … ]`` files of an X archive, item by item, as they were.

Every data file of the archive X gives an account is a script that assigns one JSON array:
``window.YTD.tweets.part0 = [ {"tweet": {…}}, … ]``. :func:`ytd_items` skips the assignment and
streams the array's items: each parsed, with its exact text in the file and the byte where it
starts, so that the item's original record can be kept and hashed as X wrote it. Memory holds
one read of the member and one item, whatever the file's size; an item larger than
``[limits] text_bytes + field_bytes`` stops the reading.

Each item is cut out by Python's own JSON scanner (``json.JSONDecoder.raw_decode``, in C) over a
window of the stream: a streaming parser such as ``ijson`` gives parsed values but not the bytes
they came from.

>>> import io
>>> data = b'window.YTD.tweets.part0 = [\n  {"tweet": {"id_str": "1"}},\n  {"tweet": {}}\n]'
>>> [(item.offset, item.raw) for item in ytd_items(io.BytesIO(data), "x.zip", "data/tweets.js")]
[(30, b'{"tweet": {"id_str": "1"}}'), (60, b'{"tweet": {}}')]
>>> list(ytd_items(io.BytesIO(b'var tweets = []'), "x.zip", "data/tweets.js"))
Traceback (most recent call last):
...
govsm.reading.archive_errors.ArchiveError: x.zip!data/tweets.js: no empieza por «window.YTD.<nombre>.part<n> = » (en el byte 0 del miembro)
x.zip!data/tweets.js: does not start with 'window.YTD.<name>.part<n> = ' (at byte 0 of the member)
"""  # noqa: E501

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from attrs import frozen

from govsm.reading.archive_errors import ArchiveError
from govsm.spec.limits import Limits

#: the assignment before the array: ``window.YTD.tweets.part0 = `` (after an optional BOM)
PREFIX = re.compile(r"\ufeff?\s*window\.YTD\.([A-Za-z0-9_]+)\.part([0-9]+)\s*=\s*")

#: how much of the member is read at a time
CHUNK = 1 << 20

_SPACE = re.compile(r"[ \t\r\n]*")


@frozen
class RawItem:
    """One item of the array, parsed, with its exact bytes and where they start.

    :param data: the item, parsed.
    :param raw: the item exactly as the file has it.
    :param offset: the byte of the member where the item starts.
    """

    data: Any
    raw: bytes
    offset: int

    @property
    def text(self) -> str:
        """The item's text (its bytes are UTF-8: the file was read as such)."""
        return self.raw.decode("utf-8")


class _Window:
    """The part of the member being parsed, as text, with the byte where it starts."""

    def __init__(self, stream: IO[bytes], archive: str, member: str, chunk: int) -> None:
        self.stream = stream
        self.chunk = chunk
        self.archive = archive
        self.member = member
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.text = ""
        self.pos = 0  # the character of ``text`` the parser is at
        self.byte = 0  # the byte of the member ``pos`` is at
        self.read_bytes = 0  # bytes taken from the stream so far
        self.eof = False

    def more(self) -> bool:
        """Read on: drop what was parsed and add the next chunk. ``False`` at the end."""
        if self.eof:
            return False
        chunk = self.stream.read(self.chunk)
        start = self.read_bytes
        self.read_bytes += len(chunk)
        self.eof = not chunk
        try:
            decoded = self.decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError as exc:
            raise self.error(
                "no es UTF-8 válido", "is not valid UTF-8", position=max(start + exc.start, 0)
            ) from None
        self.text = self.text[self.pos :] + decoded
        self.pos = 0
        return bool(decoded) or not self.eof

    def advance(self, to: int) -> None:
        """Move the parser to character ``to``, counting the bytes passed."""
        passed = self.text[self.pos : to]
        self.byte += len(passed) if passed.isascii() else len(passed.encode("utf-8"))
        self.pos = to

    def skip_space(self) -> str:
        """The next character that is not white space (reading on as needed); ``""`` at the end."""
        if self.pos < len(self.text) and self.text[self.pos] not in " \t\r\n":
            return self.text[self.pos]
        while True:
            found = _SPACE.match(self.text, self.pos)
            assert found is not None
            self.advance(found.end())
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def byte_of(self, index: int) -> int:
        """The byte of the member at character ``index`` of the window (at or after ``pos``)."""
        passed = self.text[self.pos : index]
        return self.byte + len(passed.encode("utf-8", "surrogatepass"))

    def error(self, es: str, en: str, *, position: int | None = None) -> ArchiveError:
        return ArchiveError(
            es,
            en,
            archive=self.archive,
            member=self.member,
            position=self.byte if position is None else position,
        )


def _prefix(window: _Window) -> None:
    while len(window.text) < 512 and window.more():
        pass
    found = PREFIX.match(window.text)
    if found is None:
        raise window.error(
            "no empieza por «window.YTD.<nombre>.part<n> = »",
            "does not start with 'window.YTD.<name>.part<n> = '",
        )
    window.advance(found.end())
    if window.skip_space() != "[":
        raise window.error(
            "después de «window.YTD… =» no viene una lista JSON («[»)",
            "what follows 'window.YTD… =' is not a JSON array ('[')",
        )
    window.advance(window.pos + 1)


def ytd_items(
    stream: IO[bytes],
    archive: str,
    member: str,
    limits: Limits | None = None,
    *,
    chunk: int = CHUNK,
) -> Iterator[RawItem]:
    """The items of a ``window.YTD…`` file, one at a time, as they come.

    :param stream: the member's content.
    :param archive: the archive's name, for errors.
    :param member: the member's name, for errors.
    :param limits: an item may take ``text_bytes + field_bytes`` characters (the defaults when
        ``None``).
    :param chunk: how many bytes to read at a time.
    :raises ArchiveError: the member does not start with the assignment, is not UTF-8, is not
        JSON, ends before its array does, or has an item too large; the error names the member
        and the byte. The items before it have been yielded.
    """
    limit = (limits or Limits()).line_bytes
    window = _Window(stream, archive, member, chunk)
    decoder = json.JSONDecoder()
    _prefix(window)
    expect_item = True  # after "[" or ",": an item (or "]" right after "[")
    first = True
    while True:
        char = window.skip_space()
        if char == "":
            raise window.error(
                "se acaba antes de cerrar la lista («]»): está truncado",
                "it ends before its array is closed (']'): truncated",
            )
        if char == "]" and (first or not expect_item):
            window.advance(window.pos + 1)
            _trailer(window)
            return
        if not expect_item:
            if char != ",":
                raise window.error(
                    f"se esperaba «,» o «]» y hay «{char}»", f"expected ',' or ']', found '{char}'"
                )
            window.advance(window.pos + 1)
            expect_item = True
            continue
        item = _item(window, decoder, limit)
        yield item
        expect_item = False
        first = False


def _item(window: _Window, decoder: json.JSONDecoder, limit: int) -> RawItem:
    """The item at the parser's place: reads on until it is whole, or says why it is not."""
    while True:
        start = window.pos
        try:
            data, end = decoder.raw_decode(window.text, start)
        except json.JSONDecodeError as exc:
            if len(window.text) - start > limit:
                raise window.error(
                    f"tiene un elemento de más de {limit} caracteres "
                    "([limits] text_bytes + field_bytes)",
                    f"has an item of more than {limit} characters "
                    "([limits] text_bytes + field_bytes)",
                ) from None
            position = window.byte_of(exc.pos)  # before reading on moves the window
            if window.more():
                continue
            raise window.error(
                f"JSON no válido: {exc.msg}", f"invalid JSON: {exc.msg}", position=position
            ) from None
        except RecursionError:
            raise window.error(
                "JSON anidado a demasiada profundidad", "JSON nested too deep"
            ) from None
        except ValueError:  # an integer of thousands of digits
            raise window.error(
                "JSON con un número de demasiadas cifras", "JSON with a number of too many digits"
            ) from None
        if end == len(window.text) and window.more():
            continue  # a number or a word may go on in the next chunk: parse it whole
        if end - start > limit:
            raise window.error(
                f"tiene un elemento de {end - start} caracteres y el límite es {limit} "
                "([limits] text_bytes + field_bytes)",
                f"has an item of {end - start} characters and the limit is {limit} "
                "([limits] text_bytes + field_bytes)",
            )
        offset = window.byte
        raw = window.text[start:end].encode("utf-8")
        window.pos = end
        window.byte += len(raw)
        return RawItem(data, raw, offset)


def _trailer(window: _Window) -> None:
    """After the array: white space and a semicolon at most."""
    char = window.skip_space()
    if char == ";":
        window.advance(window.pos + 1)
        char = window.skip_space()
    if char:
        raise window.error(
            "hay más texto después de la lista", "there is more text after the array"
        )
