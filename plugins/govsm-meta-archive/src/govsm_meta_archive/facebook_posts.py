r"""One item of a Facebook export's posts or comments as a govsm message.

A post (``your_posts_<n>.json``, ``your_posts__check_ins__photos_and_videos_<n>.json``,
``profile_posts_<n>.json``) is an object::

    {"timestamp": 1714640000,
     "data": [{"post": "…the author's words…"}, {"update_timestamp": 1714650000}],
     "attachments": [{"data": [{"media": {"uri": "…/1234.jpg", "creation_timestamp": …,
                                          "title": "…", "description": "…"}},
                               {"external_context": {"url": "https://…"}}]}],
     "title": "Ajuntament de Soldeneu ha compartit un enllaç."}

What govsm makes of it:

* **text**: the ``post`` of ``data`` (the author's words, as written; several are set apart by a
  blank line). A post without words whose one photo has a description — the caption of a
  photo uploaded alone, which Facebook shows as the post's text — takes that description;
* **title**: ``title``, the line Facebook writes above the post (in the language of the
  account's settings: *…ha compartit un enllaç*, *…updated their status*);
* **media**: each ``media`` of ``attachments`` (:mod:`govsm_meta_archive.media`); **links**:
  each ``external_context.url``;
* **kind** ``post``, outbound, published at ``timestamp``; the export gives no address and no
  id (:mod:`govsm_meta_archive.message_ids`). A shared post is a post: the export keeps the
  words the page added, not the shared post, and says it was a share only in ``title``, in
  the account's language.

A comment the profile wrote (``comments.json``) is ``{"timestamp": …, "data": [{"comment":
{"timestamp": …, "comment": "…", "author": "…"}}], "title": "…"}``: a **reply**. The export
does not say which post it answers (only ``title`` describes it, *…replied to …'s comment*):
its ``reply_to`` and ``reply_to_remote`` stay unset (a published reply may leave them so).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from govsm.errors import ConfigError
from govsm.model import Direction, Media, Message, MessageKind, MessageState
from govsm_meta_archive.fields import mapping, moment, objects, shown_text, text, web_address
from govsm_meta_archive.media import SizeOf, media_of
from govsm_meta_archive.message_ids import post_id

#: the scheme of a Facebook medium's location in the archive
SCHEME = "facebook-archive:"


def _refused(es: str, en: str) -> ConfigError:
    return ConfigError(es, en)


def _attached(record: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The items of a record's ``attachments`` (each attachment's ``data``)."""
    return [
        item
        for attachment in objects(record, "attachments")
        for item in objects(attachment, "data")
    ]


def _links(items: list[Mapping[str, Any]]) -> tuple[str, ...]:
    found = (web_address(text(mapping(item, "external_context"), "url")) for item in items)
    return tuple(dict.fromkeys(link for link in found if link is not None))


def _published(*values: Any) -> datetime:
    for value in values:
        found = moment(value)
        if found is not None:
            return found
    raise _refused(
        "no tiene una fecha «timestamp» legible (segundos Unix entre 2004 y 2100)",
        "it has no readable 'timestamp' (Unix seconds between 2004 and 2100)",
    )


def _words(entries: list[Mapping[str, Any]], key: str) -> str:
    return "\n\n".join(words for entry in entries if (words := text(entry, key)))


def _media(
    items: list[Mapping[str, Any]], size_of: SizeOf
) -> tuple[list[Mapping[str, Any]], tuple[Media, ...]]:
    records = [found for item in items if (found := mapping(item, "media"))]
    return records, media_of(records, SCHEME, size_of)


def post_message(data: Any, *, organisation: str, profile: str, size_of: SizeOf) -> Message:
    """The govsm message of one post of a Facebook export.

    :param data: the post, parsed, with Meta's escaping undone.
    :param organisation: the organisation's id.
    :param profile: the profile the export is of.
    :param size_of: the size of a file of the export by its path.
    :raises govsm.errors.GovsmError: it is not a post (an object with a ``timestamp``), or has a
        value the model refuses (the reader names the item's place).
    """
    if not isinstance(data, dict):
        raise _refused("no es una publicación (un objeto JSON)", "is not a post (a JSON object)")
    published = _published(data.get("timestamp"))
    items = _attached(data)
    records, media = _media(items, size_of)
    body = _words(objects(data, "data"), "post")
    if not body and len(records) == 1:
        body = text(records[0], "description") or ""
    links = _links(items)
    return Message(
        organisation=organisation,
        id=post_id(
            "facebook",
            "post",
            published,
            [m.location.removeprefix(SCHEME) for m in media] + list(links),
            body,
        ),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.POST,
        state=MessageState.PUBLISHED,
        text=body,
        title=shown_text(text(data, "title")),
        created_at=published,
        published_at=published,
        media=media,
        links=links,
    )


def comment_message(data: Any, *, organisation: str, profile: str, size_of: SizeOf) -> Message:
    """The govsm message of one comment the profile wrote (a reply whose post is not known).

    :param data: the comment's record, parsed, with Meta's escaping undone.
    :param organisation: the organisation's id.
    :param profile: the profile the export is of.
    :param size_of: the size of a file of the export by its path.
    :raises govsm.errors.GovsmError: it is not a comment, or has a value the model refuses.
    """
    if not isinstance(data, dict):
        raise _refused("no es un comentario (un objeto JSON)", "is not a comment (a JSON object)")
    comments = [found for entry in objects(data, "data") if (found := mapping(entry, "comment"))]
    first = comments[0] if comments else {}
    published = _published(first.get("timestamp"), data.get("timestamp"))
    items = _attached(data)
    _, media = _media(items, size_of)
    links = _links(items)
    body = _words(comments, "comment")
    return Message(
        organisation=organisation,
        id=post_id(
            "facebook",
            "comment",
            published,
            [m.location.removeprefix(SCHEME) for m in media] + list(links),
            body,
        ),
        profile=profile,
        direction=Direction.OUTBOUND,
        kind=MessageKind.REPLY,
        state=MessageState.PUBLISHED,
        text=body,
        title=shown_text(text(data, "title")),
        created_at=published,
        published_at=published,
        media=media,
        links=links,
    )
