"""Built-in rules: accessibility — letters that are letters, and text not in capitals.

``fake-bold`` flags look-alike Unicode letters (mathematical bold, circled, full-width, small
capitals, regional indicators…) that screen readers spell out or skip, found by
:mod:`govsm.rules.styled_letters`; ``all-caps`` flags runs of upper-case words and texts mostly
in capitals (Roman numerals and abbreviated days and months are not shouting). The emoji rules
are in :mod:`govsm.builtin.rules.emoji`, sentence length and readability in
:mod:`govsm.builtin.rules.readability`.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Generator, Iterator, Mapping, Sequence
from typing import NamedTuple

import regex

from govsm.model import Bilingual, Finding, Severity, Span
from govsm.model.policy import ParamValue
from govsm.rules.params import Prepared, float_param, int_param, texts
from govsm.rules.styled_letters import STYLED, plain_text, styled_runs, styled_with
from govsm.rules.wording import DIGIT, WORD, emoji_clusters, fold_word, masked, quote
from govsm.rules.wordlists import data_items
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

# ---------------------------------------------------------------------------------------------
# fake-bold
# ---------------------------------------------------------------------------------------------

_FAKE_BOLD_REFERENCE = (
    "The Unicode Standard, ch. 22 'Symbols', Mathematical Alphanumeric Symbols (not for styled "
    "text); WCAG 2.2 SC 1.3.1; Guia de xarxes socials de la Generalitat de Catalunya (2019), "
    "generalitat-xarxes.md §2 (Accessibilitat)"
)


def check_fake_bold(context: RuleContext) -> Iterator[Finding]:
    """Flag letters styled with mathematical and other look-alike Unicode characters."""
    text = context.message.text
    for start, end in styled_runs(text):
        piece = text[start:end]
        plain = plain_text(piece)
        what = styled_with(piece)
        yield Finding(
            rule="fake-bold",
            severity=context.severity,
            message=Bilingual(
                es=f"«{quote(piece)}» está escrito con {what.es}, no con letras: los lectores "
                "de pantalla lo deletrean o se lo saltan, y los buscadores no lo encuentran",
                en=f"'{quote(piece)}' is written with {what.en}, not letters: screen readers "
                "spell it out or skip it, and search engines do not find it",
            ),
            span=Span(start, end),
            suggestion=Bilingual(
                es=f"escríbalo en texto normal: «{quote(plain)}»; para destacar, póngalo al "
                "principio o en una línea propia",
                en=f"write it in plain text: '{quote(plain)}'; to make it stand out, put it "
                "first or on a line of its own",
            ),
            reference=_FAKE_BOLD_REFERENCE,
        )


# ---------------------------------------------------------------------------------------------
# all-caps
# ---------------------------------------------------------------------------------------------


@functools.cache
def _acronyms() -> frozenset[str]:
    return frozenset(fold_word(item).upper() for item in data_items("acronyms.txt"))


_VOWEL = re.compile("[AEIOUY]")


def _is_acronym_key(key: str, extra: frozenset[str]) -> bool:
    """Whether a word with no digit is an acronym, by its key (folded, in upper case).

    Words with a digit are acronyms too (COVID-19, 25N, H2O): :func:`_never_shouting` and
    :func:`_caps_words` look for one first.
    """
    # a vowel is a letter: looking for one in the whole key is looking for one in its letters
    return key in _acronyms() or key in extra or not _VOWEL.search(key)  # DGT, PP, RTVV


class _CapsWord(NamedTuple):
    """A word as ``all-caps`` reads it (a named tuple: a shouting post makes dozens)."""

    start: int
    end: int
    letters: int
    upper: bool
    shouting: bool


#: a Roman numeral (II, XXV, XXI, MMXXVI): an ordinal or a century, not a shouted word
_ROMAN = re.compile(
    r"(?=[MDCLXVI]{2})M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\Z"
)


@functools.cache
def _date_abbreviations() -> tuple[frozenset[str], frozenset[str]]:
    """Abbreviated days and months: those always left out, those that are also words."""
    always: set[str] = set()
    in_context: set[str] = set()
    for item in data_items("date-abbreviations.txt"):
        if item.startswith("~"):
            in_context.add(fold_word(item[1:]).upper())
        else:
            always.add(fold_word(item).upper())
    return frozenset(always), frozenset(in_context)


def _never_shouting(word: str, extra: frozenset[str]) -> bool:
    """An acronym, a Roman numeral, or a day or month abbreviated (LUN, ENE, DIC)."""
    if DIGIT.search(word):
        return True  # an acronym: COVID-19, 25N, H2O
    return _never_shouting_key(word, fold_word(word).upper(), extra)


def _never_shouting_key(word: str, key: str, extra: frozenset[str]) -> bool:
    """:func:`_never_shouting` for a word with no digit, given its key (folded, upper case)."""
    return (
        _is_acronym_key(key, extra)
        or _ROMAN.match(word) is not None
        or key in _date_abbreviations()[0]
    )


#: between a date abbreviation and its neighbour: spaces and the marks of a date (LUN-VIE, 03/DIC)
_DATE_GAP = re.compile(r"[ \t\u00a0.,/\-–]{1,3}\Z")


def _in_a_date(text: str, tokens: Sequence[re.Match[str]], index: int) -> bool:
    """Whether an abbreviation that is also a word (MAR) is written as part of a date."""
    if text[tokens[index].end() : tokens[index].end() + 1] == ".":
        return True  # MAR.
    always = _date_abbreviations()[0]
    for other in (index - 1, index + 1):
        if not 0 <= other < len(tokens):
            continue
        first, second = sorted((tokens[index], tokens[other]), key=lambda m: m.start())
        if not _DATE_GAP.match(text[first.end() : second.start()]):
            continue
        neighbour = tokens[other].group()
        key = fold_word(neighbour).upper()
        if DIGIT.search(neighbour) or key in always:
            return True  # MAR 03, 03 MAR, MAR-MIE; not VEN AL MAR, three words
    return False


#: the last character of Latin-1
_LAST_LATIN_1 = "\u00ff"


def _caps_words(text: str, extra: frozenset[str]) -> list[_CapsWord]:
    words: list[_CapsWord] = []
    tokens = list(WORD.finditer(text))
    in_context = _date_abbreviations()[1]
    # a word holds a styled letter only where the text does: most texts need no word searched
    styled = STYLED.search(text) is not None
    for index, match in enumerate(tokens):
        word = match.group()
        if styled and STYLED.search(word):
            continue
        # every letter of Latin-1 is cased (upper or lower case): for a word of such letters
        # alone (most words, accents included), str methods count and test them in C
        latin_letters = word.isalpha() and max(word) <= _LAST_LATIN_1
        if word.islower():  # most words: lower-case letters (at least one), no capital
            letters = len(word) if latin_letters else sum(map(str.islower, word))
            words.append(_CapsWord(match.start(), match.end(), letters, False, False))
            continue
        if latin_letters:
            letters, upper = len(word), word.isupper()
        else:
            cased = [c for c in word if c.isupper() or c.islower()]
            if not cased:
                continue  # numbers
            letters, upper = len(cased), all(c.isupper() for c in cased)
        shouting = False
        if upper and letters >= 2 and DIGIT.search(word) is None:
            key = fold_word(word).upper()
            shouting = not _never_shouting_key(word, key, extra)
            if shouting and key in in_context:
                shouting = not _in_a_date(text, tokens, index)
        words.append(_CapsWord(match.start(), match.end(), letters, upper, shouting))
    return words


def _breaks(context: RuleContext) -> list[int]:
    """Where a run of capitals stops: at each emoji, hashtag, mention and link.

    A post that puts an emoji or a tag between words in capitals (🎭 TEATRO 🎶 MÚSICA) is
    listing items, not shouting a sentence.
    """
    text = context.message.text
    points = [e.start for e in context.measurement.entities]
    points.extend(start for start, _, _ in emoji_clusters(text))
    return sorted(points)


def _header_words(text: str, words: Sequence[_CapsWord], header_words: int) -> set[int]:
    """Indices of words in short upper-case headers: ``AVÍS:``, ``ÚLTIMA HORA`` + line break."""
    header: set[int] = set()
    index = 0
    while index < len(words):
        line_start = text.rfind("\n", 0, words[index].start) + 1
        if text[line_start : words[index].start].strip(" \t*·-–—>") or not words[index].upper:
            index += 1
            continue
        last = index
        while last + 1 < len(words) and words[last + 1].upper:
            between = text[words[last].end : words[last + 1].start]
            if "\n" in between or ":" in between:
                break
            last += 1
        after = text[words[last].end : words[last].end + 3]
        closes = after.lstrip(" ").startswith((":", "\n")) or words[last].end == len(text)
        if closes and last - index + 1 <= header_words:
            header.update(range(index, last + 1))
        index = last + 1
    return header


_CAPS_REFERENCE = (
    "Guia de xarxes socials de la Generalitat de Catalunya (2019), continguts.md §6.5 "
    '("sense emfasitzar, ni escriure amb majúscules")'
)


#: what every ``all-caps`` finding suggests
_CAPS_ADVICE = Bilingual(
    es="escríbalo en minúsculas, con mayúscula inicial, y deje en mayúsculas solo las "
    "siglas; para destacar, use una frase corta al principio",
    en="write it in lower case with an initial capital, keeping capitals for acronyms; "
    "to make it stand out, use a short first sentence",
)


def _read_acronyms(params: Mapping[str, ParamValue]) -> frozenset[str]:
    """The policy's ``acronyms``, folded and in upper case."""
    return frozenset(fold_word(a).upper() for a in texts(params, "acronyms"))


