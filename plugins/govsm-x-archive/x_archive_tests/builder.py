"""Archives in X's real layout for a fictional council, built by the tests (seeded, no real people).

:class:`ArchiveBuilder` writes what X's "Download an archive of your data" gives: a zip with
``data/account.js``, ``data/tweets.js`` (and ``data/tweets-part1.js``… when asked),
``data/note-tweet.js`` and the media files, each a ``window.YTD.<name>.partN = [ … ]`` script
with X's pretty-printing (``"key" : value``), numbers written as strings, ``full_text`` with
``&``, ``<`` and ``>`` escaped, and every index — ``display_text_range``, each entity's
``indices`` — counted as X counts: code points of the escaped text.

A tweet's text is put together from pieces (:class:`Words`, :class:`Link`, :class:`Mention`,
:class:`Tag`), so each entity's indices are where the piece lands, whatever comes before it
(emoji, escapes). The council is the Ayuntamiento de Valdemora (``@AytoValdemora``); the other
accounts are made up too.
"""

from __future__ import annotations

import json
import random
import string
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

USERNAME = "AytoValdemora"
ACCOUNT_ID = "1400000000000000001"
START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
_EPOCH_MS = 1_288_834_974_657
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def x_escape(text: str) -> str:
    """What X stores for ``text``: ``&``, ``<`` and ``>`` escaped, nothing else."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def x_date(moment: datetime) -> str:
    """``moment`` as X writes ``created_at``: ``Wed Oct 10 20:19:24 +0000 2018``."""
    moment = moment.astimezone(UTC)
    return (
        f"{_WEEKDAYS[moment.weekday()]} {_MONTHS[moment.month - 1]} {moment.day:02d} "
        f"{moment:%H:%M:%S} +0000 {moment.year}"
    )


def snowflake(moment: datetime, sequence: int = 0) -> str:
    """An id X could have made at ``moment``."""
    milliseconds = int(moment.timestamp() * 1000) - _EPOCH_MS
    return str((milliseconds << 22) | (sequence & 0xFFF))


def ytd(name: str, items: Sequence[Any], part: int = 0) -> bytes:
    """A ``window.YTD`` script as X writes it."""
    body = json.dumps(list(items), indent=2, separators=(",", " : "), ensure_ascii=False)
    return f"window.YTD.{name}.part{part} = {body}".encode()


@frozen
class Words:
    """Plain text of a tweet (escaped as X escapes it)."""

    text: str


@frozen
class Link:
    """A link: written as its ``t.co`` address, standing for ``expanded``."""

    expanded: str


@frozen
class Mention:
    """``@screen_name``."""

    screen_name: str


@frozen
class Tag:
    """``#text``."""

    text: str


Piece = Words | Link | Mention | Tag


@frozen
class Photo:
    """An attached photo (or video, or GIF), with its alt text if any."""

    name: str
    alt: str | None = None
    kind: str = "photo"


