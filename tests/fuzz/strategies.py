"""Hypothesis strategies for hostile input: what a careless export or a malicious file may hold.

Every strategy here produces input that govsm must either read or refuse with words — never
with a traceback, never by reading a file outside the workspace. The building blocks:

- characters that hide or reorder text: bidirectional controls (U+202A–U+202E, U+2066–U+2069),
  zero-width and other invisible characters, control characters, odd line breaks and NUL;
- byte sequences that are not UTF-8;
- instants and days at the ends of what :class:`datetime.datetime` holds;
- values nested deeper than any parser should follow, and strings of a hundred thousand
  characters.

On top of them: hostile ``govsm.toml`` documents (:func:`workspace_cases`), JSON Lines history
files (:func:`history_lines`), governance journals (:func:`journal_lines`), Markdown drafts
(:func:`drafts`), ``govsm check`` inputs (:func:`check_inputs`) and links leading out of the
workspace (:func:`links_out`). Each generated line or file says what a correct govsm must do with
it (load it, skip it, refuse it), so the tests can state their properties exactly.

A few hostile inputs are left out while the bug they reveal is open in a file that another
change owns; each ``KNOWN_BUG_*`` switch below names its bug and its reproduction test. Set a
switch to ``False`` once the bug is fixed (its reproduction then passes, and its strict ``xfail``
says so).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from attrs import frozen
from hypothesis import strategies as st

# --- open bugs in files this suite does not fix (see the reproductions) -----------------------

#: integers of more than 4,300 digits make ``json.loads`` and ``tomllib`` raise a bare
#: ``ValueError`` that the readers do not catch (``test_*::test_*_huge_integer*``)
KNOWN_BUG_HUGE_INTEGERS = False
#: ``govsm check`` on a draft whose closing ``+++`` is indented raises ``ValueError``
#: (``test_check_inputs.py::test_a_draft_with_an_indented_closing_fence``)
KNOWN_BUG_DRAFT_FENCES = False
#: a journal is split into lines by ``str.splitlines``: a line holding U+2028, U+0085, ``\r``…
#: (inside a JSON string) is cut in two and the later lines are numbered wrongly
#: (``test_journals.py::test_a_line_separator_inside_a_journal_line``)
KNOWN_BUG_JOURNAL_LINE_BREAKS = False
#: one byte that is not UTF-8 refuses the whole journal, at "line 0"
#: (``test_journals.py::test_one_invalid_byte_refuses_only_its_line``)
KNOWN_BUG_JOURNAL_UTF8 = False
#: a journal line whose action (or state, or edited key) holds NUL is quoted in a message that
#: cannot become a finding: the load step fails
#: (``test_journals.py::test_an_action_holding_nul``)
KNOWN_BUG_JOURNAL_NUL_ECHO = False

# --- characters and bytes ---------------------------------------------------------------------

#: bidirectional embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069)
BIDI: tuple[str, ...] = tuple(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
#: invisible characters: zero-width space and joiners, word joiner, BOM, soft hyphen, Mongolian
#: vowel separator, Arabic letter mark
ZERO_WIDTH: tuple[str, ...] = (
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u180e",
    "\u061c",
)
#: line breaks ``str.splitlines`` knows besides ``\n``
LINE_BREAKS: tuple[str, ...] = (
    "\r",
    "\x0b",
    "\x0c",
    "\x1c",
    "\x1d",
    "\x1e",
    "\x85",
    "\u2028",
    "\u2029",
)
#: control characters (and the line breaks above)
CONTROLS: tuple[str, ...] = ("\x01", "\x08", "\t", "\x1b", "\x7f", *LINE_BREAKS)
NUL = "\x00"
#: byte sequences no UTF-8 decoder accepts: a stray continuation byte, a cut sequence, overlong
#: encodings, an encoded surrogate, a code point past U+10FFFF, Latin-1 text
INVALID_UTF8: tuple[bytes, ...] = (
    b"\xff",
    b"\xfe\xff",
    b"\x80",
    b"\xc3",
    b"\xe2\x82",
    b"\xc0\xaf",
    b"\xe0\x80\xaf",
    b"\xed\xa0\x80",
    b"\xf4\x90\x80\x80",
    b"caf\xe9",
)
#: words of the example council, so hostile text also looks like real text to the rules
WORDS: tuple[str, ...] = (
    "Soldeneu",
    "Ajuntament",
    "#FiresSoldeneu2026",
    "@AjSoldeneu",
    "https://www.soldeneu.example/fires",
    "soldeneu.example",
    "Neus Ferrando",
    "marta.soler@soldeneu.example",
    "🎉",
    "𝗡𝗮𝗱𝗮𝗹",
    "Plaça Major",
    "ajuntament-soldeneu",
    "+++",
    '"',
    "\\",
    "{",
)


def hostile_characters(*, nul: bool = True, breaks: bool = True) -> st.SearchStrategy[str]:
    """One character that hides, reorders or breaks text.

    :param nul: whether NUL may be drawn (govsm refuses it in every text).
    :param breaks: whether line breaks other than ``\\n`` may be drawn.
    """
    controls = CONTROLS if breaks else tuple(c for c in CONTROLS if c not in LINE_BREAKS)
    return st.sampled_from(BIDI + ZERO_WIDTH + controls + ((NUL,) if nul else ()))


def _no_breaks(text: str) -> str:
    return text.translate({ord(c): None for c in LINE_BREAKS})


#: what a huge text repeats: letters, accents, emoji, bidi controls, URL- and hashtag-like runs
_HUGE_UNITS: tuple[str, ...] = (
    "a",
    "é",
    "🎉",
    "\u202e",
    "\u200b",
    "a.",
    "#a",
    "@a ",
    " ",
    "Soldeneu ",
    "https://soldeneu.example/",
    "𝗡",
)


def huge_text(max_chars: int = 100_000) -> st.SearchStrategy[str]:
    """A run of one unit, from a thousand to ``max_chars`` characters."""

    def repeat(unit: str, size: int) -> str:
        return (unit * (size // len(unit) + 1))[:size]

    return st.builds(
        repeat, st.sampled_from(_HUGE_UNITS), st.integers(min_value=1_000, max_value=max_chars)
    )


def mixed_text(
    *, nul: bool = True, breaks: bool = True, max_pieces: int = 10
) -> st.SearchStrategy[str]:
    """Short text: ordinary words, any Unicode (no surrogates) and hostile characters, mixed."""
    piece = st.one_of(
        st.text(max_size=8),
        hostile_characters(nul=nul, breaks=breaks),
        st.sampled_from(WORDS),
    )
    text = st.lists(piece, max_size=max_pieces).map("".join)
    if not nul:
        text = text.map(lambda value: value.replace(NUL, ""))
    if not breaks:
        text = text.map(_no_breaks)
    return text


def hostile_text(
    *, nul: bool = True, breaks: bool = True, huge: bool = True
) -> st.SearchStrategy[str]:
    """Text as a hostile file may hold it; about one in eight is huge.

    :param nul: whether it may hold NUL.
    :param breaks: whether it may hold line breaks other than ``\\n``.
    :param huge: whether it may be up to a hundred thousand characters long.
    """
    mixed = mixed_text(nul=nul, breaks=breaks)
    if not huge:
        return mixed
    return st.integers(min_value=0, max_value=7).flatmap(lambda n: huge_text() if n == 0 else mixed)


def identifier_lookalikes(base: Sequence[str]) -> st.SearchStrategy[str]:
    """A real identifier with a hostile character slipped in, or changed to look the same."""

    def slip(ident: str, char: str, at: int) -> str:
        at = at % (len(ident) + 1)
        return ident[:at] + char + ident[at:]

    return st.one_of(
        st.builds(slip, st.sampled_from(base), hostile_characters(), st.integers(min_value=0)),
        st.sampled_from(base).map(str.upper),
        st.sampled_from(base).map(lambda ident: ident.replace("a", "\u0430")),  # Cyrillic а
        st.sampled_from(base).map(lambda ident: ident * 10),
    )


# --- instants and days ------------------------------------------------------------------------

#: instants whose offset puts them out of the range of UTC datetimes
OUT_OF_RANGE_INSTANTS: tuple[str, ...] = (
    "9999-12-31T23:59:59-12:00",
    "9999-12-31T23:59:59.999999-00:01",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00+00:01",
)
#: instants just inside the range: valid, and at the very edge of every date computation
EDGE_INSTANTS: tuple[str, ...] = (
    "0001-01-01T00:00:00+00:00",
    "0001-01-01T00:00:00-12:00",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59.999999+00:00",
    "9999-12-31T23:59:59+14:00",
)
#: texts that are not instants with an offset: naive, impossible days and hours, not ISO
MALFORMED_INSTANTS: tuple[str, ...] = (
    "2026-11-19T10:00:00",
    "2026-11-19",
    "2026-02-30T10:00:00+01:00",
    "2026-11-19T24:00:00+01:00",
    "2026-11-19T10:00:00+24:00",
    "10000-01-01T00:00:00+00:00",
    "0000-01-01T00:00:00+00:00",
    "2026-11-19T10:00:00+01:00\u202e",
    "\u202d2026-11-19T10:00:00+01:00",
    "",
    "now",
)
#: days at the ends of what :class:`datetime.date` holds
EDGE_DAYS: tuple[date, ...] = (date.min, date.max, date(1, 1, 2), date(9999, 12, 30))
_OFFSETS = (
    UTC,
    timezone(timedelta(hours=14)),
    timezone(timedelta(hours=-12)),
    timezone(timedelta(hours=23, minutes=59)),
    timezone(-timedelta(hours=23, minutes=59)),
)


def edge_instants() -> st.SearchStrategy[datetime]:
    """Aware datetimes within two days of the ends of the calendar, some out of UTC's range."""
    low = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(1, 1, 2))
    high = st.datetimes(min_value=datetime(9999, 12, 30), max_value=datetime(9999, 12, 31, 23, 59))
    return st.builds(
        lambda moment, tz: moment.replace(tzinfo=tz), low | high, st.sampled_from(_OFFSETS)
    )


