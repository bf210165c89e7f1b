"""A status's HTML as Mastodon shows it: paragraphs, links whole, mentions, hashtags, entities.

The HTML is made here as Mastodon's ``TextFormatter`` makes it (``builder``), so each case is
what the archive holds; the text must be what the author typed, but for the ``@domain`` of a
mention, which Mastodon neither shows nor counts.
"""

from __future__ import annotations

import re

import pytest
from govsm_mastodon_archive import html_text
from govsm_mastodon_archive.html_text import Rendered, render
from hypothesis import given
from hypothesis import strategies as st

from mastodon_archive_tests.builder import escape, shortened_link, simple_format


def test_paragraphs_and_line_breaks() -> None:
    html = simple_format(escape("Pleno del jueves.\n\nOrden del día:\n1. Actas\n2. Ruegos"))
    assert html == "<p>Pleno del jueves.</p><p>Orden del día:<br />1. Actas<br />2. Ruegos</p>"
    assert render(html).text == "Pleno del jueves.\n\nOrden del día:\n1. Actas\n2. Ruegos"


@pytest.mark.parametrize("new", [True, False])
@pytest.mark.parametrize(
    "url",
    [
        "https://valdemora.example",
        "http://www.valdemora.example/a",
        "https://www.valdemora.example/participa/presupuestos-participativos-2024/propuestas",
        "https://valdemora.example/abcdefghijklmnopqrstuvwxyz1234X",  # 31: one past the cut
        "https://valdemora.example/buscar?q=a&b=%C3%B1&c=<d>",
        "xmpp:ayuntamiento@valdemora.example",
    ],
)
def test_a_link_comes_back_whole_whatever_its_spans(url: str, new: bool) -> None:
    html = f"<p>Más: {shortened_link(url, new=new)} gracias</p>"
    shown = render(html)
    assert shown.text == f"Más: {url} gracias"
    assert shown.links == (url,)


def test_mentions_and_hashtags_are_not_links() -> None:
    html = (
        '<p><span class="h-card" translate="no"><a href="https://otra.example/@vecina" '
        'class="u-url mention">@<span>vecina</span></a></span> hoy en '
        '<a href="https://social.valdemora.example/tags/fiestas" class="mention hashtag" '
        'rel="tag">#<span>Fiestas</span></a> y <a href="https://x.example/tags/b" rel="tag">'
        "#b</a></p>"
    )
    shown = render(html)
    assert shown.text == "@vecina hoy en #Fiestas y #b"
    assert shown.links == ()
    assert shown.mentions == ("https://otra.example/@vecina",)
    assert shown.hashtags == (
        "https://social.valdemora.example/tags/fiestas",
        "https://x.example/tags/b",
    )


def test_entities_named_and_numbered() -> None:
    html = (
        "<p>&lt;5 °C &amp; &quot;sol&quot; &#39;ya&#39; &#x1F418; &eacute; &nbsp;fin &amp;amp;</p>"
    )
    assert render(html).text == "<5 °C & \"sol\" 'ya' 🐘 é \u00a0fin &amp;"


@pytest.mark.parametrize(
    "html",
    [
        '<p class="quote-inline">RE: {link}</p><p>Mirad esto</p>',
        '<p>Mirad esto<span class="quote-inline"><br/><br/>RE: {link}</span></p>',
        '<p>Mirad esto<span class="quote-inline"><br>QT: <span><span>{link}</span></span></span></p>',
    ],
)
def test_a_quote_fallback_is_left_out_and_its_address_kept(html: str) -> None:
    quoted = "https://cultura.example/@biblioteca/111999000000000001"
    shown = render(html.format(link=shortened_link(quoted)))
    assert shown == Rendered("Mirad esto", quoted=(quoted,))


def test_what_nobody_reads_is_not_read() -> None:
    html = "<p>Hola<script>alert('x')</script><style>p{}</style>\x00\x1b mundo\u200b</p>"
    assert render(html).text == "Hola mundo\u200b"


def test_blocks_lists_and_odd_markup() -> None:
    html = (
        "<p>Uno</p> <blockquote><p>Cita</p></blockquote><ul><li>a</li><li>b</li></ul>"
        "<p>línea\npartida\tcon tab</p><p></p><p>fin <b>negrita</b> <img src=x alt=y></p>"
    )
    assert render(html).text == "Uno\n\nCita\n\na\n\nb\n\nlínea partida con tab\n\nfin negrita"


