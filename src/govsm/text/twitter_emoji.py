"""Where the emoji of a text are, as X counts them: each counts as one, whatever its code points.

Two readings (the *emoji data*): :data:`UNICODE_EMOJI`, every emoji sequence as Unicode defines
it (UTS #51), as current X clients count; and :data:`TWEMOJI_11`, the emoji twemoji-parser 11
(2018) knows, as the npm package twitter-text 3.1.0 counts. :mod:`govsm.text.twitter` weighs each
emoji found as the channel's ``emoji_length``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Final

import regex

from govsm.text.twitter_patterns import compiled
from govsm.text.utf16 import CodeUnits, units_of

#: emoji data: every emoji sequence of the Unicode emoji data in the ``regex`` package (UTS #51)
UNICODE_EMOJI: Final = "unicode"
#: emoji data: the emoji twemoji-parser 11 (2018) knows, as twitter-text 3.1.0 bundles it
TWEMOJI_11: Final = "twemoji-11"

# UTS #51 emoji sequences (ED-17, ED-16, ED-14a, ED-14c, ED-15a), with the emoji properties of
# the `regex` package's Unicode data. A single code point only counts when it is an emoji by
# default (Emoji_Presentation); text-style symbols (©, ☺) need U+FE0F or are left to twemoji.
_EMOJI_ELEMENT: Final = (
    r"(?:\p{Regional_Indicator}\p{Regional_Indicator}"
    r"|[#*0-9]\ufe0f?\u20e3"
    r"|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}|\p{Emoji_Modifier_Base})"
    r"(?:\p{Emoji_Modifier}|\ufe0f)?(?:[\U000e0020-\U000e007e]+\U000e007f)?)"
)
_EMOJI_SEQUENCE: Final = regex.compile(rf"{_EMOJI_ELEMENT}(?:\u200d{_EMOJI_ELEMENT})*")
_EMOJI_PRESENTATION: Final = regex.compile(r"\p{Emoji_Presentation}")
# where such a sequence can begin: every Extended_Pictographic, Emoji_Presentation and
# Emoji_Modifier_Base code point of the BMP lies in these ranges (a test checks it), the rest
# are astral; and a keycap begins with # * or a digit, before U+20E3. Only a text with U+20E3
# searches for keycaps: one character class is scanned for much faster than an alternation.
_EMOJI_START: Final = re.compile("[\u00a9\u00ae\u203c-\u3299\U00010000-\U0010ffff]")
_EMOJI_OR_KEYCAP_START: Final = re.compile(
    "[\u00a9\u00ae\u203c-\u3299\U00010000-\U0010ffff]|[#*0-9](?=\ufe0f?\u20e3)"
)
_KEYCAP_MARK: Final = "\u20e3"
#: every character that can be part of an emoji in either reading, and U+FE0E, before which
#: twemoji-parser takes no emoji (its one lookahead): keycaps' # * and digits, U+200D, U+FE0F,
#: the symbols of _EMOJI_START, U+E50A (twemoji-parser has it), surrogates (a text may hold lone
#: ones, which JavaScript pairs) and every astral character; a test checks both readings
EMOJI_CHARACTERS: Final = (
    "#*0-9\u00a9\u00ae\u200d\u203c-\u3299\ud800-\udfff\ue50a\ufe0e\ufe0f\U00010000-\U0010ffff"
)
# a character either reading can begin an emoji with (keycaps' U+20E3 stands for them): the
# symbols of _EMOJI_START, twemoji-parser's first code units, and surrogates
_MAYBE_EMOJI: Final = re.compile(
    "[\u00a9\u00ae\u203c-\u3299\ud800-\udfff\ue50a\ufe0f\U00010000-\U0010ffff]"
)
_EMOJI_RUN: Final = re.compile(f"[{EMOJI_CHARACTERS}]*")
_THROUGH_LAST_NON_EMOJI: Final = re.compile(f"(?s:.*)[^{EMOJI_CHARACTERS}]")


def _twemoji_matches(units: str) -> Iterator[re.Match[str]]:
    """twemoji-parser 11's ``parse``: its pattern's matches, left to right.

    The same matches as ``finditer``, found faster: the pattern is only tried where one of the
    code units a match can begin with stands.
    """
    patterns = compiled()
    first = patterns.twemoji_first if _KEYCAP_MARK in units else patterns.twemoji_first_but_keycaps
    position = 0
    while (candidate := first.search(units, position)) is not None:
        match = patterns.twemoji.match(units, candidate.start())
        if match is None:
            position = candidate.start() + 1
        else:
            yield match
            position = match.end()


def _twemoji_spans(units: CodeUnits) -> list[tuple[int, int]]:
    """twemoji-parser 11's emoji (``parse``), as UTF-16 spans."""
    return [match.span() for match in _twemoji_matches(units.units)]


