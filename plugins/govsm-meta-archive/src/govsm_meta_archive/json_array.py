r"""The items of a JSON array as they come: each with its exact bytes, where they start, parsed.

Meta's export keeps a profile's posts in files that are one JSON array each
(``[{"timestamp": …}, …]``), and some lists in an object's member (``{"comments_v2": […]}``,
``{"ig_stories": […]}``). A busy page's file runs to hundreds of megabytes. :func:`array_items`
reads such a file as a stream and yields one item at a time: the item's bytes exactly as the
file has them (the network's own record of the post, kept and hashed as it is), the byte of the
file where they start, and the item parsed. Memory holds one read of the file and one item.

The file is cut into items at the level of bytes — strings (with their escapes), brackets and
the commas between items — and each item is then parsed by Python's own JSON decoder. A
streaming parser such as ``ijson`` gives parsed values but not the bytes they came from, which
is what has to be kept.

An item that cannot be read — not UTF-8, not JSON, nested deeper than ``[limits] depth``, or
larger than ``[limits] text_bytes + field_bytes`` — is a :class:`BadItem`, and the next item is
read: its end is known. A file cut short, or whose brackets and commas between items are wrong,
stops the reading with an :class:`~govsm.reading.archive_errors.ArchiveError` naming the byte;
the items before it have been yielded.

>>> import io
>>> data = b'[\n  {"timestamp": 1714640000},\n  {"timestamp": 1714643600}\n]'
>>> [(i.offset, i.raw) for i in array_items(io.BytesIO(data), "fb.zip", "posts.json")]
[(4, b'{"timestamp": 1714640000}'), (33, b'{"timestamp": 1714643600}')]
>>> data = b'{"other": {"x": [1]}, "comments_v2": [{"t": 1}]}'
>>> [(i.key, i.data) for i in array_items(io.BytesIO(data), "fb.zip", "c.json",
...                                         members=frozenset({"comments_v2"}))]
[('comments_v2', {'t': 1})]
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import IO, Any

from attrs import frozen

from govsm.model import Bilingual
from govsm.reading.archive_errors import ArchiveError
from govsm.spec.limits import Limits

#: how much of the file is read at a time
CHUNK = 1 << 20

_BOM = b"\xef\xbb\xbf"
_SPACE = re.compile(rb"[ \t\r\n]*")
#: what lies between brackets: anything but brackets and quotes, and whole strings (possessive:
#: no backtracking, one pass in C)
_BETWEEN = re.compile(rb'(?:[^"\[\]{}]++|"(?:[^"\\]++|\\.)*+")*+', re.DOTALL)
_SCALAR = re.compile(rb'[^ \t\r\n,:\[\]{}"]*')
_QUOTE, _BACKSLASH = ord('"'), ord("\\")
_OPEN, _CLOSE = frozenset(b"[{"), frozenset(b"]}")


@frozen
class RawItem:
    """One item of the array, parsed, with its exact bytes and where they start.

    :param data: the item, parsed (strings as the file has them: Meta's escaping not undone).
    :param raw: the item exactly as the file has it.
    :param offset: the byte of the file where the item starts.
    :param key: the object's member whose array holds the item; ``None`` for a file that is the
        array itself.
    """

    data: Any
    raw: bytes
    offset: int
    key: str | None = None


@frozen
class BadItem:
    """An item of the array that cannot be read; the items after it are read on.

    :param offset: the byte of the file where the item starts.
    :param problem: what is wrong with it, and where (the byte).
    """

    offset: int
    problem: Bilingual


class _Scanner:
    """A window over the file, addressed by the file's byte offsets, read on as needed.

    ``buf`` holds the file's bytes from ``base``; bytes before ``keep`` may be dropped when more
    are read, so the window holds the item being cut out and one read, whatever the file's size.
    """

    def __init__(self, stream: IO[bytes], archive: str, member: str, chunk: int) -> None:
        self.stream = stream
        self.archive = archive
        self.member = member
        self.chunk = chunk
        self.buf = b""
        self.base = 0
        self.keep = 0
        self.at = 0
        self.eof = False

    @property
    def end(self) -> int:
        """The file's byte just past what has been read."""
        return self.base + len(self.buf)

    def more(self) -> bool:
        """Read on; ``False`` once the file has ended."""
        if self.eof:
            return False
        drop = self.keep - self.base
        if drop > 0 and drop * 2 >= len(self.buf):
            self.buf = self.buf[drop:]
            self.base = self.keep
        chunk = self.stream.read(self.chunk)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def error(self, es: str, en: str, at: int) -> ArchiveError:
        """An error naming the archive, the file and the byte."""
        return ArchiveError(es, en, archive=self.archive, member=self.member, position=at)

    def truncated(self, es: str, en: str) -> ArchiveError:
        """The file ends before what was still to come (``es`` starts with *de* or *del*)."""
        return self.error(
            f"se acaba antes {es}: está truncado",
            f"it ends before {en}: truncated",
            self.end,
        )

    def peek(self) -> int | None:
        """The next byte that is not white space (the scanner moves to it); ``None`` at the end."""
        while True:
            found = _SPACE.match(self.buf, self.at - self.base)
            assert found is not None  # it matches the empty string
            self.at = self.base + found.end()
            self.keep = self.at
            if self.at < self.end:
                return self.buf[self.at - self.base]
            if not self.more():
                return None

    def expect(self, wanted: bytes, es: str, en: str) -> None:
        """Step over the byte ``wanted`` (after white space), or say what is there instead."""
        found = self.peek()
        if found is None:
            raise self.truncated(f"de «{wanted.decode()}»", f"'{wanted.decode()}'")
        if found != wanted[0]:
            shown = chr(found) if 32 < found < 127 else f"0x{found:02x}"
            raise self.error(f"{es} y hay «{shown}»", f"{en}, found '{shown}'", self.at)
        self.at += 1
        self.keep = self.at

    def string_end(self, start: int, keep: bool, since: int, limit: int) -> tuple[int, bool]:
        """The byte just past the string whose opening quote is at ``start``.

        While ``keep``, the bytes from ``since`` are held; once they pass ``limit`` they are
        not, and the second value returned says so (``False``).
        """
        at = start + 1
        while True:
            quote = self.buf.find(b'"', at - self.base)
            if quote < 0:
                if keep and self.end - since > limit:
                    keep = False
                if not keep:  # not held: keep only a trailing run of backslashes
                    tail = len(self.buf) - len(self.buf.rstrip(b"\\"))
                    self.keep = max(self.keep, self.end - tail)
                at = self.end
                if not self.more():
                    raise self.truncated("del final de un texto", "the end of a string")
                continue
            slashes = 0
            while quote - slashes - 1 >= 0 and self.buf[quote - slashes - 1] == _BACKSLASH:
                slashes += 1
            if slashes % 2 == 0:
                return self.base + quote + 1, keep
            at = self.base + quote + 1

    def value_end(self, start: int, keep: bool, limits: Limits) -> tuple[int, Bilingual | None]:
        """The byte just past the value starting at ``start``, and why it cannot be read if so.

        A value kept larger than ``[limits] text_bytes + field_bytes``, or nested deeper than
        ``[limits] depth``, is scanned on to its end without being held.
        """
        limit = limits.line_bytes
        first = self.buf[start - self.base]
        if first == _QUOTE:
            end, kept = self.string_end(start, keep, start, limit)
            too_large = keep and (not kept or end - start > limit)
            return end, _too_large(limits) if too_large else None
        if first not in _OPEN:
            return self._scalar_end(start), None
        depth = 0
        at = start
        problem: Bilingual | None = None
        while True:
            if keep and at - start > limit:
                keep = False
                problem = problem or _too_large(limits)
            if not keep:
                self.keep = at
            between = _BETWEEN.match(self.buf, at - self.base)
            assert between is not None  # it matches the empty string
            at = self.base + between.end()
            if at == self.end:
                if not self.more():
                    raise self.truncated("del final de un elemento", "the end of an item")
                continue
            char = self.buf[at - self.base]
            if char == _QUOTE:  # a string the window cuts: read on to its end
                at, kept = self.string_end(at, keep, start, limit)
                if keep and not kept:
                    keep = False
                    problem = problem or _too_large(limits)
                continue
            at += 1
            if char in _OPEN:
                depth += 1
                if depth > limits.depth and problem is None:
                    problem = Bilingual(
                        es=f"está anidado a más de {limits.depth} niveles ([limits] depth)",
                        en=f"it nests more than {limits.depth} levels deep ([limits] depth)",
                    )
            elif char in _CLOSE:
                depth -= 1
                if depth == 0:
                    return at, problem

    def _scalar_end(self, start: int) -> int:
        """The byte just past a number, ``true``, ``false`` or ``null``."""
        while True:
            found = _SCALAR.match(self.buf, start - self.base)
            assert found is not None  # it matches the empty string
            end = self.base + found.end()
            if end == self.end and self.more():
                continue  # it may go on in the next read
            if end == start:
                shown = self.buf[start - self.base]
                text = chr(shown) if 32 < shown < 127 else f"0x{shown:02x}"
                raise self.error(
                    f"se esperaba un valor JSON y hay «{text}»",
                    f"expected a JSON value, found '{text}'",
                    start,
                )
            if end - start > 400:
                raise self.error(
                    "tiene un número o una palabra de más de 400 caracteres",
                    "has a number or a word of more than 400 characters",
                    start,
                )
            return end


def _too_large(limits: Limits) -> Bilingual:
    return Bilingual(
        es=f"pasa de {limits.line_bytes} bytes ([limits] text_bytes + field_bytes)",
        en=f"is over {limits.line_bytes} bytes ([limits] text_bytes + field_bytes)",
    )


def _parsed(raw: bytes, offset: int, key: str | None) -> RawItem | BadItem:
    """The item of ``raw``, or why it cannot be read (naming the byte of the file)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = offset + exc.start
        return BadItem(
            offset,
            Bilingual(
                es=f"no es UTF-8 válido (en el byte {at})", en=f"is not valid UTF-8 (at byte {at})"
            ),
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        at = offset + len(text[: exc.pos].encode("utf-8", "surrogatepass"))
        return BadItem(
            offset,
            Bilingual(
                es=f"no es JSON válido: {exc.msg} (en el byte {at})",
                en=f"is not valid JSON: {exc.msg} (at byte {at})",
            ),
        )
    except (ValueError, RecursionError):  # an integer of thousands of digits
        return BadItem(
            offset,
            Bilingual(
                es="tiene un número de demasiadas cifras", en="has a number of too many digits"
            ),
        )
    return RawItem(data, raw, offset, key)


def _array(scanner: _Scanner, key: str | None, limits: Limits) -> Iterator[RawItem | BadItem]:
    """The items of the array whose ``[`` the scanner has just passed."""
    first = True
    while True:
        found = scanner.peek()
        if found is None:
            raise scanner.truncated("de cerrar la lista («]»)", "the array is closed (']')")
        if found == ord("]") and first:
            scanner.at += 1
            return
        if not first:
            if found == ord("]"):
                scanner.at += 1
                return
            scanner.expect(b",", "se esperaba «,» o «]»", "expected ',' or ']'")
            if scanner.peek() is None:
                raise scanner.truncated("del siguiente elemento", "the next item")
        start = scanner.at
        end, problem = scanner.value_end(start, True, limits)
        if problem is not None:
            yield BadItem(start, problem)
        else:
            yield _parsed(scanner.buf[start - scanner.base : end - scanner.base], start, key)
        scanner.at = end
        scanner.keep = end
        first = False


def _members(
    scanner: _Scanner, members: frozenset[str], limits: Limits
) -> Iterator[RawItem | BadItem]:
    """The items of the arrays of the object's members named in ``members``."""
    found_any = False
    first = True
    while True:
        found = scanner.peek()
        if found is None:
            raise scanner.truncated("de cerrar el objeto («}»)", "the object is closed ('}')")
        if found == ord("}") and first:
            scanner.at += 1
            break
        if not first:
            if found == ord("}"):
                scanner.at += 1
                break
            scanner.expect(b",", "se esperaba «,» o «}»", "expected ',' or '}'")
        if scanner.peek() != _QUOTE:
            scanner.expect(b'"', "se esperaba el nombre de un campo", "expected a member's name")
        start = scanner.at
        end, problem = scanner.value_end(start, True, limits)
        if problem is not None:
            raise scanner.error(
                f"el nombre de un campo {problem.es}", f"a member's name {problem.en}", start
            )
        parsed = _parsed(scanner.buf[start - scanner.base : end - scanner.base], start, None)
        if isinstance(parsed, BadItem):
            raise scanner.error(parsed.problem.es, parsed.problem.en, start)
        scanner.at = end
        scanner.expect(b":", "se esperaba «:»", "expected ':'")
        if parsed.data in members:
            if scanner.peek() != ord("["):
                raise scanner.error(
                    f"«{parsed.data}» no es una lista", f"'{parsed.data}' is not an array", start
                )
            scanner.at += 1
            found_any = True
            yield from _array(scanner, parsed.data, limits)
        else:
            if scanner.peek() is None:
                raise scanner.truncated("del valor de un campo", "a member's value")
            scanner.at = scanner.value_end(scanner.at, False, limits)[0]
            scanner.keep = scanner.at
        first = False
    if not found_any:
        names = ", ".join(f"«{name}»" for name in sorted(members))
        raise scanner.error(
            f"no tiene ninguna de las listas {names}",
            f"has none of the arrays {names.replace('«', chr(39)).replace('»', chr(39))}",
            0,
        )


def array_items(
    stream: IO[bytes],
    archive: str,
    member: str,
    limits: Limits | None = None,
    *,
    members: frozenset[str] | None = None,
    chunk: int = CHUNK,
) -> Iterator[RawItem | BadItem]:
    """The items of the file's array, one at a time, as they come.

    :param stream: the file's content.
    :param archive: the archive's name, for errors.
    :param member: the file's name in the archive, for errors.
    :param limits: an item may take ``text_bytes + field_bytes`` bytes and nest ``depth``
        levels (the defaults when ``None``).
    :param members: ``None`` when the file is the array itself; else the file is an object and
        the items are those of the arrays of these members (the others are skipped unread).
    :param chunk: how many bytes to read at a time.
    :raises ArchiveError: the file is not an array (an object with one of ``members``), is cut
        short, or has something else than ``,`` between items; the error names the byte. The
        items before it have been yielded.
    """
    limits = limits or Limits()
    scanner = _Scanner(stream, archive, member, chunk)
    while len(scanner.buf) < len(_BOM) and scanner.more():
        pass
    if scanner.buf.startswith(_BOM):
        scanner.at = scanner.keep = len(_BOM)
    if members is None:
        scanner.expect(
            b"[", "no es una lista JSON: se esperaba «[»", "is not a JSON array: expected '['"
        )
        yield from _array(scanner, None, limits)
    else:
        scanner.expect(
            b"{", "no es un objeto JSON: se esperaba «{»", "is not a JSON object: expected '{'"
        )
        yield from _members(scanner, members, limits)
    if scanner.peek() is not None:
        raise scanner.error(
            "hay más texto después del final", "there is more text after the end", scanner.at
        )
