"""Built-in rules: accessibility — text that screen readers, and every reader, can follow.

``fake-bold``, ``emoji-bullets``, ``emoji-runs``, ``all-caps``, ``long-sentences`` and
``readability-es``.

Shared helpers live in :mod:`govsm.rules.params`, :mod:`govsm.rules.wordlists` and
:mod:`govsm.rules.wording`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence

import regex
from attrs import frozen

from govsm.model import Bilingual, Finding, Severity, Span
from govsm.rules.params import float_param, int_param, list_param, str_param
from govsm.rules.wording import (
    CLUSTER,
    DIGIT,
    EMOJI_HINT,
    LETTER,
    WORD,
    emoji_clusters,
    fold_word,
    is_emoji,
    masked,
    quote,
    sentences,
)
from govsm.rules.wordlists import data_items
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext


def _finding(
    context: RuleContext,
    rule: str,
    span: tuple[int, int] | None,
    message: Bilingual,
    suggestion: Bilingual,
    reference: str,
    severity: Severity | None = None,
) -> Finding:
    return Finding(
        rule=rule,
        severity=severity or context.severity,
        message=message,
        span=Span(*span) if span is not None else None,
        suggestion=suggestion,
        reference=reference,
    )


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
        yield _finding(
            context,
            "fake-bold",
            (start, end),
            Bilingual(
                es=f"«{quote(piece)}» está escrito con símbolos matemáticos de Unicode, no con "
                "letras: los lectores de pantalla lo deletrean o se lo saltan, y los buscadores "
                "no lo encuentran",
                en=f"'{quote(piece)}' is written with Unicode mathematical symbols, not letters: "
                "screen readers spell it out or skip it, and search engines do not find it",
            ),
            Bilingual(
                es=f"escríbalo en texto normal: «{quote(plain)}»; para destacar, póngalo al "
                "principio o en una línea propia",
                en=f"write it in plain text: '{quote(plain)}'; to make it stand out, put it "
                "first or on a line of its own",
            ),
            _FAKE_BOLD_REFERENCE,
        )


# ---------------------------------------------------------------------------------------------
# emoji-bullets, emoji-runs
# ---------------------------------------------------------------------------------------------

_EMOJI_REFERENCE = (
    "Guia de xarxes socials de la Generalitat de Catalunya (2019), eines.md §4.2.6 "
    "(Accessibilitat) and continguts.md §6.5; WCAG 2.2 SC 1.3.1 Info and Relationships"
)


def _leading_emoji(text: str, start: int, end: int) -> tuple[int, int, str] | None:
    """The emoji a line starts with (after spaces), if it starts with one."""
    position = start
    while position < end and text[position] in " \t\u00a0":
        position += 1
    match = CLUSTER.match(text, position, end)
    if match is None or not is_emoji(match.group()):
        return None
    return match.start(), match.end(), match.group()


def check_emoji_bullets(context: RuleContext) -> Iterator[Finding]:
    """Flag lists whose lines start with an emoji instead of words."""
    text = context.message.text
    if not EMOJI_HINT.search(text):
        return
    min_lines = max(1, int_param(context, "min_lines", 2))
    blocks: list[list[tuple[int, int, str, int]]] = []
    current: list[tuple[int, int, str, int]] = []
    offset = 0
    for line in text.split("\n"):
        line_end = offset + len(line)
        bullet = _leading_emoji(text, offset, line_end)
        if bullet is not None:
            current.append((*bullet, line_end))
        elif line.strip() or not current:
            if current:
                blocks.append(current)
            current = []
        offset = line_end + 1
    if current:
        blocks.append(current)
    for block in blocks:
        if len(block) < min_lines:
            continue
        emoji = " ".join(item[2] for item in block)
        yield _finding(
            context,
            "emoji-bullets",
            (block[0][0], block[-1][3]),
            Bilingual(
                es=f"{len(block)} líneas empiezan con un emoji a modo de viñeta ({emoji}): el "
                "lector de pantalla lee el nombre de cada emoji antes de cada línea",
                en=f"{len(block)} lines start with an emoji used as a bullet ({emoji}): a screen "
                "reader reads each emoji's name before each line",
            ),
            Bilingual(
                es="empiece cada línea con la información (o con un guion) y, si quiere un emoji, "
                "póngalo una vez, al final",
                en="start each line with the information (or a hyphen) and, if you want an "
                "emoji, use one, at the end",
            ),
            _EMOJI_REFERENCE,
        )


def check_emoji_runs(context: RuleContext) -> Iterator[Finding]:
    """Flag more than ``max_run`` emoji in a row (spaces between them do not break the row)."""
    text = context.message.text
    clusters = emoji_clusters(text)
    if not clusters:
        return
    max_run = max(1, int_param(context, "max_run", 3))
    runs: list[list[tuple[int, int, str]]] = []
    for cluster in clusters:
        if runs and not text[runs[-1][-1][1] : cluster[0]].strip():
            runs[-1].append(cluster)
        else:
            runs.append([cluster])
    for run in runs:
        if len(run) <= max_run:
            continue
        start, end = run[0][0], run[-1][1]
        yield _finding(
            context,
            "emoji-runs",
            (start, end),
            Bilingual(
                es=f"{len(run)} emojis seguidos ({text[start:end]}): el lector de pantalla lee "
                f"el nombre de cada uno; se admiten {max_run}",
                en=f"{len(run)} emoji in a row ({text[start:end]}): a screen reader reads the "
                f"name of each one; {max_run} are allowed",
            ),
            Bilingual(
                es="deje uno o dos que aporten algo y diga con palabras lo que expresan",
                en="keep one or two that add something and say in words what they express",
            ),
            _EMOJI_REFERENCE,
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
    return _finding(
        context,
        "all-caps",
        (start, end),
        Bilingual(
            es=f"{what_es} («{piece}»): se lee peor, suena a grito y algunos lectores de "
            "pantalla lo deletrean como si fueran siglas",
            en=f"{what_en} ('{piece}'): it is harder to read, it sounds like shouting and some "
            "screen readers spell it out as if it were an acronym",
        ),
        Bilingual(
            es="escríbalo en minúsculas, con mayúscula inicial, y deje en mayúsculas solo las "
            "siglas; para destacar, use una frase corta al principio",
            en="write it in lower case with an initial capital, keeping capitals for acronyms; "
            "to make it stand out, use a short first sentence",
        ),
        _CAPS_REFERENCE,
    )


# ---------------------------------------------------------------------------------------------
# long-sentences
# ---------------------------------------------------------------------------------------------


def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def check_long_sentences(context: RuleContext) -> Iterator[Finding]:
    """Flag sentences of more than ``max_words`` words (URLs are not words; tags are one)."""
    max_words = max(1, int_param(context, "max_words", 25))
    if len(context.message.text) <= max_words:
        return  # a word takes at least one character
    text = masked(context.message.text, context.measurement.entities)
    if len(WORD.findall(text)) <= max_words:
        return
    for start, end in sentences(text):
        count = _word_count(text[start:end])
        if count <= max_words:
            continue
        yield _finding(
            context,
            "long-sentences",
            (start, end),
            Bilingual(
                es=f"frase de {count} palabras (máximo {max_words}): "
                f"«{quote(context.message.text[start:end], 50)}»",
                en=f"a sentence of {count} words (at most {max_words}): "
                f"'{quote(context.message.text[start:end], 50)}'",
            ),
            Bilingual(
                es="divídala en dos o más frases: una idea por frase",
                en="split it into two or more sentences: one idea per sentence",
            ),
            "GOV.UK, 'Sentence length: why 25 words is our limit' (2014); Guia de xarxes "
            "socials de la Generalitat de Catalunya (2019), continguts.md §6.2 and §6.6",
        )


# ---------------------------------------------------------------------------------------------
# readability-es: a Spanish syllabifier, INFLESZ and Fernández-Huerta
# ---------------------------------------------------------------------------------------------

_STRONG = frozenset("aeoáéóàèòâêô")
_WEAK = frozenset("iuüy")
_ACCENTED_WEAK = frozenset("íúìùîû")
_VOWELS = _STRONG | _WEAK | _ACCENTED_WEAK | {"ï"}
#: consonant + l/r pairs that begin a syllable together (pla-za, o-bre-ro); "tl" splits
#: (at-le-ta) as most of Spain says it, except at the start of a word (Tlaxcala)
_ONSETS = frozenset(
    {"pl", "pr", "bl", "br", "fl", "fr", "cl", "cr", "gl", "gr", "kl", "kr", "tr", "dr"}
)


@frozen
class _Unit:
    text: str
    vowel: bool


def _units(word: str) -> list[_Unit]:
    """Letters grouped as Spanish spells sounds: ch, ll, rr; qu/gu before e, i; y as vowel."""
    units: list[_Unit] = []
    index = 0
    length = len(word)
    while index < length:
        pair = word[index : index + 2]
        following = word[index + 2] if index + 2 < length else ""
        if pair in ("ch", "ll", "rr"):
            units.append(_Unit(pair, False))
            index += 2
            continue
        if pair in ("qu", "gu") and following in ("e", "i", "é", "í", "è", "ì"):
            units.append(_Unit(pair, False))  # the u is silent: que-so, gue-rra, gui-so
            index += 2
            continue
        char = word[index]
        if char == "y":
            after = word[index + 1] if index + 1 < length else ""
            # a consonant before a vowel (ma-yo, re-yes, yo); a vowel at the end of a word or
            # before a consonant (hoy, muy, rey, y)
            units.append(_Unit(char, not (after and after in _VOWELS)))
        else:
            units.append(_Unit(char, char in _VOWELS))
        index += 1
    return units


def _joins(first: str, second: str) -> bool:
    """Whether two vowels in a row belong to one syllable (diphthong) or two (hiatus)."""
    if "ï" in (first, second):
        return False
    first_strong = first in _STRONG or first in _ACCENTED_WEAK
    second_strong = second in _STRONG or second in _ACCENTED_WEAK
    if first in _STRONG and second in _STRONG:
        return False  # le-er, po-e-ta, a-é-re-o
    if (first in _ACCENTED_WEAK and second in _STRONG) or (
        first in _STRONG and second in _ACCENTED_WEAK
    ):
        return False  # pa-ís, re-ú-ne, dí-a, ba-úl
    if first_strong and second_strong:
        return False
    if first in _WEAK | _ACCENTED_WEAK and second in _WEAK | _ACCENTED_WEAK:
        same = {first, second} <= {"i", "í", "y"} or {first, second} <= {"u", "ú", "ü"}
        return not same  # ciu-dad, cui-da-do, muy; but chi-i-ta
    return True  # weak with strong: ai-re, cuo-ta, es-tu-dió


def syllables(word: str) -> list[str]:
    """Split a Spanish word into syllables, as the RAE's *Ortografía* (2010) does.

    Diphthongs and triphthongs are one syllable (*ciu-dad*, *buey*, *a-ve-ri-güéis*); an
    accented *í*/*ú* next to *a*, *e*, *o* makes a hiatus (*pa-ís*, *re-ú-ne*); *h* between vowels
    does not prevent a diphthong (*prohi-bir*, *ahu-mar*); *ch*, *ll*, *rr* are one consonant;
    the *u* of *que*, *qui*, *gue*, *gui* is silent while *ü* is not (*pin-güi-no*); *y* is a
    vowel at the end of a word (*hoy*, *U-ru-guay*). Words with no vowel come back whole.
    """
    lowered = word.lower()
    if len(lowered) != len(word):
        lowered = word
    units = _units(lowered)
    nuclei: list[tuple[int, int]] = []
    index = 0
    while index < len(units):
        if not units[index].vowel:
            index += 1
            continue
        last = index
        while True:
            if (
                last + 1 < len(units)
                and units[last + 1].vowel
                and _joins(units[last].text, units[last + 1].text)
            ):
                last += 1
            elif (
                last + 2 < len(units)
                and units[last + 1].text == "h"
                and units[last + 2].vowel
                and _joins(units[last].text, units[last + 2].text)
            ):
                last += 2  # h between vowels does not break a diphthong: prohi-bir
            else:
                break
        nuclei.append((index, last))
        index = last + 1
    if not nuclei:
        return [word]
    # the consonants between two nuclei: one goes right (ca-sa); two split (car-ta) unless
    # they begin a syllable together (o-bre-ro); of more, the last one or two go right
    cuts: list[int] = []
    for (_, left_end), (right_start, _) in itertools.pairwise(nuclei):
        consonants = list(range(left_end + 1, right_start))
        if len(consonants) <= 1:
            cuts.append(consonants[0] if consonants else right_start)
            continue
        pair = units[consonants[-2]].text + units[consonants[-1]].text
        cuts.append(consonants[-2] if pair in _ONSETS else consonants[-1])
    bounds = [0, *cuts, len(units)]
    result: list[str] = []
    position = 0
    for start, end in itertools.pairwise(bounds):
        size = sum(len(unit.text) for unit in units[start:end])
        result.append(word[position : position + size])
        position += size
    return result


def count_syllables(word: str) -> int:
    """How many syllables a Spanish word has (at least one; parts of compounds added up)."""
    total = 0
    for part in re.split(r"['’·‧\-]", word):
        if part:
            total += len(syllables(part)) if any(c in _VOWELS for c in part.lower()) else 1
    return max(total, 1)


@frozen
class Readability:
    """A text's readability figures."""

    words: int
    sentences: int
    syllables: int

    @property
    def syllables_per_word(self) -> float:
        """Average syllables per word."""
        return self.syllables / self.words

    @property
    def words_per_sentence(self) -> float:
        """Average words per sentence."""
        return self.words / self.sentences

    @property
    def inflesz(self) -> float:
        """Szigriszt-Pazos perspicuity (1993), read on the INFLESZ scale (Barrio-Cantalejo)."""
        return 206.835 - 62.3 * self.syllables_per_word - self.words_per_sentence

    @property
    def fernandez_huerta(self) -> float:
        """Fernández-Huerta's readability (1959): 206.84 − 0.60·P − 1.02·F.

        P is syllables per 100 words and F words per sentence, as Gwillim Law (2011) argued:
        the form usually printed takes F as sentences per 100 words, which makes shorter
        sentences score as harder.
        """
        return 206.84 - 0.60 * 100 * self.syllables_per_word - 1.02 * self.words_per_sentence


def readability(text: str) -> Readability | None:
    """Count words, sentences and syllables of a Spanish text (numbers are not words)."""
    word_count = 0
    syllable_count = 0
    sentence_count = 0
    for start, end in sentences(text):
        in_sentence = 0
        for match in WORD.finditer(text, start, end):
            word = match.group()
            if DIGIT.search(word) or not LETTER.search(word):
                continue
            in_sentence += 1
            syllable_count += count_syllables(word)
        if in_sentence:
            sentence_count += 1
            word_count += in_sentence
    if not word_count:
        return None
    return Readability(word_count, sentence_count, syllable_count)


def inflesz_level(score: float) -> Bilingual:
    """The INFLESZ band of a score (Barrio-Cantalejo et al., 2008)."""
    if score < 40:
        return Bilingual(es="muy difícil", en="very difficult")
    if score < 55:
        return Bilingual(es="algo difícil", en="somewhat difficult")
    if score <= 65:
        return Bilingual(es="normal", en="normal")
    if score <= 80:
        return Bilingual(es="bastante fácil", en="fairly easy")
    return Bilingual(es="muy fácil", en="very easy")


def fernandez_huerta_level(score: float) -> Bilingual:
    """The band of a Fernández-Huerta score (Fernández-Huerta, 1959)."""
    bands = [
        (30, "muy difícil", "very difficult"),
        (50, "difícil", "difficult"),
        (60, "algo difícil", "somewhat difficult"),
        (70, "normal", "normal"),
        (80, "algo fácil", "somewhat easy"),
        (90, "fácil", "easy"),
    ]
    for limit, es, en in bands:
        if score < limit:
            return Bilingual(es=es, en=en)
    return Bilingual(es="muy fácil", en="very easy")


# Galician is not among lingua's languages and its texts are often taken for Spanish or
# Portuguese: words that Spanish does not write keep them out of the Spanish readability check.
_GALICIAN = re.compile(
    r"\b(?:unha|unhas|dunha|nunha|coa|coas|polo|pola|polos|polas|tamén|xa|moi|máis|"
    r"concello|veciñanza|veciños|cidadanía|grazas|hoxe|mañá|tódolos|non|ningunha|algunha)\b",
    re.IGNORECASE,
)


@functools.cache
def _detector() -> object:
    from lingua import Language, LanguageDetectorBuilder

    languages = [
        Language.SPANISH,
        Language.CATALAN,
        Language.BASQUE,
        Language.PORTUGUESE,
        Language.ENGLISH,
        Language.FRENCH,
        Language.ITALIAN,
    ]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def is_spanish(text: str, language: str | None) -> bool:
    """Whether a text is Spanish: its declared language, else detected (never when Galician)."""
    if language:
        return language.split("-")[0].lower() == "es"
    if len(_GALICIAN.findall(text)) >= 2:
        return False
    from lingua import Language

    detector = _detector()
    detected = detector.detect_language_of(text)  # type: ignore[attr-defined]
    return bool(detected == Language.SPANISH)


_READABILITY_REFERENCE = (
    "Fernández Huerta, J. (1959) 'Medidas sencillas de lecturabilidad', Consigna 214: 29-32; "
    "Szigriszt Pazos, F. (1993) 'Sistemas predictivos de legibilidad del mensaje escrito: "
    "fórmula de perspicuidad' (tesis doctoral, Universidad Complutense); Barrio-Cantalejo, I. "
    "M. et al. (2008) 'Validación de la Escala INFLESZ para evaluar la legibilidad de los "
    "textos dirigidos a pacientes', Anales del Sistema Sanitario de Navarra 31(2): 135-152"
)


def check_readability_es(context: RuleContext) -> Iterator[Finding]:
    """Flag Spanish texts below ``min_score`` on the INFLESZ (or Fernández-Huerta) scale."""
    message = context.message
    min_words = max(1, int_param(context, "min_words", 100))
    if len(message.text) < 2 * min_words - 1:
        return  # words need a character and a separator each
    if message.language and not is_spanish(message.text, message.language):
        return
    text = masked(message.text, context.measurement.entities, urls=" ", others=" ")
    if _word_count(text) < min_words:
        return
    figures = readability(text)
    if figures is None or figures.words < min_words:
        return
    if not is_spanish(text, message.language):
        return
    formula = str_param(context, "formula", "inflesz").strip().lower()
    if formula in ("fernandez-huerta", "fernández-huerta", "huerta"):
        score = figures.fernandez_huerta
        level = fernandez_huerta_level(score)
        name = "Fernández-Huerta"
    else:
        score = figures.inflesz
        level = inflesz_level(score)
        name = "INFLESZ"
    min_score = float_param(context, "min_score", 55.0)
    if score >= min_score:
        return
    yield _finding(
        context,
        "readability-es",
        (0, len(message.text)),
        Bilingual(
            es=f"legibilidad {name} {score:.1f} ({level.es}; mínimo {min_score:g}): "
            f"{figures.syllables_per_word:.2f} sílabas por palabra y "
            f"{figures.words_per_sentence:.1f} palabras por frase",
            en=f"{name} readability {score:.1f} ({level.en}; at least {min_score:g}): "
            f"{figures.syllables_per_word:.2f} syllables per word and "
            f"{figures.words_per_sentence:.1f} words per sentence",
        ),
        Bilingual(
            es="use frases más cortas y palabras más corrientes (y más cortas)",
            en="use shorter sentences and more common (and shorter) words",
        ),
        _READABILITY_REFERENCE,
    )


# ---------------------------------------------------------------------------------------------
# The rules
# ---------------------------------------------------------------------------------------------

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

EMOJI_BULLETS = Rule(
    id="emoji-bullets",
    title=Bilingual(es="Emojis como viñetas", en="Emoji used as bullets"),
    default_severity=Severity.WARNING,
    check=check_emoji_bullets,
    params={"min_lines": 2},
    family="accessibility",
    reference=_EMOJI_REFERENCE,
    explanation=(
        "A list whose lines start with emoji (📅 Monday…, 📚 Wednesday…) makes a screen reader "
        "say the name of every emoji ('calendar', 'books') before the information, line after "
        "line. The Generalitat's guide asks to limit emoji because screen readers turn them "
        "into text. Flags a block of at least `min_lines` consecutive lines (blank lines "
        "allowed between them) that start with an emoji; one emoji leading a single line (📢 at "
        "the start of a notice) is not a list and is not flagged."
    ),
)

EMOJI_RUNS = Rule(
    id="emoji-runs",
    title=Bilingual(es="Emojis seguidos", en="Emoji in a row"),
    default_severity=Severity.WARNING,
    check=check_emoji_runs,
    params={"max_run": 3},
    family="accessibility",
    reference=_EMOJI_REFERENCE,
    explanation=(
        "Emoji are read aloud by name, so 🎉🎉🎉🎉 is 'party popper' four times. Flags more than "
        "`max_run` emoji in a row (spaces between them do not break the row). Each emoji is "
        "one grapheme cluster: a family (👨‍👩‍👧), a flag (🇪🇸) or a keycap (1️⃣) counts once."
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

LONG_SENTENCES = Rule(
    id="long-sentences",
    title=Bilingual(es="Frases largas", en="Long sentences"),
    default_severity=Severity.INFO,
    check=check_long_sentences,
    params={"max_words": 25},
    family="accessibility",
    reference=(
        "GOV.UK, 'Sentence length: why 25 words is our limit' (2014); Guia de xarxes socials "
        "de la Generalitat de Catalunya (2019), continguts.md §6.2 and §6.6"
    ),
    explanation=(
        "Long sentences are hard for everyone and harder still for people with dyslexia, "
        "cognitive disabilities or who read in a second language; GOV.UK's research puts the "
        "limit at 25 words and the Generalitat's guide asks for short, clear texts. Flags each "
        "sentence of more than `max_words` words.\n\n"
        "Sentences end at a line break or at `.`, `!`, `?`, `…` followed by a space — not at the "
        "point of an abbreviation (Sr., núm., p. ex., c/, an initial; list in "
        "`data/abbreviations.txt`), not inside numbers, times or addresses (8.30, 300.000), not "
        "when the next word starts in lower case (an ellipsis inside a sentence). URLs are not "
        "words; a hashtag or mention is one word."
    ),
)

READABILITY_ES = Rule(
    id="readability-es",
    title=Bilingual(es="Legibilidad en castellano", en="Spanish readability"),
    default_severity=Severity.INFO,
    check=check_readability_es,
    params={"formula": "inflesz", "min_score": 55.0, "min_words": 100},
    family="accessibility",
    reference=_READABILITY_REFERENCE,
    explanation=(
        "Scores Spanish texts with the Szigriszt-Pazos perspicuity formula (206.835 − 62.3 × "
        "syllables/words − words/sentences) read on the INFLESZ scale validated by "
        "Barrio-Cantalejo et al. (2008): below 40 very difficult, 40–55 somewhat difficult, "
        "55–65 normal, 65–80 fairly easy, above 80 very easy. With `formula = "
        '"fernandez-huerta"` it uses Fernández-Huerta\'s 1959 formula (206.84 − 0.60 × '
        "syllables per 100 words − 1.02 × words per sentence, as Law read it in 2011; 60–70 is "
        "'normal'). Flags a text scoring below `min_score` (default 55, the bottom of INFLESZ's "
        "'normal').\n\n"
        "Only texts with at least `min_words` words are scored (the formulas were built on "
        "100-word samples; a tweet gives noise), and only Spanish ones: the message's "
        "language when known (`es`, `es-ES`…), otherwise a language detector — Galician, "
        "which the detector does not know, is recognised by its own words and left out. "
        "Syllables are counted by a Spanish syllabifier: diphthongs and triphthongs, hiatus "
        "with written accent (pa-ís, re-ú-ne), silent u in que/qui/gue/gui, ü, y at the end of "
        "a word, h between vowels. Numbers, URLs, mentions and hashtags are left out."
    ),
)


@hookimpl
def govsm_rules() -> list[Rule]:
    """Declare the accessibility rules."""
    return [FAKE_BOLD, EMOJI_BULLETS, EMOJI_RUNS, ALL_CAPS, LONG_SENTENCES, READABILITY_ES]
