"""The cheap tests the rules run before their expensive ones never skip a post they would flag.

Each prefilter is checked against the work it saves: the trie-shaped word list against the flat
alternation, ``may_claim`` against the neutrality lexicon's own searches, the break hint against
the break pattern, ``judged_parts`` against the parts detection would judge.
"""

from __future__ import annotations

import importlib.resources
import tomllib
from typing import Any

import pytest
import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govsm.language.cleaning import letter_count
from govsm.language.segments import SEGMENT_BREAK, _pieces, judged_parts, may_be_bilingual
from govsm.rules.contact_details import phone_numbers
from govsm.rules.neutrality_lexicon import acts, alternation, may_claim, praise, term
from govsm.rules.term_trie import trie_source

_LETTERS = st.sampled_from([*"aeiouàéíóúñçl·'’-", "l'", "ny"])
_WORDS = st.lists(_LETTERS, min_size=1, max_size=5).map("".join)
_ENTRIES = st.builds(
    lambda words, star: " ".join(words) + ("*" if star else ""),
    # a gap (~N: up to N words) may come anywhere, at either end too
    st.lists(_WORDS | st.sampled_from(["~1", "~2", "~4"]), min_size=1, max_size=4).filter(
        lambda words: any(not word.startswith("~") for word in words)
    ),
    st.booleans(),
)
_SEPARATORS = st.sampled_from([" ", "  ", "\n", ". ", ", ", "’", "'", "-", "x", "A"])


def _lexicon() -> dict[str, Any]:
    resource = importlib.resources.files("govsm.rules") / "data" / "neutrality-verbs.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    return data


def _lexicon_words() -> list[str]:
    data = _lexicon()
    entries = [f for lemma in data["verbs"].values() for items in lemma.values() for f in items]
    entries += [p for items in data["praise"].values() for p in items]
    return [word.rstrip("*") for entry in entries for word in entry.split()]


_LEXICON_WORDS = st.sampled_from(_lexicon_words())


@st.composite
def _texts(draw: st.DrawFn, words: st.SearchStrategy[str]) -> str:
    parts = draw(st.lists(st.tuples(words, _SEPARATORS), max_size=8))
    return "".join(word + separator for word, separator in parts)


@given(st.lists(_ENTRIES, min_size=1, max_size=12), st.data())
def test_a_trie_matches_where_the_flat_alternation_does(
    entries: list[str], data: st.DataObject
) -> None:
    flat = alternation(tuple(entries))
    assert flat is not None
    terms = [term(entry) for entry in sorted(set(entries))]
    trie = regex.compile(rf"(?<![\w'’])(?:{trie_source(terms)})(?!\w)", regex.IGNORECASE)
    text = data.draw(_texts(st.sampled_from([w for e in entries for w in e.split()]) | _WORDS))
    for start in range(0, len(text) + 1, 3):
        one, other = flat.search(text, start), trie.search(text, start)
        assert (one is None) == (other is None), (text, start)
        if one is not None and other is not None:
            assert one.start() == other.start()


@given(_texts(_LEXICON_WORDS | _WORDS | st.sampled_from(["Alcaldessa", "INAUGURA", "hem"])))
@example("L'alcaldessa inaugura el nou poliesportiu.")
@example("Gràcies a la gestió de l'equip de govern")
def test_may_claim_false_means_no_act_and_no_praise(text: str) -> None:
    if not may_claim(text, 0, len(text)):
        assert acts(text, 0, len(text)) == []
        assert praise(text, 0, len(text)) is None
    extra = ("estrenem*",), ("molt bona feina",)
    if not may_claim(text, 0, len(text), *extra):
        assert acts(text, 0, len(text), extra[0]) == []
        assert praise(text, 0, len(text), extra[1]) is None


def test_a_gap_stands_for_up_to_so_many_words_of_one_sentence() -> None:
    gapped = alternation(("ha recibido ~4 a", "recibe a"))
    assert gapped is not None
    found = gapped.search("El alcalde ha recibido hoy en el Ayuntamiento a la selección")
    assert found is not None and found.group() == "ha recibido hoy en el Ayuntamiento a"
    assert gapped.search("El alcalde ha recibido hoy en el Ayuntamiento de Soldeneu a") is None
    assert gapped.search("ha recibido la subvención. A partir de hoy") is None
    assert gapped.search("la alcaldesa recibe a los campeones") is not None
    # entries whose gaps differ share a trie without breaking it
    terms = [term("ha recibido ~4 a"), term("ha recibido ~2 al"), term("ha recibido a")]
    trie = regex.compile(trie_source(terms))
    assert trie.search("ha recibido esta tarde al equipo") is not None
    assert trie.search("ha recibido a las 12") is not None
    assert term("~2 recibe ~3") == term("recibe")