# --- nesting and numbers ----------------------------------------------------------------------

#: nesting depths: shallow, around ``[limits] depth`` (64) and its ceiling (200), past the
#: interpreter's recursion limit, and far past it
DEPTHS: tuple[int, ...] = (1, 2, 63, 64, 65, 199, 200, 201, 1_000, 3_000, 100_000)


def depths() -> st.SearchStrategy[int]:
    """A nesting depth."""
    return st.sampled_from(DEPTHS) | st.integers(min_value=1, max_value=1_500)


def nested_json(depth: int) -> str:
    """``depth`` JSON arrays and objects, alternating, around ``1`` (built without recursion)."""
    opening = "".join('{"a": ' if level % 2 else "[" for level in range(depth))
    closing = "".join("}" if level % 2 else "]" for level in reversed(range(depth)))
    return opening + "1" + closing


def nested_toml(depth: int) -> str:
    """``depth`` TOML arrays and inline tables, alternating, around ``1``."""
    opening = "".join("{a = " if level % 2 else "[" for level in range(depth))
    closing = "".join("}" if level % 2 else "]" for level in reversed(range(depth)))
    return opening + "1" + closing


#: numbers as JSON text that are not ordinary: huge, tiny, negative zero, NaN, the infinities
ODD_JSON_NUMBERS: tuple[str, ...] = (
    "-0",
    str(2**63),
    str(-(2**63) - 1),
    "1e309",
    "-1e309",
    "5e-324",
    "NaN",
    "Infinity",
    "-Infinity",
    "1" * 400,
)
#: integers longer than Python converts from text by default (4,300 digits)
HUGE_INTEGERS: tuple[str, ...] = ("1" * 4_301, "-" + "9" * 10_000)


def json_numbers() -> st.SearchStrategy[str]:
    """A number as JSON text."""
    numbers = st.integers().map(str) | st.sampled_from(ODD_JSON_NUMBERS)
    return numbers if KNOWN_BUG_HUGE_INTEGERS else numbers | st.sampled_from(HUGE_INTEGERS)


def json_values(*, nul: bool = True, breaks: bool = True) -> st.SearchStrategy[Any]:
    """Any JSON value, its texts hostile."""
    scalars = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        hostile_text(nul=nul, breaks=breaks, huge=False),
        st.sampled_from(OUT_OF_RANGE_INSTANTS + EDGE_INSTANTS + MALFORMED_INSTANTS),
    )
    keys = st.one_of(
        st.sampled_from(["id", "text", "profile", "links", "media"]),
        mixed_text(breaks=breaks, max_pieces=3),
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=8,
    )


