"""Feeds taken apart: RSS 2.0, Atom, JSON Feed 1.1, and damaged or hostile ones."""

from __future__ import annotations

import json
import time

import pytest

from govsm.curation import Fetched, SourceError, read_feed
from govsm.curation.parsing import language_tag

from .conftest import AGENDA, atom, json_feed, rss


def fetched(body: bytes, content_type: str | None = None, base: str | None = None) -> Fetched:
    return Fetched(
        source="agenda",
        location="file:agenda.xml",
        body=body,
        content_type=content_type,
        base=base,
    )


class TestRss:
    def test_cdata_and_html_descriptions_become_text(self) -> None:
        """Markup in a CDATA description goes; scripts and styles go with their content."""
        body = rss(
            [
                {
                    "title": "Concert &amp; festa",
                    "link": "https://www.proves.example/a?utm_source=rss",
                    "guid": "a-1",
                    "description": "<p>La <b>banda</b><br/>toca.</p><script>alert(1)</script>"
                    "<style>p{}</style><ul><li>Entrada&nbsp;lliure</li></ul>",
                }
            ]
        )
        feed = read_feed(fetched(body), 10)
        (entry,) = feed.entries
        assert feed.kind == "rss20" and feed.language == "ca" and feed.total == 1
        assert entry.title == "Concert & festa"
        assert entry.summary == "La banda toca. Entrada lliure"
        assert entry.link == "https://www.proves.example/a"
        assert entry.entry_id == "a-1" and entry.key == entry.link
        assert "<" not in entry.summary and "alert" not in entry.summary
        assert json.loads(entry.record)["link"] == "https://www.proves.example/a?utm_source=rss"

    def test_max_items_takes_the_top_of_the_feed(self) -> None:
        """Only the first max_items entries are read; total counts them all."""
        feed = read_feed(fetched(rss(AGENDA)), 2)
        assert [e.position for e in feed.entries] == [1, 2] and feed.total == 3

    def test_entries_without_words_are_skipped_with_a_note(self) -> None:
        """An item with neither title nor text is named and left out."""
        body = rss([{"link": "https://www.proves.example/empty"}, AGENDA[0]])
        feed = read_feed(fetched(body), 10)
        assert [e.title for e in feed.entries] == [AGENDA[0]["title"]]
        assert [n.en for n in feed.notes] == ["entry 1 has neither a title nor text: skipped"]

    def test_an_entry_without_link_is_keyed_by_its_id(self) -> None:
        """No http(s) link: the guid is the key; neither: the words are."""
        body = rss(
            [
                {"title": "Sense enllaç", "guid": "urn:proves:1", "link": "javascript:alert(1)"},
                {"title": "Sense res", "description": "Només text"},
            ]
        )
        first, second = read_feed(fetched(body), 10).entries
        assert first.link is None and first.key == "id:urn:proves:1"
        assert second.key.startswith("text:")

    def test_relative_links_are_resolved_against_the_feed(self) -> None:
        """A relative link is resolved against the feed's address, never taking its query."""
        body = rss(
            [
                {"title": "Relativa", "link": "/agenda/relativa"},
                {"title": "Àncora", "link": "#dalt"},
                {"title": "Consulta", "link": "?p=3"},
            ]
        )
        entries = read_feed(fetched(body, base="https://www.proves.example/feed/?token=x"), 10)
        assert [e.link for e in entries.entries] == [
            "https://www.proves.example/agenda/relativa",
            "https://www.proves.example/feed/",
            "https://www.proves.example/feed/?p=3",
        ]


class TestAtom:
    def test_atom_with_html_summaries(self) -> None:
        """Atom 1.0: the alternate link, the id, an HTML summary as text, xml:lang."""
        body = atom(
            [
                {
                    "title": "Obres al carrer Major",
                    "link": "https://www.proves.example/noticies/obres",
                    "id": "tag:proves.example,2026:obres",
                    "summary": "<p>Tall de <em>trànsit</em> dilluns.</p>",
                }
            ],
            lang="ca-ES-valencia",
        )
        feed = read_feed(fetched(body), 10)
        (entry,) = feed.entries
        assert feed.kind == "atom10"
        assert entry.summary == "Tall de trànsit dilluns."
        assert entry.entry_id == "tag:proves.example,2026:obres"
        assert entry.language == "ca-ES-valencia"
        assert entry.published is not None and entry.published.year == 2026


class TestJsonFeed:
    def test_json_feed_1_1(self) -> None:
        """JSON Feed 1.1: summary, then content_text, then content_html as text; languages."""
        body = json_feed(
            [
                {"id": "1", "url": "https://www.proves.example/j/1", "title": "Un",
                 "summary": "Resum", "language": "es-es",
                 "date_published": "2026-11-20T09:00:00+01:00"},
                {"id": 2, "url": "https://www.proves.example/j/2", "title": "Dos",
                 "content_html": "<p>Text <b>ric</b></p>"},
                {"id": "3", "title": "Tres", "content_text": "Text pla"},
                "not an object",
            ]
        )  # fmt: skip
        feed = read_feed(fetched(body, "application/feed+json"), 10)
        assert feed.kind == "json11" and feed.language == "ca" and feed.total == 4
        one, two, three = feed.entries
        assert (one.summary, one.language) == ("Resum", "es-ES")
        assert one.published is not None and one.published.hour == 8
        assert (two.summary, two.entry_id, two.language) == ("Text ric", "2", "ca")
        assert (three.summary, three.key) == ("Text pla", "id:3")
        assert [n.en for n in feed.notes] == ["entry 4 is not a JSON object: skipped"]

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "is not valid JSON (line 1, column"),
            (b'{"title": "x", "items": []}', "is JSON but not JSON Feed"),
            (b'{"version": "https://jsonfeed.org/version/1", "items": {}}', "without an 'items' list"),
            (b'{"a": "\xff"}', "is not valid UTF-8 (byte 7)"),
            (b"[" * 100_000 + b"]" * 100_000, "nested too deep"),
            (b'{"version": "https://jsonfeed.org/version/1", "n": ' + b"9" * 5000 + b"}", "too many digits"),
        ],
    )  # fmt: skip
    def test_broken_json_is_named(self, body: bytes, message: str) -> None:
        """Broken JSON says what and where; a deep or huge one does not crash."""
        with pytest.raises(SourceError) as caught:
            read_feed(fetched(body, "application/json"), 10)
        assert message in caught.value.en
        assert caught.value.where == "agenda (file:agenda.xml)"