@define
class ArchiveBuilder:
    """An X archive of the council, tweet by tweet; :meth:`write` makes the zip.

    :param seed: makes the ``t.co`` codes and counts the same every run.
    """

    seed: int = 2026
    username: str = USERNAME
    tweets: list[dict[str, Any]] = field(factory=list)
    notes: list[dict[str, Any]] = field(factory=list)
    media_files: dict[str, bytes] = field(factory=dict)
    _clock: datetime = START
    _random: random.Random = field(init=False)

    def __attrs_post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def tco(self) -> str:
        """A fresh ``t.co`` link."""
        code = "".join(self._random.choices(string.ascii_letters + string.digits, k=10))
        return f"https://t.co/{code}"

    def _tick(self) -> datetime:
        self._clock += timedelta(minutes=37, seconds=self._random.randint(0, 59))
        return self._clock

    def tweet(
        self,
        pieces: Sequence[Piece | str],
        *,
        reply_to: tuple[str, str] | None = None,
        leading: Sequence[str] = (),
        photos: Sequence[Photo] = (),
        quote: tuple[str, str] | None = None,
        lang: str = "es",
        long_text: str | None = None,
        note_created: datetime | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Add a tweet; return its record (what is inside ``{"tweet": …}``).

        :param pieces: the author's text (a ``str`` is plain words).
        :param reply_to: ``(screen name, tweet id)`` of the post it answers.
        :param leading: the @mentions X puts before a reply's text (without ``@``).
        :param photos: attachments: X appends one ``t.co`` link for them, outside the range.
        :param quote: ``(screen name, tweet id)`` of the post it quotes: its link ends the text.
        :param long_text: a long post's whole text: the tweet is cut to 275 characters and
            ``…``, and the note keeps the whole.
        :param note_created: when the note was made (the tweet's moment by default).
        :param extra: fields to add to the record as they are.
        """
        moment = self._tick()
        identifier = snowflake(moment, len(self.tweets))
        escaped = ""
        entities: dict[str, list[dict[str, Any]]] = {
            "hashtags": [],
            "symbols": [],
            "user_mentions": [],
            "urls": [],
        }

        def mention(name: str) -> None:
            nonlocal escaped
            start = len(escaped)
            escaped += "@" + name
            entities["user_mentions"].append(
                {
                    "name": name.replace("_", " "),
                    "screen_name": name,
                    "indices": [str(start), str(len(escaped))],
                    "id_str": str(self._random.randint(10**9, 10**10)),
                    "id": str(self._random.randint(10**9, 10**10)),
                }
            )

        for name in leading:
            mention(name)
            escaped += " "
        display_start = len(escaped)
        if long_text is not None:
            cut = long_text[:275].rstrip() + "…"
            pieces = [cut]
        for piece in pieces:
            if isinstance(piece, str):
                piece = Words(piece)
            if isinstance(piece, Words):
                escaped += x_escape(piece.text)
            elif isinstance(piece, Mention):
                mention(piece.screen_name)
            elif isinstance(piece, Tag):
                start = len(escaped)
                escaped += "#" + piece.text
                entities["hashtags"].append(
                    {"text": piece.text, "indices": [str(start), str(len(escaped))]}
                )
            else:
                self._link(entities, escaped, piece.expanded)
                escaped += entities["urls"][-1]["url"]
        display_end = len(escaped)
        record: dict[str, Any] = {
            "edit_info": {
                "initial": {
                    "editTweetIds": [identifier],
                    "editableUntil": (moment + timedelta(hours=1))
                    .isoformat(timespec="milliseconds")
                    .replace("+00:00", "Z"),
                    "editsRemaining": "5",
                    "isEditEligible": True,
                }
            },
            "retweeted": False,
            "source": '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
            "entities": entities,
            "display_text_range": [str(display_start), str(display_end)],
            "favorite_count": str(self._random.randint(0, 80)),
            "id_str": identifier,
            "truncated": False,
            "retweet_count": str(self._random.randint(0, 20)),
            "id": identifier,
            "created_at": x_date(moment),
            "favorited": False,
            "full_text": escaped,
            "lang": lang,
        }
        if quote is not None:
            escaped += " "
            address = f"https://twitter.com/{quote[0]}/status/{quote[1]}"
            self._link(entities, escaped, address)
            escaped += entities["urls"][-1]["url"]
            record["full_text"] = escaped
        if photos:
            escaped += " "
            record["extended_entities"] = {"media": self._media(identifier, escaped, photos)}
            entities["media"] = [dict(record["extended_entities"]["media"][0])]
            escaped += record["extended_entities"]["media"][0]["url"]
            record["full_text"] = escaped
            record["possibly_sensitive"] = False
        if reply_to is not None:
            record["in_reply_to_status_id_str"] = reply_to[1]
            record["in_reply_to_status_id"] = reply_to[1]
            record["in_reply_to_screen_name"] = reply_to[0]
            record["in_reply_to_user_id"] = "1500000000000000002"
            record["in_reply_to_user_id_str"] = "1500000000000000002"
        if long_text is not None:
            self._note(long_text, note_created or moment + timedelta(milliseconds=40))
        record.update(extra or {})
        self.tweets.append(record)
        return record

    def repost(self, author: str, text: str) -> dict[str, Any]:
        """Add a repost of ``@author``'s ``text`` as X keeps it: ``RT @author: …``, cut at 140."""
        shown = f"RT @{author}: {text}"
        if len(shown) > 140:
            shown = shown[:139] + "…"
        record = self.tweet([shown])
        mention_end = 4 + len(author)
        record["entities"]["user_mentions"] = [
            {
                "name": author,
                "screen_name": author,
                "indices": ["3", str(mention_end)],
                "id_str": "1500000000000000003",
                "id": "1500000000000000003",
            }
        ]
        return record

    def _link(self, entities: dict[str, list[dict[str, Any]]], before: str, address: str) -> None:
        url = self.tco()
        start = len(before)
        shown = address.split("://", 1)[-1]
        entities["urls"].append(
            {
                "url": url,
                "expanded_url": address,
                "display_url": shown if len(shown) <= 26 else shown[:25] + "…",
                "indices": [str(start), str(start + len(url))],
            }
        )

    def _media(self, identifier: str, before: str, photos: Sequence[Photo]) -> list[dict[str, Any]]:
        url = self.tco()
        start = len(before)
        media = []
        for number, photo in enumerate(photos, 1):
            media_id = str(int(identifier) + number)
            file_name = f"{photo.name}.jpg"
            item: dict[str, Any] = {
                "expanded_url": f"https://twitter.com/{self.username}/status/{identifier}"
                f"/{'video' if photo.kind == 'video' else 'photo'}/{number}",
                "indices": [str(start), str(start + len(url))],
                "url": url,
                "media_url": f"http://pbs.twimg.com/media/{photo.name}.jpg",
                "id_str": media_id,
                "id": media_id,
                "media_url_https": f"https://pbs.twimg.com/media/{photo.name}.jpg",
                "sizes": {"large": {"w": "2048", "h": "1365", "resize": "fit"}},
                "type": photo.kind,
                "display_url": "pic.twitter.com/" + url.rsplit("/", 1)[-1],
            }
            if photo.alt is not None:
                item["ext_alt_text"] = photo.alt
            media.append(item)
            self.media_files[f"data/tweets_media/{identifier}-{file_name}"] = (
                b"\xff\xd8\xff\xe0" + photo.name.encode()
            )
        return media

    def _note(self, text: str, created: datetime) -> None:
        self.notes.append(
            {
                "noteTweet": {
                    "noteTweetId": snowflake(created, 7),
                    "updatedAt": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "lifecycle": {
                        "value": "0",
                        "name": "Draft",
                        "originalName": "Draft",
                        "annotations": {},
                    },
                    "createdAt": created.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                    "core": {
                        "styletags": [],
                        "urls": [],
                        "text": text,
                        "mentions": [],
                        "cashtags": [],
                        "hashtags": [],
                    },
                }
            }
        )

    def account(self) -> dict[str, Any]:
        """``account.js``'s one item."""
        return {
            "account": {
                "email": "comunicacion@valdemora.example",
                "createdVia": "web",
                "username": self.username,
                "accountId": ACCOUNT_ID,
                "createdAt": "2011-06-23T13:04:14.000Z",
                "accountDisplayName": "Ayuntamiento de Valdemora",
            }
        }

    def members(self, *, parts: int = 1, tweet_file: str = "tweets") -> dict[str, bytes]:
        """The archive's members, by name: the tweets split over ``parts`` files."""
        members = {"data/account.js": ytd("account", [self.account()])}
        wrapped = [{"tweet": record} for record in self.tweets]
        size = max(1, -(-len(wrapped) // parts))
        for part in range(parts):
            name = f"data/{tweet_file}.js" if part == 0 else f"data/{tweet_file}-part{part}.js"
            members[name] = ytd(tweet_file, wrapped[part * size : (part + 1) * size], part)
        if self.notes:
            members["data/note-tweet.js"] = ytd("note_tweet", self.notes)
        members["data/like.js"] = ytd("like", [])
        members.update(self.media_files)
        return members

    def write(
        self,
        path: Path,
        *,
        parts: int = 1,
        tweet_file: str = "tweets",
        replace: dict[str, bytes] | None = None,
        extra: dict[str, bytes] | None = None,
    ) -> Path:
        """Write the zip at ``path``.

        :param replace: members whose content to write instead of the built one.
        :param extra: members to add (hostile names included: nothing checks them here).
        """
        members = self.members(parts=parts, tweet_file=tweet_file)
        members.update(replace or {})
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in {**members, **(extra or {})}.items():
                archive.writestr(name, content)
        return path


def council_archive(builder: ArchiveBuilder | None = None) -> ArchiveBuilder:
    """The council's archive with one tweet of each kind the importer must tell apart.

    The records are in ``builder.tweets`` in this order: a plain post with an escaped ``&`` and
    a hashtag; a reply with two leading mentions; a photo post with alt text; a quote; a
    repost; emoji before a link; a long post; a post with ``<`` and ``>``; a video without
    alt text.
    """
    built = builder or ArchiveBuilder()
    built.tweet(
        ["Teatro & música en la plaza este sábado. ", Tag("FiestasValdemora"), " ¡Os esperamos!"]
    )
    first = built.tweets[0]["id_str"]
    built.tweet(
        ["Gracias por avisar: la farola de la calle Mayor ya está arreglada."],
        reply_to=("vecina_sanroque", "1500000000000000100"),
        leading=("vecina_sanroque", "AMPA_Cervantes"),
    )
    built.tweet(
        ["Abre la nueva biblioteca municipal del barrio de San Roque."],
        photos=(Photo("biblioteca", alt="Fachada de la biblioteca con el cartel de apertura"),),
    )
    built.tweet(
        ["Mirad lo que ha preparado la biblioteca para este sábado 👇"],
        quote=("BiblioValdemora", "1500000000000000200"),
    )
    built.repost("BiblioValdemora", "Cuentacuentos en la biblioteca el sábado a las 11:00.")
    built.tweet(["Inscripciones abiertas 🎉🏃‍♀️ ", Link("https://valdemora.example/carrera")])
    built.tweet(
        [],
        long_text=(
            "Presupuestos participativos 2024: "
            + "vecinas y vecinos de Valdemora, podéis presentar propuestas hasta el 30 de abril "
            * 5
        ).strip(),
    )
    built.tweet(["Temperaturas <5 °C esta noche y >30 °C el jueves: abrigo & agua."])
    built.tweet(["Así quedó el parque tras las obras."], photos=(Photo("parque", kind="video"),))
    assert first == built.tweets[0]["id_str"]
    return built