def short(value: Any, limit: int = 160) -> str:
    """``repr(value)`` cut to ``limit`` characters, its full length said: failing examples stay
    readable (a line nested 100,000 deep would print 400 kB)."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[:limit]}…<{len(text)} chars>"


def dumps(data: Any, *, ascii_only: bool = False) -> bytes:
    """``data`` as one JSON line's bytes (a lone surrogate written as it is: invalid UTF-8)."""
    return json.dumps(data, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")


# --- TOML -------------------------------------------------------------------------------------


@frozen
class Raw:
    """TOML text written as it is: deep nesting, numbers no Python value renders."""

    text: str


_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+\Z")


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string, its control characters escaped."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_key(key: str) -> str:
    """A key, bare when TOML allows it."""
    return key if _BARE_KEY.match(key) else toml_string(key)


def toml_value(value: Any) -> str:
    """``value`` as TOML text, tables inline (with a stack: any depth renders)."""
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Raw):
            out.append(item.text)
        elif isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, int | float):
            out.append(repr(item))  # TOML writes inf and nan as Python does
        elif isinstance(item, str):
            out.append(toml_string(item))
        elif isinstance(item, datetime | date | time):
            out.append(item.isoformat())
        elif isinstance(item, list | tuple):
            parts: list[Any] = [Raw("[")]
            for index, element in enumerate(item):
                parts.extend([Raw(", ")] if index else [])
                parts.append(element)
            stack.extend(reversed([*parts, Raw("]")]))
        elif isinstance(item, dict):
            parts = [Raw("{")]
            for index, (key, element) in enumerate(item.items()):
                parts.append(Raw((", " if index else "") + toml_key(str(key)) + " = "))
                parts.append(element)
            stack.extend(reversed([*parts, Raw("}")]))
        else:  # pragma: no cover - the strategies produce nothing else
            raise TypeError(type(item).__name__)
    return "".join(out)


def toml_lines(data: dict[str, Any]) -> str:
    """``key = value`` lines, one per key of ``data`` (a whole document, or front matter)."""
    return "".join(f"{toml_key(key)} = {toml_value(value)}\n" for key, value in data.items())


def toml_values() -> st.SearchStrategy[Any]:
    """A TOML value of any type, hostile: texts, numbers at the edges, days and instants at the
    ends of the calendar, naive instants, lists of mixed types, inline tables, deep nesting."""
    scalars = st.one_of(
        hostile_text(),
        st.integers(min_value=-(2**63), max_value=2**63 - 1),
        st.sampled_from([0, -1, 2**31, 2**63 - 1, -(2**63)]),
        st.floats(),
        st.booleans(),
        st.sampled_from(EDGE_DAYS),
        edge_instants(),
        st.datetimes(),  # naive: govsm wants an offset
        st.times(),
        depths().map(lambda depth: Raw(nested_toml(depth))),
    )
    if not KNOWN_BUG_HUGE_INTEGERS:
        scalars = scalars | st.sampled_from(HUGE_INTEGERS).map(Raw)
    keys = st.one_of(st.sampled_from(["id", "name", "zz-unknown"]), mixed_text(max_pieces=3))
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
        max_leaves=6,
    )


def typed_like(original: Any) -> st.SearchStrategy[Any]:
    """A hostile value of the same TOML type as ``original``: it passes the type checks and
    reaches the validators and the audit steps behind them."""
    if isinstance(original, bool):
        return st.booleans()
    if isinstance(original, int):
        return st.sampled_from([0, -1, 1, 6, 2**31, 2**63 - 1, -(2**63)]) | st.integers(
            min_value=-(2**63), max_value=2**63 - 1
        )
    if isinstance(original, float):
        return st.floats() | st.sampled_from([0.0, -0.0, 5e-324, 1e308])
    if isinstance(original, datetime):
        return edge_instants() | st.datetimes()
    if isinstance(original, date):
        return st.sampled_from(EDGE_DAYS) | st.dates()
    if isinstance(original, time):
        return st.times()
    if isinstance(original, str):
        return st.one_of(
            hostile_text(),
            identifier_lookalikes([original or "x"]),
            st.just(original + "\u202e"),
        )
    if isinstance(original, list):
        return st.lists(toml_values(), max_size=4)
    return toml_values()


# --- links leading out of the workspace -------------------------------------------------------


@frozen
class Link:
    """A symbolic link made in the workspace before a run.

    :param name: where, relative to the workspace (``history/zz-out.jsonl``, ``drafts/x``).
    :param target: what it points at, relative to the folder outside the workspace (``""``:
        that folder itself); with ``loop``, the link points at itself.
    :param absolute: whether the link holds an absolute path (else a relative one with ``..``).
    :param loop: whether the link points at itself.
    """

    name: str
    target: str = ""
    absolute: bool = False
    loop: bool = False


#: what the folder outside the workspace holds (see ``harness.Sandbox``)
OUTSIDE_TARGETS: tuple[str, ...] = (
    "secret.jsonl",
    "secret.md",
    "journal.jsonl",
    "secret.txt",
    "secret.png",
    "folder",
    "folder/secret.jsonl",
    "",
    "missing.jsonl",
)
#: names in the workspace that archive patterns, media locations and credentials reach
LINK_NAMES: tuple[str, ...] = (
    "history/zz-out.jsonl",
    "history/zz-out.ndjson",
    "drafts/zz-out.md",
    "governance/zz-out.jsonl",
    "media/out.png",
    "secrets/token",
    "history/folder-out",
    "drafts/folder-out",
)


def links_out() -> st.SearchStrategy[Link]:
    """A link from a name the workspace's patterns match to a file or folder outside, or a loop."""
    outward = st.builds(
        Link,
        name=st.sampled_from(LINK_NAMES),
        target=st.sampled_from(OUTSIDE_TARGETS),
        absolute=st.booleans(),
    )
    looping = st.sampled_from(LINK_NAMES).map(lambda name: Link(name, loop=True))
    return outward | looping


# --- hostile workspaces -----------------------------------------------------------------------

#: archive patterns that try to leave the workspace; ``{outside}`` stands for the absolute
#: path of the folder outside it
ESCAPING_PATTERNS: tuple[str, ...] = (
    "../outside/*.jsonl",
    "../../*",
    "history/../../outside/*.jsonl",
    "/etc/*.conf",
    "{outside}/*.jsonl",
    "{outside}/*",
    "//server/share/*.jsonl",
)
#: patterns that stay inside but are odd: recursive, broken brackets, bidi, backslashes
ODD_PATTERNS: tuple[str, ...] = (
    "**/*.jsonl",
    "**",
    "*",
    "history/**",
    "history/[",
    "history/[!",
    "history/\u202e*.jsonl",
    "history\\*.jsonl",
    "C:\\outside\\*.jsonl",
    "~/*.jsonl",
    "history//*.jsonl",
    "history/",
    "./history/*.jsonl",
)


