"""How hard a Spanish text is to read: Szigriszt-Pazos on the INFLESZ scale, Fernández-Huerta."""

from __future__ import annotations

from attrs import frozen

from govsm.language.syllables import count_syllables
from govsm.model import Bilingual
from govsm.rules.wording import DIGIT, LETTER, WORD, sentences


@frozen
class Readability:
    """A text's readability figures.

    :param words: the words counted (numbers are not words).
    :param sentences: the sentences holding at least one word.
    :param syllables: the syllables of those words.
    """

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
    """Count words, sentences and syllables of a Spanish text (numbers are not words).

    :param text: the text, links, mentions and hashtags already masked.
    :return: the figures, or ``None`` when the text has no word.
    """
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
    """The INFLESZ band of a score (Barrio-Cantalejo et al., 2008).

    :param score: a Szigriszt-Pazos perspicuity (:attr:`Readability.inflesz`).
    """
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
    """The band of a Fernández-Huerta score (Fernández-Huerta, 1959).

    :param score: a Fernández-Huerta readability (:attr:`Readability.fernandez_huerta`).
    """
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