class TestDamaged:
    def test_malformed_xml_keeps_what_the_tolerant_reader_found(self) -> None:
        """Not well-formed XML (bozo): the entries found are kept, with a note saying so."""
        body = (
            b'<rss version="2.0"><channel><title>T</title>'
            b"<item><title>A & B</title><link>https://www.proves.example/1</link>"
            b"<description><p>sense tancar</description></item>"
            b"<item><title>Dos</title><link>https://www.proves.example/2</link></item>"
        )
        feed = read_feed(fetched(body), 10)
        assert [e.title for e in feed.entries] == ["A & B", "Dos"]
        (note,) = feed.notes
        assert note.en.startswith("the XML is not well-formed (line 2, column")
        assert "the 2 entries the tolerant reader found are kept" in note.en
        assert note.es.startswith("el XML no está bien formado (línea 2, columna")

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (b"   \n", "is empty"),
            (b"\x00\xff\xfe garbage", "is not an RSS, Atom or JSON Feed that can be read"),
            (b"<html><body>Not a feed</body></html>", "is not an RSS, Atom or JSON Feed"),
        ],
    )
    def test_what_is_not_a_feed_is_named(self, body: bytes, message: str) -> None:
        """Empty, binary and HTML bodies are refused with words."""
        with pytest.raises(SourceError, match=message):
            read_feed(fetched(body), 10)

    def test_a_path_as_the_body_is_not_opened(self) -> None:
        """A body that is a file name is parsed as (bad) XML, never opened as a file."""
        with pytest.raises(SourceError, match="not an RSS"):
            read_feed(fetched(b"/etc/passwd"), 10)

    def test_billion_laughs_is_not_expanded(self) -> None:
        """Nested entities are not expanded: the title stays small and parsing is quick."""
        levels = ['<!ENTITY lol0 "lol">'] + [
            f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
        ]
        body = (
            '<?xml version="1.0"?><!DOCTYPE rss [' + "".join(levels) + "]>"
            '<rss version="2.0"><channel><title>T</title><item><title>&lol9;</title>'
            "<link>https://www.proves.example/lol</link><description>&lol9;</description>"
            "</item></channel></rss>"
        ).encode()
        started = time.process_time()
        feed = read_feed(fetched(body), 10)
        assert time.process_time() - started < 30  # a bound, not a timing test: 10⁹ would not end
        for entry in feed.entries:
            assert len(entry.title) < 100 and len(entry.summary) < 100

    def test_external_entities_are_not_read(self, tmp_path) -> None:
        """An external entity naming a local file is not read into the feed."""
        secret = tmp_path / "secret.txt"
        secret.write_text("SECRET-VALUE", encoding="utf-8")
        body = (
            f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<rss version="2.0"><channel><title>T</title><item><title>Hola &x;</title>'
            "<link>https://www.proves.example/x</link></item></channel></rss>"
        ).encode()
        feed = read_feed(fetched(body), 10)
        assert all("SECRET" not in e.title + e.summary + e.record for e in feed.entries)

    def test_hostile_unicode_is_dropped(self) -> None:
        """Bidi overrides, zero-width and control characters, lone surrogates go; text stays."""
        body = json_feed(
            [
                {
                    "id": "h\u0000",
                    "url": "https://www.proves.example/h",
                    "title": "Fes\u202eta\u200b ma\u0007jor \ud800 👨\u200d👩\u200d👧",
                    "summary": "Line\u2028break\ufeff and\u00a0space",
                }
            ]
        )
        (entry,) = read_feed(fetched(body, "application/json"), 10).entries
        assert entry.title == "Festa major 👨\u200d👩\u200d👧"
        assert entry.summary == "Line break and space"
        assert entry.entry_id == "h"
        assert "\\ud800" in entry.record  # the record keeps what came, escaped


class TestLanguageTag:
    @pytest.mark.parametrize(
        ("raw", "tag"),
        [("ca", "ca"), ("CA-es", "ca-ES"), ("es_419", "es-419"), ("ca-es-valencia", "ca-ES-valencia"),
         ("zh-hant-tw", "zh-Hant-TW"), ("", None), ("català", None), (None, None), ("e", None)],
    )  # fmt: skip
    def test_tags_are_shaped(self, raw: object, tag: str | None) -> None:
        """Feeds write language codes loosely; they are shaped as BCP 47 or dropped."""
        assert language_tag(raw) == tag
