"""The words of institutional neutrality: credit-claiming acts, titles, praise, neutral contexts.

The lists are ``govsm/rules/data/neutrality-verbs.toml`` (es, ca, gl, eu): the forms of each
credit-claiming act (inaugurating, announcing, presenting…), office holders' titles, praise of
the government's own management, the words of attending another body's act, and the contexts
that are institutional representation (mourning, the plenary session…). The built-in rule
``institutional-neutrality`` (``govsm.builtin.rules.neutrality``) asks, sentence by sentence,
what they find: :func:`acts`, :func:`praise`, :func:`is_neutral`, :func:`attends_another_body`.

Each list is one regular expression (:func:`alternation`), compiled once: the patterns are
cached on their terms (a policy's own words included), so checking a message compiles nothing.
:func:`may_claim` asks first whether a sentence holds a word every term needs (its anchor), and
runs the pattern only then.
"""

from __future__ import annotations

import functools
import importlib.resources
import re
import tomllib
from typing import Any

import regex
from attrs import frozen

from govsm.rules.term_trie import trie_source

#: a credit-claiming act found in a text: start, end, and the act (``inaugurar``… or ``policy``)
Act = tuple[int, int, str]


#: an apostrophe in a list entry, which matches either of them in a text
_APOSTROPHE = re.compile("['’]")
#: a gap in a list entry: ``~3`` stands for up to three words (``ha recibido ~4 a``)
_GAP = re.compile(r"~([1-9])")


def term(entry: str) -> str:
    """A list entry as a regular expression: ``*`` any ending, spaces any run of them.

    A word ``~N`` (N from 1 to 9) stands for up to N words, the fewest that let the rest
    match: ``ha recibido ~4 a`` matches *ha recibido hoy en el Ayuntamiento a*. Words there
    are runs of anything but spaces and the marks that end a sentence.

    >>> bool(regex.fullmatch(term("ha recibido ~4 a"), "ha recibido esta mañana a"))
    True
    >>> bool(regex.fullmatch(term("ha recibido ~1 a"), "ha recibido esta mañana a"))
    False
    >>> pattern = regex.compile(term("l'equip de govern"))
    >>> [bool(pattern.fullmatch(text)) for text in ("l'equip de govern", "l’equip de govern")]
    [True, True]

    :param entry: a word or phrase of a list (``inaugur*``, ``gracias a la gestión``); an
        apostrophe matches either ``'`` or ``’``.
    """
    source = ""
    joint = ""
    for word in entry.strip().split():
        gap = _GAP.fullmatch(word)
        if gap is not None:
            if source:  # a gap at either end matches nothing more: it is left out
                joint = rf"(?:\s+[^\s.!?;…]+){{0,{gap.group(1)}}}?\s+"
            continue
        escaped = _APOSTROPHE.sub("['’]", regex.escape(word.rstrip("*")))
        source += joint + escaped + (r"\w*" if word.endswith("*") else "")
        joint = r"\s+"
    return source


@functools.lru_cache(maxsize=256)
def alternation(terms: tuple[str, ...], prefix: str = "") -> regex.Pattern[str] | None:
    """One case-insensitive pattern matching any of ``terms`` as whole words, longest first.

    ``None`` when there is no term. Compiled once per ``terms`` and ``prefix`` (the cache holds
    the last 256).

    :param terms: list entries, as :func:`term` reads them; blank ones are ignored.
    :param prefix: a regular expression allowed before a term (an elided article, ``l'``).
    """
    unique = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not unique:
        return None
    body = "|".join(term(t) for t in unique)
    return regex.compile(rf"(?<![\w'’]){prefix}(?:{body})(?!\w)", regex.IGNORECASE)


@frozen
class _Lexicon:
    verbs: dict[str, regex.Pattern[str]]  # one pattern per act
    titles: tuple[str, ...]
    neutral: regex.Pattern[str] | None
    praise: tuple[str, ...]
    attending: regex.Pattern[str] | None
    other_bodies: regex.Pattern[str] | None


def _all(data: dict[str, Any], table: str) -> tuple[str, ...]:
    return tuple(entry for items in data[table].values() for entry in items)


@functools.cache
def _lexicon() -> _Lexicon:
    resource = importlib.resources.files("govsm.rules") / "data" / "neutrality-verbs.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    verbs: dict[str, regex.Pattern[str]] = {}
    for lemma, forms in data["verbs"].items():
        pattern = alternation(tuple(f for items in forms.values() for f in items))
        if pattern is not None:
            verbs[lemma] = pattern
    return _Lexicon(
        verbs=verbs,
        titles=_all(data, "titles"),
        neutral=alternation(_all(data, "neutral")),
        praise=_all(data, "praise"),
        attending=alternation(_all(data, "attending")),
        other_bodies=alternation(_all(data, "other-bodies")),
    )


def titles() -> tuple[str, ...]:
    """Office holders' titles (``alcaldessa``, ``concejala``, ``alkatea``…), as written."""
    return _lexicon().titles


