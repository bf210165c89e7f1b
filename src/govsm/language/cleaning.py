"""What the detector reads: a text without its links, mentions and hashtags, and its letters."""

from __future__ import annotations

import functools
from collections.abc import Iterable

import regex

from govsm.text import Entity

_TAGGED = regex.compile(r"(?<!\w)[@#$][\w@.]+")
_DOMAIN_HINT = regex.compile(r"\w\.(?:com|es|cat|gal|eus|org|net|eu|example)\b", regex.IGNORECASE)
# what measure() may leave: links, e-mail addresses and bare domains
_LINK = r"\b(?:https?|ftp)://\S+"
_ADDRESS = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_DOMAIN = r"\b(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|es|cat|gal|eus|org|net|eu|example)(?:/\S*)?"
_RESIDUE = regex.compile(f"{_LINK}|{_ADDRESS}|{_DOMAIN}", regex.IGNORECASE)
# the same without the branches a text cannot match: an address needs "@", a link "://" (the
# address branch, tried at every character of a word, costs the most)
_NO_ADDRESS = regex.compile(f"{_LINK}|{_DOMAIN}", regex.IGNORECASE)
_DOMAIN_ONLY = regex.compile(_DOMAIN, regex.IGNORECASE)


def _residue(text: str) -> regex.Pattern[str]:
    """:data:`_RESIDUE`, or the same without the branches that cannot match ``text``."""
    if "@" in text:
        return _RESIDUE
    return _NO_ADDRESS if "://" in text else _DOMAIN_ONLY


def strip_entities(text: str, entities: Iterable[Entity] = ()) -> str:
    """``text`` without its links, mentions, hashtags and e-mail addresses (spaces instead).

    :param text: the text as written.
    :param entities: its entities as :func:`govsm.text.measure` found them; what they miss
        (tags, e-mail addresses, bare domains) is found again here.
    """
    spans = sorted((max(e.start, 0), min(e.end, len(text))) for e in entities)
    if spans:
        parts: list[str] = []
        last = 0
        for start, end in spans:
            if start >= last:
                parts.append(text[last:start])
                parts.append(" " * (end - start))
                last = end
        parts.append(text[last:])
        text = "".join(parts)
    if "@" in text or "#" in text or "$" in text:
        text = _TAGGED.sub(" ", text)
    if "@" in text or "://" in text or _DOMAIN_HINT.search(text):
        text = _residue(text).sub(" ", text)
    return text


@functools.lru_cache(maxsize=4)
def letter_count(text: str) -> int:
    """How many letters ``text`` has (the last few answers are remembered).

    The language rules count the same cleaned text up to three times in a row: whether it may
    be bilingual, whether it is long enough to detect, and in the detection itself.

    :param text: any text.
    """
    return sum(map(str.isalpha, text))
