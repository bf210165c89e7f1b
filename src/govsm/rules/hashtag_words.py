"""The words a hashtag is made of: cutting it where its case changes, splitting runs of letters.

``#FiresSoldeneu2026`` is cut into ``Fires``, ``Soldeneu`` and ``2026``; a run of letters in one
case (``setmanacultural``) is split into words (``setmana``, ``cultural``) by a Viterbi search
over word frequencies of Spanish, Catalan/Valencian, Galician and Basque
(``data/hashtag-frequencies.txt.gz``), one language at a time: the split wins whose pieces are
all known words of one language (or names of places, ``data/hashtag-places.txt``) with the best
total log-frequency, by a clear margin. A run that a language reads best as one of its words, a
place's name or a word of the built-in lists of municipal vocabulary
(``data/hashtag-words-*.txt``) is never split. The
``hashtag-camelcase`` rule (:mod:`govsm.builtin.rules.hashtags`) uses it to suggest the CamelCase
spelling.

The data is read once, the first time a hashtag needs splitting (about 0.2 s and 30 MB).
"""

from __future__ import annotations

import functools
import gzip
import importlib.resources
import math
from collections.abc import Mapping

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
_PLACE_WORD = regex.compile(r"[a-zñç]+")

#: the languages whose word frequencies the splitter reads, in the data file's order
LANGUAGES = ("es", "ca", "gl", "eu")

# Frequencies are Zipf values times ten: 10 × log10 of a word's occurrences per billion words
# (30 = once per million words, 60 = once per thousand).

#: what each word of a split costs: a split's score is the sum of its words' frequencies less
#: this for each word, so a run known as one word (nochevieja, 30 − 80) beats two frequent
#: words (noche and vieja, 56 + 49 − 160) and a hashtag the corpora saw now and then as one
#: token (santjoan, 21 − 80) loses to its words (sant and joan, 58 + 54 − 160). A unigram
#: language model would charge 90 (a frequency of one in a billion); 80 leans towards
#: splitting, as a hashtag is words run together.
PIECE_COST = 80
#: what a function word (de, la, en, y, con, del) loses: function words are rarer in hashtags
#: than in running text, and a rarer long word is likelier (#recogidadeenseres is
#: recogida·de·enseres, not recogida·de·en·seres; #conciertogratuito is not con·cierto·gratuito)
SHORT_PENALTY = 15
#: the least frequency of a piece of four letters or more (rare fragments never make a split)
MIN_PIECE = 25
#: the least frequency of a piece of three letters (bon, dia, nit, san, mar; not "ilv", "cia")
MIN_SHORT_PIECE = 40
#: what a word of the built-in lists of municipal vocabulary, a place's name or a word of the
#: post is worth when the corpora rank it lower (or do not know it)
LISTED = 35
#: Galician borrows the Spanish frequencies of the words its own (small) corpus lacks, at this
#: discount: most words of council life are spelt alike (cultural, mercado, tradicional)
BORROWED = 10
#: what an unknown piece costs, plus :data:`UNKNOWN_PER_LETTER` for each of its letters: the
#: search may take a piece for an unknown word, and a split that does is no split (every word
#: must be known). A run forced into short frequent words (gas·trono·mi·cas) costs more than
#: one unknown word of its length, so it is left alone
UNKNOWN_COST = 40
#: see :data:`UNKNOWN_COST`
UNKNOWN_PER_LETTER = 8
#: how much better the best reading must score than any other (another split, or the run as
#: one word, in any language) for the split to be suggested: a close call is no sure split
MARGIN = 3
#: the longest piece considered
_LONGEST_PIECE = 30


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


_BASQUE_ENDINGS = (
    "a", "ak", "aren", "ren", "arena", "ko", "eko", "an", "ean", "n", "ra", "era", "tik",
    "etik", "rekin", "arekin", "entzat", "arentzat", "ri", "ari", "k", "ek", "ok", "en",
    "etan", "tan", "ez", "z", "rik", "etako", "tako",
)  # fmt: skip


