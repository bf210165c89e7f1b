"""Meta's double-encoded UTF-8 comes out as written: exactly, and only where Meta wrote it."""

from __future__ import annotations

import json

import pytest
from govsm_meta_archive.mojibake import repaired, undone
from hypothesis import given
from hypothesis import strategies as st

from meta_archive_tests.builder import meta_escaped, meta_json

#: any text JSON can carry as UTF-8: every code point but lone surrogates
_TEXT = st.text(st.characters(exclude_categories=("Cs",)))
#: the letters the four languages of Spain write beyond ASCII, and emoji sequences
_IBERIAN = st.lists(
    st.sampled_from(
        [
            *"àèéíïòóúüçÀÈÉÍÏÒÓÚÜÇ·ñÑáÁ¿¡ªº€«»—’",
            *["l·l", "L·L", "ny", "tx", "tz", "ao", "unha", "ü", "\n", " ", "a", "Z"],
            *["🎉", "🐧", "👍🏻", "🏊🏽‍♀️", "👨‍👩‍👧‍👦", "🇪🇸", "🏛️", "\u200d", "\ufe0f"],
        ]
    )
).map("".join)


class TestSpanishLanguages:
    @pytest.mark.parametrize(
        "text",
        [
            "Col·legi Públic Sant Jaume: l'aula d'informàtica, renovada",  # Catalan
            "Demà, a les vuit del vespre, pregó de festes a la plaça",  # Valencian
            "¿Sabías que el año que viene habrá más piscinas? ¡Sí!",  # Spanish
            "Grazas pola visita, unha aperta desde Ourense; ¡boas festas!",  # Galician
            "Ongi etorri! Eskerrik asko, Txingudi eta Zarautz",  # Basque
            "Pingüí, cigüeña, açò, Ñandú, «cometes», ‘simples’ — guió",
            "🎉🎆 Festa Major 👨‍👩‍👧‍👦 🇪🇸 🏊🏽‍♀️ 👍🏻",
        ],
    )
    def test_what_meta_wrote_comes_out_as_written(self, text: str) -> None:
        """Each language's letters and emoji, escaped as Meta escapes them, come out as typed."""
        written = json.loads(meta_json({"post": text}))["post"]
        assert written != text or text.isascii()
        assert undone(written) == text

    def test_the_escapes_are_metas(self) -> None:
        """The builder writes ``ñ`` as Meta does, ``\\u00c3\\u00b1``, and ``·`` as ``\\u00c2\\u00b7``."""
        assert meta_json("Año") == b'"A\\u00c3\\u00b1o"'
        assert meta_json("l·l") == b'"l\\u00c2\\u00b7l"'


class TestExactness:
    @given(_TEXT)
    def test_round_trip_of_any_text(self, text: str) -> None:
        """Any text, written as Meta writes it, comes back exactly."""
        assert undone(meta_escaped(text)) == text

    @given(_IBERIAN)
    def test_round_trip_of_iberian_text(self, text: str) -> None:
        """Texts made of Catalan, Spanish, Galician and Basque letters and emoji come back."""
        assert undone(json.loads(meta_json(text))) == text

    @given(
        st.text(st.characters(min_codepoint=0x100, exclude_categories=("Cs",)), min_size=1), _TEXT
    )
    def test_text_past_latin_1_is_left_as_it_is(self, wide: str, rest: str) -> None:
        """A text with a code point past U+00FF was not escaped by Meta: it is not touched."""
        text = rest + wide
        assert undone(text) == text

    @given(st.text(st.characters(max_codepoint=0x7F)))
    def test_ascii_is_left_as_it_is(self, text: str) -> None:
        """Plain ASCII has nothing to undo."""
        assert undone(text) == text

    @given(_TEXT)
    def test_correct_latin_text_that_is_no_utf_8_is_left_as_it_is(self, text: str) -> None:
        """Text already right whose code points, as bytes, are no UTF-8 (``Café``) is kept."""
        candidate = text + "é "  # a lone E9 byte followed by a space is never valid UTF-8
        if all(ord(c) <= 0xFF for c in candidate):
            assert undone(candidate) == candidate

    @pytest.mark.parametrize("text", ["Café", "Festa Major d'Alcoi: àòú", "año", "l·l", "Ã"])
    def test_correct_text_is_kept(self, text: str) -> None:
        """Correct Catalan and Spanish written without Meta's escaping stays as it is."""
        assert undone(text) == text

    def test_the_one_ambiguity(self) -> None:
        """Characters that are exactly Meta's escaping of a letter read as that letter."""
        assert undone("Ã±") == "ñ"

    def test_broken_escaping_is_kept(self) -> None:
        """Bytes that are no UTF-8 (a sequence cut short) are kept as they are, not guessed."""
        cut = "Festa Major 🎉".encode()[:-2].decode("latin-1")
        assert undone(cut) == cut


class TestRepaired:
    def test_keys_and_nested_values(self) -> None:
        """Keys, nested strings and lists are undone; numbers, booleans and null are kept."""
        value = json.loads(
            meta_json({"Telèfon": [{"títol": "Pregó", "n": 3, "b": True, "x": None}]})
        )
        assert repaired(value) == {"Telèfon": [{"títol": "Pregó", "n": 3, "b": True, "x": None}]}

    @given(
        st.recursive(
            _TEXT, lambda inner: st.lists(inner) | st.dictionaries(_TEXT, inner), max_leaves=10
        )
    )
    def test_any_json_round_trips(self, value: object) -> None:
        """Any JSON value written as Meta writes it comes back after parsing and repairing."""
        assert repaired(json.loads(meta_json(value))) == value
