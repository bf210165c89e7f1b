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
  (:func:`extract_entities`: URLs with and without protocol, ``@mentions`` and ``@user/lists``,
  ``#hashtags``, ``$cashtags``). They differ only in what the counter takes for an emoji:

  ``twitter-text`` (:data:`SYNTAX`, the X channel's)
      every emoji sequence as Unicode defines it (UTS #51: ZWJ sequences, flags, tag sequences,
      keycaps, skin tones), with the emoji data of the ``regex`` package, as current X clients
      count, plus whatever twemoji-parser 11 also takes for an emoji;
  ``twitter-text-3.1.0`` (:data:`REFERENCE_SYNTAX`)
      exactly what the npm package ``twitter-text@3.1.0`` counts: emoji as its twemoji-parser 11
      (2018) knows them, so newer sequences count piece by piece (🧑‍🏫 as 5).

The entity rules are twitter-text's own regular expressions, translated for Python by
``tests/text/reference/generate_twitter_data.js`` into ``govsm.text._twitter_data`` (which
names its sources and licences). They run over the text as UTF-16 code units, as JavaScript
does, so that they match what twitter-text matches; offsets come back as code points.

>>> from govsm.text import measure
>>> m = measure("Festes de Soldeneu 🧑‍🏫 #Soldeneu2025 https://sede.soldeneu.es/festes", "x")
>>> m.length, [e.text for e in m.entities]
(59, ['#Soldeneu2025', 'https://sede.soldeneu.es/festes'])
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Final, Literal

import regex
from attrs import frozen

from govsm.model import Channel, TextCounting, TextRules
from govsm.spec.entities import Entity, EntityKind
from govsm.text import _twitter_data as _data
from govsm.text import registry

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
    "weighted_length",
]

#: entity syntax of X: twitter-text's entities, emoji counted as current X clients count them
SYNTAX: Final = "twitter-text"
#: entity syntax that reproduces the npm package twitter-text 3.1.0 exactly, emoji included
REFERENCE_SYNTAX: Final = f"twitter-text-{_data.TWITTER_TEXT_VERSION}"

#: emoji data: every emoji sequence of the Unicode emoji data in the ``regex`` package (UTS #51)
UNICODE_EMOJI: Final = "unicode"
#: emoji data: the emoji twemoji-parser 11 (2018) knows, as twitter-text 3.1.0 bundles it
TWEMOJI_11: Final = "twemoji-11"

#: twitter-text's invalid characters: a text containing one is not a valid post
INVALID_CHARACTERS: Final = frozenset("\ufffe\ufeff\uffff")

_MAX_URL_LENGTH: Final = 4096
_MAX_TCO_SLUG_LENGTH: Final = 40
_MAX_DOMAIN_LABEL_LENGTH: Final = 63
_DEFAULT_PROTOCOL: Final = "https://"


# -- patterns ------------------------------------------------------------------------------------

_COMPONENTS: Final = {
    "{GTLD}": _data.GTLD,
    "{CCTLD}": _data.CCTLD,
    "{HASHTAG_ALPHA}": _data.HASHTAG_ALPHA,
    "{HASHTAG_ALPHANUMERIC}": _data.HASHTAG_ALPHANUMERIC,
}


def _compile(pattern: str, *, at_position: bool = False) -> re.Pattern[str]:
    for name, component in _COMPONENTS.items():
        pattern = pattern.replace(name, component)
    if at_position:
        # `^(?:…)` used on the rest of a string: without the anchor, `match(s, pos)` does that
        if not (pattern.startswith("^(?:") and pattern.endswith(")")):
            raise AssertionError(pattern)
        pattern = pattern[1:]
    return re.compile(pattern)


@frozen
class _Patterns:
    extract_url: re.Pattern[str]
    valid_ascii_domain: re.Pattern[str]
    valid_tco_url: re.Pattern[str]
    valid_mention_or_list: re.Pattern[str]
    end_mention_match: re.Pattern[str]
    valid_hashtag: re.Pattern[str]
    end_hashtag_match: re.Pattern[str]
    valid_cashtag: re.Pattern[str]
    twemoji: re.Pattern[str]
    twemoji_first: re.Pattern[str]
    space: re.Pattern[str]
    dotted_word: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    # compiled on first use (about 0.2 s), not on import
    return _Patterns(
        extract_url=_compile(_data.EXTRACT_URL),
        valid_ascii_domain=_compile(_data.VALID_ASCII_DOMAIN),
        valid_tco_url=_compile(_data.VALID_TCO_URL),
        valid_mention_or_list=_compile(_data.VALID_MENTION_OR_LIST),
        end_mention_match=_compile(_data.END_MENTION_MATCH, at_position=True),
        valid_hashtag=_compile(_data.VALID_HASHTAG),
        end_hashtag_match=_compile(_data.END_HASHTAG_MATCH, at_position=True),
        valid_cashtag=_compile(_data.VALID_CASHTAG),
        twemoji=_compile(_data.TWEMOJI_11),
        twemoji_first=_compile(_data.TWEMOJI_11_FIRST),
        space=_compile(_data.SPACES),
        # from where a dot is reached without crossing a space
        dotted_word=_compile(f"[^{_data.SPACES[1:-1]}]*\\."),
    )


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


# -- UTF-16 --------------------------------------------------------------------------------------

_ASTRAL: Final = re.compile("[\U00010000-\U0010ffff]")
_HASH_SIGN: Final = re.compile("[#\uff03]")


def _surrogates(match: re.Match[str]) -> str:
    code = ord(match.group()) - 0x10000
    return chr(0xD800 | (code >> 10)) + chr(0xDC00 | (code & 0x3FF))


def _from_units(units: str) -> str:
    """Join the surrogate pairs of a string of UTF-16 code units back into code points."""
    return units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


class _Units:
    """A text as JavaScript sees it (UTF-16 code units), and the way back to code points."""

    __slots__ = ("_astral", "_ends", "_middles", "text", "units")

    def __init__(self, text: str) -> None:
        self.text = text
        self._astral: list[int] = []  # code point index of each astral character
        self._ends: list[int] = []  # UTF-16 index just after each surrogate pair
        self._middles: frozenset[int] = frozenset()  # UTF-16 index inside each pair
        if text.isascii():
            self.units = text
            return
        self._astral = [match.start() for match in _ASTRAL.finditer(text)]
        if not self._astral:
            self.units = text
            return
        self.units = _ASTRAL.sub(_surrogates, text)
        self._ends = [index + count + 2 for count, index in enumerate(self._astral)]
        self._middles = frozenset(end - 1 for end in self._ends)

    @property
    def plain(self) -> bool:
        """Whether code points and UTF-16 code units coincide (no astral character)."""
        return not self._astral

    def unit(self, code_point: int) -> int:
        """The UTF-16 index of code point index ``code_point``."""
        if not self._astral:
            return code_point
        return code_point + bisect.bisect_left(self._astral, code_point)

    def code_point(self, unit: int) -> int:
        """The code point index of UTF-16 index ``unit`` (of its code point, mid-pair)."""
        if not self._ends:
            return unit
        return unit - bisect.bisect_right(self._ends, unit) - (unit in self._middles)

    def boundary(self, unit: int) -> bool:
        """Whether UTF-16 index ``unit`` falls between two code points."""
        return unit not in self._middles


_units = lru_cache(maxsize=128)(_Units)  # the extractor and the counter see the same text


# -- entities (twitter-text's extract*WithIndices, over UTF-16 code units) -----------------------

_Raw = tuple[EntityKind, int, int, str]  # kind, start, end (UTF-16), value (code units)


def _punycode_length(label: str) -> int:
    """Length of ``punycode.toASCII(label)`` (Node's punycode 2.1, which twitter-text uses)."""
    parts = label.split("@")
    prefix = ""
    if len(parts) > 1:
        prefix, label = parts[0] + "@", parts[1]
    pieces = re.sub("[.\u3002\uff0e\uff61]", ".", label).split(".")
    encoded = [
        "xn--" + piece.encode("punycode").decode("ascii") if not piece.isascii() else piece
        for piece in pieces
    ]
    return len(prefix) + len(".".join(encoded))


def _domain_to_ascii_ok(domain: str) -> bool:
    """twitter-text's ``idna.toAscii(domain)`` succeeds (it returns the domain unchanged)."""
    if domain.startswith("xn--") and _patterns().valid_ascii_domain.search(domain) is None:
        return False
    if domain.isascii() and "@" not in domain:
        # no label to encode: punycode leaves ASCII as it is
        return all(1 <= len(label) <= _MAX_DOMAIN_LABEL_LENGTH for label in domain.split("."))
    for label in domain.split("."):
        length = _punycode_length(_from_units(label))
        if length < 1 or length > _MAX_DOMAIN_LABEL_LENGTH:
            return False
    return True


def _is_valid_url(url: str, protocol: str, domain: str) -> bool:
    # idna.toAscii returns the labels joined again, so the length stays that of `url`
    return _domain_to_ascii_ok(domain) and len(protocol) + len(url) <= _MAX_URL_LENGTH


def _url_matches(units: str) -> Iterator[re.Match[str]]:
    """The matches of twitter-text's ``extractUrl``, left to right, as ``exec`` finds them.

    A URL holds a dot and no space, so the pattern is only tried on the words (runs without
    twitter-text's spaces) that hold a dot, and the character before each, which the pattern
    takes as the URL's ``before``. That finds what ``finditer`` would, much faster on prose.
    """
    patterns = _patterns()
    position = 0
    while (word := patterns.dotted_word.search(units, position)) is not None:
        space = patterns.space.search(units, word.end())
        stop = len(units) if space is None else space.end()
        match = patterns.extract_url.search(units, max(position, word.start() - 1), stop)
        if match is not None:
            yield match
            position = match.end()
        elif space is None:
            return
        else:
            position = space.start()  # the space may be the next URL's `before`


@lru_cache(maxsize=256)
def _extract_urls(units: str) -> tuple[tuple[str, int, int], ...]:
    """twitter-text's ``extractUrlsWithIndices(text)``: (url, start, end) in UTF-16 units."""
    if not units or "." not in units:
        return ()
    patterns = _patterns()
    urls: list[tuple[str, int, int]] = []
    for match in _url_matches(units):
        before = match.group(2) or ""
        url = match.group(3)
        protocol = match.group(4)
        domain = match.group(5)
        path = match.group(7)
        end = match.end()
        start = end - len(url)
        if not _is_valid_url(url, protocol or _DEFAULT_PROTOCOL, domain):
            continue
        if protocol:
            tco = patterns.valid_tco_url.match(url)
            if tco is not None:
                # a t.co link takes no further path characters
                slug = tco.group(1)
                if slug and len(slug) > _MAX_TCO_SLUG_LENGTH:
                    continue
                url = tco.group()
                end = start + len(url)
            urls.append((url, start, end))
            continue
        # without a protocol: only the ASCII domains in it, and not after - _ . /
        if before and before[-1] in "-_./":
            continue
        found = len(urls)
        ascii_end = 0
        for ascii_match in patterns.valid_ascii_domain.finditer(domain):
            ascii_domain = ascii_match.group()
            # twitter-text looks the match up again with indexOf: keep its quirk
            ascii_start = domain.find(ascii_domain, ascii_end)
            ascii_end = ascii_start + len(ascii_domain)
            urls.append((ascii_domain, start + ascii_start, start + ascii_end))
        if len(urls) > found and path:
            # the last ASCII domain takes the path and query
            ascii_domain, ascii_start, _ = urls[-1]
            urls[-1] = (url.replace(domain, ascii_domain, 1), ascii_start, end)
    return tuple(urls)


def _extract_mentions(units: str) -> list[_Raw]:
    if "@" not in units and "\uff20" not in units:
        return []
    patterns = _patterns()
    found: list[_Raw] = []
    for match in patterns.valid_mention_or_list.finditer(units):
        if patterns.end_mention_match.match(units, match.end()):
            continue
        screen_name = match.group(3)
        list_slug = match.group(4) or ""
        start = match.start() + len(match.group(1))
        end = start + len(screen_name) + len(list_slug) + 1
        found.append((EntityKind.MENTION, start, end, screen_name + list_slug))
    return found


def _hashtag_matches(units: str) -> Iterator[re.Match[str]]:
    """The matches of twitter-text's ``validHashtag``, as ``finditer`` finds them.

    A match begins with what precedes the hash sign: nothing (at the start), one code unit or a
    surrogate pair; so it is only tried up to two units before each hash sign.
    """
    pattern = _patterns().valid_hashtag
    position = 0
    while (sign := _HASH_SIGN.search(units, position)) is not None:
        for start in range(max(position, sign.start() - 2), sign.start() + 1):
            match = pattern.match(units, start)
            if match is not None:
                yield match
                position = match.end()
                break
        else:
            position = sign.start() + 1


def _extract_hashtags(units: str) -> list[_Raw]:
    if "#" not in units and "\uff03" not in units:
        return []
    patterns = _patterns()
    found: list[_Raw] = []
    for match in _hashtag_matches(units):
        if patterns.end_hashtag_match.match(units, match.end()):
            continue
        tag = match.group(3)
        start = match.start() + len(match.group(1))
        found.append((EntityKind.HASHTAG, start, start + len(tag) + 1, tag))
    return found


def _extract_cashtags(units: str) -> list[_Raw]:
    if "$" not in units:
        return []
    found: list[_Raw] = []
    for match in _patterns().valid_cashtag.finditer(units):
        tag = match.group(3)
        start = match.start() + len(match.group(1))
        found.append((EntityKind.CASHTAG, start, start + len(tag) + 1, tag))
    return found


def _remove_overlapping(entities: list[_Raw]) -> list[_Raw]:
    """twitter-text's ``removeOverlappingEntities``: by start (stable), drop what overlaps."""
    entities.sort(key=lambda entity: entity[1])
    kept = entities[:1]
    for entity in entities[1:]:
        if kept[-1][2] <= entity[1]:
            kept.append(entity)
    return kept


def _entities_in_units(units: str) -> list[_Raw]:
    """twitter-text's ``extractEntitiesWithIndices`` (UTF-16 offsets, values as code units)."""
    if not units:
        return []
    entities: list[_Raw] = [
        (EntityKind.URL, start, end, url) for url, start, end in _extract_urls(units)
    ]
    entities += _extract_mentions(units)
    entities += _extract_hashtags(units)  # checkUrlOverlap false: the next line does it
    entities += _extract_cashtags(units)
    return _remove_overlapping(entities) if entities else []


def extract_entities(text: str, channel: Channel | None = None) -> tuple[Entity, ...]:
    """URLs, mentions, hashtags and cashtags of ``text``, as twitter-text 3.1.0 extracts them.

    This is ``extractEntitiesWithIndices`` on the text as given (not normalised), with its
    offsets turned into code points (UTF-16 units and UTF-8 bytes too). The value of a mention is
    the screen name without ``@`` (``user/list`` for a list), of a hashtag or cashtag the text
    without ``#`` or ``$``, of a URL the URL as written.

    :param text: the text as written.
    :param channel: unused: every X-like channel extracts the same way (the registry passes it).

    >>> [(e.kind.value, e.value, e.start, e.utf16_start) for e in extract_entities("🎉 @soldeneu")]
    [('mention', 'soldeneu', 2, 3)]
    """
    units = _units(text)
    return _to_entities(units, _entities_in_units(units.units))


def _to_entities(units: _Units, raw: list[_Raw]) -> tuple[Entity, ...]:
    # UTF-16 offsets are the ones found; UTF-8 ones are counted on the prefix
    text = units.text
    plain = text.isascii()
    found: list[Entity] = []
    for kind, start, end, value in raw:
        first, last = units.code_point(start), units.code_point(end)
        found.append(
            Entity(
                kind=kind,
                text=text[first:last],
                value=_from_units(value) if not plain else value,
                start=first,
                end=last,
                utf16_start=start,
                utf16_end=end,
                utf8_start=first if plain else len(text[:first].encode("utf-8", "surrogatepass")),
                utf8_end=last if plain else len(text[:last].encode("utf-8", "surrogatepass")),
            )
        )
    return tuple(found)


def extract_kind(text: str, kind: EntityKind) -> tuple[Entity, ...]:
    """One kind of entity, as twitter-text's extractor of that kind alone finds it.

    ``extractUrlsWithIndices``, ``extractMentionsOrListsWithIndices``,
    ``extractHashtagsWithIndices`` (which drops hashtags overlapping a URL) or
    ``extractCashtagsWithIndices``: what :func:`extract_entities` combines, before it drops the
    entities that overlap one of another kind.

    >>> [e.value for e in extract_kind("#a $B @c", EntityKind.CASHTAG)]
    ['B']
    """
    units = _units(text)
    raw: list[_Raw]
    if kind is EntityKind.URL:
        raw = [(EntityKind.URL, start, end, url) for url, start, end in _extract_urls(units.units)]
    elif kind is EntityKind.MENTION:
        raw = _extract_mentions(units.units)
    elif kind is EntityKind.CASHTAG:
        raw = _extract_cashtags(units.units)
    else:
        raw = _extract_hashtags(units.units)
        urls = _extract_urls(units.units)
        if raw and urls:
            both = raw + [(EntityKind.URL, start, end, url) for url, start, end in urls]
            raw = [entity for entity in _remove_overlapping(both) if entity[0] is kind]
    return _to_entities(units, raw)


# -- emoji ---------------------------------------------------------------------------------------


def _twemoji_matches(units: str) -> Iterator[re.Match[str]]:
    """twemoji-parser 11's ``parse``: its pattern's matches, left to right.

    The same matches as ``finditer``, found faster: the pattern is only tried where one of the
    code units a match can begin with stands.
    """
    patterns = _patterns()
    position = 0
    while (candidate := patterns.twemoji_first.search(units, position)) is not None:
        match = patterns.twemoji.match(units, candidate.start())
        if match is None:
            position = candidate.start() + 1
        else:
            yield match
            position = match.end()


def _twemoji_spans(units: _Units) -> list[tuple[int, int]]:
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


def _emoji_spans(units: _Units, emoji_data: str) -> list[tuple[int, int]]:
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
    units = _units(text)
    return tuple(
        (units.code_point(start), units.code_point(end))
        for start, end in _emoji_spans(units, emoji_data)
        if units.boundary(start)
    )


def invalid_characters(text: str) -> tuple[int, ...]:
    """Code point offsets of the characters twitter-text refuses (U+FFFE, U+FEFF, U+FFFF).

    A text containing one is not a valid post, whatever its length.

    >>> invalid_characters("\ufeffBon dia")
    (0,)
    """
    return tuple(index for index, char in enumerate(text) if char in INVALID_CHARACTERS)


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


@cache
def _weights(rules: TextRules) -> _Weights:
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


def _spans(units: _Units, channel: Channel) -> dict[int, tuple[int, int]]:
    """UTF-16 start → (UTF-16 end, weight) of the URLs and emoji, as parseTweet maps them.

    A URL's end is its start plus the length of its URL string (what parseTweet skips), which
    twitter-text's quirks can make differ from the end of its indices; a URL wins over an emoji
    at the same start.
    """
    rules = channel.text_rules
    spans: dict[int, tuple[int, int]] = {}
    if rules.emoji_length is not None:
        weight = rules.emoji_length * rules.scale
        for start, end in _emoji_spans(units, _emoji_data(channel)):
            spans[start] = (end, weight)
    url_length = _url_length(channel)
    if url_length is not None:
        weight = url_length * rules.scale
        for url, start, _end in _extract_urls(units.units):
            spans[start] = (start + len(url), weight)
    return spans


def _is_pair(units: str, index: int) -> bool:
    """Whether a surrogate pair begins at ``units[index]``."""
    return (
        "\ud800" <= units[index : index + 1] <= "\udbff"
        and "\udc00" <= units[index + 1 : index + 2] <= "\udfff"
    )


def _units_weight(units: _Units, start: int, end: int, weights: _Weights) -> int:
    """The weight of ``units[start:end]``, a surrogate pair as one character."""
    if units.plain:
        return _chars_weight(units.text[start:end], weights)
    return _chars_weight(_from_units(units.units[start:end]), weights)


def _weigh(text: str, channel: Channel) -> int:
    """The weight of ``text`` (before dividing by the scale), as parseTweet sums it.

    parseTweet walks the text one character at a time (a surrogate pair is one), and where a URL
    or an emoji begins it adds that weight and jumps past it. This visits the same places
    without walking the plain text in between.
    """
    rules = channel.text_rules
    normalised = _normalise(text, rules)
    weights = _weights(rules)
    if rules.emoji_length is None and _url_length(channel) is None:
        return _chars_weight(normalised, weights)
    units = _units(normalised)
    spans = _spans(units, channel)
    total = 0
    position = 0
    for start in sorted(spans):
        if start < position:
            continue  # inside a URL or an emoji already counted
        if start > position and not units.plain and _is_pair(units.units, start - 1):
            continue  # the walk steps over it, as the second half of a surrogate pair
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
    weight = _weigh(text, channel)
    if content_warning and channel.text_rules.content_warning_counts:
        weight += _weigh(content_warning, channel)
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
    units = _units(normalised)
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
            end = position + (2 if _is_pair(code_units, position) else 1)
            piece = _char_weight(_from_units(code_units[position:end]), rules)
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