@functools.lru_cache(maxsize=64)
def _acts(extra: tuple[str, ...]) -> dict[str, regex.Pattern[str]]:
    """One pattern per act; a policy's verbs are act ``policy``. Shared: not to be changed."""
    patterns = dict(_lexicon().verbs)
    extra_verbs = alternation(extra)
    if extra_verbs is not None:
        patterns["policy"] = extra_verbs
    return patterns


def acts(text: str, start: int, end: int, extra: tuple[str, ...] = ()) -> list[Act]:
    """The credit-claiming acts in ``text[start:end]``, by where they start.

    Acts that start at the same place come in the lexicon's acts first, the policy's last.

    :param text: the whole text (offsets are into it).
    :param start: where to start looking.
    :param end: where to stop.
    :param extra: more verb forms (the rule's ``verbs`` parameter): act ``policy``.
    """
    return sorted(
        (
            (match.start(), match.end(), lemma)
            for lemma, pattern in _acts(extra).items()
            for match in pattern.finditer(text, start, end)
        ),
        key=lambda act: (act[0], act[2] == "policy", act[2]),
    )


@functools.lru_cache(maxsize=64)
def _praise(extra: tuple[str, ...]) -> regex.Pattern[str] | None:
    return alternation((*_lexicon().praise, *extra))


def praise(text: str, start: int, end: int, extra: tuple[str, ...] = ()) -> tuple[int, int] | None:
    """Where ``text[start:end]`` first praises the government's management, if it does.

    :param text: the whole text (offsets are into it).
    :param start: where to start looking.
    :param end: where to stop.
    :param extra: more phrases (the rule's ``praise`` parameter).
    """
    pattern = _praise(extra)
    found = pattern.search(text, start, end) if pattern is not None else None
    return (found.start(), found.end()) if found is not None else None


def _claim_terms(verbs: tuple[str, ...], praised: tuple[str, ...]) -> set[str]:
    """Every act's forms and every praise, with a policy's own."""
    resource = importlib.resources.files("govsm.rules") / "data" / "neutrality-verbs.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    forms = [f for lemma in data["verbs"].values() for items in lemma.values() for f in items]
    return {t for t in (*forms, *verbs, *_lexicon().praise, *praised) if t.strip()}


@functools.lru_cache(maxsize=64)
def _claim_hint(verbs: tuple[str, ...], praised: tuple[str, ...]) -> regex.Pattern[str]:
    """Every act's forms and every praise, with a policy's own, as one trie-shaped pattern."""
    body = trie_source([term(t) for t in sorted(_claim_terms(verbs, praised))])
    return regex.compile(rf"(?<![\w'’])(?:{body})(?!\w)", regex.IGNORECASE)


#: a run of word characters, as the patterns' ``\w`` reads them
_RUN = regex.compile(r"\w+")


def anchor_letter(char: str) -> bool:
    """Whether an anchor may hold ``char``: a Latin letter every case-insensitive match folds to.

    Every character the lexicon's patterns match to such a letter, ignoring case, is a word
    character whose :func:`case_fold` is the letter's (a property test checks every code point): so
    a text the pattern matches holds the term's folded letters. ``ß`` and ``ƛ`` are left out:
    the pattern engine matches them to letters newer than Python's case tables.

    :param char: one character.
    """
    return char.isalpha() and ord(char) < 0x250 and char not in "ßƛ"


def case_fold(text: str) -> str:
    """``text`` case-folded, the dotless and the dotted ``i`` as ``i`` (as the patterns match).

    Character by character: a character's fold does not depend on its neighbours.

    :param text: any text.
    """
    folded = text.casefold()
    if "ı" in folded:
        folded = folded.replace("ı", "i")
    if "\u0307" in folded:
        folded = folded.replace("\u0307", "")  # İ folds to i and a combining dot
    return folded


