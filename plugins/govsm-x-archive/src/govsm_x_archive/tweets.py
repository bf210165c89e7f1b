"""One tweet of X's archive as a govsm message.

Each item of ``tweets.js`` is ``{"tweet": {…}}`` in the form of X's API v1.1, with numbers as
strings. What govsm makes of it:

* **text**: ``full_text`` as X showed it — ``&amp;``, ``&lt;``, ``&gt;`` undone, the ``t.co``
  links kept (:mod:`govsm_x_archive.escapes`); a long post's whole text from its note
  (:mod:`govsm_x_archive.notes`);
* **counted range**: ``display_text_range``, the part X counts and shows as the author's words —
  after a reply's leading @mentions, before the ``t.co`` link X appends for a photo, a video or a
  quoted post — turned from X's indices into places of the text;
* **kind**: ``repost`` for ``RT @author: …`` (archives say ``retweeted: false`` even then);
  ``reply`` when it answers a post (``in_reply_to_status_id_str``); ``quote`` when it ends with
  the ``t.co`` link of a post's address (``x.com/<handle>/status/<id>``) or says
  ``is_quote_status``/``quoted_status_id_str``; else ``post``;
* **links**: the addresses the text's ``t.co`` links stand for (``expanded_url``);
  **appended links**: the trailing ``t.co`` links X added for attachments or a quoted post;
* **media**: each photo, video or GIF with its alt text (``ext_alt_text``) when X kept it;
* outbound, published at ``created_at``, ``remote_id`` the tweet's id, id ``x-<id>``, address
  ``https://x.com/<handle>/status/<id>`` when the handle is known.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from attrs import frozen

from govsm.errors import ConfigError
from govsm.model import (
    Direction,
    Media,
    MediaKind,
    Message,
    MessageKind,
    MessageState,
    Span,
)
from govsm_x_archive.escapes import Anchor, Unescaped, best_frame, unescape
from govsm_x_archive.notes import Note
from govsm_x_archive.records import (
    ID,
    created_at,
    indices,
    items,
    mapping,
    snowflake_time,
    text_field,
)

#: the start of a repost as X writes it
REPOST = re.compile(r"RT @([A-Za-z0-9_]{1,15}):")

#: a post's address: a quoted post's link stands for one
STATUS = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/([A-Za-z0-9_]{1,15})/status(?:es)?/([0-9]+)"
    r"(?:[/?#].*)?\Z"
)

#: a reply's leading @mentions, for a reply X gave no ``display_text_range``
_LEADING_MENTIONS = re.compile(r"(?:@[A-Za-z0-9_]{1,15}\s+)+")

_MEDIA_KINDS = {
    "photo": MediaKind.IMAGE,
    "video": MediaKind.VIDEO,
    "animated_gif": MediaKind.GIF,
}

#: X's language codes that say "no language": undetermined, or a post of media, hashtags,
#: mentions, cashtags or too short (``qme``, ``qht``, ``qam``, ``qct``, ``qst``…)
_NO_LANGUAGE = re.compile(r"und|zxx|q[a-z]{2}")
_OLD_CODES = {"in": "id", "iw": "he", "ji": "yi"}
_LANGUAGE = re.compile(r"([a-z]{2,3})(?:-([a-z]{2}|[0-9]{3}))?")

#: a tweet's id says when it was made to the millisecond, when it is no older than this
#: from its ``created_at`` (ids before late 2010 were not made that way)
_SNOWFLAKE_TRUST = timedelta(minutes=5)


def _problem(es: str, en: str) -> ConfigError:
    return ConfigError(es, en)


@frozen
class Link:
    """A ``t.co`` link of the text and what it stands for.

    :param url: the ``t.co`` link as written.
    :param expanded: the address it stands for, if X says.
    """

    url: str
    expanded: str | None


@frozen
class Tweet:
    """What govsm reads of one tweet, before it becomes a message.

    :param id: X's id of it.
    :param created: when it was posted.
    :param moment: the same to the millisecond when its id says (to match a long post's note).
    :param text: its text, escaped as X keeps it and as shown.
    :param counted: the part X counts as the author's (in the shown text), if X says.
    :param language: its language (BCP 47), when X detected one.
    :param links: the ``t.co`` links of the text.
    :param media: its attachments.
    :param media_link: the ``t.co`` link X appended for them, if any.
    :param kind: post, reply, quote or repost.
    :param reply_to: X's id of the post it answers.
    :param original_author: for a repost or a quote, the handle of the account it shares.
    :param quote_link: for a quote, the ``t.co`` link of the quoted post.
    """

    id: str
    created: datetime
    moment: datetime
    text: Unescaped
    counted: Span | None
    language: str | None
    links: tuple[Link, ...]
    media: tuple[Media, ...]
    media_link: str | None
    kind: MessageKind
    reply_to: str | None
    original_author: str | None
    quote_link: str | None

    @property
    def own(self) -> str:
        """The part of the shown text X counts as the author's (all of it when X does not say)."""
        if self.counted is None:
            return self.text.shown
        return self.text.shown[self.counted.start : self.counted.end]


@functools.lru_cache(maxsize=256)
def _language(code: str) -> str | None:
    code = code.strip().lower()
    if not code or _NO_LANGUAGE.fullmatch(code):
        return None
    found = _LANGUAGE.fullmatch(code)
    if found is None:
        return None
    language = _OLD_CODES.get(found.group(1), found.group(1))
    region = found.group(2)
    return f"{language}-{region.upper()}" if region else language


def language_of(code: Any) -> str | None:
    """X's ``lang`` as a BCP 47 tag, ``None`` for X's codes that name no language."""
    if not isinstance(code, str) or len(code) > 20:
        return None
    return _language(code)


def _clean(url: str) -> bool:
    """Whether an address can be kept: no spaces, controls or invisible characters."""
    return bool(url) and url.isprintable() and " " not in url


def _anchors(entities: Mapping[str, Any], media: list[Mapping[str, Any]]) -> list[Anchor]:
    found: list[Anchor] = []
    for url in (*items(entities, "urls"), *media):
        span, link = indices(url.get("indices")), text_field(url, "url")
        if span is not None and link is not None:
            found.append(Anchor(span[0], span[1], link))
    for mention in items(entities, "user_mentions"):
        span, name = indices(mention.get("indices")), text_field(mention, "screen_name")
        if span is not None and name is not None:
            found.append(Anchor(span[0], span[1], "@" + name))
    for tag in items(entities, "hashtags"):
        span, name = indices(tag.get("indices")), text_field(tag, "text")
        if span is not None and name is not None:
            found.append(Anchor(span[0], span[1], "#" + name))
    return found


def _media(records: list[Mapping[str, Any]]) -> tuple[tuple[Media, ...], str | None]:
    """The attachments, and the ``t.co`` link X appended for them."""
    media: list[Media] = []
    link: str | None = None
    seen: set[str] = set()
    for record in records:
        kind = _MEDIA_KINDS.get(str(record.get("type")))
        location = text_field(record, "media_url_https") or text_field(record, "media_url")
        if kind is None or location is None or not _clean(location) or location in seen:
            continue
        seen.add(location)
        alt = text_field(record, "ext_alt_text")
        media.append(Media(kind=kind, location=location, alt_text=alt))
        url = text_field(record, "url")
        if link is None and url is not None and _clean(url):
            link = url
    return tuple(media), link


def _trailing(text: str, candidates: set[str]) -> list[str]:
    """The links of ``candidates`` that end ``text``, last first."""
    found: list[str] = []
    if not candidates:
        return found
    end = len(text.rstrip())
    while True:
        head = text[:end]
        link = next((c for c in candidates if c not in found and head.endswith(c)), None)
        if link is None:
            return found
        found.append(link)
        end = len(head[: -len(link)].rstrip())


def read_tweet(data: Any) -> Tweet:
    """The tweet of one item of ``tweets.js``.

    :raises ConfigError: the item is not ``{"tweet": {…}}`` with an id, a ``created_at`` and a
        text (the reader names the item's place).
    """
    record = data.get("tweet") if isinstance(data, dict) else None
    if not isinstance(record, dict):
        raise _problem('no es un tuit ({"tweet": {…}})', 'is not a tweet ({"tweet": {…}})')
    identifier = text_field(record, "id_str") or text_field(record, "id")
    if identifier is None or not ID.fullmatch(identifier):
        raise _problem("el tuit no tiene «id_str»", "the tweet has no 'id_str'")
    created = created_at(record.get("created_at"))
    if created is None:
        raise _problem(
            f"el tuit {identifier} no tiene una fecha «created_at» legible",
            f"tweet {identifier} has no readable 'created_at' date",
        )
    escaped = record.get("full_text", record.get("text"))
    if not isinstance(escaped, str):
        raise _problem(
            f"el tuit {identifier} no tiene texto («full_text»)",
            f"tweet {identifier} has no text ('full_text')",
        )
    text = unescape(escaped)
    entities = mapping(record, "entities")
    media_records = items(mapping(record, "extended_entities"), "media") or items(entities, "media")
    frame = best_frame(text, _anchors(entities, media_records))
    counted = None
    shown_range = indices(record.get("display_text_range"))
    if shown_range is not None:
        start, end = (frame.place(text, index) for index in shown_range)
        if 0 <= start <= end <= len(text.shown):
            counted = Span(start, end)
    links = tuple(
        Link(url, expanded if expanded is not None and _clean(expanded) else None)
        for entity in items(entities, "urls")
        if (url := text_field(entity, "url")) is not None and _clean(url)
        for expanded in (text_field(entity, "expanded_url"),)
    )
    media, media_link = _media(media_records)
    kind, reply_to, original_author, quote_link = _kind(record, text.shown, links, media_link)
    moment = snowflake_time(identifier)
    if moment is None or abs(moment - created) > _SNOWFLAKE_TRUST:
        moment = created
    return Tweet(
        id=identifier,
        created=created,
        moment=moment,
        text=text,
        counted=counted,
        language=language_of(record.get("lang")),
        links=links,
        media=media,
        media_link=media_link,
        kind=kind,
        reply_to=reply_to,
        original_author=original_author,
        quote_link=quote_link,
    )


def _kind(
    record: Mapping[str, Any], shown: str, links: tuple[Link, ...], media_link: str | None
) -> tuple[MessageKind, str | None, str | None, str | None]:
    """The tweet's kind, the post it answers, the author it shares and the quote's link."""
    reply_to = text_field(record, "in_reply_to_status_id_str")
    if reply_to is not None and not ID.fullmatch(reply_to):
        reply_to = None
    repost = REPOST.match(shown)
    if repost is not None:
        return MessageKind.REPOST, reply_to, "@" + repost.group(1), None
    statuses = [
        (link, found)
        for link in links
        if link.expanded is not None and (found := STATUS.match(link.expanded)) is not None
    ]
    candidates = {link.url for link, _ in statuses} | ({media_link} if media_link else set())
    trailing = _trailing(shown, candidates)
    quoted_id = text_field(record, "quoted_status_id_str")
    says_quote = record.get("is_quote_status") in (True, "true") or quoted_id is not None
    quote = next(((link, found) for link, found in statuses if link.url in trailing), None)
    if quote is None and says_quote:
        quote = next(
            (item for item in statuses if quoted_id is None or item[1].group(2) == quoted_id),
            None,
        )
    author = "@" + quote[1].group(1) if quote is not None else None
    quote_link = quote[0].url if quote is not None and quote[0].url in trailing else None
    if reply_to is not None:
        return MessageKind.REPLY, reply_to, author, quote_link
    if quote is not None or says_quote:
        return MessageKind.QUOTE, None, author, quote_link
    return MessageKind.POST, None, None, None


def tweet_message(
    tweet: Tweet,
    *,
    organisation: str,
    profile: str,
    username: str | None,
    note: Note | None = None,
) -> Message:
    """The govsm message of ``tweet`` (with the whole text of its long post's ``note``).

    :raises govsm.errors.ModelError: a value does not fit the model (a text with NUL in it).
    """
    text = tweet.text.shown
    counted = tweet.counted
    links = [link.expanded or link.url for link in tweet.links]
    trailing = _trailing(text, {link for link in (tweet.media_link, tweet.quote_link) if link})
    if note is not None:
        lead = _lead(tweet)
        text = lead + note.text
        links += note.links
        trailing = _trailing(text, set(trailing))
        end = len(text.rstrip())
        for link in trailing:
            end = len(text[: end - len(link)].rstrip())
        counted = Span(len(lead), max(len(lead), end))
    return Message(
        organisation=organisation,
        id=f"x-{tweet.id}",
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=tweet.kind,
        state=MessageState.PUBLISHED,
        text=text,
        created_at=tweet.created,
        published_at=tweet.created,
        language=tweet.language,
        media=tweet.media,
        links=tuple(dict.fromkeys(link for link in links if _clean(link))),
        remote_id=tweet.id,
        url=f"https://x.com/{username}/status/{tweet.id}" if username else None,
        reply_to_remote=tweet.reply_to,
        counted_range=counted,
        appended_links=tuple(reversed(trailing)),
        original_author=tweet.original_author,
    )


def _lead(tweet: Tweet) -> str:
    """What comes before a long post's text: a reply's leading mentions, as the tweet has them."""
    if tweet.counted is not None:
        return tweet.text.shown[: tweet.counted.start]
    if tweet.kind is MessageKind.REPLY:
        found = _LEADING_MENTIONS.match(tweet.text.shown)
        return found.group() if found else ""
    return ""