def _basque_forms(stem: str) -> set[str]:
    forms = {stem}
    for ending in _BASQUE_ENDINGS:
        forms.add(stem + ending)
        if stem.endswith("a") and ending.startswith("a"):
            forms.add(stem[:-1] + ending)  # plaza + an → plazan
    return forms


#: a preposition and an article written as one word: a typo in running text (dela, enla,
#: porlos), and in a hashtag two words — never one piece (#SemanaDeLaCiencia, not Dela)
_JOINED = frozenset(
    preposition + article
    for preposition in ("de", "en", "con", "por")
    for article in ("el", "la", "lo", "las", "los")
)


@frozen
class _Lexicon:
    """What the splitter knows.

    :param frequencies: for each language, folded word → frequency (Zipf × 10).
    :param listed: for each language, the built-in list's words and their derived forms.
    :param places: the words of place names (four letters or more).
    :param whole: runs that are never split: one-word place names and listed words.
    :param short: the words of one or two letters a hashtag may be made of (de, la, i, yo).
    :param prefixes: prefixes that are words on their own too (auto, tele, eco): never a piece
        before another one.
    :param endings: endings that are words on their own too (diar·io, obert·ura): never the
        last piece.
    :param joined: two function words written together (dela, enla): never a piece.
    """

    frequencies: Mapping[str, Mapping[str, int]]
    listed: Mapping[str, frozenset[str]]
    places: frozenset[str]
    whole: frozenset[str]
    short: frozenset[str]
    prefixes: frozenset[str]
    endings: frozenset[str]
    joined: frozenset[str]


def _read_frequencies() -> dict[str, dict[str, int]]:
    """Read ``data/hashtag-frequencies.txt.gz``.

    ``[xx]`` opens a language, then one line per frequency: ``35 word word…``.
    """
    resource = importlib.resources.files("govsm.rules").joinpath("data")
    raw = resource.joinpath("hashtag-frequencies.txt.gz").read_bytes()
    tables: dict[str, dict[str, int]] = {}
    table: dict[str, int] = {}
    for line in gzip.decompress(raw).decode("utf-8").split("\n"):
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            table = tables.setdefault(line.strip("[]"), {})
            continue
        value, _, words = line.partition(" ")
        table.update(dict.fromkeys(words.split(" "), int(value)))
    return tables


@functools.cache
def _lexicon() -> _Lexicon:
    frequencies = _read_frequencies()
    listed: dict[str, frozenset[str]] = {}
    for language in LANGUAGES:
        words: set[str] = set()
        for item in data_items(f"hashtag-words-{language}.txt"):
            folded = fold_word(item)
            if len(folded) < 3:
                continue
            if language == "eu":
                words.update(form for form in _basque_forms(folded) if len(form) >= 4)
                words.add(folded)
            else:
                words.update(_romance_forms(folded, language))
        listed[language] = frozenset(words)
    places: set[str] = set()
    whole: set[str] = set()
    for name in data_items("hashtag-places.txt"):
        folded = fold_word(name)
        for spelling in {folded, folded.replace("ñ", "n")}:
            places.update(word for word in _PLACE_WORD.findall(spelling) if len(word) >= 4)
    whole.update(places)
    for vocabulary in listed.values():
        whole.update(vocabulary)
    return _Lexicon(
        frequencies=frequencies,
        listed=listed,
        places=frozenset(places),
        whole=frozenset(whole),
        short=frozenset(fold_word(item) for item in data_items("hashtag-function-words.txt")),
        prefixes=frozenset(fold_word(item) for item in data_items("hashtag-prefixes.txt")),
        endings=frozenset(fold_word(item) for item in data_items("hashtag-endings.txt")),
        joined=_JOINED - whole,
    )


