"""Hostile text in exports: characters XML cannot carry, CDATA ends, bidi marks, huge posts."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import attrs
import feedparser
import pytest

from govsm.builtin.exporters import atom, messages_csv, messages_jsonl, opml, rss
from govsm.builtin.exporters.feed_writing import headline, xml_safe
from govsm.exporting import export
from govsm.spec import Selection
from govsm.spec.limits import Limits
from govsm.workspace import Workspace
from tests.exporting.council import ORGANISATION, START, host, memory_source, post

ATOM = "{http://www.w3.org/2005/Atom}"

#: every C0 control but NUL (which no message may hold), DEL, C1 controls, U+FFFE, U+FFFF
CONTROLS = "".join(chr(c) for c in range(1, 0x20)) + "\x7f\x85\x9f\ufffe\uffff"

#: what the XML exporters must carry whole
HOSTILE = (
    "Obres ]]> <b>& &amp; </content> \"cometes\" 'simples'\r\n"
    "\u200f\u202eטקסט\u202c \u2066isolat\u2069 👩🏽‍🚒 🇪🇸 e\u0301 \u2028fi\u2029"
)


def write(exporter: object, source: object) -> bytes:
    out = io.BytesIO()
    exporter(source, out)  # type: ignore[operator]
    return out.getvalue()


class TestCharactersXmlCannotCarry:
    @pytest.mark.parametrize("module", [atom, rss])
    def test_controls_become_replacement_characters(self, module: object) -> None:
        """Each character XML 1.0 forbids is written as U+FFFD; the feed parses without bozo."""
        message = post("x-1", f"a{CONTROLS}b", START, title=f"t{CONTROLS}")
        data = write(module.write, memory_source([message]))  # type: ignore[attr-defined]
        assert feedparser.parse(data).bozo == 0
        text = data.decode("utf-8")
        assert "\x0b" not in text and "\ufffe" not in text
        expected = (
            "a"
            + "\ufffd" * 8
            + "\t\n"
            + "\ufffd" * 2
            + "&#13;"
            + "\ufffd" * 18
            + "\ufffd" * 5
            + "b"
        )
        if module is atom:
            assert expected in text

    def test_xml_safe_keeps_everything_else(self) -> None:
        """Tabs, line feeds, carriage returns, Latin-1 letters, noncharacters are kept."""
        kept = "\t\n\r \xa0\xe0\ud7ff\ue000\ufdd0\ufffd\U0001fffe\U0010ffff"
        assert xml_safe(kept) == kept
        assert xml_safe("\x01\x08\x0b\x0c\x0e\x1f\x7f\x80\x85\x9f\ufffe\uffff") == "\ufffd" * 12

    def test_c1_controls_do_not_come_back_as_windows_1252(self) -> None:
        """U+0091 would come back from feedparser as ‘: it is written as U+FFFD."""
        message = post("x-1", "a\x91b\x85c", START, content_warning="\x93w\x94")
        parsed = feedparser.parse(write(atom.write, memory_source([message])))
        assert parsed.entries[0].content[0].value == "a\ufffdb\ufffdc"
        assert parsed.entries[0].summary == "\ufffdw\ufffd"


class TestHostileText:
    def test_atom_carries_the_text_exactly(self) -> None:
        """CDATA ends, markup, entities, bidi controls, emoji sequences and \\r, as written."""
        message = post("x-1", HOSTILE, START)
        data = write(atom.write, memory_source([message]))
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0
        assert parsed.entries[0].content[0].value == HOSTILE.strip()
        entry = ET.fromstring(data).find(f"{ATOM}entry")
        assert entry is not None
        assert entry.findtext(f"{ATOM}content") == HOSTILE  # the XML holds it byte for byte

    def test_rss_carries_the_text_as_escaped_html(self) -> None:
        """The description is HTML; its markup-like text is escaped, never live."""
        message = post("x-1", "<script>alert(1)</script> ]]>", START)
        data = write(rss.write, memory_source([message]))
        parsed = feedparser.parse(data)
        assert parsed.bozo == 0
        assert (
            parsed.entries[0].description == "<p>&lt;script&gt;alert(1)&lt;/script&gt; ]]&gt;</p>"
        )

    def test_hostile_names_in_the_outline(self) -> None:
        """A profile and unit name with markup and controls make a well-formed OPML."""
        source = memory_source([])
        hostile = attrs.evolve(source.profiles[0], name='"><outline text="x\x07', state="active")
        unit = attrs.evolve(source.units[0], name="</body>]]>\u202e")
        source = attrs.evolve(source, profiles=(hostile,), units=(unit,))
        root = ET.fromstring(write(opml.write, source))
        body = root.find("body")
        assert body is not None
        (group,) = body.findall("outline")
        assert group.get("text") == "</body>]]>\u202e"
        (profile,) = group.findall("outline")
        assert profile.get("text", "").startswith('X (Twitter) · "><outline text="x\ufffd')


class TestTables:
    def test_formulas_are_guarded_and_read_back(self) -> None:
        """A text a spreadsheet would run gets a leading quote; unguard gives it back exactly."""
        texts = ['=HYPERLINK("http://x")', "+34 600", "-1", "@veina", "'ja citat", "\tt", "Hola"]
        messages = [post(f"x-{n}", text, START) for n, text in enumerate(texts)]
        data = write(messages_csv.write, memory_source(messages))
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
        assert [r["text"][0] for r in rows[:-1]] == ["'"] * 6
        assert [messages_csv.unguard(r["text"]) for r in rows] == texts

    def test_a_json_line_is_one_line_for_every_reader(self) -> None:
        """U+2028, U+2029 and U+0085 are escaped, so even str.splitlines sees one line each."""
        messages = [post("x-1", "a\u2028b\u2029c\x85d\ne", START), post("x-2", "f", START)]
        data = write(messages_jsonl.write, memory_source(messages)).decode("utf-8")
        lines = data.splitlines()
        assert len(lines) == 2
        assert json.loads(lines[0])["text"] == "a\u2028b\u2029c\x85d\ne"


class TestLimits:
    """A 10 MB post: left out under the default limits, exported whole when they allow it."""

    TEN_MB = 10 * 1024 * 1024

    def text(self) -> str:
        line = "Bon dia, Soldeneu! 🌞 "
        return line * (self.TEN_MB // len(line.encode("utf-8")) + 1)

    @pytest.fixture
    def huge(self, loaded: Workspace) -> Workspace:
        text = self.text()
        assert len(text.encode("utf-8")) > self.TEN_MB
        loaded.store.save_messages(
            ORGANISATION, [post("x-huge", text, datetime(2027, 1, 1, tzinfo=UTC))]
        )
        return loaded

    def test_left_out_and_named_under_the_default_limit(
        self, huge: Workspace, tmp_path: Path
    ) -> None:
        """The feed is written without it; the reason names the message, size and limit."""
        path = tmp_path / "feed.atom"
        result = export(huge, "atom", path)
        assert not result.complete
        (why,) = result.left_out
        assert "«x-huge»" in why.es and "[limits] text_bytes (1048576)" in why.es
        assert "'x-huge'" in why.en and "it was not exported" in why.en
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0
        assert "x-huge" not in {e.id.rsplit("/", 1)[1] for e in parsed.entries}

    def test_exported_whole_when_the_limits_allow_it(self, huge: Workspace, tmp_path: Path) -> None:
        """With text_bytes at 16 MiB the post is exported, and the feed still parses."""

        class Generous(Workspace):
            @property
            def limits(self) -> Limits:
                return Limits(text_bytes=16 * 1024 * 1024)

        generous = Generous(huge.snapshot, host(), store=huge.store)
        path = tmp_path / "feed.atom"
        result = export(generous, "atom", path, Selection(limit=1))
        assert result.complete and result.messages == 1
        parsed = feedparser.parse(path.read_bytes())
        assert parsed.bozo == 0
        assert parsed.entries[0].content[0].value == self.text().strip()

    def test_a_field_over_its_limit_is_left_out(self, loaded: Workspace, tmp_path: Path) -> None:
        """A title longer than field_bytes (64 KiB) leaves its message out, named."""
        long_title = post("x-title", "Hola", datetime(2027, 1, 1, tzinfo=UTC), title="T" * 70_000)
        loaded.store.save_messages(ORGANISATION, [long_title])
        result = export(loaded, "json-feed", tmp_path / "feed.json")
        (why,) = result.left_out
        assert "«title» ocupa 70000 bytes" in why.es and "field_bytes (65536)" in why.en


class TestTitles:
    def test_a_long_line_is_cut_at_a_word(self) -> None:
        """At most 80 characters and an ellipsis, cut after the last whole word."""
        title = headline(post("x-1", "Paraula " * 20, START))
        assert title == ("Paraula " * 10).rstrip() + "…"

    def test_a_line_without_spaces_is_cut_between_graphemes(self) -> None:
        """A flag (two code points) or a letter and its accent is never split."""
        flags = headline(post("x-1", "🇪🇸" * 50, START))
        assert flags == "🇪🇸" * 40 + "…"
        accents = headline(post("x-1", "e\u0301" * 50, START))
        assert accents == "e\u0301" * 40 + "…"

    def test_the_message_title_comes_first(self) -> None:
        """A message's own title, its spaces collapsed, is the title."""
        assert headline(post("x-1", "text", START, title="  Concert\n d'estiu ")) == (
            "Concert d'estiu"
        )
