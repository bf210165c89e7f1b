"""Hostile posts are measured the way ordinary ones are, in work that grows with the text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govsm.rules.hashtag_words import MAX_SPLIT_LETTERS, split_words
from govsm.text import measure
from govsm.text.twitter_entities import extract_entities


def test_a_long_dotted_run_holds_no_url() -> None:
    """'a.a.a…' has no known top-level domain: no URL, its length counted letter by letter."""
    measured = measure("a." * 16_000, "x")
    assert measured.entities == ()
    assert measured.length == 32_000


def test_urls_inside_a_long_text_are_still_found() -> None:
    """Skipping runs without a domain does not skip the URLs around them."""
    text = "a." * 5_000 + " visiteu soldeneu.es i https://www.soldeneu.es/fires " + "b." * 5_000
    assert [e.text for e in measure(text, "x").entities] == [
        "soldeneu.es",
        "https://www.soldeneu.es/fires",
    ]


def test_long_runs_of_letters_are_not_split() -> None:
    """Past MAX_SPLIT_LETTERS a run is left whole; just under it is still considered."""
    assert split_words("a" * (MAX_SPLIT_LETTERS + 1)) is None
    assert split_words("festesmajors") == ("festes", "majors")


@given(
    st.lists(
        st.sampled_from(
            ["Hola ", "món ", "🎉 ", "@soldeneu ", "#Fires ", "soldeneu.es ", "ñ", "x"]
        ),
        max_size=40,
    ).map("".join)
)
def test_entity_byte_offsets_are_the_utf8_prefix_lengths(text: str) -> None:
    """Each entity's UTF-8 offsets are the byte lengths of the text before its ends."""
    for entity in extract_entities(text):
        assert entity.utf8_start == len(text[: entity.start].encode("utf-8"))
        assert entity.utf8_end == len(text[: entity.end].encode("utf-8"))