def test_an_elided_article_is_not_the_anchor_of_a_term() -> None:
    """'l'inaugur*' is anchored on the run that begins 'inaug', not on every 'l' of a text."""
    from govsm.rules.neutrality_lexicon import _anchors, _anchors_of

    assert _anchors_of("l'inaugur*") == (["l"], "inaugur")
    assert _anchors_of("tinent d'alcalde") == (["tinent", "d", "alcalde"], "")
    anchors = _anchors(("l'inaugur*",), ())
    assert anchors is not None
    assert "l" not in anchors.words
    assert not may_claim("La llum del local", 0, 17, ("l'inaugur*",))
    assert may_claim("L'alcaldessa l'inaugurarà", 0, 25, ("l'inaugur*",))


def test_may_claim_finds_the_lexicon_and_the_policy_words() -> None:
    text = "L'alcaldessa inaugura el nou poliesportiu"
    assert may_claim(text, 0, len(text))
    assert not may_claim("Demà no hi ha mercat", 0, 20)
    assert may_claim("Estrenem la piscina", 0, 19, ("estrenem*",))


_BREAKY = st.sampled_from(
    ["a", "B", " ", "\n", "/", "|", ".", "!", "?", "…", "¿", "🇪🇸", "🏴\U000e0065\U000e007f", "x"]
)


def _pieces_by_the_pattern(text: str) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in SEGMENT_BREAK.finditer(text):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    return pieces


@given(st.lists(_BREAKY, max_size=30).map("".join), st.integers(0, 6))
@example("Hola. Adéu", 2)
@example("Bon dia / Buenos días", 3)
@example("Bon dia | Buenos días", 3)
@example("Bon dia\nBuenos días", 3)
@example("Bon dia 🇪🇸 Buenos días", 3)
def test_the_break_hint_never_hides_a_break(text: str, min_letters: int) -> None:
    assert list(_pieces(text)) == _pieces_by_the_pattern(text)
    judged = sum(
        1
        for start, end in _pieces_by_the_pattern(text)
        if letter_count(text[start:end]) >= max(min_letters, 1)
    )
    assert judged_parts(text, min_letters) == judged
    bilingual = letter_count(text) >= 2 * max(min_letters, 1) and bool(SEGMENT_BREAK.search(text))
    assert may_be_bilingual(text, frozenset({"ca", "es"}), min_letters) == bilingual


def test_phone_numbers_are_the_same_when_remembered() -> None:
    text = "Cita previa: 612 345 678 o 922 123 456 (Policia Local)"
    first = list(phone_numbers(text, "ES"))
    assert [n.raw for n in first] == ["612 345 678", "922 123 456"]
    assert list(phone_numbers(text, "ES")) == first
    assert list(phone_numbers("123 456 789", "ES")) == []


_PROSE_PIECES = st.sampled_from(
    [
        "Bon",
        "dia",
        "Ven",
        "12",
        "3",
        "1.5",
        "@veina",
        "@_",
        "#Fires2026",
        "#_",
        "$ABC",
        "https://seu.soldeneu.example/tramits",
        "bit.ly/3xA",
        "10.0.0.1",
        "www.soldeneu.es",
        "a@b.es",
        "l'",
        "-",
        "_",
        "·",
        ".",
        "!",
        "¿",
        "|",
        "(",
        ")",
        "ℹ",
        "🎉",
        "👍🏽",
        "1️⃣",
    ]
)
_PROSE_GLUE = st.sampled_from(["", " ", "  ", "\n", " \n ", ". ", "-"])


@given(
    st.lists(st.tuples(_PROSE_PIECES, _PROSE_GLUE), max_size=24).map(
        lambda parts: "".join(piece + glue for piece, glue in parts)
    ),
    st.sampled_from(["x", "mastodon", "bluesky", "text"]),
)
@example("Bonℹdia", "x")  # an emoji that is a letter to WORD: prose cuts the word in two
@example("#Fires2026🎉 3🎉4 1️⃣2 ¡Ven!🎉 Hola", "mastodon")
@example("@veina @_ Bon dia 🎉\n#Fires2026 #_", "x")
def test_long_sentences_never_counts_fewer_words_than_prose_has(text: str, network: str) -> None:
    """``long-sentences`` skips ``prose`` when its bound (``_most_words``) is small enough."""
    from govsm.builtin.rules.readability import _most_words
    from govsm.language.readability import prose
    from govsm.rules.engine import PLAIN_TEXT
    from govsm.rules.wording import WORD
    from govsm.text import measure

    entities = measure(text, PLAIN_TEXT if network == "text" else network).entities
    assert len(WORD.findall(prose(text, entities))) <= _most_words(text, entities)


