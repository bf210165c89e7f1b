"""The embeddable fragment (``snippets``): escaped, inert, stable class names, exact texts."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from hypothesis import given, settings

from govsm.builtin.exporters import snippets_html
from govsm.builtin.exporters.html_writing import safe_href, shown_text
from govsm.spec import Selection
from govsm.spec.export_source import ExportSource
from govsm.testing.strategies import texts
from tests.exporting.council import START, memory_source, post
from tests.exporting.html_reading import Page

#: the class names the docs promise
CLASSES = {
    "govsm-snippets",
    "govsm-snippets__title",
    "govsm-snippets__list",
    "govsm-snippet",
    "govsm-snippet__warning",
    "govsm-snippet__text",
    "govsm-snippet__meta",
    "govsm-snippet__profile",
    "govsm-snippet__date",
    "govsm-snippet__link",
}


def fragment(source: ExportSource) -> str:
    out = io.BytesIO()
    snippets_html.write(source, out)
    return out.getvalue().decode("utf-8")


class TestFragment:
    def test_the_class_names_and_nothing_to_run(self) -> None:
        """Every documented class appears; no script, style, image or foreign link."""
        messages = [
            post("x-1", "Primer", START, content_warning="Obres"),
            post("x-2", "Segon\nlínia", START + timedelta(hours=1), url="https://x.com/a/status/2"),
        ]
        html = fragment(memory_source(messages))
        page = Page(html, text_class="govsm-snippet__text")
        assert page.problems() == []
        used = {c for _, a in page.tags for c in (a.get("class") or "").split()}
        assert used == CLASSES
        assert page.texts == ["Segon\nlínia", "Primer"]  # newest first
        assert 'style="' not in html

    def test_the_latest_ten_unless_a_limit(self) -> None:
        messages = [post(f"x-{n:02d}", f"Post {n}", START + timedelta(hours=n)) for n in range(15)]
        page = Page(fragment(memory_source(messages)), text_class="govsm-snippet__text")
        assert page.texts == [f"Post {n}" for n in range(14, 4, -1)]
        page = Page(
            fragment(memory_source(messages, Selection(limit=3))), text_class="govsm-snippet__text"
        )
        assert page.texts == ["Post 14", "Post 13", "Post 12"]

    def test_hostile_text_is_text(self) -> None:
        """Markup, bidi overrides and a 10,000-character post come through as text."""
        hostile = (
            '<script>alert("x")</script></li></ol><a href="javascript:x">y</a>&amp;'
            "\u202eesrever\u202c" + "é" * 10_000
        )
        page = Page(fragment(memory_source([post("x-1", hostile, START)])), "govsm-snippet__text")
        assert page.problems() == []
        assert page.texts == [hostile]

    @pytest.mark.parametrize(
        ("url", "safe"),
        [
            ("https://x.com/a/status/1", True),
            ("http://www.soldeneu.example/a", True),
            ("javascript:alert(1)", False),
            ("data:text/html,<script>", False),
            ("https:///no-host", False),
            ("https://x.com/a b", False),
            ("//x.com/a", False),
            ("", False),
        ],
    )
    def test_only_http_addresses_are_links(self, url: str, safe: bool) -> None:
        assert safe_href(url) == (url if safe else None)


class TestRoundTrip:
    @given(texts)
    @settings(max_examples=200, deadline=None)
    def test_any_text_comes_back_from_the_html(self, text: str) -> None:
        """What a reader extracts from the fragment is the text (line breaks and characters
        HTML cannot carry aside: see shown_text)."""
        page = Page(fragment(memory_source([post("x-1", text, START)])), "govsm-snippet__text")
        assert page.problems() == []
        assert page.texts == [shown_text(text)]


class TestTheReader:
    @pytest.mark.parametrize(
        "html",
        [
            "<p>a<script>alert(1)</script></p>",
            '<p style="background:url(https://evil.example/x.png)">a</p>',
            '<p><img src="https://evil.example/x.png"></p>',
            '<a href="javascript:alert(1)">a</a>',
            '<p onclick="x()">a</p>',
            "<p><b>unclosed</p>",
        ],
    )
    def test_what_the_tests_look_for_is_found(self, html: str) -> None:
        """The checks above would see each thing an inert page must not have."""
        assert Page(html).problems() != []
