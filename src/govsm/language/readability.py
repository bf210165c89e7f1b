"""How hard a Spanish text is to read: Szigriszt-Pazos on the INFLESZ scale, Fernández-Huerta.

Also what a post's sentences are, as people read them (:func:`prose`): the block of hashtags,
mentions and links that closes a post is no part of its last sentence, and emoji end sentences
the way punctuation does.
"""

from __future__ import annotations

from collections.abc import Iterable

from attrs import frozen

from govsm.language.syllables import count_syllables
from govsm.model import Bilingual
from govsm.rules.wording import DIGIT, LETTER, WORD, emoji_clusters, masked, sentences
from govsm.spec.entities import Entity, EntityKind

#: what may stand between the tags of a closing block (#Fires2026 · #Soldeneu | @cultura)
_BLOCK_FILLER = frozenset(" \t\u00a0\n|·•-–—,;:/()[].!?…\u200d\ufe0f")
#: what may end a sentence's last word before an emoji used as a full stop (besides letters)
_CLOSES = frozenset(")»”\"'%€")
#: what may open a sentence after an emoji used as a full stop
_OPENS = frozenset("¿¡«\"“'")


def prose(text: str, entities: Iterable[Entity] = ()) -> str:
    """``text`` as :func:`~govsm.rules.wording.sentences` should split it, offsets kept.

    - links become spaces; mentions, hashtags and cashtags one word each (``X`` repeated);
    - the block of hashtags, mentions, links and emoji that closes the post (or fills a line
      of its own, or opens a reply: ``@vecina @veí``) becomes spaces: it is no part of any
      sentence;
    - emoji become spaces, and an emoji between a word and a capital letter or a digit — a
      bullet or a full stop (``Ven a la fiesta 🎉 Te esperamos``, ``📍 Plaza Mayor 🕖 19 h``)
      — becomes a point, which ends the sentence before it. A mark followed by an emoji still
      ends its sentence (``¡Te esperamos!🎉 Habrá…``).

    :param text: the post's text.
    :param entities: its entities (``Measurement.entities``).
    """
    entities = sorted(entities, key=lambda e: e.start)
    chars = list(masked(text, entities))
    tagged = [False] * len(text)  # a tag, a link or an emoji
    for entity in entities:
        tagged[entity.start : entity.end] = [True] * (entity.end - entity.start)
    emoji = emoji_clusters(text)
    for start, end, _ in emoji:
        tagged[start:end] = [True] * (end - start)

    def filler(index: int) -> bool:
        return tagged[index] or text[index] in _BLOCK_FILLER

    def blank(start: int, end: int) -> None:
        chars[start:end] = [" " if c != "\n" else c for c in chars[start:end]]

    # the closing block: from the first tag after the last word to the end
    last_word = len(text) - 1
    while last_word >= 0 and filler(last_word):
        last_word -= 1
    first_tag = next((i for i in range(last_word + 1, len(text)) if tagged[i]), len(text))
    blank(first_tag, len(text))
    # lines of tags only, and the mentions a reply opens with
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        span = range(line_start, line_end)
        if True in tagged[line_start:line_end] and all(filler(i) for i in span):
            blank(line_start, line_end)
        line_start = line_end + 1
    mentions = [e for e in entities if e.kind is EntityKind.MENTION]
    opening = 0
    for mention in mentions:
        if text[opening : mention.start].strip():
            break
        opening = mention.end
    blank(0, opening)
    # emoji: spaces, or a point when they stand between a word and a new sentence
    for start, end, _ in emoji:
        if chars[start] != text[start]:
            continue  # already blanked
        previous = start - 1
        while previous >= 0 and chars[previous] in " \t\u00a0":
            previous -= 1
        after = text[end : end + 8].lstrip(" \t\u00a0")
        ends_word = previous >= 0 and (chars[previous].isalnum() or chars[previous] in _CLOSES)
        opens = bool(after) and (after[0].isupper() or after[0].isdigit() or after[0] in _OPENS)
        blank(start, end)
        if not (ends_word and opens):
            continue
        # a point the splitter sees: followed by a space, and on the emoji when it can be
        if end < len(text) and not text[end].isspace():
            if end - start >= 2:
                chars[end - 2] = "."  # 👍🏽Habrá: the point on the emoji, a space after it
            elif start > 0 and chars[start - 1] in " \t\u00a0":
                chars[start - 1] = "."  # fiesta 🎉Habrá: the point before it
        else:
            chars[end - 1] = "."  # the sentence keeps its emoji, as it keeps its full stop
    return "".join(chars)


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

    :param text: the text, links, mentions and hashtags already masked (emoji are read as
        :func:`prose` reads them).
    :return: the figures, or ``None`` when the text has no word.
    """
    text = prose(text)
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