_extra_acronyms = Prepared(_read_acronyms)

_UPPER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{Lu}\p{M}]+(?![\p{L}\p{M}])")


def check_all_caps(context: RuleContext) -> Iterator[Finding]:
    """Flag runs of upper-case words, and texts mostly in upper case (acronyms excepted)."""
    candidates = _UPPER_WORD.findall(context.message.text)
    if not candidates:
        return
    extra = _extra_acronyms(context.params)
    if all(_never_shouting(word, extra) for word in candidates):
        return
    text = masked(context.message.text, context.measurement.entities, urls=" ", others=" ")
    min_words = max(1, int_param(context, "min_words", 4))
    words = _caps_words(text, extra)
    if not any(w.shouting for w in words):
        return
    header = _header_words(text, words, max(0, int_param(context, "header_words", 3)))
    breaks = _breaks(context)
    found = False
    run: list[_CapsWord] = []
    for index, word in enumerate([*words, None]):
        if word is not None and word.upper:
            if run and _crosses(breaks, run[-1].end, word.start):
                flushed = yield from _flush(context, run, min_words)
                found = found or flushed
                run = []
            if index not in header or run:
                run.append(word)
            continue
        flushed = yield from _flush(context, run, min_words)
        found = found or flushed
        run = []
    if found:
        return
    min_letters = max(1, int_param(context, "min_letters", 20))
    max_ratio = float_param(context, "max_ratio", 0.5)
    counted = [w for i, w in enumerate(words) if i not in header and (w.shouting or not w.upper)]
    total = sum(w.letters for w in counted)
    upper = sum(w.letters for w in counted if w.upper)
    if total >= min_letters and upper / total > max_ratio:
        first = next(w for w in counted if w.upper)
        last = next(w for w in reversed(counted) if w.upper)
        yield _caps_finding(context, first.start, last.end, None, round(100 * upper / total))


