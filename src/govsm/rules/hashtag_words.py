"""The words a hashtag is made of: cutting it where its case changes, splitting runs of letters.

``#FiresSoldeneu2026`` is cut into ``Fires``, ``Soldeneu`` and ``2026``; a run of letters in one
case (``setmanacultural``) is split into known words (``setmana``, ``cultural``) with built-in
lists of Spanish, Catalan/Valencian, Galician and Basque words (``data/hashtag-words-*.txt``,
plurals and Basque case endings derived), function words (``data/hashtag-function-words.txt``)
and endings that are no words (``data/hashtag-endings.txt``). The ``hashtag-camelcase`` rule
(:mod:`govsm.builtin.rules.hashtags`) uses it to suggest the CamelCase spelling.
"""

from __future__ import annotations

import functools

import regex
from attrs import frozen

from govsm.rules.wording import fold_word
from govsm.rules.wordlists import data_items

#: pieces of a hashtag: an upper-case run before a capitalised word (ESO|Soldeneu), a
#: capitalised or lower-case word, an upper-case run, digits, anything else
_CHUNK = regex.compile(
    r"\p{Lu}+(?=\p{Lu}[\p{Ll}\p{M}])|\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}[\p{Lu}\p{M}]*|\p{N}+|[^\p{L}\p{N}]+"
)
_LETTERS = regex.compile(r"^[\p{L}\p{M}]+$")

_ROMANCE = ("es", "ca", "gl")
_BASQUE_ENDINGS = (
    "a", "ak", "aren", "ren", "arena", "ko", "eko", "an", "ean", "n", "ra", "era", "tik",
    "etik", "rekin", "arekin", "entzat", "arentzat", "ri", "ari", "k", "ek", "ok", "en",
    "etan", "tan", "ez", "z", "rik", "etako", "tako",
)  # fmt: skip


def _romance_forms(word: str, language: str) -> set[str]:
    forms = {word, word + "s"}
    if word.endswith("a"):
        forms.add(word[:-1] + "es")  # ca: festa → festes, fira → fires
    if word[-1] not in "aeiouy":
        forms.add(word + "es")  # es, gl: ciudad → ciudades, mes → meses
    if language == "ca" and word.endswith("o"):
        forms.add(word + "ns")  # educació → educacions
    if word.endswith("z"):
        forms.add(word[:-1] + "ces")  # luz → luces
    return forms


def _basque_forms(stem: str) -> set[str]:
    forms = {stem}
    for ending in _BASQUE_ENDINGS:
        forms.add(stem + ending)
        if stem.endswith("a") and ending.startswith("a"):
            forms.add(stem[:-1] + ending)  # plaza + an → plazan
    return forms


@frozen
class _Lexicon:
    words: frozenset[str]
    function: frozenset[str]
    endings: frozenset[str]
    longest: int


@functools.cache
def _lexicon() -> _Lexicon:
    words: set[str] = set()
    for language in _ROMANCE:
        for item in data_items(f"hashtag-words-{language}.txt"):
            folded = fold_word(item)
            if len(folded) >= 3:
                words.update(_romance_forms(folded, language))
    for item in data_items("hashtag-words-eu.txt"):
        folded = fold_word(item)
        if len(folded) >= 3:
            words.update(form for form in _basque_forms(folded) if len(form) >= 4)
            words.add(folded)
    function = frozenset(fold_word(item) for item in data_items("hashtag-function-words.txt"))
    endings = frozenset(fold_word(item) for item in data_items("hashtag-endings.txt"))
    return _Lexicon(frozenset(words), function, endings, max(len(w) for w in words))


_ONSET = regex.compile(
    r"^(?:[aeiouy]|(?:[bcdfgkptv][lr]|ch|ll|ny|tx|tz|ts|qu|gu|[bcdfghjklmnñpqrstvwxzç])[aeiouy])"
)


def _wordlike(piece: str) -> bool:
    """Whether an unknown piece could be a word: a vowel, and a start Spanish or Basque allow."""
    return bool(_ONSET.match(piece))


@frozen
class _Piece:
    start: int
    end: int
    kind: str  # "word", "function" or "unknown"


def _best_split(chunk: str, extra: frozenset[str]) -> tuple[_Piece, ...]:
    """The split of a folded chunk covering most letters with known words, in fewest pieces.

    A function word may only stand between two known words, so the search remembers the kind
    of the last piece.
    """
    lexicon = _lexicon()
    size = len(chunk)
    longest = max(lexicon.longest, max((len(w) for w in extra), default=0))
    Cost = tuple[int, int, int]  # unknown letters, unknown pieces, pieces
    best: dict[tuple[int, str], tuple[Cost, tuple[_Piece, ...]]] = {(0, "start"): ((0, 0, 0), ())}
    for start in range(size):
        for last in ("start", "word", "function", "unknown"):
            here = best.get((start, last))
            if here is None:
                continue
            (unknown, unknown_pieces, pieces), path = here
            for end in range(start + 1, size + 1):
                piece = chunk[start:end]
                options: list[str] = []
                if end - start <= longest and (piece in lexicon.words or piece in extra):
                    options.append("word")
                elif piece in lexicon.function and last in ("word", "function") and end < size:
                    options.append("function")
                if last != "function":
                    options.append("unknown")
                for kind in options:
                    if kind == "unknown":
                        cost = (unknown + end - start, unknown_pieces + 1, pieces + 1)
                    else:
                        cost = (unknown, unknown_pieces, pieces + 1)
                    current = best.get((end, kind))
                    if current is None or cost < current[0]:
                        best[(end, kind)] = (cost, (*path, _Piece(start, end, kind)))
    finals = [best[(size, kind)] for kind in ("word", "unknown") if (size, kind) in best]
    if not finals:
        return (_Piece(0, size, "unknown"),)
    return min(finals, key=lambda item: item[0])[1]


