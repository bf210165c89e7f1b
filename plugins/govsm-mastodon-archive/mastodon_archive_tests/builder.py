"""Archives in Mastodon's real layout for a fictional council, built by the tests (seeded, no real people).

:class:`ArchiveBuilder` writes what Mastodon's *Request your archive* gives (``BackupService``
in Mastodon's source): ``outbox.json`` — an ``OrderedCollection`` of ``Create`` activities,
each with its ``Note``, and ``Announce`` activities for boosts — ``actor.json``, ``likes.json``,
``bookmarks.json``, the avatar and the media under ``media_attachments/files/…``. As a zip
(Mastodon 4.2 and later: JSON written by Rails' ``to_json``, which escapes ``<``, ``>`` and
``&`` as ``\\u003c``, ``\\u003e``, ``\\u0026``, the outbox first) or as a ``.tar.gz`` (older
servers: JSON written by ``Oj.dump``, the media first and ``actor.json`` last).

A status's HTML is made as Mastodon's ``TextFormatter`` makes it from the text the author typed,
put together from pieces (:class:`Words`, :class:`Link`, :class:`Mention`, :class:`Tag`): each
link shortened with its ``invisible`` and ``ellipsis`` spans, each mention an ``h-card`` showing
``@user`` alone, each hashtag a ``mention hashtag`` link, the text escaped and laid out in
paragraphs and ``<br />``. What the author typed is kept too (:attr:`ArchiveBuilder.sources`),
to count it as Mastodon counts it.

The council is the Ayuntamiento de Valdemora (``@ayuntamiento@social.valdemora.example``); the
other accounts, and every server, are made up too (``.example``).
"""

from __future__ import annotations

import io
import json
import random
import re
import tarfile
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from attrs import define, field, frozen

HOST = "social.valdemora.example"
USERNAME = "ayuntamiento"
ACTOR = f"https://{HOST}/users/{USERNAME}"
FOLLOWERS = f"{ACTOR}/followers"
PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
START = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)

#: the ``@context`` Mastodon 4.x puts at the top of ``outbox.json`` (``full_context``)
CONTEXT: list[Any] = [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
        "ostatus": "http://ostatus.org#",
        "atomUri": "ostatus:atomUri",
        "inReplyToAtomUri": "ostatus:inReplyToAtomUri",
        "conversation": "ostatus:conversation",
        "sensitive": "as:sensitive",
        "toot": "http://joinmastodon.org/ns#",
        "votersCount": "toot:votersCount",
        "blurhash": "toot:blurhash",
        "focalPoint": {"@container": "@list", "@id": "toot:focalPoint"},
        "Hashtag": "as:Hashtag",
        "Emoji": "toot:Emoji",
        "quote": {"@id": "https://w3id.org/fep/044f#quote", "@type": "@id"},
        "quoteUri": "http://fedibird.com/ns#quoteUri",
        "_misskey_quote": "https://misskey-hub.net/ns#_misskey_quote",
        "quoteAuthorization": {
            "@id": "https://w3id.org/fep/044f#quoteAuthorization",
            "@type": "@id",
        },
        "gts": "https://gotosocial.org/ns#",
        "interactionPolicy": {"@id": "gts:interactionPolicy", "@type": "@id"},
        "canQuote": {"@id": "gts:canQuote", "@type": "@id"},
        "automaticApproval": {"@id": "gts:automaticApproval", "@type": "@id"},
    },
]

_URL_PREFIX = re.compile(r"\A(https?://(www\.)?|xmpp:)")


