"""A post's text as the rules read it.

Folded for accent-insensitive search without losing code-point offsets; words, sentences and
emoji; short quotations for findings' messages.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

import regex
from attrs import frozen

from govsm.rules.wordlists import data_items
from govsm.text import Entity, EntityKind

# ---------------------------------------------------------------------------------------------
# Folding: lower case, no accents (except ñ and ç), one apostrophe and one middle dot — one code
# point for one code point, so offsets found in the folded text are offsets in the original.
# ---------------------------------------------------------------------------------------------

_KEEP_MARKS = {"ñ": "ñ", "Ñ": "ñ", "ç": "ç", "Ç": "ç"}


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x00C0, 0x0250):
        char = chr(code)
        if char in _KEEP_MARKS:
            table[code] = _KEEP_MARKS[char]
            continue
        decomposed = unicodedata.normalize("NFD", char)
        base = decomposed[0].lower()
        if len(decomposed) > 1 and "a" <= base <= "z":
            table[code] = base
        elif len(char.lower()) == 1 and char.lower() != char:
            table[code] = char.lower()
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code + 32)
    for dot in "\u2027\u2022\u0387\u22c5\u2219":
        table[ord(dot)] = "·"
    for mark in "\u2019\u2018\u02bc\u00b4\u0060\u2032":
        table[ord(mark)] = "'"
    return table


_FOLD = _fold_table()
_COMBINING = re.compile("[\u0300-\u036f]")


@frozen
class Folded:
    """A text folded for matching, and the way back to the original's code points.

    :param text: the folded text.
    :param index: for each code point of :attr:`text`, its offset in the original (``None``
        when they are the same, the usual case of NFC text).
    :param length: the original's length.
    """

    text: str
    index: tuple[int, ...] | None
    length: int

    def original(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``text[start:end]`` comes from."""
        if self.index is None:
            return start, end
        first = self.index[start] if start < len(self.index) else self.length
        last = self.index[end] if end < len(self.index) else self.length
        return first, last


def fold(text: str) -> Folded:
    """Fold ``text`` (see :class:`Folded`); decomposed accents (NFD) are dropped too."""
    folded = text.translate(_FOLD)
    if not _COMBINING.search(folded):
        return Folded(folded, None, len(text))
    chars: list[str] = []
    index: list[int] = []
    for offset, char in enumerate(folded):
        if "\u0300" <= char <= "\u036f" and chars:
            if char == "\u0303" and chars[-1] == "n":
                chars[-1] = "ñ"
            elif char == "\u0327" and chars[-1] == "c":
                chars[-1] = "ç"
            continue
        chars.append(char)
        index.append(offset)
    return Folded("".join(chars), tuple(index), len(text))


@functools.lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """Fold a word or phrase the way :func:`fold` folds a text (cached: words repeat)."""
    return fold(unicodedata.normalize("NFC", word)).text


def searchable(text: str) -> Folded:
    """``text`` in lower case for :func:`phrase_regex` patterns, with the way back.

    Lower-casing keeps offsets for almost every text; the rare one it does not (a dotted
    capital I), or with decomposed accents (NFD), is folded instead.
    """
    lowered = text.lower()
    if len(lowered) == len(text) and not _COMBINING.search(lowered):
        return Folded(lowered, None, len(text))
    return fold(text)


_ACCENTS = {
    "a": "[aàáâäã]",
    "e": "[eèéêë]",
    "i": "[iìíîï]",
    "o": "[oòóôöõ]",
    "u": "[uùúûü]",
    "·": "[·‧•∙⋅.\\-]?",
    "'": "['’ʼ‘´`]",
    " ": r"\s+",
    "-": r"[\-\s]?",
}


_Trie = dict[str, "_Trie"]


def phrase_regex(phrases: Iterable[str]) -> re.Pattern[str]:
    """One compiled pattern for many words and phrases, as a trie, for a :func:`searchable` text.

    Whole words only; case and accents ignored (an accented vowel in the text matches the
    plain one of the phrase and the other way round); ``·`` also matches ``.`` or nothing
    (sol.licitud, sollicitud), a space any run of spaces, a hyphen a space or nothing.
    """
    trie: _Trie = {}
    for phrase in phrases:
        node = trie
        for char in fold_word(phrase):
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alternatives = [
            _ACCENTS.get(char, re.escape(char)) + emit(child)
            for char, child in sorted(node.items())
            if char
        ]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return re.compile(rf"(?<![\w·])(?:{emit(trie)})(?![\w·])")


# ---------------------------------------------------------------------------------------------
# Words, entities, sentences
# ---------------------------------------------------------------------------------------------

#: a word: letters and digits, joined by an apostrophe, a hyphen or the Catalan middle dot;
#: a number keeps its points and commas (8.30, 300.000, 3,5)
WORD = re.compile(r"[^\W_]+(?:(?:['’·‧\-]|(?<=\d)[.,:](?=\d))[^\W_]+)*")
LETTER = regex.compile(r"\p{L}")
DIGIT = regex.compile(r"\p{N}")


