"""Each built-in export of the small council, written through the store and parsed back."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest

from govsm.builtin.exporters.messages_csv import COLUMNS, unguard
from govsm.exporting import ExportResult, export
from govsm.spec import Selection
from govsm.workspace import Workspace
from tests.exporting.council import PUBLISHED_FEED

ATOM = "{http://www.w3.org/2005/Atom}"

#: the members JSON Feed 1.1 requires, and the types it gives them (jsonfeed.org/version/1.1)
JSON_FEED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": {"type": "string"},
        "feed_url": {"type": "string"},
        "description": {"type": "string"},
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"$ref": "#/$defs/author"}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_text"]}, {"required": ["content_html"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": {"type": "string"},
                    "external_url": {"type": "string"},
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "summary": {"type": "string"},
                    "image": {"type": "string"},
                    "date_published": {"type": "string"},
                    "language": {"type": "string"},
                    "authors": {"type": "array", "items": {"$ref": "#/$defs/author"}},
                    "attachments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["url", "mime_type"],
                            "properties": {
                                "url": {"type": "string"},
                                "mime_type": {"type": "string"},
                                "title": {"type": "string"},
                                "size_in_bytes": {"type": "integer"},
                            },
                        },
                    },
                },
            },
        },
    },
    "$defs": {
        "author": {
            "type": "object",
            "anyOf": [{"required": ["name"]}, {"required": ["url"]}, {"required": ["avatar"]}],
        }
    },
}


def run(workspace: Workspace, kind: str, path: Path, **selected: Any) -> ExportResult:
    result = export(workspace, kind, path, Selection(**selected))
    assert result.complete and result.path == path
    return result


class TestAtom:
    def test_the_organisation_feed_parses_without_bozo(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """feedparser reads Atom 1.0, no error; the entries are the publications, newest first."""
        path = tmp_path / "feed.atom"
        result = run(loaded, "atom", path)
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0 and parsed.version == "atom10"
        assert result.messages == len(PUBLISHED_FEED)
        assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == PUBLISHED_FEED
        assert parsed.feed.title == "Ajuntament de Soldeneu"
        assert parsed.feed.updated == parsed.entries[0].published

    def test_an_entry_has_its_address_text_media_and_warning(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """The Mastodon post: link, exact text, content warning as summary, image enclosure."""
        path = tmp_path / "feed.atom"
        run(loaded, "atom", path, profile="mastodon-ajuntament")
        parsed = feedparser.parse(path.read_bytes())
        entry = next(e for e in parsed.entries if e.id.endswith("/mastodon-0001"))
        assert entry.id == "tag:soldeneu.example,2026-06-03:ajuntament-soldeneu/mastodon-0001"
        assert entry.link == "https://xarxa.soldeneu.example/@ajuntament/110000000000000001"
        assert (
            entry.content[0].value
            == "Avís: obres a la plaça.\n\nEl mercat es trasllada al passeig."
        )
        assert entry.summary == "Obres"
        (enclosure,) = entry.enclosures
        assert enclosure.href.endswith("/placa.jpg") and enclosure.type == "image/jpeg"
        assert enclosure.length == "120000"
        assert entry.published == "2026-06-03T08:10:00Z"
        assert entry.author == "@ajuntament@xarxa.soldeneu.example"
        assert (
            parsed.feed.title
            == "Ajuntament de Soldeneu · Mastodon @ajuntament@xarxa.soldeneu.example"
        )

    def test_a_unit_feed_holds_its_sub_units(self, loaded: Workspace, tmp_path: Path) -> None:
        """Cultura's feed has Cultura's post and the Biblioteca's, which hangs from it."""
        path = tmp_path / "cultura.atom"
        run(loaded, "atom", path, unit="cultura")
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0
        assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == [
            "biblioteca-0001",
            "cultura-0001",
        ]
        assert parsed.entries[1].title == "Concert d'estiu"

    def test_an_empty_feed_is_still_a_feed(self, loaded: Workspace, tmp_path: Path) -> None:
        """No publication in the period: a valid feed, updated at the moment of the export."""
        path = tmp_path / "empty.atom"
        run(loaded, "atom", path, profile="tuenti-esports")
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0 and parsed.entries == []
        root = ET.fromstring(path.read_bytes())
        assert root.find(f"{ATOM}updated") is not None


