"""Text → HTML → text: the conversions the adapter uses, and the marker that rides along."""

from __future__ import annotations

from govsm_wordpress.content import html_to_text, images_in, raw_to_text, text_to_html, title_for
from govsm_wordpress.marker import carries, marker_comment, without_markers
from hypothesis import given
from hypothesis import strategies as st

#: a word: visible characters, or HTML's own (the escaping must hold)
words = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"),
    )
    | st.sampled_from("<>&\"';#/"),
    min_size=1,
    max_size=12,
) | st.sampled_from(["https://ayto.example/aviso?a=1&b=2", "(http://x.example/a_(b))", "&amp;"])
lines = st.lists(words, min_size=1, max_size=6).map(" ".join)
paragraphs = st.lists(lines, min_size=1, max_size=4).map("\n".join)
plain_texts = st.lists(paragraphs, min_size=1, max_size=4).map("\n\n".join)


@given(plain_texts)
def test_plain_paragraphs_come_back_from_rendered_and_raw_html(text: str) -> None:
    made = text_to_html(text)
    assert html_to_text(made) == text
    assert raw_to_text(made) == text
    assert raw_to_text(made + "\n\n" + marker_comment("k")) == text


@given(st.text())
def test_no_text_breaks_the_conversions(text: str) -> None:
    made = text_to_html(text)
    html_to_text(made)
    raw_to_text(made)
    html_to_text(text)
    raw_to_text(text)
    images_in(text)
    without_markers(text)
    title_for(None, text)


@given(st.text())
def test_escaped_text_never_becomes_markup(text: str) -> None:
    made = text_to_html(text)
    assert "<script" not in made.lower()
    assert "<!--" not in made  # no text can forge the marker
    assert not images_in(made)


def test_addresses_are_linked_without_their_full_stop() -> None:
    made = text_to_html("Bases: https://ayto.example/bases.pdf.")
    assert made == (
        '<p>Bases: <a href="https://ayto.example/bases.pdf">https://ayto.example/bases.pdf</a>.</p>'
    )


def test_a_query_string_is_escaped_in_the_link() -> None:
    made = text_to_html("https://ayto.example/?a=1&b=2")
    assert 'href="https://ayto.example/?a=1&amp;b=2"' in made
    assert html_to_text(made) == "https://ayto.example/?a=1&b=2"


def test_rendered_content_reads_as_wordpress_shows_it() -> None:
    rendered = (
        "<p>Hola <b>alcalde</b></p>\n<p>segundo párrafo<br />\nlínea</p>\n"
        '<figure class="wp-block-image"><img src="https://b.example/a.png" alt="Plano" /></figure>'
        "<script>alert(1)</script><p>It&#8217;s &#8212; fine&#8230;</p>"
    )
    assert html_to_text(rendered) == "Hola alcalde\n\nsegundo párrafo\nlínea\n\nIt’s — fine…"


def test_classic_raw_content_keeps_wordpress_line_breaks() -> None:
    raw = "Primera línea\nsegunda línea\n\nOtro párrafo con <strong>negrita</strong>"
    assert raw_to_text(raw) == "Primera línea\nsegunda línea\n\nOtro párrafo con negrita"


def test_block_raw_content_reads_as_its_paragraphs() -> None:
    raw = (
        "<!-- wp:paragraph -->\n<p>Uno</p>\n<!-- /wp:paragraph -->\n\n"
        "<!-- wp:paragraph -->\n<p>Dos<br>tres</p>\n<!-- /wp:paragraph -->"
    )
    assert raw_to_text(raw) == "Uno\n\nDos\ntres"


def test_the_title_is_the_first_line_cut_at_a_word() -> None:
    assert title_for("  Pleno   ordinario ", "x") == "Pleno ordinario"
    assert title_for(None, "\n\nCorte de agua\nmañana") == "Corte de agua"
    long = (
        "Convocatoria de subvenciones para asociaciones culturales y deportivas del municipio 2027"
    )
    title = title_for(None, long)
    assert len(title) <= 80
    assert title.endswith("…")
    assert long.startswith(title[:-1])
    assert title[-2] != " "


def test_the_marker_is_found_and_removed() -> None:
    content = text_to_html("Aviso") + "\n\n" + marker_comment("item-1")
    assert carries(content, "item-1")
    assert not carries(content, "item-2")
    assert without_markers(content) == text_to_html("Aviso") + "\n\n"
