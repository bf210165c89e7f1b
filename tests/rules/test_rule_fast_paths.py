"""The faster ways ``long-sentences``, ``all-caps`` and ``hashtag-camelcase`` read a post.

Each is checked against the slower way it replaced, kept here as the reference: one count of
a text's words for all its sentences, the unadorned text built from slices, the words in
capitals read with str methods, a hashtag's pieces found at once, the known words folded once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime

from hypothesis import example, given
from hypothesis import strategies as st

from govsm.builtin.rules import hashtags, readability, typography
from govsm.language.readability import prose
from govsm.model import (
    Direction,
    Message,
    MessageKind,
    MessageState,
    OrganisationSnapshot,
    Severity,
)
from govsm.rules.engine import PLAIN_TEXT
from govsm.rules.hashtag_words import _CHUNK, camel_case, chunks, is_letters, split_words
from govsm.rules.styled_letters import STYLED
from govsm.rules.wording import (
    _EMOJI_CHAR,
    _EMOJI_PRESENTATION,
    DIGIT,
    EMOJI_HINT,
    WORD,
    emoji_clusters,
    fold_word,
    masked,
    sentences,
)
from govsm.spec.rule_context import RuleContext
from govsm.text import Entity, EntityKind, measure

_PIECES = st.sampled_from(
    ["Bon", "dia", "FESTA", "MAJOR", "l'AJUNTAMENT", "8.30", "300.000", "Sr.", "p. ex.", "1.2",
     "#Fires2026", "#setmanacultural", "@veina", "https://seu.soldeneu.example/tramits", "ℹ",
     "🎉", "👍🏽", "1️⃣", "🇪🇸", "…", "!", "?", ".", "»", "'", "’", "-", "·", "_", "(", "Ⓐ",
     "ǅ", "ß", "İ", "ﬀ", "Ä", "ÉS", "AVÍS", "MAR", "03", "DIC", "XXI", "COVID-19", "DGT",
     "a\u0301", "A\u0336B", "\U0001d400\U0001d401", "ª", "ÿ", "µ", "中文", "²", "Ⅳ"]
)  # fmt: skip
_GLUE = st.sampled_from(["", " ", "  ", "\n", " \n ", ". ", "! ", ": ", "-", "\u00a0", "\t"])
_TEXTS = st.lists(st.tuples(_PIECES, _GLUE), max_size=30).map(
    lambda parts: "".join(piece + glue for piece, glue in parts)
)
_NETWORKS = st.sampled_from(["x", "mastodon", "bluesky", "text"])


def _entities(text: str, network: str) -> tuple[Entity, ...]:
    return measure(text, PLAIN_TEXT if network == "text" else network).entities


def _context(
    text: str,
    network: str,
    params: dict[str, object],
    snapshot: OrganisationSnapshot | None = None,
) -> RuleContext:
    message = Message(
        organisation="o",
        id="m",
        profile="p",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.DRAFT,
        text=text,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    return RuleContext(
        message=message,
        channel=None,
        profile=None,
        snapshot=snapshot,
        measurement=measure(text, PLAIN_TEXT if network == "text" else network),
        params=params,  # type: ignore[arg-type]
        severity=Severity.INFO,
        day=date(2026, 1, 1),
    )


# --- long-sentences ------------------------------------------------------------------------


def _old_most_words(text: str, entities: Sequence[Entity]) -> int:
    plain = masked(text, entities)
    clusters = emoji_clusters(text)
    if clusters:
        chars = list(plain)
        for start, end, _ in clusters:
            if plain[start] == text[start]:
                chars[start:end] = " " * (end - start)
        plain = "".join(chars)
    return len(WORD.findall(plain))


def _old_few_words(text: str, entities: int, max_words: int) -> bool:
    """The first bound ``long-sentences`` used (words as written, one per entity)."""
    if EMOJI_HINT.search(text) is not None:
        return False
    return len(WORD.findall(text)) + entities <= max_words


def _old_long_sentences(
    text: str, entities: Sequence[Entity], max_words: int
) -> list[tuple[int, int, int]]:
    """What ``long-sentences`` found before: one count per sentence, after two bounds."""
    if len(text) <= max_words:
        return []
    if _old_few_words(text, len(entities), max_words):
        return []
    if _old_most_words(text, entities) <= max_words:
        return []
    plain = prose(text, entities)
    if len(WORD.findall(plain)) <= max_words:
        return []
    found = []
    for start, end in sentences(plain):
        count = len(WORD.findall(plain[start:end]))
        if count > max_words:
            found.append((start, end, count))
    return found


@given(_TEXTS | st.text(max_size=60), _NETWORKS)
@example("Bonℹdia", "x")
@example("Sr. Pi. 1.2 3.4. Hola 5 l'a a-b. x.' y", "text")
def test_unadorned_text_is_the_one_built_character_by_character(text: str, network: str) -> None:
    entities = _entities(text, network)
    assert readability._most_words(text, entities) == _old_most_words(text, entities)


_EMOJI_TEXTS = st.lists(
    st.tuples(
        st.sampled_from(
            ["a", "Bon", "1", "2.5", "l'", "-", "ℹ", "ℹ️", "❶", "🄁", "1️⃣", "1\u20e3", "#️⃣",
             "\u0301", "\u20e3", "\ufe0f", "\uff9e", "🎉", "👍🏽", "👨\u200d💻", "🇪🇸", "©️", "#tag",
             "@veina", "https://x.example/a"]
        ),
        st.sampled_from(["", " ", "\n", ". "]),
    ),
    max_size=16,
).map(lambda parts: "".join(piece + glue for piece, glue in parts))  # fmt: skip


@given(_EMOJI_TEXTS | _TEXTS | st.text(max_size=40), _NETWORKS)
@example("Bonℹdia", "x")
@example("a1\u0301\u20e3b x🎉\uff9ey 2.1️⃣5", "text")
def test_masked_words_and_cuts_bound_the_words_emoji_blanked(text: str, network: str) -> None:
    """``long-sentences``' first bound, which segments no emoji, is never below the exact one."""
    entities = _entities(text, network)
    words, cuts = readability._masked_words(text, entities)
    assert words + cuts >= readability._most_words(text, entities)
    assert words + cuts >= len(WORD.findall(prose(text, entities)))
    if cuts == 0 and EMOJI_HINT.search(text) is None:
        assert words == readability._most_words(text, entities)


