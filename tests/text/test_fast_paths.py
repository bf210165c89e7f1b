"""The shortcuts measuring takes find what the plain ways find.

Each shortcut is checked against the obvious way of computing the same thing, on the generated
strings of the differential tests (every script, emoji sequences, URLs, combining marks, lone
surrogates, refused characters) and on hypothesis' own.
"""

from __future__ import annotations

import random
import re
import re._constants as sre_constants  # the parser's node types, to read a pattern's characters
import re._parser as sre_parser
from collections.abc import Iterator
from typing import Any

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from govsm.text import _twitter_data, segmentation, twitter, twitter_emoji, twitter_entities
from govsm.text import twitter_patterns as patterns_module
from govsm.text.utf16 import CodeUnits, from_units, units_of
from tests.text.test_twitter_differential import EMOJI, MARKS, X_REFERENCE, X, generate

GRAPHEME = regex.compile(r"\X")
BATCH = 400

seeds = st.integers(min_value=0, max_value=2**64 - 1)
#: hypothesis' strings, with the characters that make grapheme clusters and surrogate pairs
tricky = st.lists(
    st.one_of(
        st.text(max_size=4),
        st.sampled_from(EMOJI + MARKS),
        st.sampled_from(["\r\n", "\r", "\n", "\ud83c", "\udf89", "\ud800", "\u0903", "\u0600"]),
    ),
    max_size=12,
).map("".join)


def batch(seed: int) -> list[str]:
    return generate(random.Random(seed), BATCH)


# -- grapheme clusters ----------------------------------------------------------------------------


@given(tricky)
def test_grapheme_count(text: str) -> None:
    assert segmentation.grapheme_count(text) == len(GRAPHEME.findall(text))


@settings(max_examples=5, deadline=None)
@given(seeds)
def test_grapheme_count_generated(seed: int) -> None:
    for text in batch(seed):
        assert segmentation.grapheme_count(text) == len(GRAPHEME.findall(text)), text


# -- UTF-16 code units ------------------------------------------------------------------------------


def _units(text: str) -> str:
    """``text`` as UTF-16 code units, one character each, the plain way."""
    units = text.encode("utf-16-le", "surrogatepass")
    return "".join(chr(int.from_bytes(units[i : i + 2], "little")) for i in range(0, len(units), 2))


@given(tricky)
def test_code_units(text: str) -> None:
    """Units, and the offsets both ways, as counted character by character."""
    units = CodeUnits(text)
    assert units.units == _units(text)
    assert units.plain is (len(units.units) == len(text))
    unit_of: list[int] = []  # the UTF-16 index of each code point
    position = 0
    for char in text:
        unit_of.append(position)
        position += 2 if ord(char) > 0xFFFF else 1
    unit_of.append(position)
    for index, unit in enumerate(unit_of):
        assert units.unit(index) == unit
        assert units.code_point(unit) == index
        assert units.starting_at(unit) == index
        assert units.boundary(unit)
    for unit in set(range(len(units.units))) - set(unit_of):  # second halves of pairs
        assert units.code_point(unit) == unit_of.index(unit - 1)
        assert units.starting_at(unit) is None
        assert not units.boundary(unit)


@given(
    st.lists(st.sampled_from(["a", "é", "\ud83c", "\udf89", "\udbff", "\udc00", "😀"])).map("".join)
)
def test_from_units(units: str) -> None:
    """Pairs joined, lone surrogates kept: what the UTF-16 codec does with "surrogatepass"."""
    expected = units.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    assert from_units(units) == expected


# -- twitter-text's patterns, tried where they can match ------------------------------------------


@settings(max_examples=5, deadline=None)
@given(seeds)
def test_mentions_are_tried_near_at_signs(seed: int) -> None:
    pattern = patterns_module.compiled().valid_mention_or_list
    for text in [*batch(seed), "xRT:@a", "RT @x: @y", "@@a", "a@b@c", "rt@y", "x rT:@abc/def"]:
        units = CodeUnits(text).units
        assert [m.span() for m in twitter_entities._mention_matches(units)] == [
            m.span() for m in pattern.finditer(units)
        ]


def test_only_keycaps_begin_with_a_hash_sign_star_or_digit() -> None:
    """So a text without U+20E3 need not try twemoji-parser's pattern at those characters."""
    twemoji = patterns_module.compiled().twemoji
    for first in "#*0123456789":
        for code in range(0x10000):
            second = chr(code)
            match = twemoji.match(first + second + "\u20e3")
            assert match is None or second in "\ufe0f\u20e3", (first, hex(code))
            match = twemoji.match(first + "\ufe0f" + second)
            assert match is None or second == "\u20e3", (first, hex(code))


