"""Round trips: messages → each export → a parser → the same texts, ids and dates."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta, timezone

import attrs
import feedparser
from hypothesis import given
from hypothesis import strategies as st

from govsm.builtin.exporters import atom, json_feed, messages_csv, messages_jsonl, opml
from govsm.builtin.exporters.feed_writing import headline, xml_safe
from govsm.model import Message
from govsm.spec import message_moment
from tests.exporting.council import image, memory_source, post

ATOM = "{http://www.w3.org/2005/Atom}"

#: any text a message may hold: every character but NUL and lone surrogates
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))

offsets = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-3, minutes=-30))]
)
moments = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1), timezones=offsets
)


@st.composite
def messages(draw: st.DrawFn) -> list[Message]:
    """Between one and five published posts with any text, title, warning and moment."""
    count = draw(st.integers(min_value=1, max_value=5))
    found = []
    for n in range(count):
        found.append(
            post(
                f"x-{n}",
                draw(texts),
                draw(moments),
                title=draw(st.none() | texts),
                content_warning=draw(st.none() | texts),
                media=draw(
                    st.lists(
                        st.builds(
                            image,
                            st.just(f"https://media.soldeneu.example/{n}.jpg"),
                            texts,
                        ),
                        max_size=2,
                    )
                ),
            )
        )
    return found


def newest_first(found: list[Message]) -> list[Message]:
    return sorted(found, key=lambda m: (message_moment(m), m.id), reverse=True)


def export(module: object, found: list[Message]) -> bytes:
    out = io.BytesIO()
    module.write(memory_source(found), out)  # type: ignore[attr-defined]
    return out.getvalue()


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def as_feedparser_reads(text: str) -> str:
    """``text`` as feedparser 6 gives it back from a UTF-8 feed.

    feedparser "repairs" text that looks like UTF-8 read as Latin-1 (``Â¡`` becomes ``¡``)
    whether or not it is: what any feedparser-based reader shows, not what the feed says
    (``test_atom_holds_each_text_exactly`` reads the feed itself).
    """
    try:
        return text.encode("iso-8859-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


@given(messages())
def test_atom_round_trip_through_feedparser(found: list[Message]) -> None:
    """feedparser reads back every id, date and text (as XML carries it, ends stripped)."""
    data = export(atom, found)
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    source = memory_source(found)
    expected = newest_first(found)
    assert [e.id for e in parsed.entries] == [source.message_id(m) for m in expected]
    for entry, message in zip(parsed.entries, expected, strict=True):
        assert entry.content[0].value == as_feedparser_reads(xml_safe(message.text).strip())
        assert instant(entry.published) == message_moment(message)
        assert entry.title == as_feedparser_reads(xml_safe(headline(message)).strip())
        if message.content_warning is not None:
            warning = xml_safe(message.content_warning).strip()
            assert entry.get("summary", "") == as_feedparser_reads(warning)


@given(messages())
def test_atom_holds_each_text_exactly(found: list[Message]) -> None:
    """An XML parser reads back each text character for character (XML's forbidden ones aside)."""
    root = ET.fromstring(export(atom, found))
    contents = [e.findtext(f"{ATOM}content") for e in root.findall(f"{ATOM}entry")]
    assert contents == [xml_safe(m.text) for m in newest_first(found)]
    alts = [
        link.get("title")
        for entry in root.findall(f"{ATOM}entry")
        for link in entry.findall(f"{ATOM}link")
        if link.get("rel") == "enclosure"
    ]
    assert alts == [xml_safe(m.alt_text or "") for x in newest_first(found) for m in x.media]


@given(messages())
def test_json_feed_round_trip(found: list[Message]) -> None:
    """JSON carries every character: texts, titles, ids and dates come back exactly."""
    feed = json.loads(export(json_feed, found))
    source = memory_source(found)
    expected = newest_first(found)
    assert [i["id"] for i in feed["items"]] == [source.message_id(m) for m in expected]
    for item, message in zip(feed["items"], expected, strict=True):
        assert item["content_text"] == message.text
        assert item.get("title") == (message.title or None)
        assert instant(item["date_published"]) == message_moment(message)
        alts = [a.get("title", "") for a in item.get("attachments", [])]
        assert alts == [m.alt_text or "" for m in message.media]


@given(messages())
def test_csv_round_trip(found: list[Message]) -> None:
    """csv reads back every text and title (guard removed), oldest first."""
    rows = list(csv.DictReader(io.StringIO(export(messages_csv, found).decode(), newline="")))
    expected = newest_first(found)[::-1]
    assert [r["id"] for r in rows] == [m.id for m in expected]
    for row, message in zip(rows, expected, strict=True):
        assert messages_csv.unguard(row["text"]) == message.text
        assert messages_csv.unguard(row["title"]) == (message.title or "")
        assert instant(row["published_at"]) == message.published_at


@given(messages())
def test_jsonl_round_trip(found: list[Message]) -> None:
    """Each line is one message, texts exact, whatever line separators they hold."""
    lines = export(messages_jsonl, found).decode().splitlines()
    expected = newest_first(found)[::-1]
    assert [json.loads(line)["text"] for line in lines] == [m.text for m in expected]


@given(st.lists(texts, min_size=1, max_size=4))
def test_opml_round_trip(names: list[str]) -> None:
    """Profile names come back from the outline as XML carries them."""
    source = memory_source([])
    base = source.profiles[0]
    profiles = tuple(
        attrs.evolve(base, id=f"p-{n}", name=name or None, handle=f"@p{n}")
        for n, name in enumerate(names)
    )
    out = io.BytesIO()
    opml.write(attrs.evolve(source, profiles=profiles), out)
    root = ET.fromstring(out.getvalue())
    shown = [o.get("text") for o in root.iter("outline") if o.get("category") == "/x"]
    assert shown == [
        xml_safe(f"X (Twitter) · {name} (@p{n})" if name else f"X (Twitter) · @p{n}")
        for n, name in enumerate(names)
    ]