def _unicode_spans(text: str) -> list[tuple[int, int]]:
    """UTS #51 emoji sequences (what ``finditer`` finds, trying only where one can begin)."""
    spans: list[tuple[int, int]] = []
    if text.isascii():
        return spans  # every emoji, keycaps included, has a code point beyond ASCII
    candidates = _EMOJI_OR_KEYCAP_START if _KEYCAP_MARK in text else _EMOJI_START
    position = 0
    while (candidate := candidates.search(text, position)) is not None:
        match = _EMOJI_SEQUENCE.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
            continue
        start, position = match.span()
        if position - start > 1 or _EMOJI_PRESENTATION.match(text, start):
            spans.append((start, position))
    return spans


def may_hold_emoji(text: str) -> bool:
    """Whether ``text`` has a character an emoji can begin with, in either reading.

    ``False`` means it holds no emoji (a keycap's U+20E3 counts as such a character).

    >>> may_hold_emoji("Bon dia"), may_hold_emoji("Bon dia 👋")
    (False, True)
    """
    return _MAYBE_EMOJI.search(text) is not None


def unit_spans(units: CodeUnits, emoji_data: str) -> list[tuple[int, int]]:
    """The emoji of a text with ``emoji_data``, as UTF-16 spans, in order, not overlapping.

    Every emoji lies within one *run*: a stretch of characters that can be part of an emoji
    in either reading (:data:`EMOJI_CHARACTERS`) holding one that can begin an emoji. Neither
    reading looks past a run (twemoji-parser's one lookahead, for U+FE0E, looks at a character
    of the run), so each run is read on its own and the readings of the runs seen are kept: a
    council's posts use a few dozen emoji, and reading one is the dearest part of measuring it.
    """
    if emoji_data != UNICODE_EMOJI and emoji_data != TWEMOJI_11:
        raise ValueError(f"unknown emoji data {emoji_data!r}")
    text = units.text
    spans: list[tuple[int, int]] = []
    position = 0
    while (candidate := _MAYBE_EMOJI.search(text, position)) is not None:
        before = _THROUGH_LAST_NON_EMOJI.match(text, position, candidate.start())
        start = position if before is None else before.end()
        run = _EMOJI_RUN.match(text, candidate.start())
        position = candidate.end() if run is None else run.end()  # (`[…]*` always matches)
        stretch = text[start:position]
        found = (_run_spans if len(stretch) <= _KEPT_RUN else _read_run)(stretch, emoji_data)
        if found:
            offset = units.unit(start)
            spans.extend([(offset + begin, offset + end) for begin, end in found])
    return spans


def _read_run(run: str, emoji_data: str) -> tuple[tuple[int, int], ...]:
    """The emoji of one run (see :func:`unit_spans`), as UTF-16 spans within it."""
    units = CodeUnits(run)
    reference = _twemoji_spans(units)
    if emoji_data == TWEMOJI_11:
        return tuple(reference)
    found = _unicode_spans(run)
    unicode = [(units.unit(start), units.unit(end)) for start, end in found]
    if not unicode or unicode == reference:
        return tuple(reference)  # the two readings agree (every emoji twemoji-parser 11 knew)
    # at each position the longest of the two readings; twemoji's where Unicode sees none
    spans: list[tuple[int, int]] = []
    for span in sorted([*unicode, *reference], key=_longest_first):
        if not spans or span[0] >= spans[-1][1]:
            spans.append(span)
    return tuple(spans)


#: the readings of this many runs are kept, each of at most _KEPT_RUN characters (a hostile
#: text's long runs are read each time, not kept)
_run_spans = lru_cache(maxsize=4096)(_read_run)
_KEPT_RUN: Final = 64


def _longest_first(span: tuple[int, int]) -> tuple[int, int]:
    return span[0], -span[1]


def emoji_spans(text: str, *, emoji_data: str = UNICODE_EMOJI) -> tuple[tuple[int, int], ...]:
    """Where the emoji of ``text`` are, each a half-open span of code points, in order.

    Each span counts as one emoji. ``text`` is taken as given: normalise it first as the
    channel does to see what the counter sees.

    :param emoji_data: :data:`UNICODE_EMOJI` (current X clients) or :data:`TWEMOJI_11`
        (twitter-text 3.1.0).

    >>> teacher = "🧑\u200d🏫"
    >>> emoji_spans(teacher), emoji_spans(teacher, emoji_data=TWEMOJI_11)
    (((0, 3),), ((0, 1), (2, 3)))
    """
    units = units_of(text)
    return tuple(
        (units.code_point(start), units.code_point(end))
        for start, end in unit_spans(units, emoji_data)
        if units.boundary(start)
    )