def _value(
    piece: str, language: str, lexicon: _Lexicon, extra: frozenset[str], first: bool, last: bool
) -> int | None:
    """What ``piece`` is worth as a word of ``language`` at this place of a run, if anything."""
    size = len(piece)
    if size <= 2:
        # short words only between others (de, la, i, y, da), or leading (yo, el, mi…)
        if piece not in lexicon.short or last or (first and size == 1):
            return None
        return lexicon.frequencies[language].get(piece, LISTED) - SHORT_PENALTY
    if (not last and piece in lexicon.prefixes) or (last and piece in lexicon.endings):
        return None
    if piece in lexicon.joined:
        return None  # dela, enla, delos: two function words written as one (a typo, in a hashtag)
    value = lexicon.frequencies[language].get(piece, 0)
    discount = 0
    if value == 0 and language == "gl":
        value, discount = lexicon.frequencies["es"].get(piece, 0), BORROWED
    if piece in extra or piece in lexicon.places or piece in lexicon.listed[language]:
        value, discount = max(value, LISTED), 0
    if size == 3 and piece in lexicon.short:
        return max(value, LISTED) - SHORT_PENALTY  # del, las, con, amb, das, eta
    if first and last:
        return value - discount if value else None  # the whole run: any known word counts
    least = MIN_SHORT_PIECE if size == 3 else MIN_PIECE
    return value - discount if value >= least else None


# A split is searched left to right, remembering what the last word was: a single letter (y,
# i, e, d', l') stands only between two words that are not function words (#PauIAmor, not
# del·a·mujer nor de·a·bona); an unknown piece ends any hope of a split.
_START, _WORD, _FUNCTION, _SINGLE = range(4)


def _kind(piece: str, lexicon: _Lexicon) -> int:
    if len(piece) == 1:
        return _SINGLE
    return _FUNCTION if piece in lexicon.short else _WORD


_Reading = tuple[int, tuple[str, ...]]  # a score and the words


def _best_splits(
    chunk: str, language: str, lexicon: _Lexicon, extra: frozenset[str]
) -> list[_Reading]:
    """The two best readings of ``chunk`` as words of ``language`` (Viterbi, two-best).

    The chunk itself, as one word, is a reading too; no reading is returned when the best one
    holds a piece no list knows.
    """
    size = len(chunk)
    # readings of chunk[:i] made of known words, by the kind of their last word: the best two
    known: list[dict[int, list[_Reading]]] = [{} for _ in range(size + 1)]
    known[0][_START] = [(0, ())]
    # the best score of a reading of chunk[:i] that holds an unknown piece (such a reading only
    # ever vetoes a split, so its words and their kinds need not be kept)
    vetoes: list[float] = [-math.inf] * (size + 1)
    for end in range(1, size + 1):
        for start in range(end):
            here, veto = known[start], vetoes[start]
            if not here and veto == -math.inf:
                continue
            unknown = UNKNOWN_COST + UNKNOWN_PER_LETTER * (end - start)
            best_here = max((readings[0][0] for readings in here.values()), default=-math.inf)
            vetoes[end] = max(vetoes[end], max(veto, best_here) - unknown)
            if end - start > _LONGEST_PIECE:
                continue
            piece = chunk[start:end]
            value = _value(piece, language, lexicon, extra, start == 0, end == size)
            if value is None:
                continue
            cost = PIECE_COST - value
            vetoes[end] = max(vetoes[end], veto - cost)
            kind = _kind(piece, lexicon)
            for last, readings in here.items():
                if kind == _SINGLE and last in (_START, _FUNCTION, _SINGLE):
                    continue
                if last == _SINGLE and kind in (_FUNCTION, _SINGLE):
                    continue
                kept = known[end].setdefault(kind, [])
                for score, pieces in readings:
                    kept.append((score - cost, (*pieces, piece)))
                kept.sort(key=lambda reading: reading[0], reverse=True)
                del kept[2:]
    finals = sorted(
        (
            reading
            for kind, readings in known[size].items()
            if kind != _SINGLE
            for reading in readings
        ),
        key=lambda reading: reading[0],
        reverse=True,
    )
    if not finals or vetoes[size] > finals[0][0]:
        return []
    return finals[:2]


#: runs of letters longer than this are not split into words: no hashtag people read runs so
#: many letters together, and the search grows with the length
MAX_SPLIT_LETTERS = 64