def test_every_emoji_starts_with_a_hint_or_a_keycap_base() -> None:
    """What ``_masked_words`` relies on: an emoji's first character is a hint or # * 0-9."""
    every = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
    starts = set(_EMOJI_PRESENTATION.findall(every)) | set(_EMOJI_CHAR.findall(every))
    assert {c for c in starts if not EMOJI_HINT.match(c)} <= set("#*0123456789")


@given(_TEXTS | st.text(max_size=60), st.integers(0, 200), st.integers(0, 200))
@example("1.2. 3. a-b.' c d!» E\nf.\n\ng… h", 2, 6)
@example("1.2.3", 2, 5)
def test_words_counted_in_place_are_the_words_of_the_slice(text: str, one: int, two: int) -> None:
    """``long-sentences`` counts a sentence's words without slicing it out."""
    start, end = sorted((min(one, len(text)), min(two, len(text))))
    assert WORD.findall(text, start, end) == WORD.findall(text[start:end])


@given(_TEXTS, _NETWORKS, st.integers(min_value=1, max_value=8))
@example("Bon dia a tothom. Avui fem festa major a la plaça 🎉 Veniu!", "x", 3)
def test_long_sentences_finds_what_it_found_sentence_by_sentence(
    text: str, network: str, max_words: int
) -> None:
    context = _context(text, network, {"max_words": max_words})
    found = [
        (f.span.start, f.span.end, int(m.group(1)))
        for f in readability.check_long_sentences(context)
        if f.span is not None and (m := re.search(r"of (\d+) words", f.message.en))
    ]
    assert found == _old_long_sentences(text, context.measurement.entities, max_words)


# --- all-caps ------------------------------------------------------------------------------


def _old_never_shouting(word: str, extra: frozenset[str]) -> bool:
    if DIGIT.search(word):
        return True
    key = fold_word(word).upper()
    if key in typography._acronyms() or key in extra:
        return True
    letters = [c for c in key if c.isalpha()]
    if not typography._VOWEL.search("".join(letters)):
        return True
    if typography._ROMAN.match(word):
        return True
    return fold_word(word).upper() in typography._date_abbreviations()[0]