def archive_patterns() -> st.SearchStrategy[list[str]]:
    """A list of archive patterns, some leaving the workspace."""
    pattern = st.one_of(
        st.sampled_from(ESCAPING_PATTERNS + ODD_PATTERNS),
        mixed_text(nul=False, max_pieces=3),
    )
    return st.lists(
        pattern | st.sampled_from(["", ".", "./", "history/.."]), min_size=1, max_size=3
    )


KeyPath = tuple[str | int, ...]


def key_paths(data: Any) -> list[KeyPath]:
    """Every key path in ``data`` (into tables and lists), in document order."""
    found: list[KeyPath] = []
    stack: list[tuple[KeyPath, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if path:
            found.append(path)
        if isinstance(value, dict):
            stack.extend(((*path, key), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, i), item) for i, item in reversed(list(enumerate(value))))
    return found


def value_at(data: Any, path: KeyPath) -> Any:
    """The value at ``path`` in ``data``."""
    for part in path:
        data = data[part]
    return data


@frozen
class SetValue:
    """Replace the value at ``path``."""

    path: KeyPath
    value: Any

    def __repr__(self) -> str:
        return f"SetValue({self.path!r}, {short(self.value)})"

    def apply(self, data: dict[str, Any]) -> None:
        """Change ``data`` in place."""
        value_at(data, self.path[:-1])[self.path[-1]] = self.value


@frozen
class DeleteKey:
    """Remove the key (or list item) at ``path``."""

    path: KeyPath

    def apply(self, data: dict[str, Any]) -> None:
        """Change ``data`` in place."""
        del value_at(data, self.path[:-1])[self.path[-1]]


@frozen
class AddKey:
    """Add ``key`` to the table at ``path``."""

    path: KeyPath
    key: str
    value: Any

    def __repr__(self) -> str:
        return f"AddKey({self.path!r}, {self.key!r}, {short(self.value)})"

    def apply(self, data: dict[str, Any]) -> None:
        """Change ``data`` in place."""
        table = value_at(data, self.path)
        if isinstance(table, dict):
            table[self.key] = self.value


Edit = SetValue | DeleteKey | AddKey


@frozen
class ByteEdit:
    """A change to a file's bytes: insert ``data`` at a fraction of its length, or ``cut`` it
    there."""

    where: float
    data: bytes = b""
    cut: bool = False

    def apply(self, raw: bytes) -> bytes:
        """The changed bytes."""
        at = int(len(raw) * self.where)
        return raw[:at] if self.cut else raw[:at] + self.data + raw[at:]


@frozen
class WorkspaceCase:
    """A hostile ``govsm.toml`` (and links) for the example council, and how to run it.

    :param edits: changes to the example's data, in order (one that no longer applies, because
        an earlier one removed its place, is left out).
    :param byte_edits: changes to the written file's bytes, in order.
    :param append: TOML text added at the end: a table defined twice, a deep value.
    :param links: symbolic links to make in the workspace.
    :param via: ``open`` (:meth:`govsm.Workspace.open`), ``doctor`` or ``audit`` (the CLI).
    """

    edits: tuple[Edit, ...]
    byte_edits: tuple[ByteEdit, ...] = ()
    append: str = ""
    links: tuple[Link, ...] = ()
    via: str = "open"

    def __repr__(self) -> str:
        return (
            f"WorkspaceCase({self.edits!r}, {self.byte_edits!r}, {short(self.append)}, "
            f"{self.links!r}, {self.via!r})"
        )

    def render(self, base: dict[str, Any], outside: str) -> bytes:
        """The ``govsm.toml`` bytes: ``base`` edited and written, then its bytes changed."""
        data = copy.deepcopy(base)
        for edit in self.edits:
            try:
                edit.apply(data)
            except (KeyError, IndexError, TypeError):
                continue
        raw = (toml_lines(data) + self.append).replace("{outside}", outside).encode("utf-8")
        for byte_edit in self.byte_edits:
            raw = byte_edit.apply(raw)
        return raw


#: tables never changed or added: ``[store] url`` chooses where govsm writes (any path, a
#: server) and ``[paths] allow`` which folders outside the workspace it reads, both by design
FROZEN_KEYS = frozenset({"store", "paths"})


def workspace_cases(base: dict[str, Any]) -> st.SearchStrategy[WorkspaceCase]:
    """Hostile versions of the ``govsm.toml`` whose data is ``base``.

    Each case changes a few key paths — a value of another type, or of the same type but hostile;
    an unknown key; a key removed; archive patterns leaving the workspace — and sometimes the
    file's bytes (invalid UTF-8, NUL, a BOM, a cut), a value nested deep or a table defined
    twice at its end, and links leading out of the workspace. The table a path is drawn from is
    drawn first, so the small tables are changed as often as the large ones.
    """
    paths = [p for p in key_paths(base) if p[0] not in FROZEN_KEYS]
    by_table: dict[str, list[KeyPath]] = {}
    for path in paths:
        by_table.setdefault(str(path[0]), []).append(path)
    some_path = st.sampled_from(sorted(by_table)).flatmap(lambda t: st.sampled_from(by_table[t]))
    tables = [()] + [p for p in paths if isinstance(value_at(base, p), dict)]

    def typed(path: KeyPath) -> st.SearchStrategy[Edit]:
        return st.builds(SetValue, st.just(path), typed_like(value_at(base, path)))

    def retyped(path: KeyPath) -> st.SearchStrategy[Edit]:
        return st.builds(SetValue, st.just(path), toml_values())

    credentials = [p for p in paths if p[-1] == "credential"]
    # mostly values of the right type, which pass the parser and reach the audit's steps
    edit = weighted(
        (6, some_path.flatmap(typed)),
        (1, some_path.flatmap(retyped)),
        (1, st.builds(DeleteKey, some_path)),
        (
            1,
            st.builds(
                AddKey,
                st.sampled_from(tables),
                st.sampled_from(["zz-unknown", "id\u200b", "Id", "\u202eid", "ıd"])
                | mixed_text(nul=False, max_pieces=3).filter(lambda key: key not in FROZEN_KEYS),
                toml_values(),
            ),
        ),
        (
            1,
            st.builds(
                SetValue,
                st.sampled_from([("archives", k) for k in ("messages", "drafts", "governance")]),
                archive_patterns(),
            ),
        ),
        (
            1,
            st.builds(
                SetValue,
                st.sampled_from(credentials),
                st.sampled_from(CREDENTIALS_OUTSIDE),
            ),
        ),
    )
    insert = st.one_of(
        st.sampled_from(INVALID_UTF8),
        st.sampled_from([b"\x00", b"\xef\xbb\xbf"]),
        hostile_characters().map(lambda char: char.encode("utf-8")),
    )
    byte_edit = st.builds(ByteEdit, st.floats(min_value=0, max_value=1), insert) | st.builds(
        ByteEdit, st.floats(min_value=0, max_value=1), st.just(b""), st.just(True)
    )
    append = weighted(
        (7, st.just("")),
        (1, depths().map(lambda depth: f"zz-deep = {nested_toml(depth)}\n")),
        (
            1,
            st.sampled_from(
                [
                    '[organisation]\nid = "again"\n',
                    '[[units]]\nid = "comunicacio"\nname = "Twice"\n',
                    'organisation.id = "dotted"\n',
                ]
            ),
        ),
    )
    return st.builds(
        WorkspaceCase,
        edits=st.lists(edit, min_size=1, max_size=3).map(tuple),
        byte_edits=weighted((7, st.just(())), (1, byte_edit.map(lambda edit: (edit,)))),
        append=append,
        links=st.lists(links_out(), max_size=2).map(tuple),
        via=st.sampled_from(["open", "open", "doctor", "audit"]),
    )


def weighted(*choices: tuple[int, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """One of ``choices``, each drawn in proportion to its weight."""
    table = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.integers(min_value=0, max_value=len(table) - 1).flatmap(lambda n: table[n])


#: ``file:`` credentials that lead out of the workspace, or through a link made there
CREDENTIALS_OUTSIDE: tuple[str, ...] = (
    "file:../outside/secret.txt",
    "file:{outside}/secret.txt",
    "file:secrets/token",
    "file:/etc/passwd",
    "file:/dev/zero",
    "file:.",
    "file:",
)


# --- lines of archives and journals -----------------------------------------------------------


@frozen
class Line:
    """One line of a JSON Lines file, and what a correct reader does with it.

    :param raw: its bytes, without the line break.
    :param kind: ``valid`` (loads or applies), ``blank`` (skipped), ``bad`` (refused with a
        finding naming its file and line, leaving nothing in the store) or ``wild`` (hostile,
        and whether it loads is not fixed by the format).
    :param ident: the id it loads or applies under, when ``valid``.
    :param why: what makes it hostile, for whoever reads a failure.
    """

    raw: bytes
    kind: str
    ident: str | None = None
    why: str = ""

    def __repr__(self) -> str:
        return f"Line({short(self.raw)}, {self.kind!r}, {self.ident!r}, {self.why!r})"


def _not_blank(raw: bytes) -> bool:
    return bool(raw.decode("utf-8", "replace").strip())


def _is_json_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw.decode("utf-8")), dict)
    except (ValueError, RecursionError):
        return False


def garbage_lines() -> st.SearchStrategy[Line]:
    """Bytes that are not blank, hold no line break and are not a JSON object."""
    return (
        st.binary(min_size=1, max_size=40)
        .filter(lambda raw: b"\n" not in raw and _not_blank(raw))
        .filter(lambda raw: not _is_json_object(raw))
        .map(lambda raw: Line(raw, "bad", why="garbage"))
    )


def not_object_lines() -> st.SearchStrategy[Line]:
    """A JSON value that is not an object: a list, a string, a number, null, nested deep."""
    return st.one_of(
        json_values()
        .filter(lambda value: not isinstance(value, dict))
        .map(lambda value: Line(dumps(value), "bad", why="not an object")),
        json_numbers().map(lambda number: Line(number.encode(), "bad", why="a number")),
        depths().map(lambda depth: Line(nested_json(depth).encode(), "bad", why="nested deep")),
    )


def blank_lines() -> st.SearchStrategy[Line]:
    """A line with nothing to read."""
    return st.sampled_from([b"", b" ", b"\t", b"  \t "]).map(lambda raw: Line(raw, "blank"))


def _replace(record: dict[str, Any], key: str, value: Any, why: str, **kw: Any) -> Line:
    return Line(dumps({**record, key: value}, **kw), "bad", why=why)


def _splice(line: Line, marker: str, raw: bytes) -> Line:
    """``line`` with the JSON string ``"marker"`` replaced by ``raw`` (bytes or JSON text)."""
    return Line(line.raw.replace(f'"{marker}"'.encode(), raw), line.kind, line.ident, line.why)


def bad_history_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[Line]:
    """A line no reader may load: garbage, cut short, not an object, nested too deep, a hostile
    or huge identifier, invalid UTF-8, NUL or a lone surrogate, an instant out of range or
    malformed, a wrong type, an unknown key, another organisation's message."""
    record = st.sampled_from(records)

    def cut(record: dict[str, Any], where: float) -> Line:
        raw = dumps(record)
        return Line(raw[: max(1, int(len(raw) * where))], "bad", why="cut short")

    return st.one_of(
        garbage_lines(),
        not_object_lines(),
        st.builds(cut, record, st.floats(min_value=0, max_value=0.99)),
        st.builds(
            lambda record, key, depth: _splice(
                _replace(record, key, "@@", "nested deep"), "@@", nested_json(depth).encode()
            ),
            record,
            st.sampled_from(["links", "media", "text", "id"]),
            depths(),
        ),
        st.builds(
            lambda record, raw: _splice(_replace(record, "text", "@@", "invalid UTF-8"), "@@", raw),
            record,
            st.sampled_from(INVALID_UTF8).map(lambda raw: b'"' + raw + b'"'),
        ),
        st.builds(
            lambda record, text: _replace(
                record, "text", text, "NUL or surrogate", ascii_only=True
            ),
            record,
            st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy"]),
        ),
        st.builds(
            lambda record, key, value: _replace(record, key, value, "hostile identifier"),
            record,
            st.sampled_from(["id", "profile"]),
            st.one_of(
                identifier_lookalikes(["x-ajuntament", "ajuntament-soldeneu"]),
                huge_text(),
                st.sampled_from(["", " ", "-x", "x-", "../x", "x/y"]),
            ),
        ),
        st.builds(
            lambda record, value: _replace(record, "created_at", value, "instant"),
            record,
            st.sampled_from(OUT_OF_RANGE_INSTANTS + MALFORMED_INSTANTS),
        ),
        st.builds(
            lambda record, key, value: _replace(record, key, value, "wrong type"),
            record,
            st.sampled_from(["text", "media", "links", "direction", "kind", "state", "created_at"]),
            st.one_of(st.integers(), st.lists(st.integers(), min_size=1), st.just({"a": 1})),
        ),
        st.builds(
            lambda record, key: _replace(record, key, 1, "unknown key"),
            record,
            st.sampled_from(["zz", "ıd", "id\u200b", "Text", "zz\x00", "\ud800"]),
        ),
        st.builds(  # quoted in the refusal: the message must escape what it quotes
            lambda record, key, value: _replace(record, key, value, "NUL in a quoted value"),
            record,
            st.sampled_from(["organisation", "state", "kind", "direction", "language", "id"]),
            st.sampled_from(["x\x00", "\x00", "x\ud800"]),
        ),
        st.builds(
            lambda record, value: _replace(record, "organisation", value, "another organisation"),
            record,
            st.sampled_from(["other", 5, ["ajuntament-soldeneu"]]),
        ),
    )


#: where media of a hostile line points: outside the workspace, through a link, at devices
MEDIA_OUTSIDE: tuple[str, ...] = (
    "../outside/secret.png",
    "{outside}/secret.png",
    "media/out.png",
    "history/../../outside/secret.png",
    "../../../../../../../../etc/passwd",
    "/etc/passwd",
    "/dev/zero",
    "file:///etc/passwd",
)


def hostile_valid_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[Line]:
    """An example line made hostile yet still valid: its text full of bidi controls, invisible
    characters or a hundred thousand characters long; media pointing outside the workspace. And
    one that is ``wild``: an instant within days of the ends of the calendar, which govsm may
    load or refuse (with words)."""
    published = [r for r in records if r.get("state") == "published"]

    def media(record: dict[str, Any], location: str, alt: str) -> Line:
        item = {"kind": "image", "location": location, "alt_text": alt}
        return Line(dumps({**record, "media": [item]}), "valid", why="media outside")

    return st.one_of(
        st.builds(
            lambda record, text: Line(dumps({**record, "text": text}), "valid", why="text"),
            st.sampled_from(records),
            hostile_text(nul=False),
        ),
        st.builds(  # near the ends of the calendar: loaded, or refused with words
            lambda record, key, value: Line(dumps({**record, key: value}), "wild", why=key),
            st.sampled_from(published),
            st.sampled_from(["created_at", "published_at"]),
            st.sampled_from(EDGE_INSTANTS) | edge_instants().map(datetime.isoformat),
        ),
        st.builds(
            media,
            st.sampled_from(records),
            st.sampled_from(MEDIA_OUTSIDE),
            mixed_text(nul=False, max_pieces=4),
        ),
    )


def history_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[list[Line]]:
    """A JSON Lines history file: example lines as they are, hostile-but-valid ones, bad ones and
    blank ones, mixed; each valid (or wild) line gets its own id (``fz-N``, N its line number)."""
    line = st.one_of(
        st.sampled_from(records).map(lambda record: Line(dumps(record), "valid", why="example")),
        hostile_valid_lines(records),
        bad_history_lines(records),
        bad_history_lines(records),
        blank_lines(),
    )

    def numbered(lines: list[Line]) -> list[Line]:
        out = []
        for number, line in enumerate(lines, start=1):
            if line.kind in {"valid", "wild"}:
                data = json.loads(line.raw.decode("utf-8"))
                ident = f"fz-{number}"
                line = Line(dumps({**data, "id": ident}), line.kind, ident, line.why)
            out.append(line)
        return out

    return st.lists(line, min_size=1, max_size=10).map(numbered)


def journal_lines(records: Sequence[dict[str, Any]]) -> st.SearchStrategy[list[Line]]:
    """The example's journal lines, in order, with hostile lines slipped between them.

    A ``bad`` line can never apply: it is garbage or not an object, lacks a field, names an
    action or a person that does not exist or a subject that is malformed, carries an instant
    without an offset or out of range, reuses the id of a line before it, or nests too deep.
    A ``wild`` line is an example line with one field made hostile, under a new id: it may
    apply, and then the example lines after it may not.
    """
    ids = [r["id"] for r in records]
    breaks = not KNOWN_BUG_JOURNAL_LINE_BREAKS

    def changed(kind: str, why: str) -> Callable[[dict[str, Any], str, Any], Line]:
        def build(record: dict[str, Any], key: str, value: Any) -> Line:
            data = {**record, "id": "fz-line"}
            data[key] = value
            return Line(dumps(data), kind, why=why)

        return build

    def subject(record: dict[str, Any]) -> str:
        return str(record["do"]).split(".")[0]  # request.*, profile.*, message.*, delegation.*

    record = st.sampled_from(records)
    inert_lines: list[st.SearchStrategy[Line]] = [
        garbage_lines()
        .filter(lambda line: breaks or not _has_break(line.raw))
        .filter(lambda line: not KNOWN_BUG_JOURNAL_UTF8 or _is_utf8(line.raw)),
        not_object_lines().filter(lambda line: breaks or not _has_break(line.raw)),
        st.builds(
            changed("bad", "a field missing or of the wrong type"),
            record,
            st.sampled_from(["id", "by", "do", "at"]),
            st.one_of(st.none(), st.integers(), st.sampled_from(["", " ", []])),
        ),
        st.builds(
            changed("bad", "unknown action"),
            record,
            st.just("do"),
            mixed_text(nul=not KNOWN_BUG_JOURNAL_NUL_ECHO, breaks=breaks)
            | st.sampled_from(["request.submit\u200b", "Request.Submit"]),
        ),
        st.builds(
            changed("bad", "unknown person"),
            record,
            st.just("by"),
            identifier_lookalikes(["marta-soler", "carme-puig"]).map(
                lambda text: text if breaks else _no_breaks(text)
            ),
        ),
        st.builds(
            changed("bad", "instant out of range or malformed"),
            record,
            st.just("at"),
            st.sampled_from(OUT_OF_RANGE_INSTANTS + MALFORMED_INSTANTS),
        ),
        record.flatmap(
            lambda rec: st.builds(
                lambda value: changed("bad", "malformed subject")(rec, subject(rec), value),
                st.sampled_from(["sol\x00", "x\u202e", "", 5, [1], {"zz": 1}]),
            )
        ),
        record.flatmap(
            lambda rec: depths().map(
                lambda depth: _splice(
                    changed("bad", "subject nested deep")(rec, subject(rec), "@@"),
                    "@@",
                    nested_json(depth).encode(),
                )
            )
        ),
    ]
    if not KNOWN_BUG_JOURNAL_UTF8:
        inert_lines.append(
            st.builds(
                lambda rec, raw: _splice(
                    changed("bad", "invalid UTF-8")(rec, "by", "@@"), "@@", b'"' + raw + b'"'
                ),
                record,
                st.sampled_from(INVALID_UTF8),
            )
        )
    inert = st.one_of(inert_lines)
    wild = st.builds(
        changed("wild", "hostile value"),
        record,
        st.sampled_from(["at", "reason", "request", "to", "unit", "text", "comment"]),
        st.one_of(
            hostile_text(nul=False, breaks=breaks),
            st.sampled_from(EDGE_INSTANTS),
            json_values(nul=not KNOWN_BUG_JOURNAL_NUL_ECHO, breaks=breaks),
        ),
    ).filter(lambda line: breaks or not _has_break(line.raw))

    @st.composite
    def journal(draw: st.DrawFn) -> list[Line]:
        lines: list[Line] = []
        allow_wild = draw(st.booleans())
        for index in range(len(records) + 1):  # before each example line, and after the last
            for _ in range(draw(st.integers(min_value=0, max_value=1))):
                choice = draw(st.integers(min_value=0, max_value=9))
                if choice == 0 and allow_wild:
                    lines.append(draw(wild))
                elif choice == 1 and index > 0:
                    earlier = draw(st.sampled_from(ids[:index]))
                    rec = records[min(index, len(records) - 1)]
                    lines.append(Line(dumps({**rec, "id": earlier}), "bad", why="id reused"))
                elif choice == 2:
                    lines.append(draw(blank_lines()))
                else:
                    lines.append(draw(inert))
            if index < len(records):
                rec = records[index]
                lines.append(Line(dumps(rec), "valid", rec["id"], "example"))
        return [_own_id(line, number) for number, line in enumerate(lines, start=1)]

    return journal()


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _has_break(raw: bytes) -> bool:
    text = raw.decode("utf-8", "replace")
    return any(char in text for char in LINE_BREAKS)


def _own_id(line: Line, number: int) -> Line:
    """A hostile line's placeholder id ``fz-line`` made unique: ``fz-line-N``."""
    raw = line.raw.replace(b'"fz-line"', f'"fz-line-{number}"'.encode(), 1)
    return Line(raw, line.kind, line.ident, line.why)


# --- drafts -----------------------------------------------------------------------------------


@frozen
class Draft:
    """A Markdown draft file, and whether it must load (else be refused naming the file).

    :param raw: its bytes.
    :param valid: whether it must load, as ``ident``.
    :param why: what makes it hostile.
    """

    raw: bytes
    valid: bool
    ident: str = "fz-draft"
    why: str = ""

    def __repr__(self) -> str:
        return f"Draft({short(self.raw)}, valid={self.valid}, why={self.why!r})"


FENCE = "+++"
#: line breaks a draft may use: TOML reads the front matter only with the first two
DRAFT_EOLS: tuple[str, ...] = ("\n", "\r\n", "\r", "\u2028", "\x0b")
#: closing fences: the draft format strips the line, so all of these close the front matter
CLOSING_FENCES: tuple[str, ...] = ("+++", "+++ ", "+++\t")
CLOSING_FENCES_BUGGY: tuple[str, ...] = (" +++", "\t+++")


def draft_text(front: dict[str, Any], body: str, *, eol: str = "\n", closing: str = FENCE) -> str:
    """A draft: ``+++``, the front matter, the closing fence, the body; lines ended by ``eol``."""
    lines = [FENCE, *toml_lines(front).splitlines(), closing]
    return eol.join(lines) + eol + body


def drafts(fronts: Sequence[dict[str, Any]]) -> st.SearchStrategy[Draft]:
    """Drafts built on the example's front matters (their id ``fz-draft``): valid ones with a
    hostile body, and broken ones: no front matter, no closing fence, invalid TOML, invalid
    UTF-8, NUL, a key a draft may not hold, an instant out of range, a hostile identifier, a
    wrong type, nesting too deep, line breaks TOML does not read."""
    front = st.sampled_from(fronts).map(lambda head: {**head, "id": "fz-draft"})
    closing = st.sampled_from(
        CLOSING_FENCES + (() if KNOWN_BUG_DRAFT_FENCES else CLOSING_FENCES_BUGGY)
    )

    def made(head: dict[str, Any], body: str, eol: str, end: str) -> Draft:
        raw = draft_text(head, body, eol=eol, closing=end).encode("utf-8")
        return Draft(raw, eol in {"\n", "\r\n"}, why=f"hostile body, lines ended by {eol!r}")

    def broken(why: str, text: str, *, surrogates: bool = False) -> Draft:
        return Draft(
            text.encode("utf-8", "surrogatepass" if surrogates else "strict"), False, why=why
        )

    def with_value(head: dict[str, Any], key: str, value: Any, why: str) -> Draft:
        return broken(why, draft_text({**head, key: value}, "Hola"))

    return st.one_of(
        st.builds(made, front, hostile_text(nul=False), st.sampled_from(DRAFT_EOLS), closing),
        hostile_text(nul=False)
        .filter(lambda body: not body.splitlines() or body.splitlines()[0].strip() != FENCE)
        .map(lambda body: broken("no front matter", body)),
        front.map(
            lambda head: broken("no closing fence", FENCE + "\n" + toml_lines(head) + "Hola")
        ),
        st.builds(
            lambda head, junk: broken(
                "invalid TOML", draft_text(head, "Hola").replace("+++\n", f"+++\n{junk}\n", 1)
            ),
            front,
            st.sampled_from(
                ["= 1", "[[", "a = ", "id = 'x", "[media", "x = 2026-13-01", 'id = "again"']
            ),
        ),
        st.builds(
            lambda head, raw, where: Draft(
                ByteEdit(where, raw).apply(draft_text(head, "Hola").encode()),
                False,
                why="invalid UTF-8",
            ),
            front,
            st.sampled_from(INVALID_UTF8),
            st.floats(min_value=0, max_value=1),
        ),
        st.builds(
            lambda head, body: broken("NUL", draft_text(head, body + NUL)),
            front,
            mixed_text(nul=False, max_pieces=3),
        ),
        st.builds(
            with_value,
            front,
            st.sampled_from(["direction", "text", "organisation"]),
            st.just("x"),
            st.just("a key a draft may not hold"),
        ),
        st.builds(
            with_value,
            front,
            st.just("created_at"),
            st.sampled_from(OUT_OF_RANGE_INSTANTS + MALFORMED_INSTANTS),
            st.just("instant"),
        ),
        st.builds(
            with_value,
            front,
            st.sampled_from(["id", "profile"]),
            identifier_lookalikes(["x-ajuntament"]),
            st.just("hostile identifier"),
        ),
        st.builds(
            with_value,
            front,
            st.sampled_from(["media", "kind", "state", "created_at"]),
            st.one_of(st.integers(), st.just("x"), st.just([1])),
            st.just("wrong type"),
        ),
        st.builds(
            with_value,
            front,
            st.just("links"),
            depths().map(lambda depth: Raw(nested_toml(depth))),
            st.just("nested deep"),
        ),
    )


# --- govsm check inputs -----------------------------------------------------------------------


@frozen
class CheckInput:
    """One input of ``govsm check``.

    :param name: its file name, or ``-`` for standard input.
    :param raw: its bytes.
    :param lines: for JSON Lines, what each line is.
    :param valid: for a single text or draft, whether it must be checked (not an input error);
        ``None`` when either is right.
    """

    name: str
    raw: bytes
    lines: tuple[Line, ...] = ()
    valid: bool | None = None

    def __repr__(self) -> str:
        return f"CheckInput({self.name!r}, {short(self.raw)}, {self.lines!r}, {self.valid!r})"


def check_records() -> st.SearchStrategy[Line]:
    """A line of a ``govsm check`` JSON Lines input: a short record, good or hostile."""
    optional = {
        "network": st.sampled_from(["x", "mastodon", "bluesky"]),
        "lang": st.sampled_from(["ca", "es", "en"]),
        "id": mixed_text(nul=False, max_pieces=3),
        "kind": st.sampled_from(["post", "reply", "repost", "quote"]),
        "published": st.booleans(),
        "appended_links": st.just(["https://t.co/Ab12Cd34"]),
        "original_author": st.just("@alcaldesa"),
        "media": st.sampled_from(MEDIA_OUTSIDE).map(
            lambda where: [{"kind": "image", "location": where, "alt_text": "Cartell de la fira"}]
        ),
    }
    good = st.builds(
        lambda text, extra: Line(dumps({"text": text, **extra}), "valid", why="short record"),
        hostile_text(nul=False),
        st.fixed_dictionaries({}, optional=optional),
    )
    bad = st.one_of(
        not_object_lines(),
        garbage_lines(),
        st.just(Line(dumps({"text": "a\x00b"}), "bad", why="NUL")),
        st.sampled_from(["lang", "profile", "zz\x00"]).map(
            lambda key: Line(dumps({"text": "Hola", key: "x\x00"}), "bad", why="NUL quoted")
        ),
        st.sampled_from(["zz", "txt", "ıd"]).map(
            lambda key: Line(dumps({"text": "Hola", key: 1}), "bad", why="unknown key")
        ),
        st.one_of(st.integers(), st.none(), st.lists(st.integers())).map(
            lambda value: Line(dumps({"text": value}), "bad", why="text not text")
        ),
        st.sampled_from(["x", [1], [{"kind": "nope", "location": "x"}]]).map(
            lambda value: Line(dumps({"text": "Hola", "media": value}), "bad", why="media")
        ),
        st.sampled_from(
            [
                ("kind", "nope"),
                ("kind", "mention"),
                ("published", "yes"),
                ("counted_range", [5]),
                ("counted_range", [0, 99]),
                ("counted_range", [3, 1]),
                ("counted_range", [True, 2]),
                ("appended_links", "https://t.co/x"),
                ("original_author", 7),
            ]
        ).map(lambda pair: Line(dumps({"text": "Hola", pair[0]: pair[1]}), "bad", why=pair[0])),
        st.sampled_from(INVALID_UTF8).map(
            lambda raw: Line(b'{"text": "' + raw + b'"}', "bad", why="invalid UTF-8")
        ),
        depths().map(
            lambda depth: Line(
                f'{{"text": "Hola", "media": {nested_json(depth)}}}'.encode(), "bad", why="deep"
            )
        ),
    )
    wild = st.builds(
        lambda key, value: Line(dumps({"text": "Hola", key: value}), "wild", why="wrong type"),
        st.sampled_from(["profile", "lang", "title", "network", "id", "kind"]),
        st.one_of(st.integers(), st.just([]), st.just({"a": 1}), mixed_text()),
    )
    return st.one_of(good, bad, bad, wild, blank_lines())


def check_inputs(fronts: Sequence[dict[str, Any]]) -> st.SearchStrategy[CheckInput]:
    """A ``govsm check`` input: a JSON Lines file or standard input, a text file, a Markdown
    draft (broken or not) or plain Markdown, each hostile."""

    def jsonl(name: str, lines: list[Line]) -> CheckInput:
        return CheckInput(name, b"\n".join(line.raw for line in lines) + b"\n", tuple(lines))

    records = st.lists(check_records(), min_size=1, max_size=6)
    files = st.builds(jsonl, st.sampled_from(["posts.jsonl", "posts.ndjson"]), records)
    # standard input is read as JSON Lines when its first character is "{", and as a text
    # stream: a bare "\r" ends a line there (Python's universal newlines)
    stdin = st.builds(jsonl, st.just("-"), records).filter(
        lambda item: item.raw.startswith(b"{") and b"\r" not in item.raw
    )
    text = st.one_of(
        hostile_text().map(lambda text: text.encode("utf-8")),
        st.binary(max_size=60),
        st.builds(
            lambda text, raw, where: ByteEdit(where, raw).apply(text.encode("utf-8")),
            mixed_text(),
            st.sampled_from(INVALID_UTF8),
            st.floats(min_value=0, max_value=1),
        ),
    )
    names = st.sampled_from(["post.txt", "post", "post.md", ".hidden", "post.markdown", "-"])
    plain = st.builds(CheckInput, names, text).filter(
        lambda item: not (item.name == "-" and item.raw.startswith(b"{"))
    )
    draft = st.builds(
        lambda draft, name: CheckInput(name, draft.raw, valid=draft.valid),
        drafts(fronts),
        st.sampled_from(["draft.md", "draft.markdown"]),
    )
    return st.one_of(files, stdin, plain, draft)
