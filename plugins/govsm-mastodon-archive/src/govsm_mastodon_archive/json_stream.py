r"""The JSON files of a Mastodon archive: ``outbox.json``'s items as they come, a small file whole.

``outbox.json`` is one JSON object, an ActivityStreams ``OrderedCollection``, whose
``orderedItems`` array holds every status of the account — hundreds of megabytes for a busy
one. :func:`ordered_items` streams that array's items: each parsed, with its exact bytes in the
file and the byte where it starts, so that the item's original record can be kept and hashed as
Mastodon wrote it. The collection's other members (``@context``, ``id``, ``type``,
``totalItems``) are read and set aside, wherever they are. Memory holds one read of the member
and one item, whatever the file's size; an item larger than ``[limits] text_bytes +
field_bytes`` stops the reading.

Each value is cut out by Python's own JSON scanner (``json.JSONDecoder.raw_decode``, in C) over
a window of the stream: a streaming parser such as ``ijson`` gives parsed values, not the bytes
they came from.

>>> import io
>>> data = b'{"id":"outbox.json","orderedItems":[{"type":"Create"},\n {"type":"Announce"}]}'
>>> [(item.offset, item.raw) for item in ordered_items(io.BytesIO(data), "a.zip", "outbox.json")]
[(36, b'{"type":"Create"}'), (56, b'{"type":"Announce"}')]
>>> list(ordered_items(io.BytesIO(b'{"orderedItems":[{"a":1},{"b'), "a.zip", "outbox.json"))
Traceback (most recent call last):
...
govsm.reading.archive_errors.ArchiveError: a.zip!outbox.json: se acaba en medio de un elemento: está truncado (en el byte 28 del miembro)
a.zip!outbox.json: it ends in the middle of an item: truncated (at byte 28 of the member)
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

#: how much of the member is read at a time
CHUNK = 1 << 20

#: the member of the collection that holds its items
ITEMS = "orderedItems"

_SPACES = re.compile(r"[ \t\r\n]*")
_BOM = "\ufeff"


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


class _Window:
    """The part of the member being parsed, as text, and the byte where the parser is.

    Everything the parser steps over between values (white space, ``,``, ``:``, brackets) is
    ASCII, one byte a character; a value's bytes are counted by encoding it (its original bytes
    are needed anyway).
    """

    def __init__(self, stream: IO[bytes], archive: str, member: str, chunk: int) -> None:
        self._stream = stream
        self._chunk = chunk
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.archive = archive
        self.member = member
        self.text = ""
        self.pos = 0  # the character of ``text`` the parser is at
        self.byte = 0  # the byte of the member ``pos`` is at
        self.read = 0  # bytes taken from the stream so far
        self.ended = False

    def more(self) -> bool:
        """Read the next chunk, dropping what was parsed; ``False`` once the member has ended."""
        if self.ended:
            return False
        chunk = self._stream.read(self._chunk)
        pending = len(self._decoder.getstate()[0])
        start = self.read
        self.read += len(chunk)
        self.ended = not chunk
        try:
            decoded = self._decoder.decode(chunk, final=self.ended)
        except UnicodeDecodeError as exc:
            raise self.error(
                "no es UTF-8 válido", "is not valid UTF-8", at=max(start - pending + exc.start, 0)
            ) from None
        self.text = self.text[self.pos :] + decoded
        self.pos = 0
        return True

    def peek(self) -> str:
        """The next character that is not white space, reading on as needed; ``""`` at the end."""
        while True:
            found = _SPACES.match(self.text, self.pos)
            assert found is not None  # it matches the empty string
            self.byte += found.end() - self.pos
            self.pos = found.end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def step(self) -> None:
        """Move past the ASCII character the parser is at."""
        self.pos += 1
        self.byte += 1

    def byte_of(self, index: int) -> int:
        """The byte of the member at character ``index`` of the window (at or after ``pos``)."""
        return self.byte + len(self.text[self.pos : index].encode("utf-8", "surrogatepass"))

    def error(self, es: str, en: str, *, at: int | None = None) -> ArchiveError:
        """An error naming the archive, the member and the byte (the parser's, by default)."""
        return ArchiveError(
            es,
            en,
            archive=self.archive,
            member=self.member,
            position=self.byte if at is None else at,
        )


def _value(window: _Window, decoder: json.JSONDecoder, limit: int) -> RawItem:
    """The JSON value at the parser's place: reads on until it is whole, or says why it is not."""
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
            cut = exc.pos >= len(window.text) or exc.msg.startswith("Unterminated string")
            position = window.byte_of(min(exc.pos, len(window.text)))
            if window.more():
                continue
            if cut:
                raise window.error(
                    "se acaba en medio de un elemento: está truncado",
                    "it ends in the middle of an item: truncated",
                    at=window.read,
                ) from None
            raise window.error(
                f"JSON no válido: {exc.msg}", f"invalid JSON: {exc.msg}", at=position
            ) from None
        except RecursionError:
            raise window.error(
                "JSON anidado a demasiada profundidad", "JSON nested too deep"
            ) from None
        except ValueError:  # an integer of thousands of digits
            raise window.error(
                "JSON con un número de demasiadas cifras", "JSON with a number of too many digits"
            ) from None
        if end == len(window.text) and not window.ended and window.more():
            continue  # a number or a word may go on in the next chunk: parse it whole
        if end - start > limit:
            raise window.error(
                f"tiene un elemento de {end - start} caracteres y el límite es {limit} "
                "([limits] text_bytes + field_bytes)",
                f"has an item of {end - start} characters and the limit is {limit} "
                "([limits] text_bytes + field_bytes)",
            )
        offset = window.byte
        raw = window.text[start:end].encode("utf-8", "surrogatepass")
        window.pos = end
        window.byte += len(raw)
        return RawItem(data, raw, offset)


def _expect(window: _Window, wanted: str, es: str, en: str) -> None:
    """Step over ``wanted`` (after white space), or say what was found instead."""
    char = window.peek()
    if char == wanted:
        window.step()
        return
    if char == "":
        raise window.error(
            f"se acaba antes de tiempo (falta «{wanted}»): está truncado",
            f"it ends early ('{wanted}' is missing): truncated",
            at=window.read,
        )
    raise window.error(f"{es} y hay «{char}»", f"{en}, found '{char}'")


def _items(window: _Window, decoder: json.JSONDecoder, limit: int) -> Iterator[RawItem]:
    """The items of the array whose ``[`` the parser has just passed."""
    first = True
    while True:
        char = window.peek()
        if char == "]" and first:
            window.step()
            return
        if not first:
            if char == "]":
                window.step()
                return
            _expect(window, ",", "se esperaba «,» o «]»", "expected ',' or ']'")
            char = window.peek()
        if char == "":
            raise window.error(
                f"se acaba antes de cerrar «{ITEMS}» («]»): está truncado",
                f"it ends before '{ITEMS}' is closed (']'): truncated",
                at=window.read,
            )
        yield _value(window, decoder, limit)
        first = False


def ordered_items(
    stream: IO[bytes],
    archive: str,
    member: str,
    limits: Limits | None = None,
    *,
    chunk: int = CHUNK,
) -> Iterator[RawItem]:
    """The items of a collection's ``orderedItems``, one at a time, as they come.

    :param stream: the member's content (``outbox.json``).
    :param archive: the archive's name, for errors.
    :param member: the member's name, for errors.
    :param limits: an item may take ``text_bytes + field_bytes`` characters (the defaults when
        ``None``).
    :param chunk: how many bytes to read at a time.
    :raises ArchiveError: the member is not UTF-8, not JSON, not an object, has no
        ``orderedItems`` array or two of them, ends before it is whole, or has an item too
        large; the error names the member and the byte. The items before it have been yielded.
    """
    limit = (limits or Limits()).line_bytes
    window = _Window(stream, archive, member, chunk)
    decoder = json.JSONDecoder()
    if window.peek() == _BOM:
        window.pos += 1
        window.byte += len(_BOM.encode("utf-8"))
    _expect(
        window,
        "{",
        "no es un objeto JSON (una colección «OrderedCollection»): se esperaba «{»",
        "is not a JSON object (an 'OrderedCollection'): expected '{'",
    )
    seen = False
    first = True
    while True:
        char = window.peek()
        if char == "}" and first:
            window.step()
            break
        if not first:
            if char == "}":
                window.step()
                break
            _expect(window, ",", "se esperaba «,» o «}»", "expected ',' or '}'")
            char = window.peek()
        if char != '"':
            _expect(window, '"', "se esperaba el nombre de un campo", "expected a member's name")
        at = window.byte
        key = _value(window, decoder, limit).data
        _expect(window, ":", "se esperaba «:»", "expected ':'")
        if key == ITEMS:
            if seen:
                raise window.error(
                    f"tiene dos listas «{ITEMS}»", f"has two '{ITEMS}' arrays", at=at
                )
            seen = True
            _expect(
                window,
                "[",
                f"«{ITEMS}» no es una lista: se esperaba «[»",
                f"'{ITEMS}' is not an array: expected '['",
            )
            yield from _items(window, decoder, limit)
        else:
            window.peek()
            _value(window, decoder, limit)  # @context, id, type, totalItems: not needed
        first = False
    if window.peek() != "":
        raise window.error(
            "hay más texto después del objeto", "there is more text after the object"
        )
    if not seen:
        raise window.error(
            f"no tiene la lista «{ITEMS}»: no es el «outbox.json» de Mastodon",
            f"has no '{ITEMS}' array: not Mastodon's 'outbox.json'",
            at=0,
        )


def whole_document(stream: IO[bytes], archive: str, member: str, limits: Limits) -> Any:
    """A small JSON file (``actor.json``) read whole: at most ``text_bytes + field_bytes``.

    :raises ArchiveError: it is larger, not UTF-8 or not JSON (naming the member and the byte).
    """
    limit = limits.line_bytes
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
        return json.loads(text)
    except json.JSONDecodeError as exc:
        position = len(text[: exc.pos].encode("utf-8", "surrogatepass"))
        raise ArchiveError(
            f"JSON no válido: {exc.msg}",
            f"invalid JSON: {exc.msg}",
            archive=archive,
            member=member,
            position=position,
        ) from None
    except RecursionError:
        raise ArchiveError(
            "JSON anidado a demasiada profundidad",
            "JSON nested too deep",
            archive=archive,
            member=member,
        ) from None
    except ValueError:
        raise ArchiveError(
            "JSON con un número de demasiadas cifras",
            "JSON with a number of too many digits",
            archive=archive,
            member=member,
        ) from None
