"""X's indices — code points of the HTML-escaped text — turned into places of the shown text."""

from __future__ import annotations

from govsm_x_archive.escapes import Anchor, Frame, best_frame, unescape, utf16_to_code_points
from hypothesis import given
from hypothesis import strategies as st

from x_archive_tests.builder import x_escape

_TEXT = st.text(
    st.one_of(
        st.sampled_from(list("&<>;amplgt #@ ")),
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(["🐟", "\u200d", "♀", "\ufe0f", "ñ", "€", "\U0001d11e"]),
    ),
    max_size=30,
)


@given(before=_TEXT, after=_TEXT)
def test_an_index_after_any_text_lands_on_the_link(before: str, after: str) -> None:
    """Whatever comes before — escapes, emoji, look-alike '&amp' pieces — the link is found."""
    link = "https://t.co/AbCdE12345"
    escaped = x_escape(before) + link + x_escape(after)
    start = len(x_escape(before))  # X counts code points of what it stores
    text = unescape(escaped)
    assert text.shown == before + link + after
    place = text.shown_index(start)
    assert text.shown[place : place + len(link)] == link
    assert text.shown_index(start + len(link)) == place + len(link)
    assert text.escaped_index(place) == start
    anchor = Anchor(start, start + len(link), link)
    assert best_frame(text, [anchor]).place(text, start) == place


@given(shown=_TEXT)
def test_unescaping_undoes_exactly_xs_escaping(shown: str) -> None:
    assert unescape(x_escape(shown)).shown == shown


def test_an_ampersand_counts_five_escaped_and_one_shown() -> None:
    text = unescape("Pan &amp; vino https://t.co/Zz")
    assert text.shown == "Pan & vino https://t.co/Zz"
    assert text.shown_index(15) == 11  # X's index of the link, in the escaped text
    assert text.shown_index(len(text.escaped)) == len(text.shown)


def test_a_tool_that_counted_utf16_or_the_shown_text_is_recognised() -> None:
    escaped = "🐟🐟 &amp; https://t.co/Zz"
    text = unescape(escaped)
    link_at = text.shown.index("https")
    assert link_at == 5
    utf16 = Anchor(11, 26, "https://t.co/Zz")  # two astral fish count four units
    assert utf16_to_code_points(escaped, 11) == 9
    assert best_frame(text, [utf16]) is Frame.ESCAPED_UTF16
    shown = Anchor(link_at, link_at + 15, "https://t.co/Zz")
    assert best_frame(text, [shown]) is Frame.SHOWN_CODE_POINTS
    documented = Anchor(9, 24, "https://t.co/Zz")
    assert best_frame(text, [documented]) is Frame.ESCAPED_CODE_POINTS
    assert best_frame(text, []) is Frame.ESCAPED_CODE_POINTS


def test_an_index_inside_an_escape_goes_past_its_character() -> None:
    text = unescape("a &amp; b")
    assert [text.shown_index(i) for i in range(2, 8)] == [2, 3, 3, 3, 3, 3]
