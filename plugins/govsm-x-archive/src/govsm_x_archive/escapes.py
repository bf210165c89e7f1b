"""X's text as it was shown, and X's indices turned into places in it.

X keeps a tweet's ``full_text`` with three characters HTML-escaped — ``&`` as ``&amp;``, ``<`` as
``&lt;``, ``>`` as ``&gt;`` — and nothing else (an ``&eacute;`` someone typed is kept as
``&amp;eacute;``), so undoing exactly those three, in one pass, gives back what was typed and
shown. Its indices (``display_text_range``, each entity's ``indices``) count **Unicode code
points of the escaped text**: ``&amp;`` counts five, an emoji one. Python indexes a ``str`` by
code points too, so an index only needs the escapes before it taken away
(:meth:`Unescaped.shown_index`).

Some tools, and some of X's older answers, counted otherwise (UTF-16 units, or the unescaped
text). :func:`best_frame` checks each convention against the entities themselves — the
``t.co`` link must be where the index says — and keeps the one that fits.

>>> text = unescape("Fish &amp; chips 🐟 https://t.co/AbC")
>>> text.shown
'Fish & chips 🐟 https://t.co/AbC'
>>> text.shown_index(19)  # where X puts the link: 19 code points into the escaped text
15
>>> text.shown[15:]
'https://t.co/AbC'
"""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Iterable

from attrs import frozen

#: the three escapes X writes, and what each stands for
_ESCAPES = {"&amp;": "&", "&lt;": "<", "&gt;": ">"}
_ESCAPE = re.compile("&(?:amp|lt|gt);")


@frozen
class Unescaped:
    """A text as X shows it, and where its escapes were.

    :param escaped: the text as X stores it.
    :param shown: the text with ``&amp;``, ``&lt;`` and ``&gt;`` undone.
    :param starts: where each escape starts in :attr:`escaped`, in order.
    :param widths: how many characters each escape takes there (``&amp;``: 5).
    """

    escaped: str
    shown: str
    starts: tuple[int, ...] = ()
    widths: tuple[int, ...] = ()

    def _removed(self, count: int) -> int:
        """How many characters the first ``count`` escapes take away."""
        return sum(self.widths[:count]) - count

    def shown_index(self, index: int) -> int:
        """The place in :attr:`shown` of code point ``index`` of :attr:`escaped`.

        An index inside an escape (never one of X's) is taken to the end of its character.
        """
        if not self.starts:
            return index
        before = bisect.bisect_left(self.starts, index)
        if before and index < self.starts[before - 1] + self.widths[before - 1]:
            return self.starts[before - 1] - self._removed(before - 1) + 1
        return index - self._removed(before)

    def escaped_index(self, shown: int) -> int:
        """The place in :attr:`escaped` of character ``shown`` of :attr:`shown`."""
        if not self.starts:
            return shown
        shown_starts = [start - self._removed(i) for i, start in enumerate(self.starts)]
        return shown + self._removed(bisect.bisect_left(shown_starts, shown))


def unescape(escaped: str) -> Unescaped:
    """``escaped`` as X showed it: ``&amp;``, ``&lt;`` and ``&gt;`` undone, in one pass."""
    if "&" not in escaped:
        return Unescaped(escaped, escaped)
    found = list(_ESCAPE.finditer(escaped))
    if not found:
        return Unescaped(escaped, escaped)
    shown = _ESCAPE.sub(lambda match: _ESCAPES[match.group()], escaped)
    return Unescaped(
        escaped,
        shown,
        tuple(match.start() for match in found),
        tuple(match.end() - match.start() for match in found),
    )


def utf16_to_code_points(text: str, index: int) -> int:
    """The code point of ``text`` at UTF-16 unit ``index`` (a pair's second half: its end)."""
    units = 0
    for position, char in enumerate(text):
        if units >= index:
            return position
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


class Frame(enum.Enum):
    """What an index of X counts."""

    #: code points of the escaped text: what X documents and writes
    ESCAPED_CODE_POINTS = "escaped code points"
    #: code points of the text as shown
    SHOWN_CODE_POINTS = "shown code points"
    #: UTF-16 units of the escaped text (JavaScript's and Java's string indices)
    ESCAPED_UTF16 = "escaped UTF-16 units"

    def place(self, text: Unescaped, index: int) -> int:
        """Where X's ``index`` is in ``text.shown``, when X counted this way."""
        if self is Frame.SHOWN_CODE_POINTS:
            return index
        if self is Frame.ESCAPED_UTF16:
            index = utf16_to_code_points(text.escaped, index)
        return text.shown_index(index)


@frozen
class Anchor:
    """What an entity says is at its indices: ``https://t.co/…``, ``@name`` or ``#tag``."""

    start: int
    end: int
    expected: str


def best_frame(text: Unescaped, anchors: Iterable[Anchor]) -> Frame:
    """The way of counting under which the most entities are where their indices say.

    Ties, and a text without entities or escapes and astral characters, go to X's documented
    way (:attr:`Frame.ESCAPED_CODE_POINTS`).
    """
    anchors = list(anchors)
    if not anchors or (not text.starts and text.escaped.isascii()):
        return Frame.ESCAPED_CODE_POINTS
    folded = text.shown.casefold()
    if all(_fits(Frame.ESCAPED_CODE_POINTS, text, folded, anchor) for anchor in anchors):
        return Frame.ESCAPED_CODE_POINTS  # what X writes: nothing else to try
    best, best_score = Frame.ESCAPED_CODE_POINTS, -1
    for frame in Frame:
        score = sum(_fits(frame, text, folded, anchor) for anchor in anchors)
        if score > best_score:
            best, best_score = frame, score
    return best


def _fits(frame: Frame, text: Unescaped, folded: str, anchor: Anchor) -> bool:
    """Whether ``anchor``'s text is where ``frame`` places its indices."""
    start, end = frame.place(text, anchor.start), frame.place(text, anchor.end)
    return folded[start:end] == anchor.expected.casefold()
