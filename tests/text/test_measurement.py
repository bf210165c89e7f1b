"""Measurement: its grapheme count is computed when asked for, and it behaves as a value."""

from __future__ import annotations

import pickle

import attrs
import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from govsm.spec import measurement
from govsm.text import measure
from govsm.text.twitter_entities import extract_entities

TEXT = "Bon dia 🧑\u200d🏫 #Festes https://www.soldeneu.es/fires"


def test_graphemes_are_counted_when_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[str] = []

    class Segmenter:
        def findall(self, text: str) -> list[str]:
            counted.append(text)
            return regex.findall(r"\X", text)

    monkeypatch.setattr(measurement, "_grapheme_pattern", Segmenter)
    measured = measure(TEXT, "x")
    assert counted == []
    assert measured.graphemes == 47
    assert measured.graphemes == 47
    assert counted == [TEXT]


@pytest.mark.parametrize("channel", ["x", "mastodon", "bluesky", "facebook", "threads"])
@given(text=st.text(max_size=30))
def test_graphemes_of_the_text_as_given(channel: str, text: str) -> None:
    measured = measure(text, channel, content_warning="Avís")
    assert measured.text == text
    assert measured.graphemes == len(regex.findall(r"\X", text))


def test_a_value() -> None:
    """Equal when the same text measured the same; hashable, picklable, evolvable."""
    first, again = measure(TEXT, "x"), measure(TEXT, "x")
    assert first.graphemes  # computed on one of them only
    assert first == again
    assert hash(first) == hash(again)
    assert measure(TEXT.replace("dia", "DIA"), "x") != first  # same counts, another text
    assert repr(first).endswith("refused=())")  # the text is left out
    assert attrs.asdict(first, recurse=False)["text"] == TEXT
    assert "graphemes" not in attrs.asdict(first, recurse=False)
    copy = pickle.loads(pickle.dumps(first))
    assert copy == first
    assert copy.graphemes == first.graphemes
    shorter = attrs.evolve(first, text="Bon dia")
    assert shorter.graphemes == 7


def test_entities_keep_their_offsets() -> None:
    """The entities measured are those extracted, offsets in every unit."""
    assert measure(TEXT, "x").entities == extract_entities(TEXT)
