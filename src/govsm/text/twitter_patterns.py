"""twitter-text's and twemoji-parser's regular expressions, compiled for Python on first use.

The patterns themselves are generated into ``govsm.text._twitter_data`` from the npm packages
(see :mod:`govsm.text.twitter`); names in braces there (``{GTLD}``…) stand for the other
patterns of that name, and are put in here. They run over UTF-16 code units
(:mod:`govsm.text.utf16`), as JavaScript runs them.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

from attrs import frozen

from govsm.text import _twitter_data as _data

_COMPONENTS: Final = {
    "{GTLD}": _data.GTLD,
    "{CCTLD}": _data.CCTLD,
    "{HASHTAG_ALPHA}": _data.HASHTAG_ALPHA,
    "{HASHTAG_ALPHANUMERIC}": _data.HASHTAG_ALPHANUMERIC,
}


def _expand(pattern: str) -> str:
    """``pattern`` with the patterns its braced names stand for put in."""
    for name, component in _COMPONENTS.items():
        pattern = pattern.replace(name, component)
    return pattern


def _compile(pattern: str, *, at_position: bool = False) -> re.Pattern[str]:
    pattern = _expand(pattern)
    if at_position:
        # `^(?:…)` used on the rest of a string: without the anchor, `match(s, pos)` does that
        if not (pattern.startswith("^(?:") and pattern.endswith(")")):
            raise AssertionError(pattern)
        pattern = pattern[1:]
    return re.compile(pattern)


#: how the first code units of twemoji-parser's pattern begin: its one keycap alternative's
_KEYCAP_FIRST: Final = r"[\x23\x2a0-9"
_KEYCAP: Final = r"[\x23\x2a0-9]\ufe0f?\u20e3"


def _twemoji_first_but_keycaps() -> str:
    """The first code units of a twemoji-parser 11 match but ``#``, ``*`` and the digits.

    Those begin a match only as a keycap (``#️⃣``, which needs U+20E3): a text without U+20E3 need
    not try the pattern at each hash sign and digit. One character class, so that ``search``
    scans for it fast (an alternation would be tried at every position).
    """
    first = _data.TWEMOJI_11_FIRST
    if not first.startswith(_KEYCAP_FIRST) or _data.TWEMOJI_11.count(_KEYCAP_FIRST) != 1:
        raise AssertionError("twemoji-parser's keycaps are not where they were")
    if _data.TWEMOJI_11.count(_KEYCAP) != 1:
        raise AssertionError("twemoji-parser's keycaps are not what they were")
    return "[" + first.removeprefix(_KEYCAP_FIRST)


@frozen
class Patterns:
    """twitter-text's patterns by their twitter-text names, and twemoji-parser 11's emoji.

    ``end_mention_match`` and ``end_hashtag_match`` are meant for ``match(text, position)`` at
    the end of a match; ``twemoji_first`` finds where a twemoji match can begin (and
    ``twemoji_first_but_keycaps`` where one can in a text without U+20E3), ``space`` one of
    twitter-text's spaces, ``through_last_space`` everything up to the last space (``match`` it
    between two positions), and ``tld_hint`` a dot followed by a top-level domain twitter-text
    knows (or punycode), in any case: a word without one, and without ``://``, holds no URL.
    """

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
    twemoji_first_but_keycaps: re.Pattern[str]
    space: re.Pattern[str]
    through_last_space: re.Pattern[str]
    tld_hint: re.Pattern[str]


@cache
def compiled() -> Patterns:
    """The patterns, compiled on first use (about 0.2 s), not on import."""
    return Patterns(
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
        twemoji_first_but_keycaps=_compile(_twemoji_first_but_keycaps()),
        space=_compile(_data.SPACES),
        # from where a dot is reached without crossing a space
        through_last_space=_compile(f"(?s:.*){_data.SPACES}"),
        tld_hint=re.compile(_expand("\\.(?:{GTLD}|{CCTLD}|xn--)"), re.IGNORECASE),
    )