def _characters(items: Any) -> Iterator[int]:
    """Every character a parsed pattern can match, lookarounds included."""
    for op, argument in items:
        if op is sre_constants.LITERAL:
            yield argument
        elif op is sre_constants.IN:
            for kind, value in argument:
                if kind is sre_constants.LITERAL:
                    yield value
                elif kind is sre_constants.RANGE:
                    yield from range(value[0], value[1] + 1)
                else:
                    raise AssertionError(kind)  # a class we cannot list (NEGATE, CATEGORY)
        elif op is sre_constants.SUBPATTERN:
            yield from _characters(argument[3])
        elif op is sre_constants.BRANCH:
            for branch in argument[1]:
                yield from _characters(branch)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            yield from _characters(argument[2])
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            yield from _characters(argument[1])
        else:
            raise AssertionError(op)


def test_emoji_runs_hold_every_emoji_character() -> None:
    """twemoji-parser's characters (its lookahead's too) are all EMOJI_CHARACTERS."""
    characters = re.compile(f"[{twitter_emoji.EMOJI_CHARACTERS}]")
    pattern = patterns_module._compile(_twitter_data.TWEMOJI_11).pattern
    for code in set(_characters(sre_parser.parse(pattern))):
        assert characters.match(chr(code)), hex(code)
    # and every character of a UTS #51 emoji sequence (twitter_emoji._EMOJI_ELEMENT's)
    uts51 = regex.compile(
        r"[\p{Regional_Indicator}#*0-9\ufe0f\u20e3\u200d\p{Emoji_Presentation}"
        r"\p{Extended_Pictographic}\p{Emoji_Modifier_Base}\p{Emoji_Modifier}"
        r"\U000e0020-\U000e007f]"
    )
    for code in range(0x110000):
        if uts51.match(chr(code)):
            assert characters.match(chr(code)), hex(code)


@settings(max_examples=5, deadline=None)
@given(seeds)
def test_emoji_by_runs(seed: int) -> None:
    """Reading the runs one by one finds what reading the whole text at once finds."""
    for text in batch(seed):
        units = units_of(text)
        for data in (twitter_emoji.UNICODE_EMOJI, twitter_emoji.TWEMOJI_11):
            whole = twitter_emoji._read_run(text, data)
            assert tuple(twitter_emoji.unit_spans(units, data)) == whole, (text, data)


@given(tricky)
def test_emoji_by_runs_tricky(text: str) -> None:
    units = units_of(text)
    for data in (twitter_emoji.UNICODE_EMOJI, twitter_emoji.TWEMOJI_11):
        whole = twitter_emoji._read_run(text, data)
        assert tuple(twitter_emoji.unit_spans(units, data)) == whole


# -- weighing ---------------------------------------------------------------------------------------


@settings(max_examples=5, deadline=None)
@given(seeds)
def test_weighing_all_at_once(seed: int) -> None:
    """The weight less that of what is jumped over is the walk's, piece by piece."""
    for text in batch(seed):
        for channel in (X, X_REFERENCE):
            rules = channel.text_rules
            units = units_of(twitter._normalise(text, rules))
            spans = twitter._spans(units, channel)
            expected = twitter._walk(units, spans, twitter._weights(rules))
            assert twitter.weigh(text, channel) == expected, text


def test_invalid_characters() -> None:
    for text in ["", "Bon dia", "\ufeffa\ufffeb\uffff", "a" * 100 + "\uffff"]:
        assert twitter.invalid_characters(text) == tuple(
            index for index, char in enumerate(text) if char in twitter.INVALID_CHARACTERS
        )


def test_a_jump_into_a_surrogate_pair() -> None:
    """twitter-text skips a URL by the length of its string, which can end inside a pair.

    Here the URL string is the ASCII-domain form, shorter than what the indices cover, and its
    end falls between the halves of 👋: the weight is then walked piece by piece.
    """
    text = "münchen.de👋🏿🧑\u200d🏫🏽ελλάδα.ελ/"
    units = units_of(text)
    url, start, _ = twitter_entities.extract_urls(units.units)[0]
    assert not units.boundary(start + len(url))
    assert twitter.weigh(text, X) == 3900  # as before the shortcut, and as parseTweet sums it
    assert twitter.parse_tweet(text, X).weight == 3900