@functools.lru_cache(maxsize=16384)
def split_words(chunk: str, extra: frozenset[str] = frozenset()) -> tuple[str, ...] | None:
    """The words a single-case run of letters is made of, or ``None`` when it is one word.

    Every piece must be a known word of one language — Spanish, Catalan/Valencian, Galician or
    Basque, by their word frequencies, the built-in lists and the names of Spanish places — or
    one of ``extra``; among the splits that qualify, the one whose words are most frequent
    wins (each piece costs :data:`PIECE_COST`, so fewer, frequent words beat many short ones,
    and a run that is itself a frequent word stays whole). The best reading must beat every
    other by :data:`MARGIN`, and a run that any language reads best as one of its words is kept
    whole. Words of one or two letters (*de*, *la*, *i*, *da*) count only as listed function
    words and never last. A place's name, a word of the built-in lists or one of ``extra`` is
    never split.

    :param chunk: a run of letters in one case, folded.
    :param extra: known words beyond the built-in data, folded (the organisation's, the post's).
    :returns: the words, in order; ``None`` when the run is one word (or no split is sure), or
        longer than :data:`MAX_SPLIT_LETTERS`.
    """
    if len(chunk) > MAX_SPLIT_LETTERS or len(chunk) < 2:
        return None
    lexicon = _lexicon()
    if chunk in lexicon.whole or chunk in extra:
        return None
    readings: dict[tuple[str, ...], int] = {}
    for language in LANGUAGES:
        best = _best_splits(chunk, language, lexicon, extra)
        if best and len(best[0][1]) == 1:
            return None  # a language reads it best as one of its words (parquímetro)
        for score, words in best:
            readings[words] = max(score, readings.get(words, score))
    if not readings:
        return None
    ranked = sorted(readings.items(), key=lambda item: item[1], reverse=True)
    words, score = ranked[0]
    if len(words) < 2:
        return None
    if len(ranked) > 1 and score - ranked[1][1] < MARGIN:
        return None  # two readings almost as likely: no split is sure
    return words


def chunks(tag: str) -> list[str]:
    """The pieces of a hashtag (without its ``#``), cut where its case changes.

    ``FiresSoldeneu2026`` → ``Fires``, ``Soldeneu``, ``2026``; ``ESOSoldeneu`` → ``ESO``,
    ``Soldeneu``. Runs of digits and of other characters are pieces of their own.

    :param tag: the hashtag's text, without ``#``.
    :returns: the pieces, in order; joined, they give ``tag`` back.
    """
    return _CHUNK.findall(tag)


def is_letters(piece: str) -> bool:
    """Whether a piece of a hashtag (see :func:`chunks`) is made of letters only.

    :param piece: a piece of a hashtag.
    """
    return bool(_LETTERS.match(piece))


def _capitalised(chunk: str) -> bool:
    return chunk[:1].isupper() and not chunk[1:].isupper()


def camel_case(tag: str, extra: frozenset[str], min_length: int, min_upper: int) -> str | None:
    """The CamelCase spelling of a tag that runs words together, or ``None`` if it does not.

    :param tag: the hashtag's text, without ``#``.
    :param extra: known words beyond the built-in data, folded (see :func:`split_words`).
    :param min_length: shorter runs of letters in one case are left as they are.
    :param min_upper: shorter upper-case runs are left as they are (acronyms).
    :returns: ``setmanacultural`` → ``SetmanaCultural``; ``None`` when no run splits. In a
        tag that already marks words with capitals (``FiresSoldeneu2026``), capitalised runs
        are left as written.
    """
    out: list[str] = []
    changed = False
    pieces = [(chunk, is_letters(chunk)) for chunk in chunks(tag)]
    # a tag whose writer already marked words with capitals (#FiresSoldeneu2026) keeps them:
    # a capitalised run there is a word the writer chose, often a name no list holds
    marked = sum(letters for _, letters in pieces) >= 2
    for chunk, letters in pieces:
        if not letters:
            out.append(chunk)
            continue
        upper = chunk.isupper()
        if len(chunk) < (min_upper if upper else min_length) or (marked and _capitalised(chunk)):
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
