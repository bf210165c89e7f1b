"""Built-in rules: accessibility — sentences short enough, and Spanish easy enough, to read.

``long-sentences`` flags sentences of more than ``max_words`` words; ``readability-es`` scores
Spanish texts on the INFLESZ (or Fernández-Huerta) scale, with the syllabifier and formulas of
:mod:`govsm.language.readability` and the language detector of :mod:`govsm.language.detection`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from govsm.language.detection import DEFAULT_CANDIDATES, detect_language
from govsm.language.names import primary
from govsm.language.readability import (
    fernandez_huerta_level,
    inflesz_level,
    prose,
    readability,
)
from govsm.model import Bilingual, Finding, Severity, Span
from govsm.rules.params import float_param, int_param, str_param
from govsm.rules.wording import EMOJI_HINT, WORD, emoji_clusters, masked, quote, sentences
from govsm.spec.hookspecs import hookimpl
from govsm.spec.rule import Rule
from govsm.spec.rule_context import RuleContext
from govsm.text import Entity

# ---------------------------------------------------------------------------------------------
# long-sentences
# ---------------------------------------------------------------------------------------------


def _word_count(text: str) -> int:
    return len(WORD.findall(text))


def _most_words(text: str, entities: Sequence[Entity]) -> int:
    """At least as many words as :func:`~govsm.language.readability.prose` gives ``text``.

    Counted on the text ``prose`` starts from — the entities masked, each emoji it blanks blank
    (an emoji may be a letter to :data:`~govsm.rules.wording.WORD`: ``Bonℹdia``) — without the
    rest of its work, which never adds a word: it blanks the text's end, its start or whole
    lines (which cut no word), and the points it writes are followed by a space (which join no
    number's digits).
    """
    return len(WORD.findall(_unadorned(text, entities)))


def _unadorned(text: str, entities: Sequence[Entity]) -> str:
    """The text :func:`~govsm.language.readability.prose` starts from (see :func:`_most_words`).

    Built from slices, not character by character: only a text with an
    :data:`~govsm.rules.wording.EMOJI_HINT` character has emoji to look for, and most have no
    entity to mask.
    """
    plain = masked(text, entities) if entities else text
    if EMOJI_HINT.search(text) is None:
        return plain
    pieces: list[str] = []
    last = 0
    for start, end, _ in emoji_clusters(text):  # in order, apart
        if plain[start] == text[start]:  # not in an entity, as prose has it
            pieces.append(plain[last:start])
            pieces.append(" " * (end - start))
            last = end
    if not pieces:
        return plain
    pieces.append(plain[last:])
    return "".join(pieces)


#: the emoji marks that are also word characters to :data:`~govsm.rules.wording.WORD` (ℹ, ❶, 🄁)
_WORD_HINT = re.compile(EMOJI_HINT.pattern + r"(?<=[^\W_])")


def _masked_words(text: str, entities: Sequence[Entity]) -> tuple[int, int]:
    """The words of ``text`` with its entities masked, and how many more blanking emoji may make.

    Their sum is at least :func:`_most_words` (so at least the words of ``prose``), without
    segmenting emoji: blanking a stretch of a text cuts at most one word in two — the one its
    first character is in, and none when that character is in no word — and an emoji starts
    with an :data:`~govsm.rules.wording.EMOJI_HINT` character or with a keycap's base (its
    cluster holds a U+20E3): the emoji that may cut a word are at most the hints that are word
    characters and the keycaps. Most texts have neither: the masked words are then all.
    """
    count = len(WORD.findall(masked(text, entities) if entities else text))
    if EMOJI_HINT.search(text) is None:
        return count, 0
    return count, len(_WORD_HINT.findall(text)) + text.count("\u20e3")


#: what every ``long-sentences`` finding suggests
_SPLIT_ADVICE = Bilingual(
    es="divídala en dos o más frases: una idea por frase",
    en="split it into two or more sentences: one idea per sentence",
)


def check_long_sentences(context: RuleContext) -> Iterator[Finding]:
    """Flag sentences of more than ``max_words`` words (URLs are not words; tags are one)."""
    max_words = max(1, int_param(context, "max_words", 25))
    if len(context.message.text) <= max_words:
        return  # a word takes at least one character
    entities = context.measurement.entities
    # bounds on the words prose has, cheaper than prose, which settle most posts (no long
    # sentence) with one count of the text
    words, cuts = _masked_words(context.message.text, entities)
    if words + cuts <= max_words:
        return
    if cuts and _most_words(context.message.text, entities) <= max_words:
        return  # a word-like emoji or a keycap: the exact count, emoji blanked, may settle it
    text = prose(context.message.text, entities)
    for start, end in sentences(text):
        if end - start <= 2 * max_words:
            continue  # n words take at least 2n - 1 characters: a word and a separator each
        # counted in place (the same as in text[start:end]: WORD looks behind only inside a word)
        count = len(WORD.findall(text, start, end))
        if count <= max_words:
            continue
        yield Finding(
            rule="long-sentences",
            severity=context.severity,
            message=Bilingual(
                es=f"frase de {count} palabras (máximo {max_words}): "
                f"«{quote(context.message.text[start:end], 50)}»",
                en=f"a sentence of {count} words (at most {max_words}): "
                f"'{quote(context.message.text[start:end], 50)}'",
            ),
            span=Span(start, end),
            suggestion=_SPLIT_ADVICE,
            reference="GOV.UK, 'Sentence length: why 25 words is our limit' (2014); Guia de xarxes "
            "socials de la Generalitat de Catalunya (2019), continguts.md §6.2 and §6.6",
        )


#: what a text with no declared language may be instead of Spanish: the detector's usual
#: candidates (Galician among them, told from Spanish by its marker words) and Italian
_CANDIDATES = (*DEFAULT_CANDIDATES, "it")


def is_spanish(text: str, language: str | None) -> bool:
    """Whether a text is Spanish: its declared language, else the detector's answer.

    :param text: the text, links, mentions and hashtags already masked.
    :param language: the message's declared language (a BCP 47 tag), if any.
    """
    if language:
        return primary(language) == "es"
    return detect_language(text, _CANDIDATES).language == "es"


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
    yield Finding(
        rule="readability-es",
        severity=context.severity,
        message=Bilingual(
            es=f"legibilidad {name} {score:.1f} ({level.es}; mínimo {min_score:g}): "
            f"{figures.syllables_per_word:.2f} sílabas por palabra y "
            f"{figures.words_per_sentence:.1f} palabras por frase",
            en=f"{name} readability {score:.1f} ({level.en}; at least {min_score:g}): "
            f"{figures.syllables_per_word:.2f} syllables per word and "
            f"{figures.words_per_sentence:.1f} words per sentence",
        ),
        span=Span(0, len(message.text)),
        suggestion=Bilingual(
            es="use frases más cortas y palabras más corrientes (y más cortas)",
            en="use shorter sentences and more common (and shorter) words",
        ),
        reference=_READABILITY_REFERENCE,
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
        "when the next word starts in lower case (an ellipsis inside a sentence). A mark "
        "followed by an emoji ends its sentence, and so does an emoji between a word and a "
        "capital (a bullet or an emoji full stop). URLs and emoji are not words; a hashtag or "
        "mention inside a sentence is one word, and the block of tags, links and emoji that "
        "closes a post (or fills a line, or opens a reply) is no part of any sentence."
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
    """Declare the long-sentences and readability-es rules."""
    return [LONG_SENTENCES, READABILITY_ES]