def _old_caps_words(text: str, extra: frozenset[str]) -> list[tuple[int, int, int, bool, bool]]:
    words = []
    tokens = list(WORD.finditer(text))
    for index, match in enumerate(tokens):
        word = match.group()
        if STYLED.search(word):
            continue
        cased = [c for c in word if c.isupper() or c.islower()]
        if not cased:
            continue
        upper = all(c.isupper() for c in cased)
        shouting = upper and len(cased) >= 2 and not _old_never_shouting(word, extra)
        if shouting and fold_word(word).upper() in typography._date_abbreviations()[1]:
            shouting = not typography._in_a_date(text, tokens, index)
        words.append((match.start(), match.end(), len(cased), upper, shouting))
    return words


_LATIN = st.text(st.characters(max_codepoint=0x24F), max_size=40)


@given(_TEXTS | _LATIN | st.text(max_size=40), st.sampled_from([frozenset(), frozenset({"AVÍS"})]))
@example("ÀÉÎÕÜ àéîõü ª º µ ß ÿ ÞÐ þð ×÷ DIC 03 MAR", frozenset())
def test_capital_words_read_with_str_methods_as_letter_by_letter(
    text: str, extra: frozenset[str]
) -> None:
    found = [tuple(word) for word in typography._caps_words(text, extra)]
    assert found == _old_caps_words(text, extra)
    for match in WORD.finditer(text):
        word = match.group()
        assert typography._never_shouting(word, extra) == _old_never_shouting(word, extra)


def test_every_latin_1_letter_is_in_upper_or_lower_case() -> None:
    """What ``_caps_words``' shortcut for words of Latin-1 letters relies on."""
    letters = [chr(code) for code in range(0x100) if chr(code).isalpha()]
    assert all(c.isupper() or c.islower() for c in letters)
    assert all(not c.istitle() or c.isupper() for c in letters)


# --- hashtag-camelcase ---------------------------------------------------------------------


@given(st.text(max_size=30) | _TEXTS)
def test_a_hashtags_pieces_found_at_once(text: str) -> None:
    assert chunks(text) == [m.group() for m in _CHUNK.finditer(text)]


def _old_camel_case(tag: str, extra: frozenset[str], min_length: int, min_upper: int) -> str | None:
    out: list[str] = []
    changed = False
    pieces = chunks(tag)
    marked = sum(1 for chunk in pieces if is_letters(chunk)) >= 2
    for chunk in pieces:
        if not is_letters(chunk):
            out.append(chunk)
            continue
        upper = chunk.isupper()
        capitalised = chunk[:1].isupper() and not chunk[1:].isupper()
        if len(chunk) < (min_upper if upper else min_length) or (marked and capitalised):
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


_TAGS = st.lists(
    st.sampled_from(["setmana", "cultural", "Fires", "SOLDENEU", "2026", "festa", "Major",
                     "agenda", "ESO", "_", "é", "a\u0301", "DANA"]),
    min_size=1,
    max_size=4,
).map("".join)  # fmt: skip


@given(_TAGS, st.sampled_from([frozenset(), frozenset({"soldeneu", "agenda"})]))
@example("agendacultural", frozenset())
@example("FiresSoldeneu2026", frozenset())
def test_camel_case_reads_each_piece_once(tag: str, extra: frozenset[str]) -> None:
    assert camel_case(tag, extra, 6, 8) == _old_camel_case(tag, extra, 6, 8)


@given(_TEXTS, st.sampled_from([[], ["Soldeneu", "fires"]]))
@example("Bon dia #setmanacultural Soldeneu agenda cultural", ["agenda"])
def test_known_words_are_the_ones_folded_word_by_word(
    snapshot: OrganisationSnapshot, text: str, words: list[str]
) -> None:
    context = _context(text, "x", {"words": words}, snapshot)
    tags = [e for e in context.measurement.entities if e.kind is EntityKind.HASHTAG]
    text_words = {
        fold_word(w)
        for w in WORD.findall(masked(text, tags, urls=" ", others=" "))
        if len(w) >= 4 and w.isalpha()
    }
    policy_words = frozenset(fold_word(w) for w in words)
    expected = hashtags._organisation_words(snapshot) | policy_words | frozenset(text_words)
    assert hashtags._known_words(context, tags) == expected