def _crosses(breaks: Sequence[int], start: int, end: int) -> bool:
    """Whether a break point lies between two words."""
    index = bisect.bisect_left(breaks, start)
    return index < len(breaks) and breaks[index] < end


def _flush(
    context: RuleContext, run: Sequence[_CapsWord], min_words: int
) -> Generator[Finding, None, bool]:
    """The finding of a run of capitals, if it has enough shouted words; whether it had."""
    shouting = [w for w in run if w.shouting]
    if len(shouting) < min_words:
        return False
    yield _caps_finding(context, run[0].start, run[-1].end, len(shouting))
    return True


def _caps_finding(
    context: RuleContext, start: int, end: int, words: int | None, percent: int | None = None
) -> Finding:
    piece = quote(context.message.text[start:end], 50)
    if words is not None:
        what_es = f"{words} palabras seguidas en mayúsculas"
        what_en = f"{words} words in a row in capitals"
    else:
        what_es = f"el {percent} % de las letras en mayúsculas"
        what_en = f"{percent}% of the letters in capitals"
    return Finding(
        rule="all-caps",
        severity=context.severity,
        message=Bilingual(
            es=f"{what_es} («{piece}»): se lee peor, suena a grito y algunos lectores de "
            "pantalla lo deletrean como si fueran siglas",
            en=f"{what_en} ('{piece}'): it is harder to read, it sounds like shouting and some "
            "screen readers spell it out as if it were an acronym",
        ),
        span=Span(start, end),
        suggestion=_CAPS_ADVICE,
        reference=_CAPS_REFERENCE,
    )