class TestRss:
    def test_the_feed_parses_without_bozo(self, loaded: Workspace, tmp_path: Path) -> None:
        """RSS 2.0, guid the tag URI (not a permalink), link the post, RFC 822 dates."""
        path = tmp_path / "feed.rss"
        run(loaded, "rss", path)
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0 and parsed.version == "rss20"
        assert [e.id.rsplit("/", 1)[1] for e in parsed.entries] == PUBLISHED_FEED
        entry = next(e for e in parsed.entries if e.id.endswith("/mastodon-0001"))
        assert entry.guidislink is False
        assert entry.link == "https://xarxa.soldeneu.example/@ajuntament/110000000000000001"
        assert entry.published == "Wed, 03 Jun 2026 08:10:00 GMT"
        assert entry.enclosures[0].type == "image/jpeg"
        channel = ET.fromstring(path.read_bytes()).find("channel")
        assert channel is not None
        item = next(
            i
            for i in channel.iter("item")
            if i.findtext("guid", "").endswith("0001") and "mastodon" in i.findtext("guid", "")
        )
        assert item.findtext("description") == (
            "<p>Avís: obres a la plaça.</p><p>El mercat es trasllada al passeig.</p>"
        )


class TestJsonFeed:
    def test_the_feed_has_what_the_specification_requires(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """Validated against JSON Feed 1.1's required members; texts and ids exact."""
        path = tmp_path / "feed.json"
        run(loaded, "json-feed", path)
        feed = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(feed, JSON_FEED_SCHEMA)
        assert [i["id"].rsplit("/", 1)[1] for i in feed["items"]] == PUBLISHED_FEED
        item = next(i for i in feed["items"] if i["id"].endswith("/mastodon-0001"))
        assert (
            item["content_text"] == "Avís: obres a la plaça.\n\nEl mercat es trasllada al passeig."
        )
        assert item["attachments"][0]["title"] == "La plaça Major amb les tanques de les obres"
        assert item["date_published"] == "2026-06-03T08:10:00Z"
        assert "title" not in item  # a microblog post has none
        obres = next(i for i in feed["items"] if i["id"].endswith("/x-0002"))
        assert obres["external_url"] == "https://www.soldeneu.example/obres"


class TestActivityStreams:
    def test_an_ordered_collection_of_create_note(self, loaded: Workspace, tmp_path: Path) -> None:
        """totalItems counts the items; each is a Create of a Note by the profile, public."""
        path = tmp_path / "outbox.json"
        run(loaded, "activity-streams", path)
        collection = json.loads(path.read_text(encoding="utf-8"))
        assert collection["@context"] == "https://www.w3.org/ns/activitystreams"
        assert collection["type"] == "OrderedCollection"
        items = collection["orderedItems"]
        assert collection["totalItems"] == len(items) == len(PUBLISHED_FEED)
        assert {a["type"] for a in items} == {"Create"}
        note = next(a for a in items if a["id"].endswith("/mastodon-0001#create"))["object"]
        assert note["type"] == "Note"
        assert note["source"] == {
            "content": "Avís: obres a la plaça.\n\nEl mercat es trasllada al passeig.",
            "mediaType": "text/plain",
        }
        assert note["summary"] == "Obres" and note["sensitive"] is True
        assert note["attributedTo"] == "https://xarxa.soldeneu.example/@ajuntament"
        assert note["attachment"][0]["type"] == "Image"
        assert note["to"] == ["https://www.w3.org/ns/activitystreams#Public"]


class TestOpml:
    def test_the_official_profiles_by_unit(self, loaded: Workspace, tmp_path: Path) -> None:
        """Active and dormant profiles, nested by unit; archived ones left out."""
        path = tmp_path / "profiles.opml"
        result = run(loaded, "opml", path)
        assert result.messages == 0
        root = ET.fromstring(path.read_bytes())
        assert root.get("version") == "2.0"
        body = root.find("body")
        assert body is not None
        units = [o.get("text") for o in body.findall("outline")]
        assert units == ["Comunicació", "Cultura", "Esports"]
        cultura = body.findall("outline")[1]
        (biblioteca,) = [
            o for o in cultura.findall("outline") if o.get("text") == "Biblioteca Municipal"
        ]
        (library,) = biblioteca.findall("outline")
        assert library.get("url") == "https://www.facebook.com/BibliotecaSoldeneu"
        links = [o.get("url") for o in root.iter("outline") if o.get("type") == "link"]
        assert "https://www.tuenti.com/esportssoldeneu" not in links
        (esports,) = body.findall("outline")[2].findall("outline")
        assert esports.get("type") is None and esports.get("url") is None  # no address known
        x = next(o for o in root.iter("outline") if o.get("url") == "https://x.com/AjSoldeneu")
        assert x.get("created") == "Mon, 14 Feb 2011 00:00:00 GMT"
        assert x.get("category") == "/x"


class TestTables:
    def test_csv_has_a_row_per_message_of_the_organisation(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """Every outbound message, drafts and direct messages included, oldest first."""
        path = tmp_path / "messages.csv"
        result = run(loaded, "messages-csv", path)
        with path.open(encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert tuple(rows[0]) == COLUMNS
        assert [r["id"] for r in rows] == [
            "x-0001",
            "x-0002",
            "x-0003",
            "x-0004",
            "x-0005",
            "mastodon-0001",
            "mastodon-0002",
            "cultura-0001",
            "biblioteca-0001",
            "esports-0001",
            "x-dm-0001",
        ]
        assert result.messages == len(rows) and result.checked == len(rows)
        assert {unguard(r["text"]) for r in rows} >= {"Esborrany del ban de festes"}
        for row in rows:
            counted = [f for f in row["findings"].split("; ") if f]
            total = int(row["errors"]) + int(row["warnings"]) + int(row["infos"])
            assert len(counted) == total

    def test_jsonl_has_the_findings_in_both_languages(
        self, loaded: Workspace, tmp_path: Path
    ) -> None:
        """One object a line; the findings are those a fresh check makes."""
        import govsm

        path = tmp_path / "messages.jsonl"
        run(loaded, "messages-jsonl", path)
        lines = path.read_text(encoding="utf-8").splitlines()
        records = [json.loads(line) for line in lines]
        assert len(records) == 11
        stored = {m.id: m for m in loaded.store.messages("ajuntament-soldeneu")}
        for record in records:
            (fresh,) = govsm.check([stored[record["id"]]], workspace=loaded)
            assert [f["rule"] for f in record["findings"]] == [f.rule for f in fresh.findings]
            for finding in record["findings"]:
                assert finding["message_es"] and finding["message_en"]
        mastodon = next(r for r in records if r["id"] == "mastodon-0001")
        assert mastodon["media"][0]["alt_text"] == "La plaça Major amb les tanques de les obres"
        assert mastodon["url"].endswith("/110000000000000001")


@pytest.mark.parametrize("kind", ["atom", "rss", "json-feed", "activity-streams", "opml"])
def test_a_second_export_of_the_same_store_is_the_same(
    loaded: Workspace, tmp_path: Path, kind: str
) -> None:
    """Same store, same moment: byte for byte the same file (ids and order are stable)."""
    from datetime import UTC, datetime

    now = datetime(2026, 7, 1, tzinfo=UTC)
    first, second = tmp_path / "a", tmp_path / "b"
    export(loaded, kind, first, now=now)
    export(loaded, kind, second, now=now)
    assert first.read_bytes() == second.read_bytes()
    assert io.BytesIO(first.read_bytes()).read(1) in (b"<", b"{")