_DIGITS_AND_MARKS = st.lists(
    st.sampled_from([*"0123456789", " ", "  ", ".", "-", "/", "(", ")", "+", "00", "\u00a0", "a"]),
    max_size=40,
).map("".join)


@given(_DIGITS_AND_MARKS)
@example("+12345678")
@example("00 12345678")
@example("(+34) 612-345-678")
def test_phone_candidates_hold_eight_close_digits(text: str) -> None:
    """``phone_numbers`` looks for candidates only where eight digits stand close together."""
    from govsm.rules.contact_details import _EIGHT_DIGITS, CANDIDATE

    if CANDIDATE.search(text) is not None:
        assert _EIGHT_DIGITS.search(text) is not None


@given(
    st.lists(
        st.sampled_from([*"0123456789", " ", ".", "-", "/", "X", "K", "l", "A", "ES", "Z", "q"]),
        max_size=40,
    ).map("".join)
)
@example("12.345.678-Z")
@example("K-1234567-L")
@example("X 1234567 L")
@example("28 12345678 40")
@example("2100 0418 45 0200051332")
def test_identity_numbers_hold_seven_digits_or_thousands_points(text: str) -> None:
    """``personal-data`` looks for CCC, DNI, NIE, CIF and NSS only where ``LONG_NUMBER`` is."""
    from govsm.builtin.rules import identity_numbers as numbers

    patterns = [numbers._DNI, numbers._NIE, numbers._CIF, numbers._CCC, numbers._NSS]
    if any(pattern.search(text) for pattern in patterns):
        assert numbers.LONG_NUMBER.search(text) is not None
    if numbers._IBAN.search(text) is not None:
        assert numbers.IBAN_START.search(text) is not None


@given(
    st.lists(
        st.sampled_from(["solicita", "sol·licita", "sol.licita", "licit", "sol", ". ", "\n", " "]),
        max_size=8,
    ).map("".join)
)
def test_an_opening_imperative_holds_licita(text: str) -> None:
    """``procedure-link`` looks for an opening imperative only in a text holding ``licita``."""
    from govsm.builtin.rules.links import _OPENING_IMPERATIVE

    if _OPENING_IMPERATIVE.search(text) is not None:
        assert "licita" in text


_CAPS_PIECES = st.sampled_from(
    ["AVÍS", "avís", "Avís", "MAR", "03", "DIC", "COVID-19", "XXI", "DGT", "ǅ", "ß", "İ", "ﬀ",
     "\U0001d400\U0001d401", "A\u0336B", "a\u0336", "l'AJUNTAMENT", "Ⓐ", "ı", "ÉS", "3a"]
)  # fmt: skip


@given(
    st.lists(st.tuples(_CAPS_PIECES, st.sampled_from([" ", "\n", "-", ": ", ""])), max_size=12).map(
        lambda parts: "".join(piece + glue for piece, glue in parts)
    )
)
def test_capital_words_are_read_as_word_by_word(text: str) -> None:
    """``all-caps`` reads the words of a text as it did one by one, with its shortcuts."""
    from govsm.builtin.rules import typography
    from govsm.rules.styled_letters import STYLED
    from govsm.rules.wording import WORD, fold_word

    extra = frozenset({"AVÍS"})
    tokens = list(WORD.finditer(text))
    expected = []
    for index, match in enumerate(tokens):
        word = match.group()
        if STYLED.search(word):
            continue
        cased = [c for c in word if c.isupper() or c.islower()]
        if not cased:
            continue
        upper = all(c.isupper() for c in cased)
        shouting = upper and len(cased) >= 2 and not typography._never_shouting(word, extra)
        if shouting and fold_word(word).upper() in typography._date_abbreviations()[1]:
            shouting = not typography._in_a_date(text, tokens, index)
        expected.append((match.start(), match.end(), len(cased), upper, shouting))
    found = typography._caps_words(text, extra)
    assert [(w.start, w.end, w.letters, w.upper, w.shouting) for w in found] == expected


# --- issue 16, second pass -------------------------------------------------------------------

_BREAK_CHARS = st.sampled_from(
    [*"aB \n\t\r/|.!?…¿¡Ä\u2028\u00a0©", "🇪🇸", "\U0001f1e6", "🏴\U000e0065\U000e007f", "🏴"]
)


@given(st.lists(_BREAK_CHARS, max_size=30).map("".join) | st.text(max_size=30))
@example(" \n / 🇪🇸 A")
def test_the_break_lookahead_cuts_where_the_branches_do(text: str) -> None:
    from govsm.language.segments import _BREAK_BRANCHES

    branches = regex.compile(_BREAK_BRANCHES)
    expected = [m.span() for m in branches.finditer(text)]
    assert [m.span() for m in SEGMENT_BREAK.finditer(text)] == expected


def _all_characters() -> str:
    return "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)