def masked(
    text: str, entities: Iterable[Entity], *, urls: str = " ", others: str | None = "X"
) -> str:
    """``text`` with its entities covered, keeping every offset.

    URLs become ``urls`` (spaces: not words); mentions, hashtags and cashtags become ``others``
    (``X``: one word each, which starts a sentence after a point), or are kept when ``others``
    is ``None``.
    """
    pieces: list[str] = []
    last = 0
    for entity in sorted(entities, key=lambda e: e.start):
        if entity.start < last or entity.end > len(text):
            continue
        fill = urls if entity.kind is EntityKind.URL else others
        if fill is None:
            continue
        pieces.append(text[last : entity.start])
        pieces.append(fill * (entity.end - entity.start))
        last = entity.end
    pieces.append(text[last:])
    return "".join(pieces)


_TERMINATOR = re.compile(r"\n|[.!?…]+[\"'»”’)\]]*(?=\s|$)")
_OPENERS = frozenset("(«\"“'’¿¡[")


def _token_before(text: str, end: int) -> str:
    start = end
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in _OPENERS:
        start -= 1
    return text[start:end]


@functools.cache
def _abbreviations() -> frozenset[str]:
    return frozenset(fold_word(item).rstrip(".") for item in data_items("abbreviations.txt"))


def _is_abbreviation(token: str) -> bool:
    token = fold_word(token)
    if not token:
        return False
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "J. Fuster", "p. ex."
    if token in _abbreviations():
        return True
    # letters with inner points: "n.º", "p.ex", "EE.UU", "a.m"
    parts = token.split(".")
    return len(parts) > 1 and all(0 < len(part) <= 3 for part in parts)


def sentences(text: str) -> list[tuple[int, int]]:
    """Split ``text`` into sentences, as spans with no surrounding spaces.

    A sentence ends at a line break, or at ``.``, ``!``, ``?``, ``…`` followed by a space or the
    end — unless the point closes an abbreviation (``Sr.``, ``núm.``, ``p. ex.``, an initial) or
    the next word starts in lower case (``Esperem... i esperem``). Points inside numbers and
    addresses (``8.30``, ``300.000``, ``www.x.example``) are followed by no space and do not end
    anything; mask URLs first (:func:`masked`) so that their points never count.
    """
    bounds: list[int] = []
    for match in _TERMINATOR.finditer(text):
        mark = match.group()
        if mark[0] != "\n":
            if mark.rstrip("\"'»”’)]") == "." and _is_abbreviation(
                _token_before(text, match.start())
            ):
                continue
            following = match.end()
            while following < len(text) and text[following] in " \t\u00a0":
                following += 1
            if following < len(text) and text[following].islower():
                continue
        bounds.append(match.end())
    spans: list[tuple[int, int]] = []
    start = 0
    for end in [*bounds, len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped and WORD.search(stripped):
            lead = len(piece) - len(piece.lstrip())
            spans.append((start + lead, start + lead + len(stripped)))
        start = end
    return spans


# ---------------------------------------------------------------------------------------------
# Emoji
# ---------------------------------------------------------------------------------------------

CLUSTER = regex.compile(r"\X")
#: a superset of the characters that start or mark an emoji (a quick test before the exact one)
EMOJI_HINT = re.compile(
    "[\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21ff\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff\ufe0f\u20e3]"
)
_EMOJI_PRESENTATION = regex.compile(r"[\p{Emoji_Presentation}\p{Regional_Indicator}]")
_EMOJI_CHAR = regex.compile(r"\p{Emoji}")
_TEXT_SYMBOLS = frozenset("©®™")


def is_emoji(cluster: str) -> bool:
    """Whether a grapheme cluster is an emoji (ZWJ sequences, flags and keycaps included).

    Pictographs with text presentation by default (❤, ☎, ✔, ▶) count: screen readers read
    their names all the same. ©, ® and ™ do not, unless written with the emoji selector.
    """
    if not cluster:
        return False
    first = cluster[0]
    if _EMOJI_PRESENTATION.match(first):
        return True
    if not _EMOJI_CHAR.match(first):
        return False
    if first in "0123456789#*":
        return "\u20e3" in cluster
    return first not in _TEXT_SYMBOLS or "\ufe0f" in cluster


#: characters that never start a grapheme cluster after another character: combining marks,
#: variation selectors, the keycap, skin tones, tags (``Extend``), ZWJ and spacing marks
_JOINS_PREVIOUS = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}]"
)


def emoji_clusters(text: str) -> list[tuple[int, int, str]]:
    """The emoji of ``text``: (start, end, emoji), one per grapheme cluster.

    Only the clusters around the characters :data:`EMOJI_HINT` finds are segmented, not the
    whole text: from each hint, back over the characters that join the one before, to where its
    cluster starts. The answer is the same as segmenting every cluster and keeping the emoji
    (a property test compares the two).

    >>> [emoji for _, _, emoji in emoji_clusters("Festa 🎉 a les 1️⃣0 h")]
    ['🎉', '1️⃣']
    """
    found: list[tuple[int, int, str]] = []
    done = 0
    for hint in EMOJI_HINT.finditer(text):
        start = hint.start()
        if start < done:
            continue
        while start > done and _JOINS_PREVIOUS.match(text, start):
            start -= 1
        # from there, cluster after cluster until the hint's own (a control character before
        # a skin tone, say, is a cluster of its own)
        while done <= hint.start():
            cluster = CLUSTER.match(text, start)
            if cluster is None:  # pragma: no cover - \X matches anywhere inside the text
                break
            start = done = cluster.end()
            if is_emoji(cluster.group()):
                found.append((cluster.start(), cluster.end(), cluster.group()))
    return found


def quote(text: str, limit: int = 60) -> str:
    """``text`` on one line, shortened with an ellipsis past ``limit`` code points."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