#: runs of letters longer than this are not split into words: no hashtag people read runs so
#: many letters together, and the search grows with the square of the length
MAX_SPLIT_LETTERS = 64


@functools.lru_cache(maxsize=16384)
def split_words(chunk: str, extra: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The words a single-case run of letters is made of, or ``None`` when it is one word.

    ``chunk`` is folded (lower case, no accents). Known words are the built-in lists of
    Spanish, Catalan/Valencian, Galician and Basque words (with plurals and Basque case
    endings) and ``extra``; function words (*de*, *la*, *i*, *eta*…) count only between two
    other words. One unknown piece is tolerated when it looks like a word and the known words
    around it are enough to be sure (*nit·de·sant·miquel*, *salut·mental*).

    :param chunk: a run of letters in one case, folded.
    :param extra: known words beyond the built-in lists, folded.
    :returns: the words, in order; ``None`` when the run is one word (or no split is sure), or
        longer than :data:`MAX_SPLIT_LETTERS`.
    """
    if len(chunk) > MAX_SPLIT_LETTERS:
        return None
    pieces = _best_split(chunk, extra)
    if len(pieces) < 2:
        return None
    content = [p for p in pieces if p.kind == "word"]
    unknown = [p for p in pieces if p.kind == "unknown"]
    connectors = [p for p in pieces if p.kind == "function"]
    words = tuple(chunk[p.start : p.end] for p in pieces)
    if words[-1] in _lexicon().endings and words[-1] not in extra:
        return None  # diar·io, obert·ura: the end of one word, not a word
    if not unknown:
        return words if len(content) >= 2 else None
    if len(unknown) > 1:
        return None
    guess = chunk[unknown[0].start : unknown[0].end]
    if len(guess) < 4 or not _wordlike(guess):
        return None
    if connectors:
        return words  # nit·de·sant·miquel: a function word between words leaves no doubt
    long_words = [p for p in content if p.end - p.start >= 4]
    return words if len(long_words) >= 2 else None


def chunks(tag: str) -> list[str]:
    """The pieces of a hashtag (without its ``#``), cut where its case changes.

    ``FiresSoldeneu2026`` → ``Fires``, ``Soldeneu``, ``2026``; ``ESOSoldeneu`` → ``ESO``,
    ``Soldeneu``. Runs of digits and of other characters are pieces of their own.

    :param tag: the hashtag's text, without ``#``.
    :returns: the pieces, in order; joined, they give ``tag`` back.
    """
    return [m.group() for m in _CHUNK.finditer(tag)]


def is_letters(piece: str) -> bool:
    """Whether a piece of a hashtag (see :func:`chunks`) is made of letters only.

    :param piece: a piece of a hashtag.
    """
    return bool(_LETTERS.match(piece))


def camel_case(tag: str, extra: frozenset[str], min_length: int, min_upper: int) -> str | None:
    """The CamelCase spelling of a tag that runs words together, or ``None`` if it does not.

    :param tag: the hashtag's text, without ``#``.
    :param extra: known words beyond the built-in lists, folded (see :func:`split_words`).
    :param min_length: shorter runs of letters in one case are left as they are.
    :param min_upper: shorter upper-case runs are left as they are (acronyms).
    :returns: ``setmanacultural`` → ``SetmanaCultural``; ``None`` when no run splits.
    """
    out: list[str] = []
    changed = False
    for chunk in chunks(tag):
        if not is_letters(chunk):
            out.append(chunk)
            continue
        upper = chunk.isupper()
        if len(chunk) < (min_upper if upper else min_length):
            out.append(chunk)
            continue
        folded = fold_word(chunk)
        words = split_words(folded, extra) if len(folded) == len(chunk) else None
        if words is None:
            out.append(chunk)
            continue
        changed = True
        position = 0
        for word in words:
            original = chunk[position : position + len(word)]
            out.append(original[:1].upper() + original[1:].lower())
            position += len(word)
    return "".join(out) if changed else None


def needs_split(tag: str, min_length: int, min_upper: int) -> bool:
    """Whether a tag has a run of letters in one case long enough to hide several words.

    :param tag: the hashtag's text, without ``#``.
    :param min_length: the shortest run of letters in one case that may hide words.
    :param min_upper: the same, for upper-case runs.
    """
    for chunk in chunks(tag):
        if is_letters(chunk) and len(chunk) >= (min_upper if chunk.isupper() else min_length):
            return True
    return False


def word_count(tag: str) -> int:
    """How many runs of letters a hashtag has (see :func:`chunks`): ``FiresSoldeneu2026`` → 2.

    :param tag: the hashtag's text, without ``#``.
    """
    return sum(1 for chunk in chunks(tag) if is_letters(chunk))
