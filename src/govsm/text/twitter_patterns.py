"""twitter-text's and twemoji-parser's regular expressions, compiled for Python on first use.

The patterns themselves are generated into ``govsm.text._twitter_data`` from the npm packages
(see :mod:`govsm.text.twitter`); names in braces there (``{GTLD}``…) stand for the other
patterns of that name, and are put in here. They run over UTF-16 code units
(:mod:`govsm.text.utf16`), as JavaScript runs them.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from typing import Final

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


class Patterns:
    """twitter-text's patterns by their twitter-text names, and twemoji-parser 11's emoji.

    Each is compiled the first time it is read, then kept: measuring a post without a dot, a
    mention or a hashtag compiles the emoji patterns only, not the URL pattern and its list of
    top-level domains, the dearest of them (about 0.15 s of the 0.2 s all take).

    ``end_mention_match`` and ``end_hashtag_match`` are meant for ``match(text, position)`` at
    the end of a match; ``twemoji_first`` finds where a twemoji match can begin (and
    ``twemoji_first_but_keycaps`` where one can in a text without U+20E3), ``space`` one of
    twitter-text's spaces, ``through_last_space`` everything up to the last space (``match`` it
    between two positions), and ``tld_hint`` a dot followed by a top-level domain twitter-text
    knows (or punycode), in any case: a word without one, and without ``://``, holds no URL.
    """

    @cached_property
    def extract_url(self) -> re.Pattern[str]:
        """twitter-text's ``extractUrl``."""
        return _compile(_data.EXTRACT_URL)

    @cached_property
    def valid_ascii_domain(self) -> re.Pattern[str]:
        """twitter-text's ``validAsciiDomain``."""
        return _compile(_data.VALID_ASCII_DOMAIN)

    @cached_property
    def valid_tco_url(self) -> re.Pattern[str]:
        """twitter-text's ``validTcoUrl``."""
        return _compile(_data.VALID_TCO_URL)

    @cached_property
    def valid_mention_or_list(self) -> re.Pattern[str]:
        """twitter-text's ``validMentionOrList``."""
        return _compile(_data.VALID_MENTION_OR_LIST)

    @cached_property
    def end_mention_match(self) -> re.Pattern[str]:
        """twitter-text's ``endMentionMatch``, for ``match`` at a position."""
        return _compile(_data.END_MENTION_MATCH, at_position=True)

    @cached_property
    def valid_hashtag(self) -> re.Pattern[str]:
        """twitter-text's ``validHashtag``."""
        return _compile(_data.VALID_HASHTAG)

    @cached_property
    def end_hashtag_match(self) -> re.Pattern[str]:
        """twitter-text's ``endHashtagMatch``, for ``match`` at a position."""
        return _compile(_data.END_HASHTAG_MATCH, at_position=True)

    @cached_property
    def valid_cashtag(self) -> re.Pattern[str]:
        """twitter-text's ``validCashtag``."""
        return _compile(_data.VALID_CASHTAG)

    @cached_property
    def twemoji(self) -> re.Pattern[str]:
        """twemoji-parser 11's emoji pattern."""
        return _compile(_data.TWEMOJI_11)

    @cached_property
    def twemoji_first(self) -> re.Pattern[str]:
        """The code units a twemoji-parser 11 match can begin with."""
        return _compile(_data.TWEMOJI_11_FIRST)

    @cached_property
    def twemoji_first_but_keycaps(self) -> re.Pattern[str]:
        """The same, but ``#``, ``*`` and the digits (for a text without U+20E3)."""
        return _compile(_twemoji_first_but_keycaps())

    @cached_property
    def space(self) -> re.Pattern[str]:
        """One of twitter-text's spaces."""
        return _compile(_data.SPACES)

    @cached_property
    def through_last_space(self) -> re.Pattern[str]:
        """Everything up to the last space (from where a dot is reached without crossing one)."""
        return _compile(f"(?s:.*){_data.SPACES}")

    @cached_property
    def tld_hint(self) -> re.Pattern[str]:
        """A dot followed by a top-level domain twitter-text knows, or punycode, in any case."""
        return re.compile(_expand("\\.(?:{GTLD}|{CCTLD}|xn--)"), re.IGNORECASE)


@cache
def compiled() -> Patterns:
    """The patterns, each compiled on first use (about 0.2 s for all), not on import."""
    return Patterns()