def test_anchor_letters_match_only_word_characters_that_fold_alike() -> None:
    """What ``may_claim``'s anchors rest on, checked on every code point."""
    from govsm.rules.neutrality_lexicon import anchor_letter, case_fold

    everything = _all_characters()
    letters = [chr(i) for i in range(0x250) if anchor_letter(chr(i))]
    assert "a" in letters and "ñ" in letters and "ß" not in letters
    matched = regex.compile(
        "[" + "".join(map(regex.escape, letters)) + "]", regex.IGNORECASE
    ).findall(everything)
    word = regex.compile(r"\w")
    for letter in letters:
        alike = regex.compile(regex.escape(letter), regex.IGNORECASE)
        for char in set(matched):
            if alike.fullmatch(char):
                assert word.fullmatch(char), (letter, char)
                assert case_fold(char) == case_fold(letter), (letter, char)
    # a run's fold is cut back into runs at spaces; runs are separated by spaces only
    assert not regex.search(r"(?V1)[\w&&\s]", everything)
    words = "".join(regex.findall(r"\w", everything))
    assert " " not in case_fold(words)


_CASED = st.sampled_from(["INAUGURA", "Inaugurà", "İnaugura", "ınaugura", "GRÀCIES", "ſeguim", "K"])


@given(
    _texts(_LEXICON_WORDS | _WORDS | _CASED),
    st.lists(_ENTRIES, max_size=3).map(tuple),
    st.lists(_ENTRIES | _LEXICON_WORDS, max_size=3).map(tuple),
    st.data(),
)
@example("Gràcies a la gestió de l'equip", (), (), None)
@example("L'alcaldessa İNAUGURA", (), (), None)
def test_may_claim_answers_as_the_pattern_does(
    text: str, verbs: tuple[str, ...], praised: tuple[str, ...], data: st.DataObject | None
) -> None:
    from govsm.rules.neutrality_lexicon import _claim_hint

    start, end = 0, len(text)
    if data is not None and text:
        start = data.draw(st.integers(0, len(text)))
        end = data.draw(st.integers(start, len(text)))
    found = _claim_hint(verbs, praised).search(text, start, end) is not None
    assert may_claim(text, start, end, verbs, praised) == found


_PROCEDURE_HINTS = [
    "_STATUS_LATER",
    "_CLOSED",
    "_THEIR_PLACE",
    "_GO_ELSEWHERE",
    "_THEIR_GRANT",
    "_VENUE",
]


@pytest.mark.parametrize("name", _PROCEDURE_HINTS)
@settings(max_examples=400)
@given(data=st.data())
def test_the_procedure_words_never_hide_a_match(name: str, data: st.DataObject) -> None:
    """Every text a pattern matches (drawn from the pattern itself) holds one of its words."""
    from govsm.rules import procedure_calls as calls

    pattern = getattr(calls, name)
    words = {
        "_STATUS_LATER": calls._STATUS_LATER_WORDS,
        "_CLOSED": calls._CLOSED_WORDS,
        "_THEIR_PLACE": calls._PLACE_WORDS,
        "_GO_ELSEWHERE": calls._GO_WORDS,
        "_THEIR_GRANT": calls._GRANT_WORDS,
        "_VENUE": calls._VENUE_WORDS,
    }[name]
    text = data.draw(st.from_regex(pattern))
    assert pattern.search(text) is None or calls._holds(text, words), text


@given(
    st.lists(st.sampled_from([*"ab .!?\n\t", "esp", "expte", "a.", " x."]), max_size=12).map(
        "".join
    )
)
@example("esp. 3")
@example("a. g. r. ok. Fin")
def test_the_sentence_ends_are_the_same(text: str) -> None:
    import re

    from govsm.rules.procedure_calls import _SENTENCE_END

    before = re.compile(r"\n|[!?]|(?<![^\w]\w)(?<!\besp)(?<!\bexpte)\.(?=\s|$)")
    for start in range(len(text) + 1):
        for end in (start, len(text)):
            one = [m.span() for m in _SENTENCE_END.finditer(text, start, end)]
            assert one == [m.span() for m in before.finditer(text, start, end)]


_RESIDUE_PIECES = st.sampled_from(
    ["a", "B", "bon", "-", ".", "+", "_", "@", "://", "http", "https", "ftp", "www", ".com",
     ".es", "example", "/", "ñ", " ", "\n", "1"]
)  # fmt: skip


@given(st.lists(_RESIDUE_PIECES, max_size=20).map("".join))
@example("http://bit.ly/x info.example")
@example("a@b.es www.x.cat")
def test_the_residue_pattern_without_branches_it_cannot_match_removes_the_same(
    text: str,
) -> None:
    from govsm.language.cleaning import _RESIDUE, _residue

    assert _residue(text).sub(" ", text) == _RESIDUE.sub(" ", text)
