"""The rules' cheap first checks give the answers of the slow work they save.

``institutional-neutrality``'s anchor hint against cutting every sentence into runs, and its
check of the whole message against the check of each sentence; ``personal-data``'s digit
check against the walk over every character, and its e-mail hint against the address pattern;
``link-https``'s ``"://"`` check against its pattern.
"""

from __future__ import annotations

import importlib.resources
import itertools
import tomllib
from typing import Any

import regex
from hypothesis import example, given
from hypothesis import strategies as st

from govsm.builtin.rules.identity_numbers import LONG_NUMBER
from govsm.builtin.rules.links import _PLAIN_HTTP
from govsm.builtin.rules.personal_data import may_hold_numbers
from govsm.rules.contact_details import (
    _EIGHT_DIGITS,
    _EMAIL,
    CANDIDATE,
    email_addresses,
    may_hold_email,
)
from govsm.rules.country_code import _WITHOUT_PLUS
from govsm.rules.neutrality_lexicon import (
    _RUN,
    _Anchors,
    _anchors,
    case_fold,
    may_claim,
    may_claim_somewhere,
)

# --- institutional-neutrality: the anchor hint ----------------------------------------------


def _lexicon_words() -> list[str]:
    resource = importlib.resources.files("govsm.rules") / "data" / "neutrality-verbs.toml"
    data: dict[str, Any] = tomllib.loads(resource.read_text(encoding="utf-8"))
    entries = [f for lemma in data["verbs"].values() for items in lemma.values() for f in items]
    entries += [p for items in data["praise"].values() for p in items]
    return [word.rstrip("*") for entry in entries for word in entry.split()]


_PIECES = (
    st.sampled_from(_lexicon_words())
    | st.sampled_from(["INAUGURA", "İnaugura", "ınaugura", "ſeguim", "re", "des", "x", "ʼN"])
    | st.text(max_size=4)
)
_GLUE = st.sampled_from(["", " ", "  ", "\n", ". ", "'", "’", "-", "\u0307", "·", "x"])


@st.composite
def _sentences(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.tuples(_PIECES, _GLUE), max_size=8))
    return "".join(piece + glue for piece, glue in parts)


def _found_by_runs(anchors: _Anchors, text: str, start: int, end: int) -> bool:
    """``_Anchors.found`` as it was before the hint: every sentence cut into runs."""
    runs = case_fold(" ".join(_RUN.findall(text, start, end))).split(" ")
    if not anchors.words.isdisjoint(runs):
        held = set(runs)
        for word in anchors.words.intersection(held):
            if any(need <= held for need in anchors.needs[word]):
                return True
    for size, keys in anchors.beginnings:
        if not keys.isdisjoint([run[:size] for run in runs]):
            return True
    return False


@given(_sentences(), st.integers(0, 6), st.integers(0, 6))
@example("L'alcaldessa inaugura el nou poliesportiu.", 0, 0)
@example("İNAUGURA", 0, 0)
@example("re\u0307inaugura", 0, 0)
def test_the_anchor_hint_answers_as_the_runs_do(text: str, cut: int, trim: int) -> None:
    start, end = min(cut, len(text)), max(min(cut, len(text)), len(text) - trim)
    for verbs, praised in (((), ()), (("estrenem*", "visita"), ("molt bona feina",))):
        anchors = _anchors(verbs, praised)
        assert anchors is not None
        expected = _found_by_runs(anchors, text, start, end)
        assert anchors.found(text, start, end) == expected, (text, start, end)


@given(_sentences(), st.lists(st.integers(0, 40), max_size=4))
@example("Gràcies a la gestió. L'alcaldessa inaugura el nou poliesportiu.", [21])
def test_no_anchor_in_the_message_means_none_in_its_sentences(text: str, cuts: list[int]) -> None:
    """A message the whole-span check passes over has no sentence ``may_claim`` would keep."""
    for verbs, praised in (((), ()), (("estrenem*", "visita"), ("molt bona feina",))):
        if may_claim_somewhere(text, 0, len(text), verbs, praised):
            continue
        bounds = sorted({0, len(text), *(min(cut, len(text)) for cut in cuts)})
        for start, end in itertools.pairwise(bounds):
            assert not may_claim(text, start, end, verbs, praised), (text, start, end)


# --- personal-data: the digit check ---------------------------------------------------------

#: digits of every kind: ASCII, other scripts' (Arabic-Indic, Devanagari), digits that are no
#: decimal (superscripts, circled), and digits ``regex`` may know before Python does (Garay)
_DIGITS = st.sampled_from(
    [*"0123456789", "٣", "४", "²", "³", "①", "\U00010d40", "\U00010d49", "\U0001e4f0"]
)
_NUMBER_GLUE = st.sampled_from([" ", ".", "-", "(", ")", "+", "34", "ES", "a", "/", "\u00a0"])


@given(st.lists(_DIGITS | _NUMBER_GLUE | st.text(max_size=2), max_size=30).map("".join))
@example("612 345 678")
@example("\U00010d40" * 9)
@example("m²")
def test_the_digit_check_skips_only_texts_without_numbers(text: str) -> None:
    old = any(map(str.isdigit, text))  # what the rule checked before
    if may_hold_numbers(text):
        assert old
    elif old:
        # skipped now, read before: the number patterns find nothing in it
        assert LONG_NUMBER.search(text) is None
        assert _EIGHT_DIGITS.search(text) is None
        assert CANDIDATE.search(text) is None
        assert _WITHOUT_PLUS.search(text) is None
        assert "34" not in text
    if regex.search(r"\d", text) is not None and any(map(str.isdigit, text)):
        assert may_hold_numbers(text)


@given(
    st.lists(
        st.sampled_from(["@", ".", "a", "é", "_", "-", "+", " ", "\n", "es", "ñ", "١", "x.y"])
        | st.text(max_size=2),
        max_size=20,
    ).map("".join)
)
@example("escriba a info@soldeneu.example o a @ajuntament.")
@example("@ajuntament ha publicat")
def test_no_email_hint_means_no_address(text: str) -> None:
    if not may_hold_email(text):
        assert _EMAIL.search(text) is None
        assert list(email_addresses(text, [])) == []


# --- link-https: the "://" check ------------------------------------------------------------


@given(
    st.lists(st.sampled_from(["http", "HTTP", "Http", ":", "/", "//", "s", " ", "x"])).map("".join)
)
def test_plain_http_needs_the_scheme_separator(text: str) -> None:
    if _PLAIN_HTTP.search(text) is not None:
        assert "://" in text