@frozen
class _Anchors:
    """The folded words a sentence holds where a term matches.

    A term's word of anchor letters only, followed by a space or the term's end, is a whole run
    of word characters where it matches (it starts after a space or a non-word character too):
    a term whose longest such word is in ``words`` needs all its others too (``needs``). Of a
    term without one, the anchor letters its longest word starts with (``inaugur*``,
    ``l'alcalde``) begin a run: one of ``beginnings``, by their length.
    """

    words: frozenset[str]
    needs: dict[str, tuple[frozenset[str], ...]]
    beginnings: tuple[tuple[int, frozenset[str]], ...]
    #: every word and every beginning, as one trie-shaped pattern of plain strings
    hint: re.Pattern[str]

    def found(self, text: str, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` holds a term's anchors: without them, it does not match."""
        # A run is a piece of the text and case_fold works character by character, so a run's
        # fold is a piece of the text's fold: a word or a beginning that no run holds may still
        # be in the fold (inside a longer word), but one that is not in the fold is in no run.
        # One search of the folded sentence answers most sentences, which hold no anchor, at a
        # third of the cost of cutting them into runs.
        if self.hint.search(case_fold(text[start:end])) is None:
            return False
        runs = case_fold(" ".join(_RUN.findall(text, start, end))).split(" ")
        if not self.words.isdisjoint(runs):
            held = set(runs)
            for word in self.words.intersection(held):
                if any(need <= held for need in self.needs[word]):
                    return True
        for size, keys in self.beginnings:
            if not keys.isdisjoint([run[:size] for run in runs]):
                return True
        return False


def _anchors_of(entry: str) -> tuple[list[str], str]:
    """A term's folded whole words and the anchor letters its longest other word starts with."""
    whole: list[str] = []
    beginning = ""
    for word in entry.split():
        # an apostrophe ends a run as a space does: "l'inaugur*" is the run "l" and a run
        # that begins "inaugur"
        pieces = _APOSTROPHE.split(word.rstrip("*"))
        for index, literal in enumerate(pieces):
            open_ended = index == len(pieces) - 1 and word.endswith("*")
            size = 0
            while size < len(literal) and anchor_letter(literal[size]):
                size += 1
            if size == len(literal) and size and not open_ended:
                whole.append(case_fold(literal))
            elif size > len(beginning):
                beginning = case_fold(literal[:size])
    return whole, beginning


@functools.lru_cache(maxsize=64)
def _anchors(verbs: tuple[str, ...], praised: tuple[str, ...]) -> _Anchors | None:
    """The anchors of :func:`_claim_hint`'s terms; ``None`` when a term has none."""
    needs: dict[str, list[frozenset[str]]] = {}
    beginnings: dict[int, set[str]] = {}
    for entry in _claim_terms(verbs, praised):
        whole, beginning = _anchors_of(entry)
        if beginning and whole and len(max(whole, key=len)) < min(len(beginning), 3):
            whole = []  # "l'inaugur*": the run that begins "inaugur" is the rarer clue
        if whole:
            needs.setdefault(max(whole, key=len), []).append(frozenset(whole))
        elif beginning:
            beginnings.setdefault(min(len(beginning), 5), set()).add(beginning[:5])
        else:
            return None
    keys = set(needs).union(*beginnings.values())
    return _Anchors(
        frozenset(needs),
        {word: tuple(sets) for word, sets in needs.items()},
        tuple((size, frozenset(keys)) for size, keys in sorted(beginnings.items())),
        re.compile(trie_source([re.escape(key) for key in sorted(keys)])),
    )


def may_claim(
    text: str, start: int, end: int, verbs: tuple[str, ...] = (), praised: tuple[str, ...] = ()
) -> bool:
    """Whether :func:`acts` or :func:`praise` can find anything in ``text[start:end]``; fast.

    One pass of one trie-shaped pattern (:mod:`govsm.rules.term_trie`) instead of one per act
    and one for praise, and only if the sentence holds a word every term needs (its anchor):
    ``False`` means both find nothing there.

    :param text: the whole text (offsets are into it).
    :param start: where to start looking.
    :param end: where to stop.
    :param verbs: the policy's verb forms, as :func:`acts` takes them.
    :param praised: the policy's praise, as :func:`praise` takes it.
    """
    anchors = _anchors(verbs, praised)
    if anchors is not None and not anchors.found(text, start, end):
        return False
    return _claim_hint(verbs, praised).search(text, start, end) is not None


def may_claim_somewhere(
    text: str, start: int, end: int, verbs: tuple[str, ...] = (), praised: tuple[str, ...] = ()
) -> bool:
    """Whether :func:`may_claim` can be true of any sentence of ``text[start:end]``; fast.

    ``False`` when the whole span's fold holds no anchor: a sentence is a piece of the span,
    and its fold a piece of the span's fold, so no sentence holds one either. A message is
    then done without being cut into sentences.

    :param text: the whole text (offsets are into it).
    :param start: where the span starts.
    :param end: where it ends.
    :param verbs: the policy's verb forms, as :func:`acts` takes them.
    :param praised: the policy's praise, as :func:`praise` takes it.
    """
    anchors = _anchors(verbs, praised)
    return anchors is None or anchors.hint.search(case_fold(text[start:end])) is not None


def is_neutral(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is institutional representation, not promotion.

    Mourning, a minute of silence, the emergency committee, the plenary session…

    :param text: the whole text (offsets are into it).
    :param start: where the sentence starts.
    :param end: where it ends.
    """
    neutral = _lexicon().neutral
    return neutral is not None and neutral.search(text, start, end) is not None


def attends_another_body(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` has an office holder attend someone else's act.

    The Diputación's or an association's act: representation, not the council claiming its
    own works.

    :param text: the whole text (offsets are into it).
    :param start: where the sentence starts.
    :param end: where it ends.
    """
    words = _lexicon()
    if words.attending is None or words.other_bodies is None:
        return False
    return bool(
        words.attending.search(text, start, end) and words.other_bodies.search(text, start, end)
    )
