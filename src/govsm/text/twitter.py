"""X (Twitter): the weighted length twitter-text v3 computes, and the entities it extracts.

This module registers, in ``govsm.text.registry``:

* the counter for :attr:`~govsm.model.TextCounting.TWITTER_TEXT_V3`
  (:func:`weighted_length`): twitter-text's ``parseTweet``. The text is normalised as
  :attr:`~govsm.model.TextRules.normalization` says (NFC on X); each code point weighs
  :attr:`~govsm.model.TextRules.default_weight` unless a :attr:`~govsm.model.TextRules.ranges`
  entry gives it another weight; every URL weighs :attr:`~govsm.model.TextRules.url_length` ×
  :attr:`~govsm.model.TextRules.scale`; with :attr:`~govsm.model.TextRules.emoji_length` set,
  every emoji weighs ``emoji_length × scale`` however many code points it has; the length is the
  weight divided by the scale, rounded up (twitter-text does not round: its length is a fraction
  when weights are not multiples of the scale, and it accepts a text while that fraction is at
  most the limit, which is what rounding up keeps).
* two extractors, both twitter-text 3.1.0's ``extractEntitiesWithIndices``
  (:func:`~govsm.text.twitter_entities.extract_entities`: URLs with and without protocol,
  ``@mentions`` and ``@user/lists``, ``#hashtags``, ``$cashtags``). They differ only in what the
  counter takes for an emoji:

  ``twitter-text`` (:data:`~govsm.text.twitter_entities.SYNTAX`, the X channel's)
      every emoji sequence as Unicode defines it (UTS #51: ZWJ sequences, flags, tag sequences,
      keycaps, skin tones), with the emoji data of the ``regex`` package, as current X clients
      count, plus whatever twemoji-parser 11 also takes for an emoji;
  ``twitter-text-3.1.0`` (:data:`~govsm.text.twitter_entities.REFERENCE_SYNTAX`)
      exactly what the npm package ``twitter-text@3.1.0`` counts: emoji as its twemoji-parser 11
      (2018) knows them, so newer sequences count piece by piece (🧑‍🏫 as 5).

The weighing and ``parseTweet`` are here; the entities are found by
:mod:`govsm.text.twitter_entities`, the emoji by :mod:`govsm.text.twitter_emoji`, and this module
exports their public names too. The entity rules are twitter-text's own regular expressions,
translated for Python by ``tests/text/reference/generate_twitter_data.js`` into
``govsm.text._twitter_data`` (which names its sources and licences) and compiled by
:mod:`govsm.text.twitter_patterns`. They run over the text as UTF-16 code units
(:mod:`govsm.text.utf16`), as JavaScript does, so that they match what twitter-text matches;
offsets come back as code points.

>>> from govsm.text import measure
>>> m = measure("Festes de Soldeneu 🧑‍🏫 #Soldeneu2025 https://sede.soldeneu.es/festes", "x")
>>> m.length, [e.text for e in m.entities]
(59, ['#Soldeneu2025', 'https://sede.soldeneu.es/festes'])
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import cache
from typing import Final, Literal

from attrs import frozen

from govsm.model import Channel, TextCounting, TextRules
from govsm.spec.entities import Entity
from govsm.text import registry
from govsm.text.twitter_emoji import (
    TWEMOJI_11,
    UNICODE_EMOJI,
    emoji_spans,
    may_hold_emoji,
    unit_spans,
)
from govsm.text.twitter_entities import (
    REFERENCE_SYNTAX,
    SYNTAX,
    extract_entities,
    extract_kind,
    extract_urls,
)
from govsm.text.utf16 import CodeUnits, from_units, is_pair, units_of

__all__ = [
    "REFERENCE_SYNTAX",
    "SYNTAX",
    "TWEMOJI_11",
    "UNICODE_EMOJI",
    "TweetParse",
    "emoji_spans",
    "extract_entities",
    "extract_kind",
    "invalid_characters",
    "parse_tweet",
    "weigh",
    "weighted_length",
]

#: twitter-text's invalid characters: a text containing one is not a valid post
INVALID_CHARACTERS: Final = frozenset("\ufffe\ufeff\uffff")
_INVALID: Final = re.compile("[\ufffe\ufeff\uffff]")


def invalid_characters(text: str) -> tuple[int, ...]:
    """Code point offsets of the characters twitter-text refuses (U+FFFE, U+FEFF, U+FFFF).

    A text containing one is not a valid post, whatever its length.

    >>> invalid_characters("\ufeffBon dia")
    (0,)
    """
    if "\ufeff" not in text and "\ufffe" not in text and "\uffff" not in text:
        return ()  # three scans for one character are faster than one for a class
    return tuple(match.start() for match in _INVALID.finditer(text))


# -- weighing ------------------------------------------------------------------------------------


@frozen
class _Weights:
    """How the characters of a text weigh under a channel's rules, precomputed.

    A text weighs ``base`` per character, plus, for each class, the difference of its weight for
    each character of the class. ``base`` is the weight most text has (ASCII's, if uniform), so
    that the classes find few characters.
    """

    base: int
    ascii: bool  # whether every ASCII character weighs `base`
    classes: tuple[tuple[re.Pattern[str], int], ...]  # (characters, weight - base)


def _char_class(pieces: list[tuple[int, int]], *, negated: bool = False) -> re.Pattern[str]:
    ranges = "".join(f"\\U{start:08x}-\\U{min(end, 0x10FFFF):08x}" for start, end in pieces)
    return re.compile(f"[{'^' if negated else ''}{ranges}]")


#: the weights of the rules last asked for, by identity: hashing TextRules (its ranges and every
#: other field) costs more than weighing a short post
_LATEST: list[tuple[TextRules, _Weights]] = []


def _weights(rules: TextRules) -> _Weights:
    for known, weights in _LATEST:
        if known is rules:
            return weights
    weights = _weights_of(rules)
    _LATEST[:] = [(rules, weights), *_LATEST[:7]]
    return weights


@cache
def _weights_of(rules: TextRules) -> _Weights:
    covered: list[tuple[int, int]] = []
    by_weight: dict[int, list[tuple[int, int]]] = {}
    for entry in rules.ranges:
        # the first range that holds a code point gives its weight
        pieces = [(entry.start, entry.end)]
        for low, high in covered:
            pieces = [
                part
                for start, end in pieces
                for part in ((start, min(end, low - 1)), (max(start, high + 1), end))
                if part[0] <= part[1]
            ]
        covered.append((entry.start, entry.end))
        by_weight.setdefault(entry.weight, []).extend(pieces)
    ascii_weights = {_char_weight(chr(code), rules) for code in range(0x80)}
    uniform_ascii = len(ascii_weights) == 1
    base = min(ascii_weights) if uniform_ascii else rules.default_weight
    classes = [
        (_char_class(pieces), weight - base)
        for weight, pieces in by_weight.items()
        if weight != base and pieces
    ]
    if rules.default_weight != base:
        # the code points no range holds
        nowhere = _char_class(covered, negated=True) if covered else re.compile("(?s).")
        classes.append((nowhere, rules.default_weight - base))
    return _Weights(base=base, ascii=uniform_ascii, classes=tuple(classes))


def _char_weight(char: str, rules: TextRules) -> int:
    code = ord(char)
    for entry in rules.ranges:
        if entry.start <= code <= entry.end:
            return entry.weight
    return rules.default_weight


def _chars_weight(text: str, weights: _Weights) -> int:
    total = weights.base * len(text)
    if weights.ascii and text.isascii():
        return total
    for characters, delta in weights.classes:
        total += delta * len(characters.findall(text))
    return total


def _emoji_data(channel: Channel) -> str:
    return TWEMOJI_11 if channel.text_rules.entity_syntax == REFERENCE_SYNTAX else UNICODE_EMOJI


_FORMS: Final[dict[str, Literal["NFC", "NFD", "NFKC", "NFKD"]]] = {
    "NFC": "NFC",
    "NFD": "NFD",
    "NFKC": "NFKC",
    "NFKD": "NFKD",
}


def _normalise(text: str, rules: TextRules) -> str:
    if not rules.normalization:
        return text
    form = _FORMS.get(rules.normalization.upper())
    if form is None:
        raise ValueError(f"unknown normalisation {rules.normalization!r}")
    return unicodedata.normalize(form, text)


def _url_length(channel: Channel) -> int | None:
    rules = channel.text_rules
    return rules.url_length if rules.url_length is not None else channel.limits.url_length


def _spans(units: CodeUnits, channel: Channel) -> dict[int, tuple[int, int]]:
    """UTF-16 start → (UTF-16 end, weight) of the URLs and emoji, as parseTweet maps them.

    A URL's end is its start plus the length of its URL string (what parseTweet skips), which
    twitter-text's quirks can make differ from the end of its indices; a URL wins over an emoji
    at the same start.
    """
    rules = channel.text_rules
    spans: dict[int, tuple[int, int]] = {}
    if rules.emoji_length is not None:
        weight = rules.emoji_length * rules.scale
        for start, end in unit_spans(units, _emoji_data(channel)):
            spans[start] = (end, weight)
    url_length = _url_length(channel)
    if url_length is not None:
        weight = url_length * rules.scale
        for url, start, _end in extract_urls(units.units):
            spans[start] = (start + len(url), weight)
    return spans


def _units_weight(units: CodeUnits, start: int, end: int, weights: _Weights) -> int:
    """The weight of ``units[start:end]``, a surrogate pair as one character."""
    if units.plain:
        return _chars_weight(units.text[start:end], weights)
    piece = units.units[start:end]
    return _chars_weight(piece if piece.isascii() else from_units(piece), weights)


def weigh(text: str, channel: Channel) -> int:
    """The weight of ``text`` (before dividing by the scale), as parseTweet sums it.

    parseTweet walks the text one character at a time (a surrogate pair is one), and where a URL
    or an emoji begins it adds that weight and jumps past it. This visits the same places
    without walking the plain text in between: the weight is that of every character, plus, for
    each URL and emoji jumped over, its weight less that of its characters.
    """
    rules = channel.text_rules
    normalised = _normalise(text, rules)
    weights = _weights(rules)
    if (rules.emoji_length is None or not may_hold_emoji(normalised)) and (
        "." not in normalised or _url_length(channel) is None
    ):
        return _chars_weight(normalised, weights)  # no emoji, and no URL (a URL holds a dot)
    units = units_of(normalised)
    spans = _spans(units, channel)
    if not spans:
        return _chars_weight(normalised, weights)
    code_units = units.units
    plain = units.plain
    jumped: list[str] = []  # the characters of each URL or emoji jumped over
    weight = 0
    position = 0
    for start in sorted(spans):
        if start < position:
            continue  # inside a URL or an emoji already counted
        if start > position and not plain and is_pair(code_units, start - 1):
            continue  # the walk steps over it, as the second half of a surrogate pair
        end, piece = spans[start]
        if plain:
            jumped.append(normalised[start:end])
        else:
            first, last = units.starting_at(start), units.starting_at(end)
            if first is None or last is None:
                return _walk(units, spans, weights)  # a jump that splits a surrogate pair
            jumped.append(normalised[first:last])
        weight += piece
        position = end
    over = "".join(jumped)
    return _chars_weight(normalised, weights) + weight - _chars_weight(over, weights)


def _walk(units: CodeUnits, spans: dict[int, tuple[int, int]], weights: _Weights) -> int:
    """:func:`weigh` the long way, weighing the text between jumps piece by piece.

    For the rare jump that begins or ends inside a surrogate pair (twitter-text's URL quirks),
    where the characters jumped over are not whole code points.
    """
    total = 0
    position = 0
    for start in sorted(spans):
        if start < position:
            continue
        if start > position and not units.plain and is_pair(units.units, start - 1):
            continue
        end, weight = spans[start]
        total += _units_weight(units, position, start, weights) + weight
        position = end
    return total + _units_weight(units, position, len(units.units), weights)


def _ceil_div(weight: int, scale: int) -> int:
    return -(-weight // scale)


def weighted_length(
    text: str,
    entities: tuple[Entity, ...] = (),
    channel: Channel | None = None,
    content_warning: str | None = None,
) -> int:
    """The length of ``text`` as twitter-text v3 weighs it, with ``channel``'s rules.

    The counter registered for :attr:`~govsm.model.TextCounting.TWITTER_TEXT_V3`. URLs are found
    again in the normalised text (as ``parseTweet`` does), so ``entities``, which the registry
    passes (the extractor's result on the text as given), is not needed.

    :param text: the text as written.
    :param channel: the channel whose :class:`~govsm.model.TextRules` apply (required).
    :param content_warning: added to the length only if the channel counts content warnings
        (X has none).
    """
    if channel is None:
        raise TypeError("weighted_length needs the channel whose rules apply")
    weight = weigh(text, channel)
    if content_warning and channel.text_rules.content_warning_counts:
        weight += weigh(content_warning, channel)
    return _ceil_div(weight, channel.text_rules.scale)


# -- parseTweet ----------------------------------------------------------------------------------


@frozen
class TweetParse:
    """All that twitter-text's ``parseTweet`` answers about a text, for a channel's rules.

    The ranges are those of twitter-text: UTF-16 code unit offsets, **inclusive** ends.

    :param weighted_length: the length (the weight divided by the scale, rounded up).
    :param weight: the weight before dividing by the scale.
    :param valid: not empty, no invalid character (see :func:`invalid_characters`), within the
        limit.
    :param permillage: thousandths of the limit used (``None`` without a limit).
    :param valid_range_start: always 0.
    :param valid_range_end: where the part of the text that fits ends (with twitter-text's
        arithmetic, which shifts it by the length normalisation removed).
    :param display_range_start: always 0.
    :param display_range_end: the last UTF-16 index of the text as given (0 when empty).
    """

    weighted_length: int
    weight: int
    valid: bool
    permillage: int | None
    valid_range_start: int
    valid_range_end: int
    display_range_start: int
    display_range_end: int


def parse_tweet(text: str, channel: Channel) -> TweetParse:
    """twitter-text's ``parseTweet(text, config)``, the configuration being ``channel``'s rules.

    :param text: the text as written.
    :param channel: a channel counting in :attr:`~govsm.model.TextCounting.TWITTER_TEXT_V3`;
        its ``limits.text`` is the maximum weighted length.

    >>> from govsm.text import _builtin_channels
    >>> parse_tweet("Bon dia! 👋🏽", _builtin_channels()["x"]).weighted_length
    11
    """
    if channel.counting is not TextCounting.TWITTER_TEXT_V3:
        raise ValueError(f"channel '{channel.id}' does not count with twitter-text")
    rules = channel.text_rules
    limit = channel.limits.text
    normalised = _normalise(text, rules)
    units = units_of(normalised)
    spans = _spans(units, channel)
    code_units = units.units
    weight = 0
    valid = True
    valid_end = 0
    position = 0  # parseTweet's charIndex
    while position < len(code_units):
        span = spans.get(position)
        if span is not None:
            end, piece = span
        else:
            end = position + (2 if is_pair(code_units, position) else 1)
            piece = _char_weight(from_units(code_units[position:end]), rules)
        weight += piece
        last = min(end, len(code_units)) - 1
        if valid:
            valid = code_units[last] not in INVALID_CHARACTERS
        if valid and (limit is None or weight <= limit * rules.scale):
            valid_end = last
        position = end
    length = weight / rules.scale
    valid = valid and length > 0 and (limit is None or length <= limit)
    as_given = len(text.encode("utf-16-le")) // 2
    return TweetParse(
        weighted_length=_ceil_div(weight, rules.scale),
        weight=weight,
        valid=valid,
        permillage=None if limit is None else math.floor(length / limit * 1000),
        valid_range_start=0,
        valid_range_end=valid_end + as_given - len(code_units),
        display_range_start=0,
        display_range_end=max(as_given - 1, 0),
    )


registry.register_extractor(SYNTAX, extract_entities)
registry.register_extractor(REFERENCE_SYNTAX, extract_entities)
registry.register_counter(TextCounting.TWITTER_TEXT_V3, weighted_length)
registry.register_refusal(SYNTAX, invalid_characters)
registry.register_refusal(REFERENCE_SYNTAX, invalid_characters)
