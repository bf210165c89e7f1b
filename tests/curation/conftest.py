"""Fixtures for the curation tests: feed servers on loopback addresses, feeds, a workspace."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from govsm.plugins import PluginHost
from govsm.workspace import Workspace

from .server import FeedServer

ORG = "ajuntament-proves"

WORKSPACE = """\
format = 1
channels = ["x", "mastodon", "bluesky"]

[organisation]
id = "ajuntament-proves"
name = "Ajuntament de Proves"
kind = "ayuntamiento"
languages = ["ca-valencia", "es"]
timezone = "Europe/Madrid"

[[units]]
id = "comunicacio"
name = "Comunicació"

[[units]]
id = "cultura"
name = "Cultura"

[[people]]
id = "marta"
name = "Marta Ferrer"
email = "marta@proves.example"
unit = "comunicacio"

[[people]]
id = "ana"
name = "Ana Soler"
email = "ana@proves.example"
unit = "comunicacio"

[[people]]
id = "carme"
name = "Carme Puig"
email = "carme@proves.example"
unit = "cultura"

[[roles]]
person = "marta"
role = "coordinator"

[[roles]]
person = "ana"
role = "approver"

[[roles]]
person = "carme"
role = "editor"
scope = "unit"
target = "cultura"

[[profiles]]
id = "x-cultura"
channel = "x"
handle = "@CulturaProves"
unit = "cultura"
languages = ["ca-valencia", "es"]

[[profiles]]
id = "mastodon-cultura"
channel = "mastodon"
handle = "@cultura@xarxa.proves.example"
unit = "cultura"
languages = ["ca-valencia", "es"]

[[profiles]]
id = "bluesky-cultura"
channel = "bluesky"
handle = "culturaproves.bsky.social"
unit = "cultura"
state = "archived"
state_since = 2025-01-10

[[profiles]]
id = "x-ajuntament"
channel = "x"
handle = "@AjProves"
unit = "comunicacio"

[policy]
version = "1"
coordinating_unit = "comunicacio"
approval_tiers = 1
"""


def rss(items: Sequence[dict[str, str]], *, language: str = "ca", extra: str = "") -> bytes:
    """An RSS 2.0 feed; each item's ``description`` goes in a CDATA section as it is (HTML)."""
    body = "".join(
        "<item>"
        + (f"<title>{escape(i['title'])}</title>" if "title" in i else "")
        + (f"<link>{escape(i['link'])}</link>" if "link" in i else "")
        + (f"<guid>{escape(i['guid'])}</guid>" if "guid" in i else "")
        + (
            f"<description><![CDATA[{i['description']}]]></description>"
            if "description" in i
            else ""
        )
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>Agenda de Proves</title><link>https://www.proves.example/</link>"
        f"<description>Agenda</description><language>{language}</language>{extra}{body}"
        "</channel></rss>"
    ).encode()


def atom(items: Sequence[dict[str, str]], *, lang: str = "es") -> bytes:
    """An Atom 1.0 feed; ``summary`` is HTML (``type="html"``, escaped)."""
    entries = "".join(
        "<entry>"
        f"<title>{escape(i['title'])}</title>"
        f'<link rel="alternate" href="{escape(i["link"])}"/>'
        f"<id>{escape(i.get('id', i['link']))}</id>"
        "<updated>2026-11-20T09:00:00Z</updated>"
        f'<summary type="html">{escape(i.get("summary", ""))}</summary>'
        "</entry>"
        for i in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
        f'xml:lang="{lang}"><title>Notícies</title><id>urn:proves:noticies</id>'
        f"<updated>2026-11-20T09:00:00Z</updated>{entries}</feed>"
    ).encode()


def json_feed(items: Sequence[object], *, language: str | None = "ca") -> bytes:
    """A JSON Feed 1.1 document."""
    data: dict[str, object] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Agenda de Proves",
        "home_page_url": "https://www.proves.example/",
        "items": list(items),
    }
    if language:
        data["language"] = language
    # ASCII, so a lone surrogate a test puts in is written as the escape a hostile feed sends
    return json.dumps(data).encode()


AGENDA = [
    {
        "title": "Concert de Santa Cecília",
        "link": "https://www.proves.example/agenda/concert",
        "description": "<p>La <b>banda</b> toca a l'Auditori diumenge a les 12.00 h.</p>",
    },
    {
        "title": "Teatre al carrer",
        "link": "https://www.proves.example/agenda/teatre",
        "description": "Dissabte a la plaça Major, a les 19.00 h.",
    },
    {
        "title": "Club de lectura",
        "link": "https://www.proves.example/agenda/club",
        "description": "Dimecres a la Biblioteca, a les 18.30 h.",
    },
]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1."""
    live = FeedServer("127.0.0.1")
    yield live
    live.stop()


@pytest.fixture
def other_server() -> Iterator[FeedServer]:
    """A second feed server, on another loopback address (127.0.0.2)."""
    live = FeedServer("127.0.0.2")
    yield live
    live.stop()


@pytest.fixture
def make_workspace(tmp_path: Path) -> Callable[[str], Path]:
    """Write the test workspace with ``sources`` (TOML) appended; returns its folder."""

    def make(sources: str) -> Path:
        (tmp_path / "govsm.toml").write_text(WORKSPACE + "\n" + sources, encoding="utf-8")
        return tmp_path

    return make


@pytest.fixture
def open_workspace() -> Iterator[Callable[[Path], Workspace]]:
    """Open (and load) workspaces, closed after the test."""
    opened: list[Workspace] = []

    def open_(path: Path) -> Workspace:
        ws = Workspace.open(path, host=PluginHost(entry_points=False))
        opened.append(ws)
        ws.load()
        return ws

    yield open_
    for ws in opened:
        ws.close()