def test_not_html_and_broken_html() -> None:
    assert render("").text == ""
    assert render("texto sin etiquetas").text == "texto sin etiquetas"
    assert render("<p>sin cerrar <a href='https://a.example'>enlace").text == "sin cerrar enlace"
    assert render("<p>a < b y c > d</p>").text == "a < b y c > d"


_PLAIN_TEXT = st.text(
    st.characters(exclude_categories=("Cs", "Cc")), min_size=0, max_size=60
).filter(lambda text: text.strip() != "")


@given(lines=st.lists(_PLAIN_TEXT, min_size=1, max_size=4), blank=st.booleans())
def test_the_quick_path_and_the_parser_agree(lines: list[str], blank: bool) -> None:
    typed = ("\n\n" if blank else "\n").join(lines)
    html = simple_format(escape(typed))
    shown = render(html).text
    # the same HTML with a harmless tag the quick path does not take goes through the parser
    assert render(html.replace("<p>", "<p><span></span>", 1)).text == shown
    # what the author typed comes back, as simple_format kept it: paragraphs without their
    # edge line feeds, those of nothing but spaces dropped, spaces kept but at either end
    paragraphs = [paragraph.strip("\n") for paragraph in re.split(r"\n\n+", typed)]
    expected = "\n\n".join(p for p in paragraphs if p.strip(" ")).strip(" ")
    assert shown == expected


def _parsed(fragment: str) -> tuple[list[str], list[str], list[str], list[str], list[str]]:
    """What the reader collects from ``fragment`` through :class:`~html.parser.HTMLParser`."""
    reader = html_text._Reader()
    reader.feed(fragment)
    reader.close()
    return reader.parts, reader.links, reader.mentions, reader.hashtags, reader.quoted


#: pieces of markup, Mastodon's and others', to build fragments from
_PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<br />",
        "<br/>",
        "<br>",
        "</br>",
        '<p class="quote-inline">',
        '<span class="quote-inline">',
        '<span class="invisible">',
        '<span class="">',
        "<span>",
        "</span>",
        '<a href="https://valdemora.example/a?b=1&amp;c=2" rel="nofollow noopener">',
        '<a href="https://social.example/@vecina" class="u-url mention">',
        '<a href="https://social.example/tags/fiestas" class="mention hashtag" rel="tag">',
        '<a href="https://a.example/&quot;x&quot;">',
        "</a>",
        "<blockquote>",
        "</blockquote>",
        "<ul><li>",
        "</li></ul>",
        "<b>",
        "</b>",
        "<script>",
        "</script>",
        "<p/>",
        "</p >",
        '<A HREF="https://b.example">',
        "<a href='https://c.example'>",
        "<img src=x alt=y>",
        "<!-- nota -->",
        "< ",
        "<",
        ">",
        "&amp;",
        "&lt;",
        "&#39;",
        "&#x1F418;",
        "&eacute",
        "&",
        "\r\n",
        "\t",
        "\x00",
        "\x1b",
        " ",
        "Pleno",
        "Teatro y música",
        "🐘",
    ]
)


@given(pieces=st.lists(_PIECES, max_size=25))
def test_the_tokenizer_reads_what_the_parser_reads(pieces: list[str]) -> None:
    fragment = "".join(pieces)
    reader = html_text._tokenized(fragment)
    if reader is not None:
        found = (reader.parts, reader.links, reader.mentions, reader.hashtags, reader.quoted)
        assert found == _parsed(fragment)


def test_the_tokenizer_takes_what_mastodon_writes() -> None:
    for fragment in (
        simple_format(escape("Pleno & <orden> del día\n\nhoy")),
        f"<p>Más: {shortened_link('https://valdemora.example/buscar?q=a&b=1')} gracias</p>",
        '<p><span class="h-card" translate="no"><a href="https://otra.example/@vecina" '
        'class="u-url mention">@<span>vecina</span></a></span> hola</p>',
    ):
        reader = html_text._tokenized(fragment)
        assert reader is not None
        assert (
            reader.parts,
            reader.links,
            reader.mentions,
            reader.hashtags,
            reader.quoted,
        ) == _parsed(fragment)