def escape(text: str) -> str:
    """What Rails' ``h()`` makes of ``text``: ``&``, ``<``, ``>``, ``"`` and ``'`` escaped."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def shortened_link(url: str, *, new: bool = True) -> str:
    """A link as Mastodon's ``TextFormatter.shortened_link`` writes it."""
    prefix = _URL_PREFIX.match(url)
    head = prefix.group() if prefix else ""
    rest = url[len(head) :]
    display, suffix, cutoff = rest[:30], rest[30:], len(rest) > 30
    if new and len(suffix) == 1:
        display, suffix, cutoff = display + suffix, "", False
    rel = "nofollow noopener" if new else "nofollow noopener noreferrer"
    extra = ' translate="no"' if new else ""
    return (
        f'<a href="{escape(url)}" target="_blank" rel="{rel}"{extra}>'
        f'<span class="invisible">{escape(head)}</span>'
        f'<span class="{"ellipsis" if cutoff else ""}">{escape(display)}</span>'
        f'<span class="invisible">{escape(suffix)}</span></a>'
    )


def simple_format(html: str) -> str:
    """Rails' ``simple_format`` as Mastodon uses it: paragraphs, ``<br />``, no line feeds."""
    paragraphs = re.split(r"\n\n+", html.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for paragraph in paragraphs:
        paragraph = re.sub(r"([^\n]\n)(?=[^\n])", r"\1<br />", paragraph)
        out.append(f"<p>{paragraph}</p>")
    return "".join(out).replace("\n", "")


def to_json(value: Any) -> bytes:
    """JSON as Rails' ``to_json`` writes it: compact, UTF-8, ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()


def oj_dump(value: Any) -> bytes:
    """JSON as ``Oj.dump`` (older servers) writes it: compact, UTF-8, nothing else escaped."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


@frozen
class Words:
    """Plain text of a status."""

    text: str


@frozen
class Link:
    """A link, written whole by the author."""

    url: str


@frozen
class Mention:
    """``@username@domain`` (``domain`` ``None`` for the council's own server)."""

    username: str
    domain: str | None = None

    @property
    def actor(self) -> str:
        """The account's ActivityPub id."""
        return f"https://{self.domain or HOST}/users/{self.username}"

    @property
    def page(self) -> str:
        """The account's page (what the mention links to)."""
        return f"https://{self.domain or HOST}/@{self.username}"


@frozen
class Tag:
    """``#name``."""

    name: str


Piece = Words | Link | Mention | Tag


@frozen
class Photo:
    """An attached file, with its description (alt text) if any."""

    name: str
    alt: str | None = None
    media_type: str = "image/jpeg"
    width: int = 1600
    height: int = 1200


def _piece(piece: Piece, *, new: bool) -> tuple[str, str]:
    """What the author typed for ``piece``, and the HTML Mastodon makes of it."""
    if isinstance(piece, Words):
        return piece.text, escape(piece.text)
    if isinstance(piece, Link):
        return piece.url, shortened_link(piece.url, new=new)
    if isinstance(piece, Tag):
        href = f"https://{HOST}/tags/{piece.name.lower()}"
        return f"#{piece.name}", (
            f'<a href="{href}" class="mention hashtag" rel="tag">#<span>{escape(piece.name)}'
            "</span></a>"
        )
    typed = f"@{piece.username}" + (f"@{piece.domain}" if piece.domain else "")
    extra = ' translate="no"' if new else ""
    return typed, (
        f'<span class="h-card"{extra}><a href="{piece.page}" class="u-url mention">'
        f"@<span>{escape(piece.username)}</span></a></span>"
    )


@define
class ArchiveBuilder:
    """A Mastodon archive of the council, status by status; :meth:`write_zip` makes it.

    :param seed: makes the ids, hashes and file names the same every run.
    """

    seed: int = 2026
    username: str = USERNAME
    items: list[dict[str, Any]] = field(factory=list)
    media_files: dict[str, bytes] = field(factory=dict)
    #: what the author typed for each status, by the status's id (its ``source``)
    sources: dict[str, str] = field(factory=dict)
    #: the content warning of each status, by its id
    warnings: dict[str, str] = field(factory=dict)
    new: bool = True
    _clock: datetime = START
    _random: random.Random = field(init=False)

    def __attrs_post_init__(self) -> None:
        self._random = random.Random(self.seed)

    @property
    def actor(self) -> str:
        """The account's ActivityPub id."""
        return f"https://{HOST}/users/{self.username}"

    def _tick(self) -> tuple[datetime, str]:
        """The next moment, and an id Mastodon could have made then (milliseconds << 16)."""
        self._clock += timedelta(minutes=41, seconds=self._random.randint(0, 59))
        milliseconds = int(self._clock.timestamp() * 1000)
        return self._clock, str((milliseconds << 16) | self._random.randint(0, 0xFFFF))

    def _audience(
        self, visibility: str, mentions: Sequence[Mention]
    ) -> tuple[list[str], list[str]]:
        followers = f"{self.actor}/followers"
        mentioned = [m.actor for m in dict.fromkeys(mentions)]
        if visibility == "public":
            return [PUBLIC], [followers, *mentioned]
        if visibility == "unlisted":
            return [followers], [PUBLIC, *mentioned]
        if visibility == "private":
            return [followers], mentioned
        return mentioned, []

    def _media(self, photos: Sequence[Photo], prefix: str) -> list[dict[str, Any]]:
        found = []
        for photo in photos:
            media_id = str(self._random.randint(10**17, 10**18 - 1))
            partition = "/".join(media_id[i : i + 3] for i in range(0, 18, 3))
            extension = photo.media_type.split("/")[-1].replace("jpeg", "jpg")
            name = f"{self._random.getrandbits(64):016x}.{extension}"
            path = f"media_attachments/files/{partition}/original/{name}"
            self.media_files[path] = b"\xff\xd8\xff\xe0" + photo.name.encode()
            record: dict[str, Any] = {
                "type": "Document",
                "mediaType": photo.media_type,
                "url": prefix + path,
                "name": photo.alt,
                "blurhash": "UFGb[R~q00IU%MRjM{of00M{-;t7",
                "focalPoint": [0.0, 0.0],
                "width": photo.width,
                "height": photo.height,
            }
            found.append(record)
        return found

    def status(
        self,
        pieces: Sequence[Piece | str],
        *,
        visibility: str = "public",
        warning: str | None = None,
        language: str | None = "es",
        reply_to: str | None = None,
        photos: Sequence[Photo] = (),
        media_prefix: str = "",
        quote: tuple[str, str] | None = None,
        card: str | None = None,
        note_type: str = "Note",
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Add a status; return its ``Create`` activity.

        :param pieces: what the author typed (a ``str`` is plain words).
        :param visibility: ``public``, ``unlisted``, ``private`` (followers only) or ``direct``.
        :param warning: the content warning (``summary``).
        :param language: the status's language (``contentMap``'s key); ``None``: none.
        :param reply_to: the address of the post it answers (``inReplyTo``).
        :param photos: its media.
        :param media_prefix: what the archive writes before a medium's path (``"/"`` for a
            server that keeps media in object storage).
        :param quote: ``(address, page)`` of the post it quotes (Mastodon 4.5).
        :param card: the address of a link's preview card (listed among the attachments).
        :param note_type: ``Note``, or ``Question`` for a poll.
        :param extra: fields to add to the Note as they are.
        """
        moment, identifier = self._tick()
        typed, html = "", ""
        mentions: list[Mention] = []
        tags: list[Tag] = []
        for piece in pieces:
            piece = Words(piece) if isinstance(piece, str) else piece
            source, markup = _piece(piece, new=self.new)
            typed += source
            html += markup
            if isinstance(piece, Mention):
                mentions.append(piece)
            if isinstance(piece, Tag):
                tags.append(piece)
        content = simple_format(html) if typed.strip() else ""
        if quote is not None and quote[1] not in content:
            content = f'<p class="quote-inline">RE: {shortened_link(quote[1])}</p>{content}'
        address = f"{self.actor}/statuses/{identifier}"
        to, cc = self._audience(visibility, mentions)
        published = moment.isoformat().replace("+00:00", "Z")
        attachment = self._media(photos, media_prefix)
        if card is not None:
            attachment.append({"type": "Link", "href": card})
        note: dict[str, Any] = {
            "id": address,
            "type": note_type,
            "summary": warning,
            "inReplyTo": reply_to,
            "published": published,
            "url": f"https://{HOST}/@{self.username}/{identifier}",
            "attributedTo": self.actor,
            "to": to,
            "cc": cc,
            "sensitive": warning is not None,
            "atomUri": address,
            "inReplyToAtomUri": reply_to,
            "conversation": f"tag:{HOST},{moment:%Y-%m-%d}:objectId={identifier}:"
            "objectType=Conversation",
            "content": content,
        }
        if language is not None:
            note["contentMap"] = {language: content}
        note["attachment"] = attachment
        note["tag"] = [
            *(
                {"type": "Mention", "href": m.actor, "name": f"@{m.username}@{m.domain or HOST}"}
                for m in dict.fromkeys(mentions)
            ),
            *(
                {
                    "type": "Hashtag",
                    "href": f"https://{HOST}/tags/{t.name.lower()}",
                    "name": f"#{t.name.lower()}",
                }
                for t in tags
            ),
        ]
        note["replies"] = {
            "id": f"{address}/replies",
            "type": "Collection",
            "first": {
                "type": "CollectionPage",
                "next": f"{address}/replies?only_other_accounts=true&page=true",
                "partOf": f"{address}/replies",
                "items": [],
            },
        }
        note["likes"] = {
            "id": f"{address}/likes",
            "type": "Collection",
            "totalItems": self._random.randint(0, 40),
        }
        note["shares"] = {
            "id": f"{address}/shares",
            "type": "Collection",
            "totalItems": self._random.randint(0, 12),
        }
        if quote is not None:
            note["quote"] = quote[0]
            note["_misskey_quote"] = quote[0]
            note["quoteUri"] = quote[0]
            note["quoteAuthorization"] = (
                f"{quote[0].rsplit('/statuses/', 1)[0]}/quote_authorizations/{identifier}"
            )
        note["interactionPolicy"] = {
            "canQuote": {
                "automaticApproval": [
                    PUBLIC if visibility in ("public", "unlisted") else self.actor
                ]
            }
        }
        if note_type == "Question":
            note["oneOf"] = [
                {"type": "Note", "name": name, "replies": {"type": "Collection", "totalItems": 3}}
                for name in ("Sí", "No")
            ]
            note["endTime"] = (moment + timedelta(days=1)).isoformat().replace("+00:00", "Z")
            note["votersCount"] = 6
        note.update(extra or {})
        activity = {
            "id": f"{address}/activity",
            "type": "Create",
            "actor": self.actor,
            "published": published,
            "to": to,
            "cc": cc,
            "object": note,
        }
        self.items.append(activity)
        self.sources[identifier] = typed
        if warning is not None:
            self.warnings[identifier] = warning
        return activity

    def boost(self, boosted: str, author: str, *, visibility: str = "public") -> dict[str, Any]:
        """Add a boost of the post at ``boosted`` by the account ``author`` (an actor's id)."""
        moment, identifier = self._tick()
        to, cc = self._audience(visibility, [])
        activity = {
            "id": f"{self.actor}/statuses/{identifier}/activity",
            "type": "Announce",
            "actor": self.actor,
            "published": moment.isoformat().replace("+00:00", "Z"),
            "to": to,
            "cc": [author, *cc],
            "object": boosted,
        }
        self.items.append(activity)
        return activity

    def actor_record(self) -> dict[str, Any]:
        """``actor.json``, as Mastodon's ``ActivityPub::ActorSerializer`` writes it."""
        return {
            "@context": [
                "https://www.w3.org/ns/activitystreams",
                "https://w3id.org/security/v1",
                {"manuallyApprovesFollowers": "as:manuallyApprovesFollowers"},
            ],
            "id": self.actor,
            "type": "Person",
            "following": f"{self.actor}/following",
            "followers": f"{self.actor}/followers",
            "inbox": f"{self.actor}/inbox",
            "outbox": "outbox.json",
            "featured": f"{self.actor}/collections/featured",
            "featuredTags": f"{self.actor}/collections/tags",
            "preferredUsername": self.username,
            "name": "Ayuntamiento de Valdemora",
            "summary": "<p>Cuenta oficial del Ayuntamiento de Valdemora.</p>",
            "url": f"https://{HOST}/@{self.username}",
            "manuallyApprovesFollowers": False,
            "discoverable": True,
            "indexable": True,
            "published": "2022-11-07T00:00:00Z",
            "memorial": False,
            "publicKey": {
                "id": f"{self.actor}#main-key",
                "owner": self.actor,
                "publicKeyPem": "-----BEGIN PUBLIC KEY-----\nMIIBIjANBg…\n-----END PUBLIC KEY-----\n",
            },
            "tag": [],
            "attachment": [{"type": "PropertyValue", "name": "Web", "value": "valdemora.example"}],
            "endpoints": {"sharedInbox": f"https://{HOST}/inbox"},
            "icon": {"type": "Image", "mediaType": "image/png", "url": "avatar.png"},
            "likes": "likes.json",
            "bookmarks": "bookmarks.json",
        }

    def outbox(self, *, new: bool | None = None) -> bytes:
        """``outbox.json``, as Mastodon writes it (``to_json``; ``Oj.dump`` before 4.2)."""
        new = self.new if new is None else new
        collection: dict[str, Any] = {
            "@context": CONTEXT if new else "https://www.w3.org/ns/activitystreams",
            "id": "outbox.json",
            "type": "OrderedCollection",
            "totalItems": len(self.items),
            "orderedItems": self.items,
        }
        return (to_json if new else oj_dump)(collection)

    def members(self, *, new: bool | None = None) -> dict[str, bytes]:
        """The archive's members, by name, in the order Mastodon writes them."""
        new = self.new if new is None else new
        dump = to_json if new else oj_dump
        liked = {
            "@context": "https://www.w3.org/ns/activitystreams",
            "id": "likes.json",
            "type": "OrderedCollection",
            "orderedItems": [
                "https://cultura.example/users/biblioteca/statuses/111999000000000001"
            ],
        }
        marked = {**liked, "id": "bookmarks.json", "orderedItems": []}
        avatar = {"avatar.png": b"\x89PNG\r\n\x1a\nvaldemora"}
        if new:
            return {
                "outbox.json": self.outbox(new=True),
                **self.media_files,
                "likes.json": dump(liked),
                "bookmarks.json": dump(marked),
                **avatar,
                "actor.json": dump(self.actor_record()),
            }
        return {
            **self.media_files,
            "outbox.json": self.outbox(new=False),
            "likes.json": dump(liked),
            "bookmarks.json": dump(marked),
            **avatar,
            "actor.json": dump(self.actor_record()),
        }

    def _contents(
        self, replace: dict[str, bytes] | None, extra: dict[str, bytes] | None, folder: str
    ) -> dict[str, bytes]:
        members = self.members()
        members.update(replace or {})
        return {folder + name: content for name, content in {**members, **(extra or {})}.items()}

    def write_zip(
        self,
        path: Path,
        *,
        replace: dict[str, bytes] | None = None,
        extra: dict[str, bytes] | None = None,
        folder: str = "",
    ) -> Path:
        """Write the archive as a zip (Mastodon 4.2 and later) at ``path``.

        :param replace: members whose content to write instead of the built one.
        :param extra: members to add (hostile names included: nothing checks them here).
        :param folder: a folder to put everything in (an archive unpacked and packed again).
        """
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in self._contents(replace, extra, folder).items():
                archive.writestr(name, content)
        return path

    def write_tar(
        self,
        path: Path,
        *,
        replace: dict[str, bytes] | None = None,
        extra: dict[str, bytes] | None = None,
    ) -> Path:
        """Write the archive as a ``.tar.gz`` (servers before Mastodon 4.2) at ``path``."""
        with tarfile.open(path, "w:gz") as archive:
            for name, content in self._contents(replace, extra, "").items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                info.mode = 0o444
                info.mtime = int(START.timestamp())
                archive.addfile(info, io.BytesIO(content))
        return path


#: the statuses of :func:`council_archive`, in order, by what each shows
KINDS = (
    "warning",
    "reply",
    "direct",
    "boost",
    "photos",
    "long-link",
    "entities",
    "quote",
    "followers",
    "unlisted",
    "poll",
)

PARENT = "https://otra.example/users/vecina_sanroque/statuses/111998000000000007"
QUOTED = (
    "https://cultura.example/users/biblioteca/statuses/111999000000000001",
    "https://cultura.example/@biblioteca/111999000000000001",
)
BOOSTED = "https://cultura.example/users/biblioteca/statuses/111999000000000002"
LONG_LINK = (
    "https://www.valdemora.example/participa/presupuestos-participativos-2024/"
    "propuestas?barrio=san-roque&orden=votos"
)


def council_archive(builder: ArchiveBuilder | None = None) -> ArchiveBuilder:
    """The council's archive with one status of each kind the importer must tell apart (:data:`KINDS`).

    In ``builder.items`` in this order: a post in Catalan behind a content warning with a
    hashtag; a reply to a neighbour on another server, mentioning her and the school's
    association; a direct message; a boost of the library's post; a post with two photos (one
    described, one not) and a preview card; a post with a long link; a post with ``&``, ``<``,
    ``>`` and quotes; a quote of the library's post (Mastodon 4.5); a followers-only post; an
    unlisted one; a poll.
    """
    built = builder or ArchiveBuilder()
    built.status(
        ["Talls de trànsit al carrer Major per les obres. ", Tag("ObresValdemora")],
        warning="Obres i talls de trànsit",
        language="ca",
    )
    built.status(
        [
            Mention("vecina_sanroque", "otra.example"),
            " ",
            Mention("ampa_cervantes", "escuelas.example"),
            " Gracias por avisar: la farola de la calle Mayor ya está arreglada.",
        ],
        reply_to=PARENT,
    )
    built.status(
        [
            Mention("vecina_sanroque", "otra.example"),
            " Le escribimos por privado con el número de expediente.",
        ],
        visibility="direct",
        reply_to=PARENT,
    )
    built.boost(BOOSTED, "https://cultura.example/users/biblioteca")
    built.status(
        ["Abre la nueva biblioteca municipal del barrio de San Roque."],
        photos=(
            Photo("fachada", alt="Fachada de la biblioteca con el cartel de apertura"),
            Photo("sala", media_type="image/png", width=1200, height=800),
        ),
        card="https://valdemora.example/biblioteca",
    )
    built.status(
        ["Presupuestos participativos: vota las propuestas de tu barrio ", Link(LONG_LINK)]
    )
    built.status(
        ["Temperaturas <5 °C esta noche y >30 °C el jueves: abrigo & agua. \"Ojo\" al 'calor'."]
    )
    built.status(["Mirad lo que ha preparado la biblioteca para este sábado 👇"], quote=QUOTED)
    built.status(
        ["Solo para quienes nos siguen: recordatorio del pleno del jueves."], visibility="private"
    )
    built.status(
        ["Resumen de la semana en el ayuntamiento.\n\nLínea uno\nLínea dos"], visibility="unlisted"
    )
    built.status(["¿Preferís el mercadillo el sábado?"], note_type="Question")
    return built
