"""Where the emoji of a text are, as X counts them: each counts as one, whatever its code points.

Two readings (the *emoji data*): :data:`UNICODE_EMOJI`, every emoji sequence as Unicode defines
it (UTS #51), as current X clients count; and :data:`TWEMOJI_11`, the emoji twemoji-parser 11
(2018) knows, as the npm package twitter-text 3.1.0 counts. :mod:`govsm.text.twitter` weighs each
emoji found as the channel's ``emoji_length``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
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
# are astral, and a keycap begins with # * or a digit
_EMOJI_START: Final = re.compile(
    "[\u00a9\u00ae\u203c-\u3299\U00010000-\U0010ffff]|[#*0-9](?=\ufe0f?\u20e3)"
)


def _twemoji_matches(units: str) -> Iterator[re.Match[str]]:
    """twemoji-parser 11's ``parse``: its pattern's matches, left to right.

    The same matches as ``finditer``, found faster: the pattern is only tried where one of the
    code units a match can begin with stands.
    """
    patterns = compiled()
    position = 0
    while (candidate := patterns.twemoji_first.search(units, position)) is not None:
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
    position = 0
    while (candidate := _EMOJI_START.search(text, position)) is not None:
        match = _EMOJI_SEQUENCE.match(text, candidate.start())
        if match is None:
            position = candidate.start() + 1
            continue
        start, position = match.span()
        if position - start > 1 or _EMOJI_PRESENTATION.match(text, start):
            spans.append((start, position))
    return spans


def unit_spans(units: CodeUnits, emoji_data: str) -> list[tuple[int, int]]:
    """The emoji of a text with ``emoji_data``, as UTF-16 spans, in order, not overlapping."""
    reference = _twemoji_spans(units)
    if emoji_data == TWEMOJI_11:
        return reference
    if emoji_data != UNICODE_EMOJI:
        raise ValueError(f"unknown emoji data {emoji_data!r}")
    unicode = [(units.unit(start), units.unit(end)) for start, end in _unicode_spans(units.text)]
    # at each position the longest of the two readings; twemoji's where Unicode sees none
    spans: list[tuple[int, int]] = []
    for span in sorted([*unicode, *reference], key=lambda span: (span[0], -span[1])):
        if not spans or span[0] >= spans[-1][1]:
            spans.append(span)
    return spans


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