FAKE_BOLD = Rule(
    id="fake-bold",
    title=Bilingual(es="Negrita o cursiva falsas", en="Fake bold or italics"),
    default_severity=Severity.ERROR,
    check=check_fake_bold,
    family="accessibility",
    reference=_FAKE_BOLD_REFERENCE,
    explanation=(
        "Networks have no bold or italics, so some posts imitate them with look-alike Unicode "
        "characters: the *Mathematical Alphanumeric Symbols* (U+1D400–U+1D7FF, 𝗔𝗩𝗜𝗦, 𝘢𝘷𝘪𝘴), "
        "the letter-like symbols that complete them (ℝ, ℊ), circled, parenthesised, squared "
        "and full-width letters (Ⓐ, ⒜, 🄰, Ａ), small capitals (ᴀᴠɪs), combining strokes "
        "used as underline or strikethrough, and regional indicators used as letters (🇮 🇳 🇫 🇴, "
        "or pairs that are no flag). Emoji that look like letters (🅰️ 🅱️ 🅾️ 🅿️ Ⓜ️) and real "
        "flags are not flagged. They are not letters: screen readers either skip "
        "them or read every character's name ('mathematical bold capital A…'), search engines "
        "and the networks' own search do not match them, and some devices show boxes. The "
        "Unicode Standard says these symbols are for mathematics, not for styling text.\n\n"
        "Each run of styled words is one finding; the suggestion gives the plain text. Use a "
        "short first line, or an emoji at the start of the line, to make something stand out."
    ),
)

ALL_CAPS = Rule(
    id="all-caps",
    title=Bilingual(es="Texto en mayúsculas", en="Text in capitals"),
    default_severity=Severity.WARNING,
    check=check_all_caps,
    params={
        "min_words": 4,
        "max_ratio": 0.5,
        "min_letters": 20,
        "header_words": 3,
        "acronyms": [],
    },
    family="accessibility",
    reference=_CAPS_REFERENCE,
    explanation=(
        "Text in capitals is slower to read, reads as shouting and is spelt out letter by letter "
        "by some screen readers, which take upper-case words for acronyms. The Generalitat's "
        "guide asks not to write in capitals.\n\n"
        "Flags a run of at least `min_words` upper-case words, and otherwise a text of at least "
        "`min_letters` letters of which more than `max_ratio` are capitals. Acronyms do not "
        "count: words with a digit (COVID-19, 25N), words with no vowel (DGT), the built-in list "
        "(DANA, ESO, DNI, IVA, OTAN, UE… in `data/acronyms.txt`) and the policy's `acronyms`; "
        "nor do Roman numerals (II FERIA, SIGLO XXI) or abbreviated days and months (LUN 03 "
        "MAR, DIC; `data/date-abbreviations.txt`, those that are also words only next to a "
        "number). An emoji, hashtag, mention or link ends a run. A short header — up to "
        "`header_words` capitals at the start of a line, followed by a colon or a line break "
        "(`AVÍS:`, `ÚLTIMA HORA`) — is allowed."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the fake-bold and all-caps rules."""
    return [FAKE_BOLD, ALL_CAPS]
