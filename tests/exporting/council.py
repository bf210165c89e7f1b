"""A small fictional council to export: its govsm.toml, its history, and sources over lists.

The Ajuntament de Soldeneu is govsm's fictional example council; this is a smaller version of it,
written for the export tests: four units (the library hangs from Cultura), six profiles in every
state an export must tell apart, and a history with published posts, a reply, a quote, a repost,
a draft, a direct message and a citizen's mention.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from govsm.model import (
    Channel,
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Organisation,
    OrganisationKind,
    Profile,
    Unit,
)
from govsm.plugins import PluginHost
from govsm.spec.export_source import (
    ExportItem,
    ExportSource,
    MessageQuery,
    Selection,
    message_moment,
)

ORGANISATION = "ajuntament-soldeneu"

GOVSM_TOML = """\
format = 1
channels = ["x", "mastodon", "facebook", "tuenti"]

[organisation]
id = "ajuntament-soldeneu"
name = "Ajuntament de Soldeneu"
kind = "ayuntamiento"
languages = ["ca-valencia", "es"]
timezone = "Europe/Madrid"
website = "https://www.soldeneu.example"
domains = ["soldeneu.example"]

[[units]]
id = "comunicacio"
name = "Comunicació"

[[units]]
id = "cultura"
name = "Cultura"

[[units]]
id = "biblioteca"
name = "Biblioteca Municipal"
parent = "cultura"

[[units]]
id = "esports"
name = "Esports"

[[people]]
id = "marta-soler"
name = "Marta Soler Gil"
email = "marta.soler@soldeneu.example"
unit = "comunicacio"

[[roles]]
person = "marta-soler"
role = "coordinator"

[[profiles]]
id = "x-ajuntament"
channel = "x"
handle = "@AjSoldeneu"
name = "Ajuntament de Soldeneu"
url = "https://x.com/AjSoldeneu"
unit = "comunicacio"
responsible = ["marta-soler"]
opened_on = 2011-02-14

[[profiles]]
id = "mastodon-ajuntament"
channel = "mastodon"
handle = "@ajuntament@xarxa.soldeneu.example"
url = "https://xarxa.soldeneu.example/@ajuntament"
unit = "comunicacio"
responsible = ["marta-soler"]

[[profiles]]
id = "facebook-cultura"
channel = "facebook"
handle = "CulturaSoldeneu"
name = "Cultura Soldeneu"
url = "https://www.facebook.com/CulturaSoldeneu"
unit = "cultura"
responsible = ["marta-soler"]

[[profiles]]
id = "facebook-biblioteca"
channel = "facebook"
handle = "BibliotecaSoldeneu"
url = "https://www.facebook.com/BibliotecaSoldeneu"
unit = "biblioteca"
responsible = ["marta-soler"]
state = "dormant"
state_since = 2026-01-10

[[profiles]]
id = "tuenti-esports"
channel = "tuenti"
handle = "EsportsSoldeneu"
url = "https://www.tuenti.com/esportssoldeneu"
unit = "esports"
responsible = ["marta-soler"]
state = "archived"
state_since = 2016-05-01

[[profiles]]
id = "x-esports"
channel = "x"
handle = "@EsportsSoldeneu"
unit = "esports"
responsible = ["marta-soler"]

