"""Built-in rules: accessibility — letters that are letters, and text not in capitals.

``fake-bold`` flags look-alike Unicode letters (mathematical bold, circled, full-width, small
capitals…) that screen readers spell out or skip; ``all-caps`` flags runs of upper-case words
and texts mostly in capitals. The emoji rules are in :mod:`govsm.builtin.rules.emoji`, sentence
length and readability in :mod:`govsm.builtin.rules.readability`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence

import regex
from attrs import frozen

from govsm.model import Bilingual, Finding, Severity, Span
from govsm.rules.params import float_param, int_param, list_param
from govsm.rules.wording import DIGIT, WORD, fold_word, masked, quote
from govsm.rules.wordlists import data_items
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext

# ---------------------------------------------------------------------------------------------
# fake-bold
# ---------------------------------------------------------------------------------------------

_LETTERLIKE = (
    "\u2102\u210a\u210b\u210c\u210d\u210e\u2110\u2111\u2112\u2113\u2115\u2119\u211a\u211b"
    "\u211c\u211d\u2124\u2128\u212c\u212d\u212f\u2130\u2131\u2133\u2134\u213d\u213e\u213f"
    "\u2140\u2145\u2146\u2147\u2148\u2149"
)
_SMALL_CAPS = {
    "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ꜰ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i",
    "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r", "ꜱ": "s",
    "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
}  # fmt: skip
_OVERLAYS = "\u0332\u0333\u0334\u0335\u0336\u0337\u0338"
_STYLED = regex.compile(
    "[\U0001d400-\U0001d7ff"
    + _LETTERLIKE
    + "\u249c-\u24e9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001f130-\U0001f189"
    + "".join(_SMALL_CAPS)
    + "]|(?<=\\S)["
    + _OVERLAYS
    + "]"
)
#: styled words separated by nothing but spaces make one run
_STYLED_RUN_GAP = regex.compile(r"[ \t\u00a0]*")


def plain_text(styled: str) -> str:
    """What a styled text (mathematical, enclosed, full-width, small caps…) says in plain text."""
    chars: list[str] = []
    for char in styled:
        code = ord(char)
        if char in _OVERLAYS:
            continue
        if char in _SMALL_CAPS:
            chars.append(_SMALL_CAPS[char])
        elif 0x1F150 <= code <= 0x1F169:
            chars.append(chr(ord("A") + code - 0x1F150))
        elif 0x1F170 <= code <= 0x1F189:
            chars.append(chr(ord("A") + code - 0x1F170))
        else:
            chars.append(unicodedata.normalize("NFKC", char))
    return "".join(chars)


_STYLED_HINT = re.compile(
    "[\U0001d400-\U0001d7ff"
    + _LETTERLIKE
    + "\u249c-\u24e9\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0001f130-\U0001f189"
    + "".join(_SMALL_CAPS)
    + _OVERLAYS
    + "]"
)


def _styled_runs(text: str) -> list[tuple[int, int]]:
    """Runs of styled letters: from a word's first styled character to a word's last one."""
    if not _STYLED_HINT.search(text) or not _STYLED.search(text):
        return []
    runs: list[tuple[int, int]] = []
    for word in regex.finditer(r"\S+", text):
        styled = [m.span() for m in _STYLED.finditer(text, word.start(), word.end())]
        if not styled:
            continue
        start, end = styled[0][0], styled[-1][1]
        if text[start] in _OVERLAYS:
            start -= 1  # the letter the stroke is drawn over
        if runs and not text[runs[-1][1] : start].strip():
            runs[-1] = (runs[-1][0], end)
        else:
            runs.append((start, end))
    return runs


_FAKE_BOLD_REFERENCE = (
    "The Unicode Standard, ch. 22 'Symbols', Mathematical Alphanumeric Symbols (not for styled "
    "text); WCAG 2.2 SC 1.3.1; Guia de xarxes socials de la Generalitat de Catalunya (2019), "
    "generalitat-xarxes.md §2 (Accessibilitat)"
)


def check_fake_bold(context: RuleContext) -> Iterator[Finding]:
    """Flag letters styled with mathematical and other look-alike Unicode characters."""
    text = context.message.text
    for start, end in _styled_runs(text):
        piece = text[start:end]
        plain = plain_text(piece)
        yield Finding(
            rule="fake-bold",
            severity=context.severity,
            message=Bilingual(
                es=f"«{quote(piece)}» está escrito con símbolos matemáticos de Unicode, no con "
                "letras: los lectores de pantalla lo deletrean o se lo saltan, y los buscadores "
                "no lo encuentran",
                en=f"'{quote(piece)}' is written with Unicode mathematical symbols, not letters: "
                "screen readers spell it out or skip it, and search engines do not find it",
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


def _is_acronym(word: str, extra: frozenset[str]) -> bool:
    if DIGIT.search(word):
        return True  # COVID-19, 25N, H2O
    key = fold_word(word).upper()
    if key in _acronyms() or key in extra:
        return True
    letters = [c for c in key if c.isalpha()]
    return not _VOWEL.search("".join(letters))  # DGT, PP, RTVV


@frozen
class _CapsWord:
    start: int
    end: int
    letters: int
    upper: bool
    shouting: bool


def _caps_words(text: str, extra: frozenset[str]) -> list[_CapsWord]:
    words: list[_CapsWord] = []
    for match in WORD.finditer(text):
        word = match.group()
        if _STYLED.search(word):
            continue
        cased = [c for c in word if c.isupper() or c.islower()]
        if not cased:
            continue  # numbers
        upper = all(c.isupper() for c in cased)
        shouting = upper and len(cased) >= 2 and not _is_acronym(word, extra)
        words.append(_CapsWord(match.start(), match.end(), len(cased), upper, shouting))
    return words


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


_UPPER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Lu}[\p{Lu}\p{M}]+(?![\p{L}\p{M}])")


def check_all_caps(context: RuleContext) -> Iterator[Finding]:
    """Flag runs of upper-case words, and texts mostly in upper case (acronyms excepted)."""
    candidates = _UPPER_WORD.findall(context.message.text)
    if not candidates:
        return
    extra = frozenset(fold_word(a).upper() for a in list_param(context, "acronyms"))
    if all(_is_acronym(word, extra) for word in candidates):
        return
    text = masked(context.message.text, context.measurement.entities, urls=" ", others=" ")
    min_words = max(1, int_param(context, "min_words", 4))
    words = _caps_words(text, extra)
    if not any(w.shouting for w in words):
        return
    header = _header_words(text, words, max(0, int_param(context, "header_words", 3)))
    found = False
    run: list[_CapsWord] = []
    for index, word in enumerate([*words, None]):
        if word is not None and word.upper:
            if index not in header or run:
                run.append(word)
            continue
        shouting = [w for w in run if w.shouting]
        if len(shouting) >= min_words:
            found = True
            yield _caps_finding(context, run[0].start, run[-1].end, len(shouting))
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
        suggestion=Bilingual(
            es="escríbalo en minúsculas, con mayúscula inicial, y deje en mayúsculas solo las "
            "siglas; para destacar, use una frase corta al principio",
            en="write it in lower case with an initial capital, keeping capitals for acronyms; "
            "to make it stand out, use a short first sentence",
        ),
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
        "and full-width letters (Ⓐ, ⒜, 🄰, Ａ), small capitals (ᴀᴠɪs) and combining strokes "
        "used as underline or strikethrough. They are not letters: screen readers either skip "
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
        "(DANA, ESO, DNI, IVA, OTAN, UE… in `data/acronyms.txt`) and the policy's `acronyms`. "
        "A short header — up to `header_words` capitals at the start of a line, followed by a "
        "colon or a line break (`AVÍS:`, `ÚLTIMA HORA`) — is allowed."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the fake-bold and all-caps rules."""
    return [FAKE_BOLD, ALL_CAPS]
