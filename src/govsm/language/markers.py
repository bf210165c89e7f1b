"""Marker words: the words and spellings that tell Galician from its neighbours.

lingua has no Galician model, so a Galician post comes out as Spanish or Portuguese.
``govsm/rules/data/language-markers.toml`` lists, for Galician, Spanish, Portuguese, Catalan,
Basque, English and French, the words and spellings found mostly in each; counting them lets the
detector (:mod:`govsm.language.detection`) answer Galician, and decide without lingua the posts
whose markers leave no doubt.
"""

from __future__ import annotations

import functools
import importlib.resources
import tomllib
from collections import Counter
from itertools import chain
from typing import Any

import regex
from attrs import frozen

#: the languages the marker file counts
COUNTED: tuple[str, ...] = ("gl", "es", "pt", "ca", "eu", "en", "fr")

_WORD = regex.compile(r"\p{L}[\p{L}\p{M}'’·-]*\p{L}|\p{L}")


@frozen
class _Markers:
    words: dict[str, frozenset[str]]
    patterns: tuple[tuple[regex.Pattern[str], tuple[str, ...]], ...]
    nh_exceptions: regex.Pattern[str]
    others: frozenset[str]
    watched: frozenset[str]


@functools.cache
def _markers() -> _Markers:
    resource = importlib.resources.files("govsm.rules") / "data" / "language-markers.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    words = {lang: frozenset(data[lang]["words"]) for lang in COUNTED}
    patterns = tuple(
        (regex.compile(item["regex"]), tuple(item["langs"]))
        for lang in COUNTED
        for item in data[lang].get("patterns", ())
    )
    others = frozenset(w for items in data["others"].values() for w in items)
    return _Markers(
        words,
        patterns,
        regex.compile(data["pt"]["nh_exceptions"]),
        others,
        frozenset(COUNTED) | frozenset(data["others"]),
    )


def watched_languages() -> frozenset[str]:
    """The languages the marker file knows: those it counts, and those it lists words of.

    A text among other candidates may hold words of a language no list covers, so only among
    these can the markers decide a text alone.
    """
    return _markers().watched


@functools.lru_cache(maxsize=65536)
def _word_markers(word: str) -> tuple[str, ...]:
    """The languages one lower-case word counts for (``"*"`` for another language's word)."""
    markers = _markers()
    if word in markers.others:
        return ("*",)
    found = [lang for lang, words in markers.words.items() if word in words]
    for pattern, langs in markers.patterns:
        if pattern.search(word):
            found.extend(langs)
    if "nh" in word and not markers.nh_exceptions.match(word):
        found.append("pt")
    return tuple(found)


def marker_counts(text: str) -> Counter[str]:
    """How many Galician, Spanish, Portuguese and Catalan markers ``text`` holds.

    ``counts["*"]`` is the number of very frequent words of another language (en, fr, eu…).

    :param text: the text, links and mentions already removed.
    """
    return Counter(chain.from_iterable(map(_word_markers, _WORD.findall(text.lower()))))