[policy]
version = "2026.1"
coordinating_unit = "comunicacio"
"""

#: the day the history starts
START = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def record(
    ident: str,
    profile: str,
    text: str,
    *,
    hours: float,
    kind: str = "post",
    state: str = "published",
    direction: str = "outbound",
    **extra: Any,
) -> dict[str, Any]:
    """One line of the history: written at START + hours, published ten minutes later."""
    created = START + timedelta(hours=hours)
    data: dict[str, Any] = {
        "id": ident,
        "profile": profile,
        "direction": direction,
        "kind": kind,
        "state": state,
        "text": text,
        "created_at": created.isoformat(),
        "language": "ca-valencia",
    }
    if state == "published":
        data["published_at"] = (created + timedelta(minutes=10)).isoformat()
        data.setdefault("remote_id", str(1_800_000_000_000_000_000 + int(hours * 100)))
    data.update(extra)
    return data


HISTORY: list[dict[str, Any]] = [
    record("x-0001", "x-ajuntament", "La piscina municipal obri dissabte. #EstiuSoldeneu", hours=0),
    record(
        "x-0002",
        "x-ajuntament",
        "Tall de trànsit al carrer Major per obres, de 8.00 a 14.00.",
        hours=24,
        links=["https://www.soldeneu.example/obres"],
    ),
    record(
        "x-0003",
        "x-ajuntament",
        "@veina Gràcies, ja ho hem passat a l'àrea.",
        hours=30,
        kind="reply",
        reply_to="x-0002",
    ),
    record("x-0004", "x-ajuntament", "", hours=31, kind="repost", original_author="@policia"),
    record("x-0005", "x-ajuntament", "Esborrany del ban de festes", hours=40, state="draft"),
    record(
        "mastodon-0001",
        "mastodon-ajuntament",
        "Avís: obres a la plaça.\n\nEl mercat es trasllada al passeig.",
        hours=48,
        content_warning="Obres",
        url="https://xarxa.soldeneu.example/@ajuntament/110000000000000001",
        media=[
            {
                "kind": "image",
                "location": "https://xarxa.soldeneu.example/media/placa.jpg",
                "alt_text": "La plaça Major amb les tanques de les obres",
                "mime_type": "image/jpeg",
                "size": 120000,
            }
        ],
    ),
    record(
        "mastodon-0002",
        "mastodon-ajuntament",
        "Mira què diu la Biblioteca!",
        hours=50,
        kind="quote",
    ),
    record(
        "cultura-0001",
        "facebook-cultura",
        "Concert a la plaça dissabte a les 22.00.",
        hours=60,
        title="Concert d'estiu",
        language="ca-valencia",
    ),
    record("biblioteca-0001", "facebook-biblioteca", "Club de lectura: dijous.", hours=72),
    record("esports-0001", "x-esports", "Inscripcions obertes per al 10K.", hours=80),
    record(
        "x-dm-0001",
        "x-ajuntament",
        "Li responem per missatge directe: el seu expedient és el 123.",
        hours=81,
        kind="direct",
    ),
    record(
        "x-in-0001",
        "x-ajuntament",
        "@AjSoldeneu quan obri la piscina?",
        hours=82,
        kind="mention",
        state="new",
        direction="inbound",
        author="@veina",
    ),
]

#: the messages a feed of the whole organisation holds, newest first
PUBLISHED_FEED = [
    "esports-0001",
    "biblioteca-0001",
    "cultura-0001",
    "mastodon-0002",
    "mastodon-0001",
    "x-0003",
    "x-0002",
    "x-0001",
]


def write_workspace(folder: Path, history: Iterable[dict[str, Any]] = HISTORY) -> Path:
    """Write the council's govsm.toml and history into ``folder``; return the folder."""
    (folder / "history").mkdir(parents=True, exist_ok=True)
    (folder / "govsm.toml").write_text(
        GOVSM_TOML + '\n[archives]\nmessages = ["history/*.jsonl"]\n', encoding="utf-8"
    )
    lines = [json.dumps(item, ensure_ascii=False) for item in history]
    (folder / "history" / "messages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def host() -> PluginHost:
    """A fresh plugin host with the built-in plugins only."""
    return PluginHost(entry_points=False)


@functools.cache
def channels() -> tuple[Channel, ...]:
    """The built-in channels, read once."""
    return tuple(host().channels().values())


# --- sources over lists, for the round trips --------------------------------------------------

THE_ORGANISATION = Organisation(
    id=ORGANISATION,
    name="Ajuntament de Soldeneu",
    kind=OrganisationKind.AYUNTAMIENTO,
    languages=("ca-valencia", "es"),
    timezone="Europe/Madrid",
    website="https://www.soldeneu.example",
    domains=("soldeneu.example",),
)
UNITS = (Unit(organisation=ORGANISATION, id="comunicacio", name="Comunicació"),)
PROFILES = (
    Profile(
        organisation=ORGANISATION,
        id="x-ajuntament",
        channel="x",
        handle="@AjSoldeneu",
        unit="comunicacio",
        url="https://x.com/AjSoldeneu",
    ),
)


def post(ident: str, text: str, when: datetime, **extra: Any) -> Message:
    """A published post of ``x-ajuntament``."""
    return Message(
        organisation=ORGANISATION,
        id=ident,
        profile="x-ajuntament",
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=text,
        created_at=when,
        published_at=when,
        **extra,
    )


def image(location: str, alt: str) -> Media:
    """A public JPEG with its description."""
    return Media(kind=MediaKind.IMAGE, location=location, alt_text=alt, mime_type="image/jpeg")


def memory_source(
    messages: list[Message], selection: Selection | None = None, *, now: datetime = START
) -> ExportSource:
    """An export source over a list, ordered and filtered as the store does."""

    def select(query: MessageQuery) -> list[Message]:
        chosen = sorted(
            (m for m in messages if query.admits(m)),
            key=lambda m: (message_moment(m), m.id),
            reverse=True,
        )[: query.limit]
        return chosen if query.newest_first else chosen[::-1]

    def read(query: MessageQuery) -> Iterator[ExportItem]:
        return iter([ExportItem(m, m.url, () if query.findings else None) for m in select(query)])

    return ExportSource(
        organisation=THE_ORGANISATION,
        generated_at=now,
        read=read,
        count=lambda query: len(select(query)),
        units=UNITS,
        profiles=PROFILES,
        channels=channels(),
        selection=selection or Selection(),
    )
