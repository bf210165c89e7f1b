"""A status's HTML as text: what real Mastodon servers render, and properties for any input."""

from __future__ import annotations

import html

import pytest
from govsm_mastodon.html_text import comparable, html_to_text, without_controls
from hypothesis import given, settings
from hypothesis import strategies as st

# What Mastodon 4.x renders (app/lib/text_formatter.rb, app/helpers/formatting_helper.rb)
SAMPLES = [
    pytest.param(
        '<p><span class="h-card" translate="no"><a href="https://xarxa.example/@vecina" '
        'class="u-url mention">@<span>vecina</span></a></span> Bon dia! '
        '<a href="https://xarxa.example/tags/FestaMajor" class="mention hashtag" rel="tag">'
        "#<span>FestaMajor</span></a></p>",
        "@vecina Bon dia! #FestaMajor",
        id="mention-and-hashtag",
    ),
    pytest.param(
        '<p>Ordre del dia: <a href="https://www.soldeneu.example/ple/2026-05-04/ordre-del-dia" '
        'target="_blank" rel="nofollow noopener" translate="no">'
        '<span class="invisible">https://www.</span><span class="ellipsis">soldeneu.example/ple/'
        '2026-05-0</span><span class="invisible">4/ordre-del-dia</span></a></p>',
        "Ordre del dia: https://www.soldeneu.example/ple/2026-05-04/ordre-del-dia",
        id="shortened-link-comes-back-whole",
    ),
    pytest.param(
        "<p>Preus &lt; 5 &#8364; &amp; &quot;gratis&quot; l&#39;entrada&nbsp;infantil</p>",
        'Preus < 5 € & "gratis" l\'entrada\u00a0infantil',
        id="entities",
    ),
    pytest.param(
        "<p>Línia 1<br>Línia 2<br />Línia 3</p><p>Segon paràgraf</p>",
        "Línia 1\nLínia 2\nLínia 3\n\nSegon paràgraf",
        id="lines-and-paragraphs",
    ),
    pytest.param(
        "<p>Text   amb\n   espais\tde   codi</p>",
        "Text amb espais de codi",
        id="source-whitespace-collapses",
    ),
    pytest.param(
        '<p class="quote-inline">RE: <a href="https://xarxa.example/@ayto/1">'
        "https://xarxa.example/@ayto/1</a></p><p>Gràcies!</p>",
        "RE: https://xarxa.example/@ayto/1\n\nGràcies!",
        id="quote-fallback",
    ),
    pytest.param(
        "<blockquote><p>Cita</p></blockquote><ul><li>u</li><li>dos</li></ul><p>fi</p>",
        "Cita\n\nu\n\ndos\n\nfi",
        id="blocks",
    ),
    pytest.param("<p>a<script>alert(1)</script>b<style>p{}</style></p>", "ab", id="scripts-unread"),
    pytest.param("", "", id="empty"),
    pytest.param("<p></p>", "", id="empty-paragraph"),
    pytest.param("text sense etiquetes", "text sense etiquetes", id="plain"),
]


@pytest.mark.parametrize(("fragment", "text"), SAMPLES)
def test_mastodon_html_as_text(fragment, text):
    assert html_to_text(fragment) == text


def test_comparable_reads_mentions_as_mastodon_shows_them():
    assert comparable("Hola @cultura@xarxa.example i @vecina") == "Hola @cultura i @vecina"
    assert comparable("correu@domini.example") == "correu@domini.example"
    assert comparable(" a\n\n b\u00a0c ") == "a b c"
    assert comparable("Cafe\u0301") == comparable("Café")


# -- properties ------------------------------------------------------------------------------

INLINE = ["span", "a", "strong", "em", "del", "code", "b", "i", "u"]
BLOCKS = ["p", "div", "blockquote", "li", "pre", "h1"]
NO_MARKUP = st.characters(blacklist_characters="<>", blacklist_categories=("Cs",))
ATTRIBUTE = st.tuples(st.sampled_from(["class", "href", "rel", "translate"]), st.text(max_size=12))


def _element(tags, children):
    def build(draw_tag_attrs_children):
        tag, attrs, inner = draw_tag_attrs_children
        rendered = "".join(f' {name}="{html.escape(value)}"' for name, value in attrs)
        return f"<{tag}{rendered}>{''.join(inner)}</{tag}>"

    return st.tuples(
        st.sampled_from(tags), st.lists(ATTRIBUTE, max_size=2), st.lists(children, max_size=4)
    ).map(build)


def _markup(leaf, tags):
    return st.recursive(
        leaf, lambda children: _element(tags, children) | st.just("<br>"), max_leaves=12
    )


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_input_gives_text_and_never_raises(fragment):
    text = html_to_text(fragment)
    assert isinstance(text, str)
    assert "\x00" not in text
    assert text == text.strip()


@settings(max_examples=300, deadline=None)
@given(_markup(st.text(NO_MARKUP).map(html.escape), INLINE + BLOCKS))
def test_no_tag_survives(fragment):
    text = html_to_text(fragment)
    assert "<" not in text and ">" not in text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(), max_size=6), st.data())
def test_inline_markup_keeps_exactly_the_text(pieces, data):
    fragment = ""
    for piece in pieces:
        tag = data.draw(st.sampled_from(INLINE))
        fragment += f'<{tag} class="x">{html.escape(piece)}</{tag}>'
    assert comparable(html_to_text(fragment)) == comparable(without_controls("".join(pieces)))


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_characters="<&", blacklist_categories=("Cs",))))
def test_plain_text_is_a_fixed_point(text):
    once = html_to_text(text)
    assert html_to_text(once) == once
    assert comparable(once) == comparable(without_controls(text))
